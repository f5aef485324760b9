/**
 * A fitted linear model (ridge, or L2 logistic / softmax regression on a design matrix) and its
 * prediction in the GBDT predictor's output convention. Trained by linear/linear-model.ts.
 */
import type { Dataset, Task } from '../data/frame.js';
import { applyDesign, type DesignSpec } from './linear-design.js';

export interface LinearParams {
  /**
   * L2 penalty λ on the coefficients (not the intercept), in sum form: the fit minimises
   * Σ w_i loss_i + ½ λ ‖β‖² with loss ½(y - ŷ)² (ridge) or the log loss (logistic); so for
   * logistic λ = 1 / C of scikit-learn, for ridge λ = alpha. Coefficients live on standardised
   * / one-hot columns, so one λ means the same shrinkage for every numeric feature.
   */
  l2: number;
}

export interface LinearModel {
  learner: 'linear';
  design: DesignSpec;
  task: Task;
  /** Classification only: number of classes (outputs of the predictor). */
  nClasses?: number;
  /** nOut x design.nCols row-major; nOut = 1 for regression and binary (class 1 logit), else nClasses. */
  coef: number[];
  /** Length nOut. */
  intercept: number[];
  params: LinearParams;
}

/** Outputs of the linear map (before the link) for a task. */
export function linearOutputs(task: Task, nClasses: number | undefined): number {
  return task === 'multiclass' ? nClasses! : 1;
}

/**
 * Predictions for every row of `ds`: Float64Array, regression -> nRows values; binary ->
 * nRows x 2 probabilities; multiclass -> nRows x nClasses probabilities (row-major).
 */
export function predictLinear(model: LinearModel, ds: Dataset): Float64Array {
  const X = applyDesign(model.design, ds);
  const n = ds.nRows;
  const p = model.design.nCols;
  const nGroups = linearOutputs(model.task, model.nClasses);
  const z = new Float64Array(n * nGroups);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < nGroups; k++) {
      let s = model.intercept[k]!;
      const c = k * p;
      for (let j = 0; j < p; j++) s += X[i * p + j]! * model.coef[c + j]!;
      z[i * nGroups + k] = s;
    }
  }
  if (model.task === 'regression') return z;
  if (model.task === 'binary') {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const p1 = 1 / (1 + Math.exp(-z[i]!));
      out[2 * i] = 1 - p1;
      out[2 * i + 1] = p1;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let k = 0; k < nGroups; k++) mx = Math.max(mx, z[i * nGroups + k]!);
    let se = 0;
    for (let k = 0; k < nGroups; k++) { const e = Math.exp(z[i * nGroups + k]! - mx); z[i * nGroups + k] = e; se += e; }
    for (let k = 0; k < nGroups; k++) z[i * nGroups + k] /= se;
  }
  return z;
}
