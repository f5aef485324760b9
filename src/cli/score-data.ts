/** Scoring for `predict` and `evaluate`: single models on worker threads when the job is big enough (--nthread), ensembles as their scorer does. */
import type { Dataset } from '../data/frame.js';
import { usageError } from '../errors.js';
import type { Model } from '../model/model.js';
import { predictDatasetParallel } from '../predict/parallel-predict.js';
import type { Prediction } from '../predict/predictor.js';
import type { Scorer } from '../predict/scorer.js';

/** --nthread: threads for prediction, 0 (the default) for all cores. */
export function nthreadFlag(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`--nthread must be a non-negative integer (0: all cores), got '${value}'`);
  return n;
}

/** The scorer's prediction of `data`; a single model (thicket or imported XGBoost) predicts on up to `nthread` threads. */
export async function scoreData(scorer: Scorer, data: Dataset, nthread: number): Promise<Prediction> {
  if (scorer.kind === 'single') return predictDatasetParallel(scorer.model as Model, data, { nthread });
  return scorer.predict(data);
}
