/**
 * Scores of out-of-fold (OOF) prediction matrices by metric name, with "higher is better"
 * handling. An OOF matrix is a Float64Array in the predictor's output convention:
 * regression nRows values; binary nRows x 2 probabilities; multiclass nRows x nGroups (row-major).
 */
import type { Task } from '../data/frame.js';
import { usageError } from '../errors.js';
import { accuracy, logloss, mae, mlogloss, r2, rmse, weightedAuc } from '../metric/metrics.js';

/** Metrics each task admits (`mlogloss` is accepted as another name for multiclass logloss). */
export const TASK_METRICS: Record<Task, readonly string[]> = {
  binary: ['auc', 'logloss', 'accuracy', 'f1'],
  multiclass: ['logloss', 'accuracy'],
  regression: ['rmse', 'mae', 'r2'],
};

const HIGHER_IS_BETTER = new Set(['auc', 'accuracy', 'f1', 'r2']);

export function higherIsBetter(metric: string): boolean {
  return HIGHER_IS_BETTER.has(metric);
}

/** Whether score a is strictly better than b; NaN is never better, and anything else beats NaN. */
export function isBetter(metric: string, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return higherIsBetter(metric) ? a > b : a < b;
}

/** Class index with the largest output in each row (first one on ties, like the predictor). */
export function argmaxLabels(output: Float64Array, nOut: number): Int32Array {
  const n = output.length / nOut;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < nOut; c++) if (output[i * nOut + c]! > output[i * nOut + best]!) best = c;
    labels[i] = best;
  }
  return labels;
}

/**
 * Area under the ROC curve, equal to metrics.ts's auc (ties count one half; NaN without both
 * classes) but several times faster, which matters because ensemble selection scores thousands
 * of candidate blends: positives' and negatives' scores are sorted separately with the native
 * numeric typed-array sort, then one merge counts, for each positive, the negatives below it
 * and those tied with it. Every count is an integer or half-integer, so the sum is exact.
 */
export function fastAuc(y: ArrayLike<number>, p1: ArrayLike<number>): number {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) nPos++;
  const nNeg = y.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) { if (y[i] === 1) pos[a++] = p1[i]!; else neg[b++] = p1[i]!; }
  pos.sort();
  neg.sort();
  let below = 0; // negatives < v
  let upTo = 0; // negatives <= v
  let count = 0;
  for (let i = 0; i < nPos; i++) {
    const v = pos[i]!;
    while (below < nNeg && neg[below]! < v) below++;
    if (upTo < below) upTo = below;
    while (upTo < nNeg && neg[upTo]! <= v) upTo++;
    count += below + 0.5 * (upTo - below);
  }
  return count / (nPos * nNeg);
}

/**
 * Binary F1 of class 1, predicting class 1 when P(class 1) >= 0.5 (as the AutoML trial
 * scoring does); 0 when there are no true positives.
 */
export function f1Score(y: ArrayLike<number>, p1: ArrayLike<number>): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    if (p1[i]! >= 0.5) { if (y[i] === 1) tp++; else fp++; } else if (y[i] === 1) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Output columns per row for a task: 1 (regression), 2 (binary) or the class count. */
export function outputWidth(task: Task, nClasses?: number): number {
  if (task === 'regression') return 1;
  if (task === 'binary') return 2;
  if (nClasses === undefined || !Number.isInteger(nClasses) || nClasses < 2) throw usageError(`multiclass outputs need a class count (got ${nClasses})`);
  return nClasses;
}

/** Checks that `metric` applies to `task`; returns its canonical name. */
export function checkMetric(metric: string, task: Task): string {
  const name = task === 'multiclass' && metric === 'mlogloss' ? 'logloss' : metric;
  if (!TASK_METRICS[task].includes(name)) {
    throw usageError(`metric '${metric}' does not apply to a ${task} task; use one of ${TASK_METRICS[task].join(', ')}`);
  }
  return name;
}

/**
 * Scores one output matrix against targets y (class indices or values); with weights `w`
 * (length nRows, >= 0) the metric's weighted form, as `evaluate --weight` reports it.
 */
export function scoreOutput(metric: string, task: Task, y: Float64Array, output: Float64Array, w?: ArrayLike<number>): number {
  const name = checkMetric(metric, task);
  const n = y.length;
  const nOut = output.length / n;
  if (!Number.isInteger(nOut)) throw usageError(`output has ${output.length} values, not a multiple of ${n} rows`);
  if (w) return weightedScore(name, task, y, output, nOut, w);
  if (task === 'regression') {
    return name === 'rmse' ? rmse(y, output) : name === 'mae' ? mae(y, output) : r2(y, output);
  }
  if (task === 'binary') {
    if (name !== 'accuracy') {
      const p = new Float64Array(n);
      for (let i = 0; i < n; i++) p[i] = output[2 * i + 1]!;
      return name === 'auc' ? fastAuc(y, p) : name === 'logloss' ? logloss(y, p) : f1Score(y, p);
    }
  }
  if (name === 'logloss') return mlogloss(y, output, nOut);
  return accuracy(y, argmaxLabels(output, nOut));
}

/** The weighted form of metric `name` (a row counts w times), equal to metrics.ts's weighted evaluateTask values. */
function weightedScore(name: string, task: Task, y: Float64Array, output: Float64Array, nOut: number, w: ArrayLike<number>): number {
  const n = y.length;
  if (task === 'binary' && name === 'auc') return weightedAuc(y, Float64Array.from({ length: n }, (_, i) => output[2 * i + 1]!), w);
  let W = 0, t = 0;
  if (task === 'regression' && name === 'r2') {
    let ym = 0;
    for (let i = 0; i < n; i++) { W += w[i]!; ym += w[i]! * y[i]!; }
    ym /= W;
    let ss = 0, st = 0;
    for (let i = 0; i < n; i++) { ss += w[i]! * (y[i]! - output[i]!) ** 2; st += w[i]! * (y[i]! - ym) ** 2; }
    return st === 0 ? NaN : 1 - ss / st;
  }
  if (task === 'binary' && name === 'f1') {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < n; i++) {
      if (output[2 * i + 1]! >= 0.5) { if (y[i] === 1) tp += w[i]!; else fp += w[i]!; } else if (y[i] === 1) fn += w[i]!;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  const labels = name === 'accuracy' ? argmaxLabels(output, nOut) : null;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    W += wi;
    let loss: number;
    if (task === 'regression') loss = name === 'rmse' ? (y[i]! - output[i]!) ** 2 : Math.abs(y[i]! - output[i]!);
    else if (labels) loss = labels[i] === y[i] ? 1 : 0;
    else if (task === 'binary') { const q = Math.min(Math.max(output[2 * i + 1]!, LOG_EPS), 1 - LOG_EPS); loss = -(y[i] === 1 ? Math.log(q) : Math.log(1 - q)); }
    else loss = -Math.log(Math.min(Math.max(output[i * nOut + y[i]!]!, LOG_EPS), 1 - LOG_EPS));
    t += wi * loss;
  }
  return name === 'rmse' ? Math.sqrt(t / W) : t / W;
}

/** The probability clip of metrics.ts's log losses. */
const LOG_EPS = 1e-15;
