/** Entry point of gradient boosting: parameters and datasets in, a GBDT model out. */
import type { Dataset } from '../data/frame.js';
import type { ParamMap } from '../params.js';
import type { GBDTModel } from '../model/model.js';
import { boost } from './booster.js';

export interface TrainOptions {
  /** Validation set for early stopping and reported metrics. */
  valid?: Dataset;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Cut points per numeric feature name, replacing the computed ones (parity tests). */
  cuts?: ReadonlyMap<string, Float32Array>;
}

/** Trains a GBDT model. `params` are user parameters (validated here; XGBoost names). */
export function trainGBDT(params: ParamMap, train: Dataset, opts: TrainOptions = {}): GBDTModel {
  return boost(params, train, opts);
}
