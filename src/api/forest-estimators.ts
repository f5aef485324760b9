/**
 * RandomForestClassifier / RandomForestRegressor and ExtraTreesClassifier / ExtraTreesRegressor:
 * the GBDT estimators' shape with scikit-learn parameter names. fit() is asynchronous, since
 * trees grow on worker threads (nthread; default all cores).
 */
import type { Task } from '../data/frame.js';
import { trainForest } from '../forest/forest-trainer.js';
import type { ForestLearner } from '../forest/forest-params.js';
import type { OobPrediction } from '../forest/oob.js';
import { evaluateTask } from '../metric/metrics.js';
import { loadModel } from '../model/model-file.js';
import type { ForestModel } from '../model/model.js';
import type { ExtraTreesParams, ParamMap, RandomForestParams } from '../params.js';
import { predictDataset } from '../predict/predictor.js';
import { classificationTask, predictedLabels, probabilityRows } from './class-outputs.js';
import type { Cell, TableInput } from '../data/frame-from-js.js';
import { ModelEstimator, type FitOptions, type PredictOptions } from './model-estimator.js';

export abstract class ForestEstimator extends ModelEstimator<ForestModel> {
  private oob: OobPrediction | null = null;

  constructor(learner: ForestLearner, params: ParamMap = {}) {
    super(learner, params);
  }

  /** Trains on X and y (on all cores unless nthread says otherwise); resolves to this. */
  async fit(X: TableInput, y: ArrayLike<Cell>, opts: FitOptions = {}): Promise<this> {
    const { train, valid } = this.datasets(X, y, opts);
    const result = await trainForest(this.learner as ForestLearner, this.params, train, { log: opts.log });
    if (valid) result.model.training.metrics = evaluateTask(train.schema.target.task, valid.target!, predictDataset(result.model, valid));
    this.fitted = result.model;
    this.oob = result.oob;
    return this;
  }

  /** Out-of-bag score (auc / accuracy / r2) recorded at training; undefined without out-of-bag rows. */
  get oobScore(): number | undefined {
    return this.model.training.oobScore;
  }

  /** Out-of-bag predictions of the training rows (after fit in this process only; null without bootstrap or max_samples). */
  get oobPrediction(): OobPrediction | null {
    return this.oob;
  }
}

abstract class ForestClassifier extends ForestEstimator {
  protected readonly classification = true;

  protected taskFor(y: ArrayLike<Cell>): Task {
    return classificationTask(y);
  }

  /** Class labels as text, in the order of predictProba's columns. */
  get classes(): string[] {
    return [...this.model.schema.target.classes!];
  }

  /** The most probable class label (as text) of each row. */
  predict(X: TableInput, opts?: PredictOptions): string[] {
    return predictedLabels(this.model, this.predictRaw(X, opts));
  }

  /** Class probabilities (the trees' averaged class frequencies): one array per row, columns in `classes` order. */
  predictProba(X: TableInput, opts?: PredictOptions): number[][] {
    return probabilityRows(this.model, this.predictRaw(X, opts));
  }
}

abstract class ForestRegressor extends ForestEstimator {
  protected readonly classification = false;

  protected taskFor(): Task {
    return 'regression';
  }

  /** Predicted value of each row (the trees' averaged leaf means; Float64Array, length rows). */
  predict(X: TableInput, opts?: PredictOptions): Float64Array {
    return this.predictRaw(X, opts).output;
  }
}

/** Random forest classifier: bootstrap samples, best split among max_features (default sqrt) features per node. */
export class RandomForestClassifier extends ForestClassifier {
  constructor(params: RandomForestParams = {}) {
    super('rf', params as ParamMap);
  }
  static load(path: string): RandomForestClassifier {
    return new RandomForestClassifier().adopt(loadModel(path), path);
  }
  static fromModel(model: ForestModel): RandomForestClassifier {
    return new RandomForestClassifier().adopt(model, 'in memory');
  }
}

/** Random forest regressor: bootstrap samples, best split among max_features (default all) features per node. */
export class RandomForestRegressor extends ForestRegressor {
  constructor(params: RandomForestParams = {}) {
    super('rf', params as ParamMap);
  }
  static load(path: string): RandomForestRegressor {
    return new RandomForestRegressor().adopt(loadModel(path), path);
  }
  static fromModel(model: ForestModel): RandomForestRegressor {
    return new RandomForestRegressor().adopt(model, 'in memory');
  }
}

/** Extra-trees classifier: all rows (no bootstrap by default), one random threshold per tried feature. */
export class ExtraTreesClassifier extends ForestClassifier {
  constructor(params: ExtraTreesParams = {}) {
    super('extratrees', params as ParamMap);
  }
  static load(path: string): ExtraTreesClassifier {
    return new ExtraTreesClassifier().adopt(loadModel(path), path);
  }
  static fromModel(model: ForestModel): ExtraTreesClassifier {
    return new ExtraTreesClassifier().adopt(model, 'in memory');
  }
}

/** Extra-trees regressor: all rows (no bootstrap by default), one random threshold per tried feature. */
export class ExtraTreesRegressor extends ForestRegressor {
  constructor(params: ExtraTreesParams = {}) {
    super('extratrees', params as ParamMap);
  }
  static load(path: string): ExtraTreesRegressor {
    return new ExtraTreesRegressor().adopt(loadModel(path), path);
  }
  static fromModel(model: ForestModel): ExtraTreesRegressor {
    return new ExtraTreesRegressor().adopt(model, 'in memory');
  }
}
