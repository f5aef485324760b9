/** The AutoML objective: a task metric on model outputs, turned into "higher is better". */
import type { Task } from '../data/frame.js';
import { usageError } from '../errors.js';
import { auc, logloss, mlogloss, accuracy, rmse, mae, r2 } from '../metric/metrics.js';

export const METRICS_BY_TASK: Record<Task, string[]> = {
  binary: ['auc', 'logloss', 'accuracy', 'f1'],
  multiclass: ['logloss', 'accuracy'],
  regression: ['rmse', 'mae', 'r2'],
};

export function defaultMetricFor(task: Task): string {
  return task === 'binary' ? 'auc' : task === 'multiclass' ? 'logloss' : 'rmse';
}

/** Checks a --metric against the task (exit 2 on a mismatch). */
export function checkMetric(metric: string, task: Task): void {
  if (!METRICS_BY_TASK[task].includes(metric)) {
    throw usageError(`--metric ${metric} does not apply to a ${task} target; use one of ${METRICS_BY_TASK[task].join(', ')}`);
  }
}

export function higherIsBetter(metric: string): boolean {
  return metric === 'auc' || metric === 'accuracy' || metric === 'f1' || metric === 'r2';
}

function argmax(out: Float64Array, k: number, n: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let c = 1; c < k; c++) if (out[i * k + c] > out[i * k + b]) b = c;
    labels[i] = b;
  }
  return labels;
}

function f1(y: Float64Array, p: Float64Array): number {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const pred = p[i] >= 0.5 ? 1 : 0;
    if (pred === 1 && y[i] === 1) tp++; else if (pred === 1) fp++; else if (y[i] === 1) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** The metric's value on outputs (predictor convention: binary n x 2, multiclass n x K, regression n). */
export function metricValue(metric: string, task: Task, y: Float64Array, out: Float64Array): number {
  const n = y.length;
  if (task === 'regression') return metric === 'rmse' ? rmse(y, out) : metric === 'mae' ? mae(y, out) : r2(y, out);
  const k = out.length / n;
  if (task === 'binary') {
    const p = Float64Array.from({ length: n }, (_, i) => out[2 * i + 1]);
    if (metric === 'auc') return auc(y, p);
    if (metric === 'logloss') return logloss(y, p);
    if (metric === 'f1') return f1(y, p);
    return accuracy(y, argmax(out, 2, n));
  }
  return metric === 'logloss' ? mlogloss(y, out, k) : accuracy(y, argmax(out, k, n));
}

/** Score for the search: the metric, negated when lower is better (NaN stays NaN). */
export function searchScore(metric: string, value: number): number {
  return higherIsBetter(metric) ? value : -value;
}
