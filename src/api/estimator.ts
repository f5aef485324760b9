/** What the GBDT classifier and regressor share: parameters, fitting from JS data, prediction, save / load. */
import { applySchema } from '../data/apply-schema.js';
import type { Dataset, Task } from '../data/frame.js';
import { inferSchema } from '../data/schema.js';
import { trainGBDT } from '../boosting/train.js';
import { ThicketError } from '../errors.js';
import { saveModel } from '../model/model-file.js';
import type { GBDTModel } from '../model/model.js';
import { validateParams, type ParamMap } from '../params.js';
import { predictDataset, type Prediction } from '../predict/predictor.js';
import { frameFromJs, withTarget, type Cell, type TableInput } from './frame-from-js.js';

export interface FitOptions {
  /** Name of the target in the model schema (default 'target'); must not be a column of X. */
  target?: string;
  /** Columns of X treated as categorical even when they hold numbers. */
  categorical?: string[];
  /** Validation data: early stopping (early_stopping_rounds) and training metrics. */
  valid?: { X: TableInput; y: ArrayLike<Cell> };
  /** Training progress lines (default: none). */
  log?: (line: string) => void;
  /** Data warnings such as unseen categorical levels in `valid` (default: none). */
  onWarning?: (message: string) => void;
}

export interface PredictOptions {
  /** Data warnings such as unseen categorical levels (default: none). */
  onWarning?: (message: string) => void;
}

const noop = (): void => {};

export abstract class GBDTEstimator {
  /** Validated user parameters (XGBoost names). */
  readonly params: ParamMap;
  protected fitted?: GBDTModel;

  constructor(params: ParamMap = {}) {
    this.params = validateParams('gbdt', params);
  }

  /** The trained model (throws before fit / load). */
  get model(): GBDTModel {
    if (!this.fitted) throw new ThicketError(`${this.constructor.name}: call fit() or load() first`, 1);
    return this.fitted;
  }

  /** The task to train for, given the labels. */
  protected abstract taskFor(y: ArrayLike<Cell>): Task;
  protected abstract readonly classification: boolean;

  /** Trains on X and y; returns this. */
  fit(X: TableInput, y: ArrayLike<Cell>, opts: FitOptions = {}): this {
    const target = opts.target ?? 'target';
    const onWarning = opts.onWarning ?? noop;
    const frame = withTarget(frameFromJs(X, { source: 'X', categorical: opts.categorical }), target, y, this.classification);
    const schema = inferSchema(frame, target, { task: this.taskFor(y) });
    const train = applySchema(frame, schema, { requireTarget: true, onWarning });
    let valid: Dataset | undefined;
    if (opts.valid) {
      const vf = withTarget(frameFromJs(opts.valid.X, { source: 'valid.X', categorical: opts.categorical }), target, opts.valid.y, this.classification);
      valid = applySchema(vf, schema, { requireTarget: true, onWarning });
    }
    this.fitted = trainGBDT(this.params, train, { valid, log: opts.log });
    return this;
  }

  /** Raw prediction of X with the trained model (margins and transformed outputs). */
  predictRaw(X: TableInput, opts: PredictOptions = {}): Prediction {
    const model = this.model;
    // A categorical feature given as numbers is matched by the numbers' text (applySchema converts).
    const frame = frameFromJs(X, { source: 'X' });
    const data = applySchema(frame, model.schema, { requireTarget: false, onWarning: opts.onWarning ?? noop });
    return predictDataset(model, data);
  }

  /** Writes the model file (see README, "Model file"). */
  save(path: string): void {
    saveModel(this.model, path);
  }

  /** Adopts a loaded model after checking its task suits this estimator. */
  adopt(model: GBDTModel, source: string): this {
    const task = model.schema.target.task;
    if (this.classification !== (task !== 'regression')) {
      throw new ThicketError(`model ${source}: is a ${task} model; use ${task === 'regression' ? 'GBDTRegressor' : 'GBDTClassifier'}`, 1);
    }
    this.fitted = model;
    return this;
  }
}
