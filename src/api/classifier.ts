/** GBDTClassifier: gradient-boosted trees for binary and multiclass labels, with a scikit-learn-like API. */
import type { Task } from '../data/frame.js';
import { loadModel } from '../model/model-file.js';
import type { GBDTModel } from '../model/model.js';
import type { ParamMap } from '../params.js';
import { GBDTEstimator, type PredictOptions } from './estimator.js';
import type { Cell, TableInput } from './frame-from-js.js';

export class GBDTClassifier extends GBDTEstimator {
  protected readonly classification = true;

  constructor(params: ParamMap = {}) {
    super(params);
  }

  /** Two distinct labels: binary; more: multiclass. Labels are compared as text. */
  protected taskFor(y: ArrayLike<Cell>): Task {
    const seen = new Set<string>();
    for (let i = 0; i < y.length && seen.size <= 2; i++) {
      const v = y[i];
      if (v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v))) seen.add(String(v));
    }
    return seen.size > 2 ? 'multiclass' : 'binary';
  }

  /** Class labels as text, in the order of predictProba's columns. */
  get classes(): string[] {
    return [...this.model.schema.target.classes!];
  }

  /** The most probable class label (as text) of each row. */
  predict(X: TableInput, opts?: PredictOptions): string[] {
    const pred = this.predictRaw(X, opts);
    const classes = this.model.schema.target.classes!;
    const k = classes.length;
    const out = new Array<string>(pred.nRows);
    for (let i = 0; i < pred.nRows; i++) {
      let best = 0;
      if (pred.labels) best = pred.labels[i]!;
      else for (let c = 1; c < k; c++) if (pred.output[i * k + c]! > pred.output[i * k + best]!) best = c;
      out[i] = classes[best]!;
    }
    return out;
  }

  /** Class probabilities: one array per row, columns in `classes` order. */
  predictProba(X: TableInput, opts?: PredictOptions): number[][] {
    const pred = this.predictRaw(X, opts);
    const k = this.model.schema.target.classes!.length;
    const out = new Array<number[]>(pred.nRows);
    for (let i = 0; i < pred.nRows; i++) out[i] = Array.from(pred.output.subarray(i * k, (i + 1) * k));
    return out;
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
