/**
 * Typed access to the records of assembly/layout.ts that the tree growers read and write: the
 * split parameters (PARAM_*), the split record (SPLIT_*) and a feature's histogram.
 */
import type { Arena } from './arena.js';
import type { Ptr } from './kernels.js';
import {
  BINS_PER_FEATURE, CAT_WORDS, FEATURE_HIST_BYTES, PARAM_ALPHA, PARAM_BYTES, PARAM_LAMBDA, PARAM_MAX_CAT_ONEHOT,
  PARAM_MAX_CAT_THRESHOLD, PARAM_MAX_DELTA_STEP, PARAM_MIN_CHILD_WEIGHT, SPLIT_BIN, SPLIT_BYTES, SPLIT_CAT_BITS,
  SPLIT_DEFAULT_LEFT, SPLIT_GAIN, SPLIT_IS_CAT, SPLIT_LEFT_G, SPLIT_LEFT_H,
} from './layout.js';

const F64 = 8;
const I32 = 4;

/** The split parameters block (PARAM_*): every field f64. */
export interface SplitParams {
  lambda: number;
  alpha: number;
  minChildWeight: number;
  /** 0: no clipping. */
  maxDeltaStep: number;
  /** Categorical features with fewer bins than this use one-vs-rest splits. */
  maxCatToOnehot: number;
  maxCatThreshold: number;
}

/** Writes the split parameters block at ptr (PARAM_BYTES). */
export function writeSplitParams(arena: Arena, ptr: Ptr, p: SplitParams): void {
  const v = arena.f64(ptr, PARAM_BYTES / F64);
  v[PARAM_LAMBDA / F64] = p.lambda;
  v[PARAM_ALPHA / F64] = p.alpha;
  v[PARAM_MIN_CHILD_WEIGHT / F64] = p.minChildWeight;
  v[PARAM_MAX_DELTA_STEP / F64] = p.maxDeltaStep;
  v[PARAM_MAX_CAT_ONEHOT / F64] = p.maxCatToOnehot;
  v[PARAM_MAX_CAT_THRESHOLD / F64] = p.maxCatThreshold;
}

/** One split record (SPLIT_*), copied out of kernel memory. */
export interface SplitRecord {
  gain: number;
  /** Numeric: last bin going left (-1: only missing values). */
  splitBin: number;
  defaultLeft: boolean;
  isCat: boolean;
  /** Categorical: the bitset of bins going left (a copy); null for numeric splits. */
  catBits: Uint32Array | null;
  /** Channel 0's left gradient sum (multi-channel scanners put every channel elsewhere). */
  leftG: number;
  leftH: number;
}

/** The gains of split records [0, n) at out (NEG_INF: no valid split). */
export function splitGains(arena: Arena, out: Ptr, n: number): Float64Array {
  const { f64 } = arena.whole;
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) g[i] = f64[(out + i * SPLIT_BYTES + SPLIT_GAIN) / F64]!;
  return g;
}

/** The first of split records [0, n) at out with the largest gain, and that gain (-1, -Infinity when n is 0). */
export function bestSplit(arena: Arena, out: Ptr, n: number): { index: number; gain: number } {
  const { f64 } = arena.whole;
  let index = -1, gain = -Infinity;
  for (let i = 0; i < n; i++) {
    const g = f64[(out + i * SPLIT_BYTES + SPLIT_GAIN) / F64]!;
    if (g > gain) { gain = g; index = i; }
  }
  return { index, gain };
}

/** Split record i at out. */
export function readSplit(arena: Arena, out: Ptr, i: number): SplitRecord {
  const rec = out + i * SPLIT_BYTES;
  const { i32, f64 } = arena.whole;
  const isCat = i32[(rec + SPLIT_IS_CAT) / I32]! === 1;
  return {
    gain: f64[(rec + SPLIT_GAIN) / F64]!, splitBin: i32[(rec + SPLIT_BIN) / I32]!, defaultLeft: i32[(rec + SPLIT_DEFAULT_LEFT) / I32]! === 1, isCat,
    catBits: isCat ? arena.u32(rec + SPLIT_CAT_BITS, CAT_WORDS).slice() : null,
    leftG: f64[(rec + SPLIT_LEFT_G) / F64]!, leftH: f64[(rec + SPLIT_LEFT_H) / F64]!,
  };
}

/**
 * Feature f's histogram in a block of feature histograms: f64 (gradient, hessian) per bin, bins
 * 0..BINS_PER_FEATURE - 1 (a view, valid until the memory grows).
 */
export function featureHistogram(arena: Arena, hist: Ptr, f: number): Float64Array {
  return arena.f64(hist + f * FEATURE_HIST_BYTES, 2 * BINS_PER_FEATURE);
}
