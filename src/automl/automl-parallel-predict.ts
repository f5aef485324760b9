/**
 * AutoML ensembles predicted on every core: each tree fold model of each member goes through the
 * parallel predictor (worker threads over row ranges, outputs equal the main thread's bit for bit),
 * linear folds stay on the main thread; members combine as predictAutoML combines them.
 */
import type { Dataset } from '../data/frame.js';
import { predictLinear } from '../inference/linear-model.js';
import { predictDatasetParallel, type ParallelPredictOptions } from '../predict/parallel-predict.js';
import { combineMembers, meanOfFolds, type AutoMLModel } from './automl-model.js';

/** predictAutoML's output, with tree models on up to opts.nthread threads (0: all cores). */
export async function predictAutoMLParallel(model: AutoMLModel, data: Dataset, opts: ParallelPredictOptions = {}): Promise<Float64Array> {
  const outputs: Float64Array[] = [];
  for (const m of model.members) {
    const folds: Float64Array[] = [];
    for (const fold of m.folds) folds.push(fold.learner === 'linear' ? predictLinear(fold, data) : (await predictDatasetParallel(fold, data, opts)).output);
    outputs.push(meanOfFolds(folds));
  }
  return combineMembers(model, outputs);
}
