/**
 * The linear learner's fit: ridge regression or L2 logistic / softmax regression on the design
 * matrix of design-matrix.ts (its prediction is inference/linear-model.ts).
 *
 * Why plain TypeScript and no WASM kernel: one fit is a single O(n p² + p³) Cholesky (ridge) or
 * a few dozen O(n p nGroups) passes (L-BFGS) over a dense Float64 matrix with no branching on data;
 * V8's JIT runs such loops within a small factor of WASM, the learner is the cheap one in the
 * portfolio, and it needs none of the binned data or histogram machinery in wasm memory.
 */
import type { Dataset } from '../data/frame.js';
import { inputError } from '../errors.js';
import { applyDesign } from '../inference/linear-design.js';
import type { LinearModel, LinearParams } from '../inference/linear-model.js';
import { fitDesign } from './design-matrix.js';
import type { LbfgsOptions } from './lbfgs.js';
import { fitLogistic } from './logistic.js';
import { fitRidge } from './ridge.js';

export interface LinearTrainOptions {
  /** L-BFGS limits for the logistic fits. */
  lbfgs?: LbfgsOptions;
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
  const nClasses = classCount(ds, y);
  const fit = fitLogistic(X, ds.nRows, p, y, nClasses, params.l2, ds.weight, opts.lbfgs);
  const model: LinearModel = {
    learner: 'linear', design, task, nClasses,
    coef: Array.from(fit.coef), intercept: Array.from(fit.intercept), params: { l2: params.l2 },
  };
  for (const v of model.coef) if (!Number.isFinite(v)) throw inputError('linear model', 'training diverged (non-finite coefficient)');
  return model;
}
