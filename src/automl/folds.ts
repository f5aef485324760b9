/** Validation plans: stratified k-fold cross-validation on small data, one holdout split on large data. */
import type { Task } from '../data/frame.js';
import { inputError } from '../errors.js';
import { Rng } from '../util/rng.js';

/**
 * Thresholds (rows): up to 5,000 -> 5 folds (small data: every row is scored and the fold
 * models bag well); up to 100,000 -> 3 folds; above -> one holdout of 10% capped at 100,000
 * rows, since three full fits of a million rows would eat most of a typical budget.
 */
export const FIVE_FOLD_MAX_ROWS = 5_000;
export const CV_MAX_ROWS = 100_000;
export const HOLDOUT_FRACTION = 0.1;
export const HOLDOUT_MAX_ROWS = 100_000;

export interface ValidationPlan {
  kind: 'cv' | 'holdout';
  /** Int8Array, nRows: the fold of each row (holdout: 0 = validation, -1 = train only). */
  foldOf: Int8Array;
  nFolds: number;
  /** Per fold: train and validation row indices, ascending. */
  folds: { train: Uint32Array; valid: Uint32Array }[];
  /** Rows that receive an out-of-fold prediction (all rows for cv; the holdout rows otherwise). */
  scoredRows: Uint32Array;
  /** A warning about the plan (fewer folds than usual, and why). */
  note?: string;
}

/** Assigns rows to folds; classification folds keep each class's share (stratified). */
export function makePlan(task: Task, y: Float64Array, seed: number, forceFolds?: number, classes?: readonly string[]): ValidationPlan {
  const n = y.length;
  const rng = new Rng(seed ^ 0xf01d);
  let k = forceFolds ?? (n <= FIVE_FOLD_MAX_ROWS ? 5 : n <= CV_MAX_ROWS ? 3 : 1);
  let note: string | undefined;
  if (task !== 'regression' && k > 1) {
    // Every fold must be able to hold a row of every class: a class rarer than the folds means
    // fewer folds (at least 2), or a clear error before any trial.
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) counts.set(y[i], (counts.get(y[i]) ?? 0) + 1);
    let rare = -1, least = Infinity;
    for (const [c, m] of counts) if (m < least || (m === least && c < rare)) { least = m; rare = c; }
    const name = classes?.[rare] ?? String(rare);
    if (least < 2) throw inputError('training data', `class '${name}' has ${least} row: cross-validation needs at least 2 rows of every class; remove the class or add rows`);
    if (least < k) {
      note = `class '${name}' has only ${least} rows: ${least}-fold cross-validation instead of ${k}`;
      k = least;
    }
  }
  if (k > 1 && n < k) throw inputError('training data', `${n} rows are fewer than the ${k} cross-validation folds; at least ${k} rows are needed`);
  if (n < 2) throw inputError('training data', `${n} row(s): at least 2 rows are needed to validate`);
  const foldOf = new Int8Array(n).fill(-1);
  // Shuffle within strata (classes, or one stratum for regression), then deal rows round-robin.
  const strata = groupRows(n, (i) => (task === 'regression' ? 0 : y[i]));
  if (k > 1) {
    let offset = 0;
    for (const { rows } of strata) {
      shuffle(rows, rng);
      for (let j = 0; j < rows.length; j++) foldOf[rows[j]] = (j + offset) % k;
      offset += rows.length;
    }
  } else {
    const nValid = Math.max(1, Math.min(HOLDOUT_MAX_ROWS, Math.round(n * HOLDOUT_FRACTION)));
    for (const { rows } of strata) {
      shuffle(rows, rng);
      const take = Math.round((rows.length / n) * nValid);
      for (let j = 0; j < take; j++) foldOf[rows[j]] = 0;
    }
  }
  const plan = planFromFolds(foldOf, Math.max(k, 1), k > 1 ? 'cv' : 'holdout');
  return note ? { ...plan, note } : plan;
}

/** The plan of a fold assignment (foldOf: fold per row, -1 = train only). */
export function planFromFolds(foldOf: Int8Array, nFolds: number, kind: 'cv' | 'holdout'): ValidationPlan {
  const n = foldOf.length;
  const folds = Array.from({ length: nFolds }, (_, f) => ({
    train: indices(n, (i) => foldOf[i] !== f),
    valid: indices(n, (i) => foldOf[i] === f),
  }));
  if (folds.some((f) => f.valid.length === 0 || f.train.length === 0)) {
    throw inputError('training data', `${n} rows cannot be split into ${nFolds === 1 ? 'a holdout' : `${nFolds} folds`}`);
  }
  return { kind, foldOf, nFolds, folds, scoredRows: indices(n, (i) => foldOf[i] >= 0) };
}

/** Rows grouped by a numeric key: groups in ascending key order, rows ascending within each (views of one array). */
export function groupRows(n: number, keyOf: (i: number) => number): { key: number; rows: Uint32Array }[] {
  const keys = new Float64Array(n);
  // Small integer keys (classes, strata codes) are counted in an array; anything else in a map.
  const SMALL = 4096;
  const small = new Int32Array(SMALL);
  const other = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    keys[i] = k;
    if (k >= 0 && k < SMALL && Number.isInteger(k)) small[k]++;
    else other.set(k, (other.get(k) ?? 0) + 1);
  }
  const counts = new Map<number, number>(other);
  for (let k = 0; k < SMALL; k++) if (small[k] > 0) counts.set(k, small[k]);
  const order = [...counts.keys()].sort((a, b) => a - b);
  const all = new Uint32Array(n);
  const smallAt = new Int32Array(SMALL);
  const otherAt = new Map<number, number>();
  const groups: { key: number; rows: Uint32Array }[] = [];
  let start = 0;
  for (const k of order) {
    const m = counts.get(k)!;
    groups.push({ key: k, rows: all.subarray(start, start + m) });
    if (k >= 0 && k < SMALL && Number.isInteger(k)) smallAt[k] = start; else otherAt.set(k, start);
    start += m;
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k >= 0 && k < SMALL && Number.isInteger(k)) all[smallAt[k]++] = i;
    else { const p = otherAt.get(k)!; all[p] = i; otherAt.set(k, p + 1); }
  }
  return groups;
}

/** Fisher-Yates in place with the seeded generator. */
export function shuffle<T extends { length: number; [i: number]: number }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) { const j = rng.int(i + 1); const t = a[i]; a[i] = a[j]; a[j] = t; }
  return a;
}

function indices(n: number, keep: (i: number) => boolean): Uint32Array {
  let m = 0;
  for (let i = 0; i < n; i++) if (keep(i)) m++;
  const out = new Uint32Array(m);
  m = 0;
  for (let i = 0; i < n; i++) if (keep(i)) out[m++] = i;
  return out;
}
