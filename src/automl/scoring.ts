/** The AutoML objective: the run's metric (scored as in src/ensemble/oof-metric.ts), turned into "higher is better". */
import type { Task } from '../data/frame.js';
import { usageError } from '../errors.js';
import { higherIsBetter, scoreOutput, TASK_METRICS } from '../ensemble/oof-metric.js';

export { higherIsBetter };

export function defaultMetricFor(task: Task): string {
  return task === 'binary' ? 'auc' : task === 'multiclass' ? 'logloss' : 'rmse';
}

/** Checks a --metric against the task (exit 2 on a mismatch). */
export function checkMetric(metric: string, task: Task): void {
  if (!TASK_METRICS[task].includes(metric)) {
    throw usageError(`--metric ${metric} does not apply to a ${task} target; use one of ${TASK_METRICS[task].join(', ')}`);
  }
}

/** The metric's value on outputs (predictor convention: binary n x 2, multiclass n x nGroups, regression n); weighted with `w`. */
export function metricValue(metric: string, task: Task, y: Float64Array, out: Float64Array, w?: Float64Array): number {
  return scoreOutput(metric, task, y, out, w);
}

/** Score for the search: the metric, negated when lower is better (NaN stays NaN). */
export function searchScore(metric: string, value: number): number {
  return higherIsBetter(metric) ? value : -value;
}
