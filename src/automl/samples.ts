/**
 * The sample-size ladder of a search on large data: nested, stratified row samples of the one
 * shared binned matrix (row-index subsets, never copies), each 4x the one below, up to all rows.
 * Trials start on the smallest sample; promising configs are promoted up the ladder.
 */
import type { Dataset, Task } from '../data/frame.js';
import { Rng } from '../util/rng.js';
import { groupRows, planFromFolds, shuffle, type ValidationPlan } from './folds.js';

/** Training rows (per fold) of the smallest sample. */
export const MIN_SAMPLE_ROWS = 25_000;
/** Growth factor between samples. */
export const SAMPLE_FACTOR = 4;
/** Validation rows a sample keeps at least (its scores must be steady enough to rank configs). */
export const MIN_SAMPLE_VALID = 10_000;

export interface Rung {
  /** Index on the ladder (0: smallest sample). */
  rung: number;
  /** Training rows of the sample, per fold (fold 0's count). */
  trainRows: number;
  /** The validation plan restricted to the sample. */
  plan: ValidationPlan;
}

export interface Ladder {
  rungs: Rung[];
  /** Int8Array, nRows: the lowest rung whose sample holds the row (null: one rung, all rows). */
  rungOf: Int8Array | null;
}

/**
 * Training-row counts of the samples for T training rows per fold: MIN_SAMPLE_ROWS x 4^k while
 * below half of T, then T itself. Data under 2 x MIN_SAMPLE_ROWS training rows has one rung.
 */
export function ladderSizes(T: number, min = MIN_SAMPLE_ROWS): number[] {
  const sizes: number[] = [];
  for (let s = min; s <= T / 2; s *= SAMPLE_FACTOR) sizes.push(s);
  sizes.push(T);
  return sizes;
}

/**
 * Nested stratified samples of a validation plan. Each class (one stratum for regression) of
 * the training-only rows and of the validation rows is shuffled once (seeded); a row's rung is
 * the first whose share of its stratum reaches its position, so every sample holds the one
 * below it and each class's share. Validation rows are sampled at the training share but never
 * below MIN_SAMPLE_VALID rows in all.
 */
export function makeLadder(plan: ValidationPlan, task: Task, y: Float64Array, seed: number, min = MIN_SAMPLE_ROWS): Ladder {
  const T = plan.folds[0].train.length;
  const sizes = ladderSizes(T, min);
  if (sizes.length === 1) return { rungs: [{ rung: 0, trainRows: T, plan }], rungOf: null };
  const n = y.length;
  const R = sizes.length;
  // Holdout: training-only rows (foldOf -1) and validation rows (0) are sampled apart; with
  // cross-validation every row is both, so one share applies to all rows.
  const holdout = plan.kind === 'holdout';
  const nValid = plan.scoredRows.length;
  const trainShare = sizes.map((s) => s / T);
  const validShare = holdout ? trainShare.map((f, k) => (k === R - 1 ? 1 : Math.min(1, Math.max(f, MIN_SAMPLE_VALID / nValid)))) : trainShare;
  // Stratum key: 2 x class (0 for regression) + 1 for training-only rows.
  const strata = groupRows(n, (i) => 2 * (task === 'regression' ? 0 : y[i]) + (holdout && plan.foldOf[i] < 0 ? 1 : 0));
  const rng = new Rng(seed ^ 0x5a3b1e);
  const rungOf = new Int8Array(n).fill(R - 1);
  for (const { key, rows } of strata) {
    shuffle(rows, rng);
    const share = key % 2 === 1 ? trainShare : validShare;
    let k = 0;
    for (let j = 0; j < rows.length; j++) {
      while (k < R - 1 && j >= Math.ceil(share[k] * rows.length)) k++;
      rungOf[rows[j]] = k;
    }
  }
  return ladderOf(plan, rungOf, R);
}

function ladderOf(plan: ValidationPlan, rungOf: Int8Array, R: number): Ladder {
  const rungs = Array.from({ length: R }, (_, k) => {
    const sub = restrictPlan(plan, rungOf, k);
    return { rung: k, trainRows: sub.folds[0].train.length, plan: sub };
  });
  return { rungs, rungOf };
}

/**
 * Reorders the dataset's rows (in place, a column at a time) so that every sample of the ladder
 * is a prefix of the rows: a trial on a sample then touches only the first rows of the shared
 * matrix (gradients, margins, cache lines), and costs its own size, not the data's. Returns the
 * plan and ladder of the reordered rows (the same samples and folds, renumbered).
 */
export function prefixOrder(data: Dataset, plan: ValidationPlan, ladder: Ladder): { plan: ValidationPlan; ladder: Ladder } {
  const rungOf = ladder.rungOf;
  if (!rungOf) return { plan, ladder };
  const n = data.nRows, R = ladder.rungs.length;
  // Stable counting sort by rung: new row i is old row perm[i].
  const start = new Int32Array(R + 1);
  for (let i = 0; i < n; i++) start[rungOf[i] + 1]++;
  for (let k = 0; k < R; k++) start[k + 1] += start[k];
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[start[rungOf[i]]++] = i;
  const tmp = new Float32Array(n);
  const nF = data.schema.features.length;
  for (let f = 0; f < nF; f++) {
    const col = data.features.subarray(f * n, (f + 1) * n);
    tmp.set(col);
    for (let i = 0; i < n; i++) col[i] = tmp[perm[i]];
  }
  const permute64 = (a: Float64Array) => { const c = a.slice(); for (let i = 0; i < n; i++) a[i] = c[perm[i]]; };
  if (data.target) permute64(data.target);
  if (data.weight) permute64(data.weight);
  const foldOf = new Int8Array(n), newRungOf = new Int8Array(n);
  for (let i = 0; i < n; i++) { foldOf[i] = plan.foldOf[perm[i]]; newRungOf[i] = rungOf[perm[i]]; }
  const newPlan = planFromFolds(foldOf, plan.nFolds, plan.kind);
  return { plan: newPlan, ladder: ladderOf(newPlan, newRungOf, R) };
}

/** The rows of `rows` in the sample of rung k (rungOf null: all). */
export function inSample(rows: Uint32Array, rungOf: ArrayLike<number> | null, k: number): Uint32Array {
  if (!rungOf) return rows;
  let m = 0;
  for (let i = 0; i < rows.length; i++) if (rungOf[rows[i]] <= k) m++;
  if (m === rows.length) return rows;
  const out = new Uint32Array(m);
  m = 0;
  for (let i = 0; i < rows.length; i++) if (rungOf[rows[i]] <= k) out[m++] = rows[i];
  return out;
}

/** A validation plan cut to the sample of rung k. */
export function restrictPlan(plan: ValidationPlan, rungOf: Int8Array, k: number): ValidationPlan {
  return {
    kind: plan.kind, foldOf: plan.foldOf, nFolds: plan.nFolds,
    folds: plan.folds.map((f) => ({ train: inSample(f.train, rungOf, k), valid: inSample(f.valid, rungOf, k) })),
    scoredRows: inSample(plan.scoredRows, rungOf, k),
  };
}
