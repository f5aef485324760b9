/** Seeded k-fold assignment of OOF rows for the ensembles' own inner cross-validation. */
import type { Task } from '../data/frame.js';
import { usageError } from '../errors.js';
import { Rng } from '../util/rng.js';

/**
 * Fold index in [0, k) of each row (Int32Array, length nRows). Classification folds are
 * stratified: each class's rows are shuffled and dealt round-robin, continuing across classes,
 * so fold sizes differ by at most one. Same (y, k, seed) -> same folds.
 */
export function innerFolds(y: Float64Array, task: Task, k: number, seed: number): Int32Array {
  const n = y.length;
  if (!Number.isInteger(k) || k < 2 || k > n) throw usageError(`inner cross-validation needs 2 <= folds <= rows (${n}), got ${k}`);
  const rng = new Rng(seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = task === 'regression' ? 0 : y[i]!;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const folds = new Int32Array(n);
  let next = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = groups.get(key)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = rows[i]!; rows[i] = rows[j]!; rows[j] = t;
    }
    for (const r of rows) { folds[r] = next; next = (next + 1) % k; }
  }
  return folds;
}

/** Rows of a row-major matrix (width `nOut`) at the given row indices. */
export function takeRows(m: Float64Array, nOut: number, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length * nOut);
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r]! * nOut;
    for (let c = 0; c < nOut; c++) out[r * nOut + c] = m[src + c]!;
  }
  return out;
}

/** Row indices in fold f (`held`) and outside it (`train`). */
export function splitFold(folds: Int32Array, f: number): { train: number[]; held: number[] } {
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < folds.length; i++) (folds[i] === f ? held : train).push(i);
  return { train, held };
}
