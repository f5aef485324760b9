/**
 * A spilled training CSV (csv-spill.ts) binned straight into kernel memory on several threads
 * (src/binning/spill-binning.ts): the same TrainingData prepareTraining gives for the file.
 */
import type { SpilledCsv } from '../data/csv-spill.js';
import { binnedTraining, checkTrainingFits, trainingShape, type TrainingData } from './training-data.js';
import type { Engine } from '../wasm/load.js';
import { binSpilledFile } from '../binning/spill-binning.js';

/** The training data prepareTraining would give for the same file; `threads` bin it (the model does not depend on them). */
export function prepareSpilled(engine: Engine, data: SpilledCsv, maxBin: number, seed: number, threads = 1): TrainingData {
  checkTrainingFits(data.nRows, trainingShape(data.schema, false));
  const { fbins, bins, binsRM } = binSpilledFile(engine, data, maxBin, seed, threads);
  return binnedTraining(engine, data.schema, fbins, bins, data.nRows, data.target, undefined, binsRM);
}
