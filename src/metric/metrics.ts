/** Evaluation metrics on plain arrays, and the per-task metric sets the CLI reports. */
import type { Task } from '../data/frame.js';

const EPS = 1e-15;

/** Area under the ROC curve; ties share rank (Mann-Whitney). y: 0/1, p: score for class 1. */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => p[a] - p[b]);
  let nPos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && p[idx[j + 1]] === p[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]] === 1) { nPos++; rankSum += avgRank; }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Binary log loss; p = P(class 1), clipped away from 0 and 1. */
export function logloss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], EPS), 1 - EPS);
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

/** Multiclass log loss; probs row-major nRows x k, y class indices. */
export function mlogloss(y: ArrayLike<number>, probs: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.min(Math.max(probs[i * k + y[i]], EPS), 1 - EPS));
  return s / y.length;
}

export function accuracy(y: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === labels[i]) ok++;
  return ok / y.length;
}

export function rmse(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - yhat[i]) ** 2;
  return Math.sqrt(s / y.length);
}

export function mae(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - yhat[i]);
  return s / y.length;
}

export function r2(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < y.length; i++) { ssr += (y[i] - yhat[i]) ** 2; sst += (y[i] - mean) ** 2; }
  return sst === 0 ? NaN : 1 - ssr / sst;
}

/** Model outputs as the metric set needs them (see Prediction in src/predict/predictor.ts). */
export interface Scored {
  nGroups: number;
  /** regression: nRows values; classification: nRows x nClasses probabilities. */
  output: Float64Array;
  labels?: Int32Array;
}

/** Column of class-1 probabilities from a binary nRows x 2 output. */
export function positiveColumn(output: Float64Array): Float64Array {
  const n = output.length / 2;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = output[2 * i + 1];
  return p;
}

/** The metrics reported per task: auc, logloss, accuracy | logloss, accuracy | rmse, mae, r2. */
export function evaluateTask(task: Task, y: Float64Array, s: Scored): Record<string, number> {
  if (task === 'regression') return { rmse: rmse(y, s.output), mae: mae(y, s.output), r2: r2(y, s.output) };
  const k = s.output.length / y.length;
  if (task === 'binary') {
    const p = positiveColumn(s.output);
    return { auc: auc(y, p), logloss: logloss(y, p), accuracy: accuracy(y, s.labels!) };
  }
  return { logloss: mlogloss(y, s.output, k), accuracy: accuracy(y, s.labels!) };
}
