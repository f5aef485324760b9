/**
 * One GBDT on several threads: the model is bit-identical with 1, 2 and 3 threads (objectives,
 * categorical and missing values, weights, multiclass, lossguide, row and feature sampling).
 * 40k rows: more than one histogram block (HIST_BLOCK_ROWS) and one partition block per node,
 * so block sums, block joins and the work split between threads are all exercised.
 */
import { describe, it, expect } from 'vitest';
import { trainGBDT } from '../../src/boosting/train.js';
import { HIST_BLOCK_ROWS, ROOT_BLOCK_ROWS } from '../../src/tree/team-grower.js';
import type { Dataset, Schema, Task } from '../../src/data/frame.js';
import type { ParamMap } from '../../src/params.js';
import { Rng } from '../../src/util/rng.js';

const ROWS = 40_000;
const LEVELS = Array.from({ length: 40 }, (_, i) => `c${i}`);

function data(task: Task, seed: number, weighted = false, N = ROWS): Dataset {
  const rng = new Rng(seed);
  const nF = 7;
  const x = new Float32Array(N * nF);
  const y = new Float64Array(N);
  const w = weighted ? new Float64Array(N) : undefined;
  for (let i = 0; i < N; i++) {
    for (let f = 0; f < 5; f++) x[f * N + i] = rng.next() * 10 - 5;
    x[5 * N + i] = rng.int(LEVELS.length); // many levels: partition splits
    x[6 * N + i] = rng.int(3); // few levels: one-hot splits
    if (rng.next() < 0.1) x[1 * N + i] = NaN;
    if (rng.next() < 0.05) x[5 * N + i] = NaN;
    const a = Number.isNaN(x[N + i]) ? 2 : x[N + i];
    const s = x[i] + 0.5 * a * x[2 * N + i] + (x[5 * N + i] % 7 === 3 ? 2 : 0) + x[6 * N + i] + rng.next() * 2;
    y[i] = task === 'binary' ? (s > 0.5 ? 1 : 0) : task === 'multiclass' ? (s < -1 ? 0 : s < 2 ? 1 : 2) : Math.abs(s);
    if (w) w[i] = 0.5 + rng.next();
  }
  const schema: Schema = {
    features: [
      ...[0, 1, 2, 3, 4].map((f) => ({ name: `x${f}`, kind: 'numeric' as const })),
      { name: 'many', kind: 'categorical' as const, levels: LEVELS },
      { name: 'few', kind: 'categorical' as const, levels: ['a', 'b', 'c'] },
    ],
    target: task === 'binary' ? { name: 'y', task, classes: ['0', '1'] }
      : task === 'multiclass' ? { name: 'y', task, classes: ['0', '1', '2'] } : { name: 'y', task },
  };
  return { schema, nRows: N, features: x, target: y, weight: w };
}

function treesOf(params: ParamMap, d: Dataset, nthread: number): string {
  const m = trainGBDT({ num_boost_round: 8, ...params, nthread }, d, { teamMinRows: 0 });
  return JSON.stringify({ trees: m.trees, base: m.baseMargin });
}

const CASES: [string, Task, boolean, ParamMap][] = [
  ['binary depthwise', 'binary', false, { max_depth: 6 }],
  ['binary lossguide 31 leaves', 'binary', false, { grow_policy: 'lossguide', max_leaves: 31, max_depth: 0 }],
  ['binary depthwise with a leaf cap, sampling', 'binary', false,
    { max_depth: 8, max_leaves: 20, subsample: 0.7, colsample_bytree: 0.8, colsample_bynode: 0.6 }],
  ['regression, weights', 'regression', true, { max_depth: 5, lambda: 2, alpha: 0.5 }],
  ['absolute error', 'regression', false, { objective: 'reg:absoluteerror', max_depth: 4 }],
  ['pseudo-Huber', 'regression', false, { objective: 'reg:pseudohubererror', max_depth: 4 }],
  ['poisson', 'regression', false, { objective: 'count:poisson', max_depth: 4 }],
  ['multiclass, weights', 'multiclass', true, { max_depth: 4 }],
];

describe('GBDT on several threads', () => {
  it('the data cover several histogram blocks', () => {
    expect(ROWS).toBeGreaterThan(HIST_BLOCK_ROWS);
  });
  for (const [name, task, weighted, params] of CASES) {
    it(`${name}: the same model with 1, 2 and 3 threads`, () => {
      const d = data(task, 7, weighted);
      const one = treesOf(params, d, 1);
      expect(treesOf(params, d, 2)).toBe(one);
      expect(treesOf(params, d, 3)).toBe(one);
    });
  }
  it('more rows than a root block: the same model with 1 and 2 threads', () => {
    const d = data('binary', 11, false, ROOT_BLOCK_ROWS + 9_000);
    const params = { max_depth: 5, num_boost_round: 3 };
    expect(treesOf(params, d, 2)).toBe(treesOf(params, d, 1));
  });
});
