/**
 * The packed prediction kernels against src/reference/predict.ts: predictForest
 * (assembly/forest-predict.ts; GBDT and forest prediction, the booster's validation scoring) and
 * the runtime build's predictRowMajor (assembly/runtime.ts, same node records, row-major rows).
 * Random forests mix numeric and categorical splits, default-left flags and single-leaf trees;
 * rows hold missing values, values equal to thresholds, and negative, fractional, huge and
 * out-of-range category codes.
 *
 * Bit-for-bit rule: for every row r and output k, kernel and reference both add the reached
 * leaves' value[leaf * width + k] to out[r, k] one tree at a time in ascending tree order,
 * rounding to f32 after each add. Row blocks, the padding of a block to eight rows and the
 * eight-row (or, in predictRowMajor's tail, eight-tree) lockstep only change which row goes
 * first, never the order of one output's adds, so the results must be the same bits: any
 * difference is a routing or indexing error, not rounding.
 */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../../src/wasm/layout.js';
import { packNodes } from '../../src/wasm/prediction-nodes.js';
import { leafOf, packedLeaf, predictPacked, rowReader, type PackedForest, type PredictTrees } from '../../src/reference/predict.js';
import { kPackNodes, kPredictForest, kPredictRowMajor } from './run.js';
import { expectExact } from './helpers.js';
import { forest, data, N_FEATURES } from './forest.js';

const engine = createEngine();
/** Row counts around the lockstep width of 8, and several blocks' worth. */
const ROWS = [0, 1, 7, 8, 9, 63, 130];
/** Rows per block: predictForest rounds up to a multiple of 8 (1 -> 8, 13 -> 16), predictRowMajor down (min 8). */
const BLOCKS = [1, 8, 13, 64];
const N_TREES = 12;
/** All trees, a middle range, the last tree alone, a range of 8, an empty range. */
const RANGES = [[0, N_TREES], [3, 8], [N_TREES - 1, N_TREES], [2, 10], [5, 5]];

/** t packed as predictor.ts packs a model, with `width` random outputs per node when width > 1. */
function packed(rng: Rng, t: PredictTrees, width: number): PackedForest {
  const value = width === 1 ? t.value : Float32Array.from({ length: t.left.length * width }, () => Math.fround(rng.next() - 0.3));
  return { nodes: packNodes(t), catLen: t.catLen, catWords: t.catWords, value, treeRoot: t.treeRoot };
}

/** Column-major data as row-major rows. */
function rowMajor(x: Float32Array, nRows: number, nF: number): Float32Array {
  return Float32Array.from({ length: nRows * nF }, (_, i) => x[(i % nF) * nRows + Math.floor(i / nF)]);
}

function setup(seed: number, nRows: number, width: number) {
  const rng = new Rng(seed);
  const t = forest(rng, N_TREES, 1, 0.15);
  const p = packed(rng, t, width);
  const x = data(rng, nRows, t);
  const out = Float32Array.from({ length: nRows * width }, () => rng.next() - 0.5);
  return { t, p, x, out };
}

describe.each(ROWS)('%i rows', (nRows) => {
  it.each([1, 3])('predictForest equals the reference bit for bit (%i outputs per leaf)', (width) => {
    const { p, x, out } = setup(nRows * 7 + width, nRows, width);
    for (const blockRows of BLOCKS) {
      for (const [b, e] of RANGES) {
        const ref = predictPacked(p, x, nRows, N_FEATURES, width, b, e, out);
        expectExact(kPredictForest(engine, p, x, nRows, N_FEATURES, width, b, e, out, blockRows), ref, `trees [${b}, ${e}), blocks of ${blockRows}`);
      }
    }
    expectExact(kPredictForest(engine, p, x, nRows, N_FEATURES, width, 5, 5, out, 8), out, 'empty tree range leaves out as it was');
  });

  it.each([1, 3])('predictRowMajor (runtime build) equals the reference bit for bit (%i outputs per leaf)', (width) => {
    const { p, x, out } = setup(nRows * 13 + width, nRows, width);
    const xr = rowMajor(x, nRows, N_FEATURES);
    for (const blockRows of BLOCKS) {
      for (const [b, e] of RANGES) {
        const ref = predictPacked(p, xr, nRows, N_FEATURES, width, b, e, out, true);
        expectExact(kPredictRowMajor(p, xr, nRows, N_FEATURES, width, b, e, out, blockRows), ref, `trees [${b}, ${e}), blocks of ${blockRows}`);
      }
    }
  });

  it('a run of trees packed on its own (children relative to its first node, as predictor.ts chunks a large forest) sums as in the whole forest', () => {
    const { t, p, x, out } = setup(nRows * 17 + 3, nRows, 1);
    const [b, e] = [3, 9];
    const start = t.treeRoot[b], end = t.treeRoot[e];
    const chunk: PackedForest = {
      nodes: packNodes(t, start, end), catLen: t.catLen.subarray(start, end), catWords: t.catWords,
      value: t.value.subarray(start, end), treeRoot: t.treeRoot.subarray(b, e).map((r) => r - start),
    };
    const whole = predictPacked(p, x, nRows, N_FEATURES, 1, b, e, out);
    expectExact(predictPacked(chunk, x, nRows, N_FEATURES, 1, 0, e - b, out), whole, 'reference on the chunk');
    expectExact(kPredictForest(engine, chunk, x, nRows, N_FEATURES, 1, 0, e - b, out, 64), whole, 'kernel on the chunk');
  });
});

describe('packing', () => {
  const rng = new Rng(99);
  const t = forest(rng, 40, 1, 0.1);
  const nRows = 300;
  const x = data(rng, nRows, t);

  it('packed records route every row to the leaf the unpacked tree arrays do', () => {
    const p = packed(rng, t, 1);
    let categorical = 0;
    for (let r = 0; r < nRows; r++) {
      const row = rowReader(x, nRows, N_FEATURES, r, false);
      for (const root of t.treeRoot) expect(packedLeaf(p, root, row)).toBe(leafOf(t, root, row));
    }
    for (let i = 0; i < t.left.length; i++) if (t.left[i] >= 0 && t.flags[i] & NODE_CATEGORICAL) categorical++;
    expect(categorical).toBeGreaterThan(10);
    expect(Array.from(t.treeRoot).filter((r) => t.left[r] < 0).length, 'single-leaf trees').toBeGreaterThan(0);
  });

  it("the runtime build's packNodes writes the same records as the host's", () => {
    expectExact(kPackNodes(t), packNodes(t), 'packed nodes');
  });
});

describe('routing', () => {
  /** A categorical stump (levels 1 and 33 go left), a numeric stump (x < 0.5 goes left, missing left), a single leaf. */
  const stumps: PredictTrees = {
    feature: Int32Array.of(0, -1, -1, 1, -1, -1, -1), threshold: Float32Array.of(0, 0, 0, 0.5, 0, 0, 0),
    left: Int32Array.of(1, -1, -1, 4, -1, -1, -1), right: Int32Array.of(2, -1, -1, 5, -1, -1, -1),
    flags: Int32Array.of(NODE_CATEGORICAL, 0, 0, NODE_DEFAULT_LEFT, 0, 0, 0), catOffset: Int32Array.of(0, 0, 0, 0, 0, 0, 0),
    catLen: Int32Array.of(2, 0, 0, 0, 0, 0, 0), value: Float32Array.of(0, 1, 2, 0, 10, 20, 100),
    catWords: Uint32Array.of(0b10, 0b10), treeRoot: Int32Array.of(0, 3, 6), treeGroup: Int32Array.of(0, 0, 0),
  };
  const p: PackedForest = { nodes: packNodes(stumps), catLen: stumps.catLen, catWords: stumps.catWords, value: stumps.value, treeRoot: stumps.treeRoot };
  /** Both kernels and the reference on column-major features 0 (categorical) and 1 (numeric), trees [b, e). */
  const all = (f0: number[], f1: number[], b: number, e: number) => {
    const n = f0.length, x = Float32Array.from([...f0, ...f1]), zero = new Float32Array(n);
    const ref = Array.from(predictPacked(p, x, n, 2, 1, b, e, zero));
    expect(Array.from(kPredictForest(engine, p, x, n, 2, 1, b, e, zero, 8)), 'predictForest').toEqual(ref);
    expect(Array.from(kPredictRowMajor(p, rowMajor(x, n, 2), n, 2, 1, b, e, zero, 8)), 'predictRowMajor').toEqual(ref);
    return ref;
  };

  it('categories in the set go left; others, negatives, codes past the bitset and missing (default right) go right', () => {
    const cats = [1, 33, 1.9, 0, 2, 32, 64, 65, -1, -0.5, NaN, Infinity, -Infinity, 1e10];
    expect(all(cats, cats.map(() => 0.5), 0, 1)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it('numeric: x < threshold goes left, x == threshold right, NaN follows the default (left)', () => {
    const xs = [0.49, 0.5, 0.51, NaN, -Infinity, Infinity, -0];
    expect(all(xs.map(() => 0), xs, 1, 2)).toEqual([10, 20, 20, 10, 10, 20, 10]);
  });

  it('a single-leaf tree adds its value to every row, whatever the features', () => {
    expect(all([NaN, 5, -1], [NaN, 1, 0], 2, 3)).toEqual([100, 100, 100]);
    expect(all([1, 2, NaN], [0, 1, NaN], 0, 3)).toEqual([111, 122, 112]);
  });
});
