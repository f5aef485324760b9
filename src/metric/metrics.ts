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

/** Options of evaluateTask. */
export interface EvaluateOptions {
  /** Sample weights (Float64Array, length nRows, >= 0): every metric becomes its weighted form. */
  weights?: ArrayLike<number>;
  /** A metric reported besides the task's set (binary f1: `--metric f1`). */
  metric?: string;
}

/**
 * The metrics reported per task: auc, logloss, accuracy | logloss, accuracy | rmse, mae, r2
 * (plus f1 when asked for, binary only). With weights, each is its weighted form (a row counts
 * `w` times: weighted Mann-Whitney auc, weighted means, weighted r2).
 */
export function evaluateTask(task: Task, y: Float64Array, s: Scored, opts: EvaluateOptions = {}): Record<string, number> {
  const w = opts.weights;
  if (w) return weightedMetrics(task, y, s, w, opts.metric);
  if (task === 'regression') return { rmse: rmse(y, s.output), mae: mae(y, s.output), r2: r2(y, s.output) };
  const k = s.output.length / y.length;
  if (task === 'binary') {
    const p = positiveColumn(s.output);
    const out: Record<string, number> = { auc: auc(y, p), logloss: logloss(y, p), accuracy: accuracy(y, s.labels!) };
    if (opts.metric === 'f1') out.f1 = f1(y, s.labels!, undefined);
    return out;
  }
  return { logloss: mlogloss(y, s.output, k), accuracy: accuracy(y, s.labels!) };
}

/** F1 of class 1 from predicted labels (weighted counts); 0 without true positives. */
function f1(y: ArrayLike<number>, labels: ArrayLike<number>, w: ArrayLike<number> | undefined): number {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i] : 1;
    if (labels[i] === 1) { if (y[i] === 1) tp += wi; else fp += wi; } else if (y[i] === 1) fn += wi;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Weighted auc: the weighted share of (positive, negative) pairs ordered right, ties counting half. */
export function weightedAuc(y: ArrayLike<number>, p: ArrayLike<number>, w: ArrayLike<number>): number {
  const n = y.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => p[a] - p[b]);
  let negBelow = 0, pos = 0, area = 0;
  let i = 0;
  while (i < n) {
    let j = i, gPos = 0, gNeg = 0;
    while (j < n && p[idx[j]] === p[idx[i]]) { const r = idx[j]; if (y[r] === 1) gPos += w[r]; else gNeg += w[r]; j++; }
    area += gPos * (negBelow + gNeg / 2);
    negBelow += gNeg;
    pos += gPos;
    i = j;
  }
  return pos === 0 || negBelow === 0 ? NaN : area / (pos * negBelow);
}

function weightedMetrics(task: Task, y: Float64Array, s: Scored, w: ArrayLike<number>, metric: string | undefined): Record<string, number> {
  const n = y.length;
  let W = 0;
  for (let i = 0; i < n; i++) W += w[i];
  const mean = (f: (i: number) => number) => { let t = 0; for (let i = 0; i < n; i++) t += w[i] * f(i); return t / W; };
  const clip = (q: number) => Math.min(Math.max(q, EPS), 1 - EPS);
  if (task === 'regression') {
    const o = s.output;
    const mse = mean((i) => (y[i] - o[i]) ** 2);
    const ym = mean((i) => y[i]);
    const vy = mean((i) => (y[i] - ym) ** 2);
    return { rmse: Math.sqrt(mse), mae: mean((i) => Math.abs(y[i] - o[i])), r2: vy === 0 ? NaN : 1 - mse / vy };
  }
  const labels = s.labels!;
  const accuracyW = mean((i) => (labels[i] === y[i] ? 1 : 0));
  const k = s.output.length / n;
  if (task === 'binary') {
    const p = positiveColumn(s.output);
    const out: Record<string, number> = {
      auc: weightedAuc(y, p, w), logloss: mean((i) => -(y[i] === 1 ? Math.log(clip(p[i])) : Math.log(1 - clip(p[i])))), accuracy: accuracyW,
    };
    if (metric === 'f1') out.f1 = f1(y, labels, w);
    return out;
  }
  return { logloss: mean((i) => -Math.log(clip(s.output[i * k + y[i]]))), accuracy: accuracyW };
}
