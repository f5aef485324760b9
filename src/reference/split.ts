/**
 * Plain-TypeScript twin of assembly/split.ts (tests only): XGBoost's leaf weight and gain
 * formulas with its f32 roundings, the kernel's categorical scan, and exhaustive split searches
 * that enumerate every candidate and sum both sides directly from the histogram.
 */
import { MISSING_BIN } from '../wasm/layout.js';
import type { SplitParams } from '../wasm/records.js';

const f = Math.fround;

/** The regularisation block the split kernel reads (layout.ts PARAM_*): src/wasm/records.ts. */
export type { SplitParams };

/** Soft threshold of a gradient sum by the L1 penalty. */
export function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/** -T(G)/(H+lambda) in f64, clipped to +-max_delta_step when set; 0 when h < min_child_weight or h <= 0. */
export function leafWeight(p: SplitParams, g: number, h: number): number {
  if (h < p.minChildWeight || h <= 0) return 0;
  const w = -thresholdL1(g, p.alpha) / (h + p.lambda);
  if (p.maxDeltaStep !== 0 && Math.abs(w) > p.maxDeltaStep) return w > 0 ? p.maxDeltaStep : -p.maxDeltaStep;
  return w;
}

/**
 * Score of one side, an f32 value (XGBoost's CalcGainGivenWeight): T(G)^2/(H+lambda) rounded
 * once, or with max_delta_step every operation in f32 on the f32 weight. 0 when h <= 0.
 */
export function nodeGain(p: SplitParams, g: number, h: number): number {
  if (h <= 0) return 0;
  if (p.maxDeltaStep === 0) {
    const t = thresholdL1(g, p.alpha);
    return f((t * t) / (h + p.lambda));
  }
  const w = f(leafWeight(p, g, h));
  return -f(f(f(2 * f(g)) * w) + f(f(f(f(h) + f(p.lambda)) * w) * w));
}

/** Loss change of a split, in f32: (left + right) - parent. */
export function splitGain(p: SplitParams, gl: number, hl: number, gr: number, hr: number, parent: number): number {
  return f(f(nodeGain(p, gl, hl) + nodeGain(p, gr, hr)) - parent);
}

/** The best split of one feature. */
export interface BestSplit {
  /** Loss change (children minus parent); -Infinity when no candidate is valid. */
  gain: number;
  leftG: number;
  leftH: number;
  /** Numeric: last value bin going left (-1: none). -1 for categorical splits. */
  bin: number;
  defaultLeft: boolean;
  /** Categorical: the value bins going left (missing follows defaultLeft). */
  leftBins: number[];
}

const NONE: BestSplit = { gain: -Infinity, leftG: 0, leftH: 0, bin: -1, defaultLeft: false, leftBins: [] };

/** Gradient and hessian sums of the left side (value bins in `inLeft`, plus missing when defaultLeft), summed directly. */
export function leftSums(hist: Float64Array, nBins: number, inLeft: (b: number) => boolean, defaultLeft: boolean): [number, number] {
  let gl = 0, hl = 0;
  for (let b = 0; b < nBins; b++) if (inLeft(b)) { gl += hist[2 * b]; hl += hist[2 * b + 1]; }
  if (defaultLeft) { gl += hist[2 * MISSING_BIN]; hl += hist[2 * MISSING_BIN + 1]; }
  return [gl, hl];
}

/**
 * Scores one candidate. Both sides are summed directly from the histogram (hist: one feature's
 * 512 values), never by subtraction. A side with zero hessian holds no rows (hessians are
 * positive), so the candidate is not a split; otherwise it is valid when both sides reach
 * min_child_weight.
 */
function consider(best: BestSplit, p: SplitParams, hist: Float64Array, nBins: number, g: number, h: number,
  left: number[], defaultLeft: boolean, bin = -1): BestSplit {
  const inLeft = new Set(left);
  const [gl, hl] = leftSums(hist, nBins, (b) => inLeft.has(b), defaultLeft);
  const [gr, hr] = leftSums(hist, nBins, (b) => !inLeft.has(b), !defaultLeft);
  if (hl === 0 || hr === 0 || hl < p.minChildWeight || hr < p.minChildWeight) return best;
  const gain = splitGain(p, gl, hl, gr, hr, nodeGain(p, g, h));
  return gain > best.gain ? { gain, leftG: gl, leftH: hl, bin, defaultLeft, leftBins: left } : best;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Numeric feature: every threshold bin -1..nBins-1 with missing values on either side. */
export function exhaustiveNumeric(p: SplitParams, hist: Float64Array, nBins: number, g: number, h: number): BestSplit {
  let best = NONE;
  for (const dl of [false, true]) {
    for (let t = -1; t < nBins; t++) best = consider(best, p, hist, nBins, g, h, range(t + 1), dl, t);
  }
  return best;
}

/** Present categories: value bins with a positive hessian. */
const presentBins = (hist: Float64Array, nBins: number) => range(nBins).filter((b) => hist[2 * b + 1] > 0);

/**
 * Categorical, one-hot mode: each present category against the rest. missing: 'left' keeps
 * missing values with the rest (XGBoost's one-hot mode, which the kernel implements); 'both'
 * also tries them with the lone category.
 */
export function exhaustiveOneHot(p: SplitParams, hist: Float64Array, nBins: number, g: number, h: number,
  missing: 'left' | 'both' = 'left'): BestSplit {
  let best = NONE;
  for (const c of presentBins(hist, nBins)) {
    for (const dl of missing === 'both' ? [true, false] : [true]) {
      best = consider(best, p, hist, nBins, g, h, range(nBins).filter((b) => b !== c), dl);
    }
  }
  return best;
}

/**
 * Categorical, partition mode: every subset of the present categories (2^n, n <= 16) with
 * missing values on either side. includeMissingAlone: false drops the two candidates that
 * separate the missing values from all categories.
 */
export function exhaustivePartition(p: SplitParams, hist: Float64Array, nBins: number, g: number, h: number,
  includeMissingAlone = true): BestSplit {
  const cats = presentBins(hist, nBins);
  const n = cats.length;
  if (n > 16) throw new Error(`exhaustivePartition: ${n} categories is too many to enumerate`);
  let best = NONE;
  for (let mask = 0; mask < 1 << n; mask++) {
    const left = cats.filter((_, i) => (mask >> i) & 1);
    for (const dl of [false, true]) {
      if (!includeMissingAlone && ((mask === 0 && dl) || (mask === (1 << n) - 1 && !dl))) continue;
      best = consider(best, p, hist, nBins, g, h, left, dl);
    }
  }
  return best;
}

/**
 * The kernel's partition-mode scan: all nBins categories stably sorted by a key, then contiguous
 * cuts of that order with at most max_cat_threshold categories on the cut side: a prefix goes
 * right with missing values left, or a suffix goes left with missing values right. key
 * 'weight' is the kernel's (f32 leaf weight, 0 below min_child_weight); 'ratio' sorts by -G/H
 * (absent categories last), the order in which the best split is contiguous for any convex
 * node score.
 */
export function partitionScan(p: SplitParams, hist: Float64Array, nBins: number, g: number, h: number,
  key: 'weight' | 'ratio' = 'weight'): BestSplit {
  const k = (c: number) => (key === 'weight' ? f(leafWeight(p, hist[2 * c], hist[2 * c + 1]))
    : hist[2 * c + 1] > 0 ? -hist[2 * c] / hist[2 * c + 1] : Infinity);
  const order = range(nBins).sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
  const nb = Math.min(nBins, p.maxCatThreshold);
  let best = NONE;
  for (let m = 1; m < nb; m++) best = consider(best, p, hist, nBins, g, h, order.slice(m), true);
  for (let m = 1; m < nb; m++) best = consider(best, p, hist, nBins, g, h, order.slice(nBins - m), false);
  return best;
}

/**
 * The kernel's numeric scan as it runs (not a search of every candidate): running sums in bin
 * order with missing values right, then, when the missing slot holds rows, running sums from the
 * top with them left; empty bins after the first of each scan are not tried (their cut scores
 * as the one before), one side is the node total minus the other, and a cut replaces the best
 * only when strictly better. The kernel must give these records bit for bit.
 */
export function numericScan(p: SplitParams, hist: Float64Array, nBins: number, g: number, h: number): BestSplit {
  const parent = nodeGain(p, g, h);
  let best = NONE;
  const take = (gl: number, hl: number, gr: number, hr: number, bin: number, defaultLeft: boolean) => {
    if (!(hl >= p.minChildWeight && hr >= p.minChildWeight)) return;
    const gain = splitGain(p, gl, hl, gr, hr, parent);
    if (gain > best.gain) best = { gain, leftG: gl, leftH: hl, bin, defaultLeft, leftBins: [] };
  };
  let gl = 0, hl = 0;
  for (let b = 0; b < nBins; b++) {
    const gb = hist[2 * b], hb = hist[2 * b + 1];
    if (hb === 0 && gb === 0 && b > 0) continue;
    gl += gb; hl += hb;
    take(gl, hl, g - gl, h - hl, b, false);
  }
  if (hist[2 * MISSING_BIN + 1] > 0) {
    let gr = 0, hr = 0;
    for (let b = nBins - 1; b >= 0; b--) {
      const gb = hist[2 * b], hb = hist[2 * b + 1];
      if (hb === 0 && gb === 0 && b < nBins - 1) continue;
      gr += gb; hr += hb;
      take(g - gr, h - hr, gr, hr, b - 1, true);
    }
  }
  return best;
}
