/** The same seed gives the same forest (and OOB score) on one thread or on a pool of two workers; another seed gives another forest. */
import { describe, expect, it } from 'vitest';
import { trainForest } from '../../src/forest/forest-trainer.js';
import type { TreeArrays } from '../../src/model/model.js';
import { planted } from './helpers.js';

function expectSame(a: TreeArrays, b: TreeArrays): void {
  for (const k of Object.keys(a) as (keyof TreeArrays)[]) {
    expect(b[k].length, k).toBe(a[k].length);
    expect(Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength).equals(Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength)), k).toBe(true);
  }
}

describe('determinism across threads', () => {
  it.each([
    ['rf', 'binary', planted({ rows: 3000, task: 'binary', noise: 0.2, missing: 0.05, seed: 21 })],
    ['extratrees', 'multiclass', planted({ rows: 3000, task: 'multiclass', classes: 3, noise: 0.2, seed: 22 })],
    ['rf', 'regression', planted({ rows: 3000, task: 'regression', noise: 5, seed: 23 })],
  ] as const)('%s %s: 1 thread and 2 threads give identical trees and OOB scores', async (learner, _task, d) => {
    const params = { n_estimators: 12, seed: 7, max_samples: 0.8, bootstrap: true };
    const one = await trainForest(learner, { ...params, nthread: 1 }, d);
    const two = await trainForest(learner, { ...params, nthread: 2 }, d, { poolMinWork: 0 });
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expectSame(one.model.trees, two.model.trees);
    expect(two.model.training).toEqual(one.model.training);
    const again = await trainForest(learner, { ...params, nthread: 2 }, d, { poolMinWork: 0, subtreeRows: 512 });
    expect(again.model.trees.left.length).toBeGreaterThan(0);
    const other = await trainForest(learner, { ...params, nthread: 1, seed: 8 }, d);
    expect(Buffer.from(other.model.trees.value.buffer).equals(Buffer.from(one.model.trees.value.buffer))).toBe(false);
  });

  it('reserves enough worker scratch for large data (bootstrap counts and the out-of-bag walk of a deep tree)', async () => {
    const d = planted({ rows: 120_000, task: 'binary', noise: 0.3, seed: 24 });
    const one = await trainForest('rf', { n_estimators: 2, nthread: 1, seed: 1, oob_score: true }, d);
    const two = await trainForest('rf', { n_estimators: 2, nthread: 2, seed: 1, oob_score: true }, d, { poolMinWork: 0 });
    expectSame(one.model.trees, two.model.trees);
    expect(two.model.training.oobRows).toBeGreaterThan(0);
  });
});
