/** Training data binned once into kernel memory: what every boosting run or trial reads. */
import type { Dataset, Schema } from '../data/frame.js';
import { inputError } from '../errors.js';
import { computeBins, binMatrix, featureInfo, type FeatureBins } from '../binning/bin-mapper.js';
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { MAX_KERNEL_BYTES, maxTrainingRows, ROW_MAJOR_SLACK, trainingRowBytes, type TrainingShape } from '../wasm/memory-budget.js';

export interface TrainingData {
  schema: Schema;
  nRows: number;
  nFeatures: number;
  /** Classes for classification, 1 for regression. */
  nClasses: number;
  fbins: FeatureBins[];
  /** u8 column-major and row-major (16 bytes of slack) bin codes; i32 feature info words. */
  bins: Ptr;
  binsRM: Ptr;
  info: Ptr;
  /** f32 x nRows labels (class index or value); f32 weights or 0. */
  label: Ptr;
  weight: Ptr;
  /** The same labels and weights on the JS side (base score, metrics). */
  target: Float64Array;
  weights?: Float64Array;
}

/**
 * Refuses training data that cannot fit the 4 GiB kernel memory, naming the rows that would:
 * checked before binning, which would otherwise run for minutes and then fail to grow the memory.
 */
export function checkTrainingFits(nRows: number, shape: TrainingShape): void {
  const err = tooManyRows(nRows, shape, false);
  if (err) throw err;
}

/** The error for `nRows` rows (`atLeast`: counted so far while reading) when they cannot fit, else null. */
export function tooManyRows(nRows: number, shape: TrainingShape, atLeast: boolean): Error | null {
  const most = maxTrainingRows(shape);
  if (nRows <= most) return null;
  const perRow = trainingRowBytes(shape);
  return inputError('training data',
    `${atLeast ? 'at least ' : ''}${nRows.toLocaleString('en-US')} rows x ${shape.nFeatures} features need ${perRow} bytes per row of WebAssembly memory ` +
    `(${((nRows * perRow) / 2 ** 30).toFixed(1)} GiB), beyond the ${MAX_KERNEL_BYTES / 2 ** 30} GiB wasm32 limit: ` +
    `at most ${most.toLocaleString('en-US')} rows of this width fit; train on a sample of that size or fewer features`);
}

/** The shape that sets a training set's per-row memory. */
export function trainingShape(schema: Schema, weighted: boolean): TrainingShape {
  const task = schema.target.task;
  return { nFeatures: schema.features.length, nGroups: task === 'multiclass' ? schema.target.classes!.length : 1, weighted };
}

/** Checks a training dataset, bins it with cuts from its rows and places it in kernel memory. */
export function prepareTraining(engine: Engine, train: Dataset, maxBin: number, seed: number,
  cuts?: ReadonlyMap<string, Float32Array>): TrainingData {
  const schema = train.schema;
  const n = train.nRows;
  const nF = schema.features.length;
  if (!train.target) throw inputError('training data', `target column ${schema.target.name} is missing`);
  if (nF === 0) throw inputError('training data', 'no feature columns besides the target');
  if (n === 0) throw inputError('training data', 'no rows');
  checkTrainingFits(n, trainingShape(schema, train.weight !== undefined));
  const fbins = computeBins(engine, train.features, n, schema, maxBin, seed, cuts);
  return binnedTraining(engine, schema, fbins, binMatrix(engine, train.features, n, fbins), n, train.target, train.weight);
}

/** Bins a checked training dataset with the given bins (a queue worker binning as the coordinator did) and places it in kernel memory. */
export function placeTraining(engine: Engine, train: Dataset, fbins: FeatureBins[]): TrainingData {
  const n = train.nRows;
  const nF = train.schema.features.length;
  if (!train.target) throw inputError('training data', `target column ${train.schema.target.name} is missing`);
  if (fbins.length !== nF) throw inputError('training data', `${fbins.length} feature bins for ${nF} features`);
  return binnedTraining(engine, train.schema, fbins, binMatrix(engine, train.features, n, fbins), n, train.target, train.weight);
}

/**
 * TrainingData around column-major bins already in kernel memory: adds the row-major copy (unless
 * given: the streaming path makes it block by block), feature info, labels and weights.
 */
export function binnedTraining(engine: Engine, schema: Schema, fbins: FeatureBins[], bins: Ptr, n: number,
  target: Float64Array, weights?: Float64Array, rowMajor?: Ptr): TrainingData {
  const { arena, kernels } = engine;
  const nF = schema.features.length;
  let binsRM = rowMajor;
  if (binsRM === undefined) {
    binsRM = arena.alloc(n * nF + ROW_MAJOR_SLACK);
    kernels.binsToRowMajor(bins, n, nF, binsRM);
  }
  return {
    schema, nRows: n, nFeatures: nF,
    nClasses: schema.target.task === 'regression' ? 1 : schema.target.classes!.length,
    fbins, bins, binsRM,
    info: arena.put(featureInfo(fbins)),
    label: arena.put(Float32Array.from(target)),
    weight: weights ? arena.put(Float32Array.from(weights)) : 0,
    target,
    weights,
  };
}
