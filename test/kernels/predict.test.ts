/**
 * predictTrees and predictTreesWide against src/reference/predict.ts on random forests with
 * numeric and categorical nodes, missing values and out-of-range category codes. Leaf values are added to the f32
 * outputs in tree order per row by both, so the sums must match bit for bit.
 */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../../src/wasm/layout.js';
import { predictTrees, leafOf, type PredictTrees } from '../../src/reference/predict.js';
import { kPredict } from './run.js';
import { SIZES, expectExact } from './helpers.js';
import { forest, data } from './forest.js';

const engine = createEngine();
describe.each([...SIZES, 63, 64, 65, 130])('predictTrees, %i rows', (nRows) => {
  it.each([1, 2, 3])('equals the reference traversal bit for bit (%i output groups)', (nGroups) => {
    const rng = new Rng(nRows * 7 + nGroups);
    const t = forest(rng, 12, nGroups);
    const x = data(rng, nRows, t);
    const out = Float32Array.from({ length: nRows * nGroups }, () => rng.next() - 0.5);
    // All trees, a middle range, and an empty range (out unchanged).
    for (const [b, e] of [[0, 12], [3, 8], [5, 5]]) {
      const k = kPredict(engine, t, x, nRows, b, e, nGroups, out);
      expectExact(k, predictTrees(t, x, nRows, b, e, nGroups, out), `trees [${b}, ${e})`);
    }
    expectExact(kPredict(engine, t, x, nRows, 5, 5, nGroups, out), out, 'empty tree range');
    // predictTreesWide with width 1 is predictTrees.
    expectExact(kPredict(engine, t, x, nRows, 0, 12, nGroups, out, 1), predictTrees(t, x, nRows, 0, 12, nGroups, out), 'wide, width 1');
  });

  it.each([2, 3])('predictTreesWide adds a leaf vector of %i outputs per row, bit for bit', (nGroups) => {
    const rng = new Rng(nRows * 11 + nGroups);
    const t = forest(rng, 9, 1);
    // Leaves hold class distributions: nGroups values per node.
    const wide = { ...t, value: Float32Array.from({ length: t.left.length * nGroups }, () => Math.fround(rng.next())) };
    const x = data(rng, nRows, wide);
    const out = Float32Array.from({ length: nRows * nGroups }, () => rng.next() - 0.5);
    for (const [b, e] of [[0, 9], [2, 7], [4, 4]]) {
      const k = kPredict(engine, wide, x, nRows, b, e, nGroups, out, nGroups);
      expectExact(k, predictTrees(wide, x, nRows, b, e, nGroups, out, nGroups), `trees [${b}, ${e})`);
    }
  });
});

describe('predictTrees routing', () => {
  /** One categorical stump (levels 1 and 33 go left) then one numeric stump (x < 0.5 goes left). */
  const stumps: PredictTrees = {
    feature: Int32Array.of(0, -1, -1, 1, -1, -1), threshold: Float32Array.of(0, 0, 0, 0.5, 0, 0),
    left: Int32Array.of(1, -1, -1, 4, -1, -1), right: Int32Array.of(2, -1, -1, 5, -1, -1),
    flags: Int32Array.of(NODE_CATEGORICAL, 0, 0, NODE_DEFAULT_LEFT, 0, 0), catOffset: Int32Array.of(0, 0, 0, 0, 0, 0),
    catLen: Int32Array.of(2, 0, 0, 0, 0, 0), value: Float32Array.of(0, 1, 2, 0, 10, 20),
    catWords: Uint32Array.of(0b10, 0b10), treeRoot: Int32Array.of(0, 3), treeGroup: Int32Array.of(0, 0),
  };
  it('categories in the set go left; others, negatives, codes past the bitset and missing (default right) go right', () => {
    const cats = [1, 33, 1.9, 0, 2, 32, 64, 65, -1, NaN, Infinity, 1e10];
    const expected = [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    const n = cats.length;
    const x = Float32Array.from([...cats, ...new Array(n).fill(0.5)]);
    const k = kPredict(engine, stumps, x, n, 0, 1, 1, new Float32Array(n));
    expect(Array.from(k)).toEqual(expected);
    expect(cats.map((_, r) => stumps.value[leafOf(stumps, 0, x, n, r)])).toEqual(expected);
  });
  it('numeric: x < threshold goes left, x == threshold right, NaN follows the default (left)', () => {
    const xs = [0.49, 0.5, 0.51, NaN, -Infinity, Infinity];
    const x = Float32Array.from([...new Array(xs.length).fill(0), ...xs]);
    const k = kPredict(engine, stumps, x, xs.length, 1, 2, 1, new Float32Array(xs.length));
    expect(Array.from(k)).toEqual([10, 20, 20, 10, 10, 20]);
  });
});
