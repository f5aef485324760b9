/**
 * The task of a numeric target when --task is auto (AutoGluon's rule, with a cap on classes):
 * two distinct values are binary; integers with at most MAX_INT_CLASSES distinct values that are
 * few next to the rows (at most 10% of them up to 1,000 rows, 5% above) are multiclass; anything
 * else (fractions, many distinct values) is regression.
 */
import type { Task } from './frame.js';

/** Most distinct integer values an inferred multiclass target has. */
export const MAX_INT_CLASSES = 30;

export interface TaskGuess {
  task: Task;
  /** Distinct values (ascending) when the target is a classification one, else null. */
  classes: number[] | null;
  /** Why, in words for stderr, with how to override. */
  reason: string;
}

export function inferNumericTask(values: Float64Array): TaskGuess {
  const n = values.length;
  const distinct = new Set<number>();
  let integers = true;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (integers && !Number.isInteger(v)) integers = false;
    if (distinct.size <= MAX_INT_CLASSES) distinct.add(v);
    if (!integers && distinct.size > 2) break;
  }
  const sorted = () => [...distinct].sort((a, b) => a - b);
  if (distinct.size <= 2) return { task: 'binary', classes: sorted(), reason: `${distinct.size} distinct values: binary` };
  const share = n > 1000 ? 0.05 : 0.1;
  if (integers && distinct.size <= MAX_INT_CLASSES && distinct.size <= share * n) {
    return {
      task: 'multiclass', classes: sorted(),
      reason: `${distinct.size} distinct integer values in ${n} rows (at most ${MAX_INT_CLASSES} and ${share * 100}% of the rows): multiclass; give --task regression to fit it as numbers`,
    };
  }
  const why = !integers ? 'fractional values' : distinct.size > MAX_INT_CLASSES ? `more than ${MAX_INT_CLASSES} distinct integer values` : `${distinct.size} distinct integer values are over ${share * 100}% of ${n} rows`;
  return { task: 'regression', classes: null, reason: `${why}: regression; give --task multiclass to fit classes` };
}
