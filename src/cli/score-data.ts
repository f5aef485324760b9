/** Scoring for `predict` and `evaluate`: single models on worker threads when the job is big enough (--nthread), ensembles as their scorer does. */
import type { Dataset } from '../data/frame.js';
import { usageError } from '../errors.js';
import type { Model } from '../model/model.js';
import { predictDatasetParallel } from '../predict/parallel-predict.js';
import type { Prediction } from '../predict/predictor.js';
import { predictionFromOutput, type Scorer } from '../api/scorer.js';
import type { AutoMLModel } from '../automl/automl-model.js';
import { predictAutoMLParallel } from '../automl/automl-parallel-predict.js';

/** --nthread: threads for prediction, 0 (the default) for all cores. */
export function nthreadFlag(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`--nthread must be a non-negative integer (0: all cores), got '${value}'`);
  return n;
}

/** The scorer's prediction of `data` on up to `nthread` threads (single models and AutoML ensembles). */
export async function scoreData(scorer: Scorer, data: Dataset, nthread: number): Promise<Prediction> {
  if (scorer.kind === 'single') return predictDatasetParallel(scorer.model as Model, data, { nthread });
  // AutoML: every tree fold model of the ensemble on up to nthread threads.
  const model = scorer.model as AutoMLModel;
  return predictionFromOutput(model.schema, await predictAutoMLParallel(model, data, { nthread }), data.nRows);
}
