/** What every estimator shares, whatever its learner: the fitted model, data from JS values, prediction, importance, save / load checks. */
import { applySchema } from '../data/apply-schema.js';
import type { Dataset, Task } from '../data/frame.js';
import { inferSchema } from '../data/schema.js';
import { ThicketError } from '../errors.js';
import { featureImportance, type FeatureImportance } from '../model/feature-importance.js';
import { saveModel } from '../model/model-file.js';
import type { Model } from '../model/model.js';
import { validateParams, type Learner, type ParamMap } from '../params.js';
import { permutationImportance, type PermutationImportance, type PermutationOptions } from '../predict/permutation-importance.js';
import { predictDataset, type Prediction } from '../predict/predictor.js';
import { frameFromJs, withTarget, type Cell, type TableInput } from '../data/frame-from-js.js';

export interface FitOptions {
  /** Name of the target in the model schema (default 'target'); must not be a column of X. */
  target?: string;
  /** Columns of X treated as categorical even when they hold numbers. */
  categorical?: string[];
  /** Validation data: early stopping (GBDT early_stopping_rounds) and training metrics. */
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

const CLASS_NAMES: Record<Learner, [classifier: string, regressor: string]> = {
  gbdt: ['GBDTClassifier', 'GBDTRegressor'],
  rf: ['RandomForestClassifier', 'RandomForestRegressor'],
  extratrees: ['ExtraTreesClassifier', 'ExtraTreesRegressor'],
};

export abstract class ModelEstimator<M extends Model> {
  /** Validated user parameters (the learner's names). */
  readonly params: ParamMap;
  protected fitted?: M;
  protected abstract readonly classification: boolean;

  constructor(readonly learner: Learner, params: ParamMap = {}) {
    this.params = validateParams(learner, params);
  }

  /** The trained model (throws before fit / load). */
  get model(): M {
    if (!this.fitted) throw new ThicketError(`${this.constructor.name}: call fit() or load() first`, 1);
    return this.fitted;
  }

  /** The task to train for, given the labels. */
  protected abstract taskFor(y: ArrayLike<Cell>): Task;

  /** Training (and validation) datasets from JS values, with the schema inferred from X and y. */
  protected datasets(X: TableInput, y: ArrayLike<Cell>, opts: FitOptions): { train: Dataset; valid?: Dataset } {
    const target = opts.target ?? 'target';
    const onWarning = opts.onWarning ?? noop;
    const frame = withTarget(frameFromJs(X, { source: 'X', categorical: opts.categorical }), target, y, this.classification);
    const schema = inferSchema(frame, target, { task: this.taskFor(y), categorical: opts.categorical });
    const train = applySchema(frame, schema, { requireTarget: true, onWarning });
    let valid: Dataset | undefined;
    if (opts.valid) {
      const vf = withTarget(frameFromJs(opts.valid.X, { source: 'valid.X', categorical: opts.categorical }), target, opts.valid.y, this.classification);
      valid = applySchema(vf, schema, { requireTarget: true, onWarning });
    }
    return { train, valid };
  }

  /** X (and optionally y) as a dataset with the model's schema. */
  protected dataFor(X: TableInput, y: ArrayLike<Cell> | undefined, opts: PredictOptions): Dataset {
    const model = this.model;
    // A categorical feature given as numbers is matched by the numbers' text (applySchema converts).
    let frame = frameFromJs(X, { source: 'X' });
    if (y !== undefined) frame = withTarget(frame, model.schema.target.name, y, this.classification);
    return applySchema(frame, model.schema, { requireTarget: y !== undefined, onWarning: opts.onWarning ?? noop });
  }

  /** Raw prediction of X with the trained model (summed tree outputs and transformed outputs). */
  predictRaw(X: TableInput, opts: PredictOptions = {}): Prediction {
    return predictDataset(this.model, this.dataFor(X, undefined, opts));
  }

  /** Split-based importance (total gain, gain share, split count) per feature, in schema order. */
  featureImportance(): FeatureImportance[] {
    return featureImportance(this.model);
  }

  /** Permutation importance on labelled data X, y (default metric: auc / accuracy / r2). */
  permutationImportance(X: TableInput, y: ArrayLike<Cell>, opts: PermutationOptions & PredictOptions = {}): PermutationImportance {
    return permutationImportance(this.model, this.dataFor(X, y, opts), opts);
  }

  /** Writes the model file (see README, "Model file"). */
  save(path: string): void {
    saveModel(this.model, path);
  }

  /** Adopts a loaded model after checking its learner and task suit this estimator. */
  adopt(model: Model, source: string): this {
    const task = model.schema.target.task;
    const classification = task !== 'regression';
    if (model.learner !== this.learner || this.classification !== classification) {
      const kind = model.learner === 'gbdt' ? `${task} model` : `${task} ${model.learner} model`;
      throw new ThicketError(`model ${source}: is a ${kind}; use ${CLASS_NAMES[model.learner][classification ? 0 : 1]}`, 1);
    }
    this.fitted = model as M;
    return this;
  }
}
