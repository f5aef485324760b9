/**
 * Split kernels against src/reference/split.ts: the weight / gain formulas bit for bit, and
 * splitFind against searches that enumerate every candidate and sum both sides directly.
 *
 * The kernel combines gains in f32, as XGBoost's hist evaluator does (commit 6f961a7), while
 * it accumulates sides as f64 running sums and gets one side by subtraction; the reference
 * sums each side from scratch. The f64 sums then differ in the last bits, which can move an
 * f32 side score by one ulp (6e-8 relative), so gains compare within 1e-6 of the node's score
 * magnitude: the gain is a difference of f32 scores of that size.
 */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { FEATURE_CAT_FLAG, MISSING_BIN } from '../../src/wasm/layout.js';
import { buildHistogram, HIST_F64_PER_FEATURE as W } from '../../src/reference/histogram.js';
import {
  type SplitParams, type BestSplit, leafWeight, nodeGain, splitGain, leftSums, exhaustiveNumeric, exhaustiveOneHot,
  exhaustivePartition, partitionScan,
} from '../../src/reference/split.js';
import { kLeafWeight, kNodeGain, kSplitFind, type SplitRecord } from './run.js';
import { SIZES, FEATURE_COUNTS, SPLIT_P0, SPLIT_PARAMS, randomBins, randomGh, randomSubset } from './helpers.js';

const engine = createEngine();
const P0 = SPLIT_P0;
const PARAMS = SPLIT_PARAMS;

const tolOf = (p: SplitParams, g: number, h: number, ex: BestSplit) => {
  const parent = Math.abs(nodeGain(p, g, h));
  return 1e-6 * Math.max(1, parent + (Number.isFinite(ex.gain) ? Math.abs(ex.gain) : 0));
};

/** Whether value bin b goes left under a kernel record. */
const recLeft = (rec: SplitRecord) => (b: number) =>
  rec.isCat ? ((rec.catBits[b >> 5] >>> (b & 31)) & 1) === 1 : b <= rec.bin;

/**
 * A kernel record must describe a real candidate (its left sums and gain recomputed directly
 * from the histogram), reach `expected`'s gain and not exceed `ceiling`'s. With
 * min_child_weight 0 the kernel may also return a split with an empty side (gain 0 up to
 * rounding: its scans reach the cut after the last bin, and one-hot / partition cuts at absent
 * categories); then nothing better may exist.
 */
function checkRecord(rec: SplitRecord, p: SplitParams, hist: Float64Array, nBins: number, isCat: boolean,
  g: number, h: number, expected: BestSplit, what: string, ceiling?: BestSplit): void {
  const tol = tolOf(p, g, h, expected);
  expect(rec.isCat, `${what}: isCat`).toBe(isCat);
  if (rec.gain === -Infinity) {
    expect(expected.gain, `${what}: kernel found no split`).toBe(-Infinity);
    return;
  }
  const [gl, hl] = leftSums(hist, nBins, recLeft(rec), rec.defaultLeft);
  const [gr, hr] = leftSums(hist, nBins, (b) => !recLeft(rec)(b), !rec.defaultLeft);
  expect(Math.abs(rec.leftG - gl), `${what}: leftG ${rec.leftG} vs ${gl}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(g)));
  expect(Math.abs(rec.leftH - hl), `${what}: leftH ${rec.leftH} vs ${hl}`).toBeLessThanOrEqual(1e-9 * Math.max(1, h));
  const gain = splitGain(p, gl, hl, gr, hr, nodeGain(p, g, h));
  expect(Math.abs(rec.gain - gain), `${what}: gain of the reported split`).toBeLessThanOrEqual(tol);
  if (!isCat) expect(rec.bin >= -1 && rec.bin < nBins, `${what}: bin ${rec.bin}`).toBe(true);
  if (hl === 0 || hr === 0) {
    expect(p.minChildWeight, `${what}: empty child with min_child_weight > 0`).toBe(0);
    expect(Math.abs(rec.gain), `${what}: empty-child gain`).toBeLessThanOrEqual(tol);
    expect(expected.gain, `${what}: a real split beats the empty-child one`).toBeLessThanOrEqual(tol);
  } else {
    expect(hl >= p.minChildWeight - tol && hr >= p.minChildWeight - tol, `${what}: min_child_weight`).toBe(true);
    expect(Math.abs(rec.gain - expected.gain), `${what}: gain ${rec.gain} vs best ${expected.gain}`).toBeLessThanOrEqual(tol);
    if (ceiling) expect(rec.gain, `${what}: above the exhaustive best`).toBeLessThanOrEqual(ceiling.gain + tolOf(p, g, h, ceiling));
  }
}

describe('leafWeight and nodeGain', () => {
  it.each(PARAMS)('equal the reference bit for bit (%s)', (_, p) => {
    const rng = new Rng(5);
    const hs = [0, 1e-300, p.minChildWeight, p.minChildWeight * (1 - 1e-15), 0.05, 1, 37.5, 1e6];
    for (let i = 0; i < 400; i++) {
      const g = i < 8 ? [0, -0, p.alpha, -p.alpha, 1e-12, -3, 1e6, -1e6][i] : (rng.next() - 0.5) * 10 ** (rng.int(7) - 2);
      const h = i % 3 === 0 ? hs[i % hs.length] : rng.next() * 10 ** (rng.int(5) - 1);
      expect(Object.is(kLeafWeight(engine, p, g, h), leafWeight(p, g, h)), `leafWeight(${g}, ${h})`).toBe(true);
      expect(Object.is(kNodeGain(engine, p, g, h), nodeGain(p, g, h)), `nodeGain(${g}, ${h})`).toBe(true);
    }
  });
});

/** Random node: binned rows with numeric and categorical features, its histogram and totals. */
function node(seed: number, nRows: number, nF: number) {
  const rng = new Rng(seed);
  const cat = Array.from({ length: nF }, () => rng.next() < 0.4);
  // Categorical: 2..10 categories (one-hot below max_cat_to_onehot, else partition, enumerable).
  const nBins = cat.map((c) => (c ? 2 + rng.int(9) : [1, 2, 3, 16, 255][rng.int(5)]));
  const bins = randomBins(rng, nRows, nBins, rng.next() < 0.5 ? 0 : 0.15);
  const gh = randomGh(rng, nRows);
  const rows = Uint32Array.from({ length: nRows }, (_, i) => i);
  const all = Int32Array.from({ length: nF }, (_, i) => i);
  const hist = buildHistogram(bins, nRows, gh, rows, 0, nRows, all, nF);
  let g = 0, h = 0;
  for (let r = 0; r < nRows; r++) { g += gh[2 * r]; h += gh[2 * r + 1]; }
  const info = Int32Array.from(nBins, (n, f) => n | (cat[f] ? FEATURE_CAT_FLAG : 0));
  return { rng, cat, nBins, hist, g, h, info };
}

describe.each(SIZES)('splitFind on a node of %i rows', (nRows) => {
  it.each(FEATURE_COUNTS)('matches the exhaustive searches on every feature (%i features)', (nF) => {
    for (const [name, p] of PARAMS) {
      const { rng, cat, nBins, hist, g, h, info } = node(100 * nRows + nF, nRows, nF);
      const feats = randomSubset(rng, nF, nF);
      const recs = kSplitFind(engine, p, hist, feats, info, g, h);
      feats.forEach((f, i) => {
        const fh = hist.subarray(f * W, (f + 1) * W), nb = nBins[f];
        const what = `${name}, feature ${f} (${cat[f] ? 'cat' : 'num'} ${nb})`;
        if (!cat[f]) return checkRecord(recs[i], p, fh, nb, false, g, h, exhaustiveNumeric(p, fh, nb, g, h), what);
        // Categorical: the kernel's candidate family exactly, and never above every subset's best.
        const ex = nb < p.maxCatToOnehot ? exhaustiveOneHot(p, fh, nb, g, h, 'both') : exhaustivePartition(p, fh, nb, g, h);
        const family = nb < p.maxCatToOnehot ? exhaustiveOneHot(p, fh, nb, g, h) : partitionScan(p, fh, nb, g, h);
        checkRecord(recs[i], p, fh, nb, true, g, h, family, what, ex);
      });
    }
  });
});

/** A categorical histogram drawn directly: n categories with G in [-3, 3), H in [0.05, 5.05). */
function catHist(rng: Rng, n: number, missing: boolean) {
  const cats = Array.from({ length: n }, () => [6 * rng.next() - 3, 0.05 + 5 * rng.next()]);
  return catHistOf(cats, missing ? [6 * rng.next() - 3, 0.05 + 5 * rng.next()] : [0, 0]);
}

/** A histogram of the given (G, H) categories and missing slot, with its totals. */
function catHistOf(cats: number[][], missing: number[]) {
  const hist = new Float64Array(W);
  cats.forEach(([gc, hc], c) => { hist[2 * c] = gc; hist[2 * c + 1] = hc; });
  [hist[2 * MISSING_BIN], hist[2 * MISSING_BIN + 1]] = missing;
  let g = 0, h = 0;
  for (let b = 0; b < 256; b++) { g += hist[2 * b]; h += hist[2 * b + 1]; }
  return { hist, g, h };
}

const catFind = (p: SplitParams, c: { hist: Float64Array; g: number; h: number }, n: number) =>
  kSplitFind(engine, p, c.hist, Int32Array.of(0), Int32Array.of(n | FEATURE_CAT_FLAG), c.g, c.h)[0];

/** The split separates the missing values from every category. */
const missingAlone = (ex: BestSplit, n: number) =>
  (ex.leftBins.length === 0 && ex.defaultLeft) || (ex.leftBins.length === n && !ex.defaultLeft);

describe('categorical partition mode against all 2^n subsets', () => {
  // For a convex node score the best split of the categories' (G, H) points is a vertex of
  // their zonotope, i.e. contiguous in G/H order. That is the kernel's weight order when
  // lambda = alpha = 0 and min_child_weight = 0 (max_delta_step clips weights monotonically).
  // It holds when splitting beats not splitting (gain > 0), and the scan never tries the
  // missing values alone against all categories.
  it.each([['lambda=0', P0], ['max_delta_step=0.3', { ...P0, maxDeltaStep: 0.3 }]] as [string, SplitParams][])(
    'the sorted scan finds the optimum (%s, 2..10 categories)', (_, base) => {
      const p = { ...base, maxCatToOnehot: 1 };
      let checked = 0;
      for (let seed = 0; seed < 600; seed++) {
        const rng = new Rng(seed);
        const n = 2 + rng.int(9);
        const c = catHist(rng, n, seed % 2 === 1);
        const ex = exhaustivePartition(p, c.hist, n, c.g, c.h);
        if (ex.gain <= tolOf(p, c.g, c.h, ex) || missingAlone(ex, n)) continue;
        checked++;
        checkRecord(catFind(p, c, n), p, c.hist, n, true, c.g, c.h, ex, `seed ${seed}`);
      }
      expect(checked).toBeGreaterThan(500);
    });

  it('with lambda, alpha or max_delta_step the optimum is contiguous in G/H order (reference only)', () => {
    for (const over of [{ lambda: 1 }, { lambda: 5 }, { alpha: 0.7 }, { maxDeltaStep: 0.3, alpha: 0.7, lambda: 1 }]) {
      const p: SplitParams = { ...P0, ...over, maxCatToOnehot: 1 };
      for (let seed = 0; seed < 300; seed++) {
        const rng = new Rng(seed);
        const n = 2 + rng.int(9);
        const c = catHist(rng, n, false);
        const ex = exhaustivePartition(p, c.hist, n, c.g, c.h);
        if (ex.gain <= tolOf(p, c.g, c.h, ex)) continue;
        const ratio = partitionScan(p, c.hist, n, c.g, c.h, 'ratio');
        expect(Math.abs(ratio.gain - ex.gain), `${JSON.stringify(over)} seed ${seed}`).toBeLessThanOrEqual(tolOf(p, c.g, c.h, ex));
      }
    }
  });
});

// Where the XGBoost-compatible scans stop short of the exhaustive optimum (reported; these pin
// the current behaviour: the kernel reaches exactly its scan's best, below every subset's best).
describe('limits of the XGBoost-compatible categorical scans', () => {
  const limits: [string, SplitParams, ReturnType<typeof catHistOf>, number][] = [
    // Alike categories; missing values far from them. Best: missing alone (gain 9.375).
    ['partition: missing values alone against all categories', { ...P0, maxCatToOnehot: 1 },
      catHistOf([[-1, 2], [-1.1, 2], [-0.9, 2]], [4, 2]), 9.375],
    // lambda = 1. G/H order c0 < c1 < c2, weight order c1 < c0 < c2: {c0} | {c1, c2} (8/99) is no cut of it.
    ['partition: lambda > 0 sorts by G/(H+lambda), not G/H', { ...P0, lambda: 1, maxCatToOnehot: 1 },
      catHistOf([[-3, 4.5], [-1, 1], [-4, 2.5]], [0, 0]), 8 / 99],
    // alpha = 1: c1 and c2 both get weight 0 (|G| <= alpha) and keep index order c0 < c1 < c2;
    // G/H order is c0, c2, c1 and the best split {c1} | {c0, c2} (49/12 - 6/5) is no cut of the former.
    ['partition: alpha ties weights at 0', { ...P0, alpha: 1, maxCatToOnehot: 1 },
      catHistOf([[3.5, 2], [-0.5, 4.5], [1, 1]], [0, 0]), 49 / 12 - 6 / 5],
    // One-hot: missing values stay with the rest; the best split sends them with category 0 (36/2 + 4/2 - 16/4).
    ['one-hot: missing values never go with the lone category', { ...P0, maxCatToOnehot: 8 },
      catHistOf([[-3, 1], [1, 1], [1, 1]], [-3, 1]), 16],
  ];
  it.each(limits)('%s', (_, p, c, optimum) => {
    const n = 3;
    const oneHot = n < p.maxCatToOnehot;
    const ex = oneHot ? exhaustiveOneHot(p, c.hist, n, c.g, c.h, 'both') : exhaustivePartition(p, c.hist, n, c.g, c.h);
    expect(ex.gain).toBeCloseTo(optimum, 5);
    const rec = catFind(p, c, n);
    const family = oneHot ? exhaustiveOneHot(p, c.hist, n, c.g, c.h) : partitionScan(p, c.hist, n, c.g, c.h);
    checkRecord(rec, p, c.hist, n, true, c.g, c.h, family, 'scan');
    expect(rec.gain).toBeLessThan(ex.gain - 0.05);
  });
});

describe('constructed splits', () => {
  it('numeric: a split of the missing values alone is found', () => {
    const c = catHistOf([[-1, 1], [-1, 1], [-1, 1], [-1, 1], [-1, 1]], [3, 1]);
    const rec = kSplitFind(engine, P0, c.hist, Int32Array.of(0), Int32Array.of(5), c.g, c.h)[0];
    checkRecord(rec, P0, c.hist, 5, false, c.g, c.h, exhaustiveNumeric(P0, c.hist, 5, c.g, c.h), 'missing alone');
    expect(rec.leftH === 1 || rec.leftH === 5).toBe(true);
  });

  it('ties keep the first candidate: the lowest threshold, the lowest category', () => {
    // Cuts after bin 0 and after bin 2 both gain 1 + 1/3 (in f32 too); the forward scan meets bin 0 first.
    const c = catHistOf([[-1, 1], [0, 1], [0, 1], [1, 1]], [0, 0]);
    const num = kSplitFind(engine, P0, c.hist, Int32Array.of(0), Int32Array.of(4), c.g, c.h)[0];
    expect([num.bin, num.defaultLeft, num.gain]).toEqual([0, false, Math.fround(1 + Math.fround(1 / 3))]);
    // One-hot: categories 1 and 2 are identical outliers; category 1 is tried first.
    const oneHot = catFind({ ...P0, maxCatToOnehot: 8 }, catHistOf([[-1, 1], [4, 1], [4, 1], [-1, 1], [-1, 1]], [0, 0]), 5);
    expect([oneHot.catBits[0] & 0x1f, oneHot.gain]).toEqual([0b11101, 11.25]);
  });

  it('a pure node (one G/H ratio everywhere) gains nothing, up to 2 f32 ulps of its score', () => {
    // Mathematically every split of it has gain 0; the f32 arithmetic leaves noise of about one
    // ulp of the parent score, which exceeds the grower's MIN_GAIN (1e-6) once scores pass ~8.
    for (const gv of [-0.3, -3.3, -10.1, -37.7]) {
      const rng = new Rng(1), counts = Array.from({ length: 32 }, () => 1 + rng.int(60));
      const g32 = Math.fround(gv), h32 = Math.fround(0.7);
      const c = catHistOf(counts.map((n) => [n * g32, n * h32]), [0, 0]);
      const rec = kSplitFind(engine, P0, c.hist, Int32Array.of(0), Int32Array.of(32), c.g, c.h)[0];
      const score = nodeGain(P0, c.g, c.h), ulp = 2 ** (Math.floor(Math.log2(score)) - 23);
      expect(Math.abs(rec.gain), `g ${gv}: score ${score}`).toBeLessThanOrEqual(2 * ulp);
    }
  });

  it('one-hot: the lone category goes right, the others and missing values left', () => {
    const p = { ...P0, maxCatToOnehot: 8 };
    const c = catHistOf([[-1, 1], [-1, 1], [5, 1], [-1, 1]], [1, 1]);
    const rec = catFind(p, c, 4);
    expect([rec.catBits[0] & 0xf, rec.defaultLeft]).toEqual([0b1011, true]);
    checkRecord(rec, p, c.hist, 4, true, c.g, c.h, exhaustiveOneHot(p, c.hist, 4, c.g, c.h), 'one-hot');
  });
});
