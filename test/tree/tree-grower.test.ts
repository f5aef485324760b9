/**
 * TreeGrower on binned data built directly in kernel memory from a known rule:
 *   y = 10 when bin(f2) <= 12 or f2 is missing, else 0;  plus 5 (left of that split) or 1
 *   (right of it) when f0's category is 1 or 4.  f1 and f3 are noise.
 * Squared error at margin 0 gives g = -y, h = 1: sums of small integers, exact in f64, so pure
 * nodes have gain exactly 0 and never split.
 */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { FEATURE_CAT_FLAG, MISSING_BIN } from '../../src/wasm/layout.js';
import { TreeGrower } from '../../src/tree/tree-grower.js';
import { XGBoostSplitter, type BoostSplitParams } from '../../src/tree/xgboost-splitter.js';
import { type BinTree, liveLeaves } from '../../src/tree/bin-tree.js';
import { goesLeft } from '../../src/reference/partition.js';
import { buildHistogram } from '../../src/reference/histogram.js';
import { exhaustiveNumeric, partitionScan, type SplitParams } from '../../src/reference/split.js';

const N = 1200;
const N_BINS = [6, 16, 32, 64];
const IS_CAT = [true, false, false, false];
const SET = new Set([1, 4]);

function dataset(seed: number) {
  const rng = new Rng(seed);
  const bins = new Uint8Array(N * 4);
  const y = new Float32Array(N);
  for (let r = 0; r < N; r++) {
    for (let f = 0; f < 4; f++) bins[f * N + r] = rng.int(N_BINS[f]);
    if (rng.next() < 0.08) bins[2 * N + r] = MISSING_BIN;
    const b2 = bins[2 * N + r], left = b2 === MISSING_BIN || b2 <= 12;
    y[r] = (left ? 10 : 0) + (SET.has(bins[r]) ? (left ? 5 : 1) : 0);
  }
  return { bins, y };
}

type GrowParams = BoostSplitParams & { maxDepth: number; maxLeaves: number; lossguide: boolean; colsampleBynode: number };

const BASE: GrowParams = {
  maxDepth: 2, maxLeaves: 0, lossguide: false, eta: 0.3, gamma: 0, lambda: 0, alpha: 0, minChildWeight: 0,
  maxDeltaStep: 0, maxCatToOnehot: 4, maxCatThreshold: 64, colsampleBynode: 1,
};

/** Grows one tree over `used` rows (all rows in order when omitted) and returns it with the final row order. */
function grow(p: GrowParams, seed = 1, used?: Uint32Array) {
  const engine = createEngine();
  const { arena, kernels } = engine;
  const { bins, y } = dataset(seed);
  const pb = arena.put(bins);
  const binsRM = arena.alloc(N * 4 + 16); // the gather reads up to 16 bytes past the matrix
  kernels.binsToRowMajor(pb, N, 4, binsRM);
  const info = arena.put(Int32Array.from(N_BINS, (n, f) => n | (IS_CAT[f] ? FEATURE_CAT_FLAG : 0)));
  const gh = arena.put(Float32Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? -y[i / 2] : 1)));
  const grower = new TreeGrower(engine, { bins: pb, binsRM, nRows: N, nFeatures: 4, info }, p, new XGBoostSplitter(engine, info, 4, p));
  const rows = used ?? Uint32Array.from({ length: N }, (_, i) => i);
  arena.u32(grower.rows, rows.length).set(rows);
  const tree = grower.grow(gh, rows.length, !used, Int32Array.of(0, 1, 2, 3), new Rng(7));
  return { tree, rows: arena.u32(grower.rows, rows.length).slice(), bins, y };
}

/** The leaf a row reaches by the tree's bin-space splits. */
function leafOf(t: BinTree, bins: Uint8Array, r: number): number {
  let n = 0;
  while (t.left[n] >= 0) {
    const f = t.feature[n];
    n = goesLeft(bins[f * N + r], t.catBits[n] !== null, t.splitBin[n], t.defaultLeft[n], t.catBits[n] ?? new Uint32Array(8))
      ? t.left[n] : t.right[n];
  }
  return n;
}

/** Every used row lies in exactly one leaf segment, the one its bins lead to; leaf stats match its rows. */
function checkLeaves(t: BinTree, rows: Uint32Array, bins: Uint8Array, y: Float32Array, eta: number): void {
  const seen = new Uint8Array(N);
  let covered = 0;
  for (const leaf of liveLeaves(t)) {
    let sum = 0;
    for (let i = t.begin[leaf]; i < t.end[leaf]; i++) {
      const r = rows[i];
      expect(seen[r], `row ${r} in two leaves`).toBe(0);
      seen[r] = 1;
      expect(leafOf(t, bins, r), `row ${r} segment vs traversal`).toBe(leaf);
      sum += y[r];
    }
    const count = t.end[leaf] - t.begin[leaf];
    covered += count;
    expect(t.cover[leaf]).toBe(count);
    expect(t.gradSum[leaf][0]).toBe(0 - sum);
    // lambda = 0: the leaf value is -G/H * eta = mean(y) * eta (f32 weight times f32 eta).
    expect(t.value[leaf]).toBeCloseTo((sum / count) * eta, 5);
  }
  expect(covered).toBe(rows.length);
}

/** The value bins going left at a categorical node, among the feature's categories. */
const catLeft = (t: BinTree, n: number) => [...Array(N_BINS[0]).keys()].filter((b) => ((t.catBits[n]![b >> 5] >>> (b & 31)) & 1) === 1);

describe('TreeGrower', () => {
  it('depth 2: the root splits f2 after bin 12 with missing left, both children split f0 by the set {1, 4}', () => {
    const { tree: t, rows, bins, y } = grow(BASE);
    expect([t.feature[0], t.splitBin[0], t.defaultLeft[0], t.catBits[0]]).toEqual([2, 12, true, null]);
    for (const child of [t.left[0], t.right[0]]) {
      expect(t.feature[child]).toBe(0);
      const left = catLeft(t, child);
      expect(left.join() === '1,4' || left.join() === '0,2,3,5', `child ${child}: ${left}`).toBe(true);
      for (const leaf of [t.left[child], t.right[child]]) expect(t.left[leaf]).toBe(-1);
    }
    expect(liveLeaves(t).length).toBe(4);
    checkLeaves(t, rows, bins, y, BASE.eta);
    // Every leaf is pure: one of the four values of the rule.
    const values = liveLeaves(t).map((l) => Math.round((0 - t.gradSum[l][0]) / t.cover[l]) + 0).sort((a, b) => a - b);
    expect(values).toEqual([0, 1, 10, 15]);
  });

  it('grows over a row subset (root histogram from the row list) and partitions only those rows', () => {
    const used = new Rng(3).sampleSorted(N, 700);
    const { tree: t, rows, bins, y } = grow(BASE, 1, used);
    expect([t.feature[0], t.splitBin[0], t.defaultLeft[0]]).toEqual([2, 12, true]);
    expect(Array.from(rows).sort((a, b) => a - b)).toEqual(Array.from(used));
    checkLeaves(t, rows, bins, y, BASE.eta);
  });

  it.each([2, 3, 4, 5, 8])('lossguide with max_leaves %i: at most that many leaves, the best-gain leaf split first', (maxLeaves) => {
    const p = { ...BASE, maxDepth: 0, lossguide: true, maxLeaves };
    const { tree: t, rows, bins, y } = grow(p);
    const leaves = liveLeaves(t);
    expect(leaves.length).toBeLessThanOrEqual(maxLeaves);
    expect(leaves.length).toBe(Math.min(maxLeaves, 4));
    checkLeaves(t, rows, bins, y, p.eta);
    // The left child of the root (category effect 5) beats the right one (effect 1).
    if (maxLeaves === 3) expect([t.left[t.left[0]] >= 0, t.left[t.right[0]] >= 0]).toEqual([true, false]);
    // Node ids follow expansion order: when the node with children (c, c + 1) was split, every
    // other node already created and not yet split had a best split no better than its gain.
    const sp: SplitParams = { lambda: 0, alpha: 0, minChildWeight: 0, maxDeltaStep: 0, maxCatToOnehot: 4, maxCatThreshold: 64 };
    const bestGain = (n: number) => {
      if (t.end[n] - t.begin[n] < 2) return -Infinity;
      const h = buildHistogram(bins, N, Float32Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? -y[i / 2] : 1)),
        rows, t.begin[n], t.end[n], [0, 1, 2, 3], 4);
      return Math.max(...[0, 1, 2, 3].map((f) => {
        const fh = h.subarray(f * 512, (f + 1) * 512);
        return (IS_CAT[f] ? partitionScan(sp, fh, N_BINS[f], t.gradSum[n][0], t.cover[n]) : exhaustiveNumeric(sp, fh, N_BINS[f], t.gradSum[n][0], t.cover[n])).gain;
      }));
    };
    const split = [...t.left.keys()].filter((n) => t.left[n] >= 0).sort((a, b) => t.left[a] - t.left[b]);
    split.forEach((n) => {
      expect(Math.abs(t.gain[n] - bestGain(n)), `node ${n}: recorded gain`).toBeLessThanOrEqual(1e-6 * Math.max(1, t.gain[n]));
      for (let m = 0; m < t.left[n]; m++) {
        const waiting = m !== n && (t.left[m] < 0 || t.left[m] > t.left[n]);
        if (waiting) expect(bestGain(m), `node ${m} waited while node ${n} split`).toBeLessThanOrEqual(t.gain[n] + 1e-6 * t.gain[n]);
      }
    });
  });
});
