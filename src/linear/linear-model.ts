/**
 * The linear learner: ridge regression or L2 logistic / softmax regression on the design
 * matrix of design-matrix.ts, and its prediction in the GBDT predictor's output convention.
 *
 * Why plain TypeScript and no WASM kernel: one fit is a single O(n p² + p³) Cholesky (ridge) or
 * a few dozen O(n p K) passes (L-BFGS) over a dense Float64 matrix with no branching on data;
 * V8's JIT runs such loops within a small factor of WASM, the learner is the cheap one in the
 * portfolio, and it needs none of the binned data or histogram machinery in wasm memory.
 */
import type { Dataset, Task } from '../data/frame.js';
import { inputError } from '../errors.js';
import { applyDesign, fitDesign, type DesignSpec } from './design-matrix.js';
import type { LbfgsOptions } from './lbfgs.js';
import { fitLogistic } from './logistic.js';
import { fitRidge } from './ridge.js';

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

export interface LinearTrainOptions {
  /** L-BFGS limits for the logistic fits. */
  lbfgs?: LbfgsOptions;
}

/** Outputs of the linear map (before the link) for a task. */
export function linearOutputs(task: Task, nClasses: number | undefined): number {
  return task === 'multiclass' ? nClasses! : 1;
}

/** Class count from the schema, else from the largest label; every label checked. */
function classCount(ds: Dataset, y: Float64Array): number {
  const binary = ds.schema.target.task === 'binary';
  const fromSchema = ds.schema.target.classes?.length ?? (binary ? 2 : undefined);
  let maxLabel = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || (fromSchema !== undefined && v >= fromSchema)) {
      throw inputError(`row ${i + 1}`, `target ${v} is not a class index${fromSchema ? ` in [0, ${fromSchema})` : ''}`);
    }
    maxLabel = Math.max(maxLabel, v);
  }
  const k = fromSchema ?? maxLabel + 1;
  if (binary && k !== 2) throw inputError('target', `binary task needs 2 classes, found ${k}`);
  return Math.max(k, 2);
}

/** Trains the linear learner on every row of `ds` (which must carry a target). */
export function trainLinear(ds: Dataset, params: LinearParams, opts: LinearTrainOptions = {}): LinearModel {
  if (!(params.l2 >= 0) || !Number.isFinite(params.l2)) throw inputError('linear params', `l2 must be a finite number >= 0 (got ${params.l2})`);
  const y = ds.target;
  if (!y) throw inputError('linear model', 'training data has no target');
  if (ds.nRows === 0) throw inputError('linear model', 'training data has no rows');
  const task = ds.schema.target.task;
  const design = fitDesign(ds);
  const X = applyDesign(design, ds);
  const p = design.nCols;
  if (task === 'regression') {
    for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) throw inputError(`row ${i + 1}`, `target ${y[i]} is not a finite number`);
    const fit = fitRidge(X, ds.nRows, p, y, params.l2, ds.weight);
    return { learner: 'linear', design, task, coef: Array.from(fit.coef), intercept: [fit.intercept], params: { l2: params.l2 } };
  }
  const K = classCount(ds, y);
  const fit = fitLogistic(X, ds.nRows, p, y, K, params.l2, ds.weight, opts.lbfgs);
  const model: LinearModel = {
    learner: 'linear', design, task, nClasses: K,
    coef: Array.from(fit.coef), intercept: Array.from(fit.intercept), params: { l2: params.l2 },
  };
  for (const v of model.coef) if (!Number.isFinite(v)) throw inputError('linear model', 'training diverged (non-finite coefficient)');
  return model;
}

/**
 * Predictions for every row of `ds`: Float64Array, regression -> nRows values; binary ->
 * nRows x 2 probabilities; multiclass -> nRows x nClasses probabilities (row-major).
 */
export function predictLinear(model: LinearModel, ds: Dataset): Float64Array {
  const X = applyDesign(model.design, ds);
  const n = ds.nRows;
  const p = model.design.nCols;
  const K = linearOutputs(model.task, model.nClasses);
  const z = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      let s = model.intercept[k]!;
      const c = k * p;
      for (let j = 0; j < p; j++) s += X[i * p + j]! * model.coef[c + j]!;
      z[i * K + k] = s;
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
    for (let k = 0; k < K; k++) mx = Math.max(mx, z[i * K + k]!);
    let se = 0;
    for (let k = 0; k < K; k++) { const e = Math.exp(z[i * K + k]! - mx); z[i * K + k] = e; se += e; }
    for (let k = 0; k < K; k++) z[i * K + k] /= se;
  }
  return z;
}

export { validateLinearModel } from './linear-validator.js';
