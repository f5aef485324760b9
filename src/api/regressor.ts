/** GBDTRegressor: gradient-boosted trees for numeric targets, with a scikit-learn-like API. */
import type { Task } from '../data/frame.js';
import { loadModel } from '../model/model-file.js';
import type { GBDTModel } from '../model/model.js';
import type { GBDTParams } from '../params.js';
import { GBDTEstimator, type PredictOptions } from './estimator.js';
import type { TableInput } from '../data/frame-from-js.js';

export class GBDTRegressor extends GBDTEstimator {
  protected readonly classification = false;

  constructor(params: GBDTParams = {}) {
    super(params);
  }

  protected taskFor(): Task {
    return 'regression';
  }

  /** Predicted value of each row (Float64Array, length rows). */
  predict(X: TableInput, opts?: PredictOptions): Float64Array {
    return this.predictRaw(X, opts).output;
  }

  /** Reads a regression model file. */
  static load(path: string): GBDTRegressor {
    return new GBDTRegressor().adopt(loadModel(path), path);
  }

  /** Wraps an in-memory regression model (e.g. from trainGBDT). */
  static fromModel(model: GBDTModel): GBDTRegressor {
    return new GBDTRegressor().adopt(model, 'in memory');
  }
}
