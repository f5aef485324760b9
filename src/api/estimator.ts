/** What the GBDT classifier and regressor share: XGBoost-named parameters and synchronous fitting from JS data. */
import { trainGBDT } from '../boosting/train.js';
import type { GBDTModel } from '../model/model.js';
import type { GBDTParams, ParamMap } from '../params.js';
import type { Cell, TableInput } from '../data/frame-from-js.js';
import { ModelEstimator, type FitOptions } from './model-estimator.js';

export type { FitOptions, PredictOptions } from './model-estimator.js';

export abstract class GBDTEstimator extends ModelEstimator<GBDTModel> {
  constructor(params: GBDTParams = {}) {
    super('gbdt', params as ParamMap);
  }

  /** Trains on X and y; returns this. */
  fit(X: TableInput, y: ArrayLike<Cell>, opts: FitOptions = {}): this {
    const { train, valid } = this.datasets(X, y, opts);
    this.fitted = trainGBDT(this.params, train, { valid, log: opts.log });
    return this;
  }
}
