/** GBDTClassifier: gradient-boosted trees for binary and multiclass labels, with a scikit-learn-like API. */
import type { Task } from '../data/frame.js';
import { loadModel } from '../model/model-file.js';
import type { GBDTModel } from '../model/model.js';
import type { GBDTParams } from '../params.js';
import { classificationTask, predictedLabels, probabilityRows } from './class-outputs.js';
import { GBDTEstimator, type PredictOptions } from './estimator.js';
import type { Cell, TableInput } from '../data/frame-from-js.js';

export class GBDTClassifier extends GBDTEstimator {
  protected readonly classification = true;

  constructor(params: GBDTParams = {}) {
    super(params);
  }

  /** Two distinct labels: binary; more: multiclass. Labels are compared as text. */
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

  /** Class probabilities: one array per row, columns in `classes` order. */
  predictProba(X: TableInput, opts?: PredictOptions): number[][] {
    return probabilityRows(this.model, this.predictRaw(X, opts));
  }

  /** Reads a classification model file. */
  static load(path: string): GBDTClassifier {
    return new GBDTClassifier().adopt(loadModel(path), path);
  }

  /** Wraps an in-memory classification model (e.g. from trainGBDT). */
  static fromModel(model: GBDTModel): GBDTClassifier {
    return new GBDTClassifier().adopt(model, 'in memory');
  }
}
