/** Shared pieces of the kernel tests: sizes, seeded random inputs and exact / tolerant array comparison. */
import { expect } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import { MISSING_BIN } from '../../src/wasm/layout.js';
import type { SplitParams } from '../../src/reference/split.js';

/** Row counts every kernel is checked at (0, 1, SIMD and 4-features-per-pass tails, one large case). */
export const SIZES = [0, 1, 3, 4, 5, 17, 1000];
/** Feature counts covering every remainder of the 4-features-per-pass loops, twice. */
export const FEATURE_COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Split parameters with every regulariser off, the base the split tests vary. */
export const SPLIT_P0: SplitParams = { lambda: 0, alpha: 0, minChildWeight: 0, maxDeltaStep: 0, maxCatToOnehot: 4, maxCatThreshold: 64 };
/** The parameter blocks every split-search test runs (max_delta_step ones take the kernel's one-cut scan). */
export const SPLIT_PARAMS: [string, SplitParams][] = [
  ['plain', SPLIT_P0],
  ['lambda=1 mcw=1', { ...SPLIT_P0, lambda: 1, minChildWeight: 1 }],
  ['alpha=0.5 lambda=0.5 mcw=0.3', { ...SPLIT_P0, lambda: 0.5, alpha: 0.5, minChildWeight: 0.3 }],
  ['alpha=2 mcw=5', { ...SPLIT_P0, lambda: 1, alpha: 2, minChildWeight: 5 }],
  ['max_delta_step=0.4', { ...SPLIT_P0, lambda: 1, maxDeltaStep: 0.4, minChildWeight: 0.1 }],
  ['mds+alpha, max_cat_threshold=2', { ...SPLIT_P0, lambda: 2, alpha: 0.3, maxDeltaStep: 0.7, maxCatThreshold: 2, maxCatToOnehot: 6 }],
];

/** First index where two arrays differ bit for bit (Object.is: -0 and NaN payload-free), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Bitwise equality of two numeric arrays, with the first differing index in the message. */
export function expectExact(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const i = firstDifference(actual, expected);
  expect(i, `${what}: first difference at [${i}]: ${actual[i]} vs ${expected[i]}`).toBe(-1);
}

/** |actual - expected| <= tol * max(1, |expected|) element-wise (or scale instead of 1). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string, scale = 1): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Object.is(a, e)) continue;
    const bound = tol * Math.max(scale, Math.abs(e));
    if (!(Math.abs(a - e) <= bound)) expect.fail(`${what}: [${i}] ${a} vs ${e} (bound ${bound})`);
  }
}

/** Gradient pairs: grad uniform in [-1, 1), hess in (0, 1] (as f32). */
export function randomGh(rng: Rng, n: number): Float32Array {
  const gh = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) { gh[2 * i] = 2 * rng.next() - 1; gh[2 * i + 1] = 1 - rng.next(); }
  return gh;
}

/**
 * u8 bin codes, column-major: feature f uses codes 0..nBins[f]-1, with MISSING_BIN at rate
 * missingRate. Codes are skewed (squared uniform) so some bins are empty.
 */
export function randomBins(rng: Rng, nRows: number, nBins: ArrayLike<number>, missingRate: number): Uint8Array {
  const bins = new Uint8Array(nRows * nBins.length);
  for (let f = 0; f < nBins.length; f++) {
    for (let r = 0; r < nRows; r++) {
      const u = rng.next();
      bins[f * nRows + r] = rng.next() < missingRate ? MISSING_BIN : Math.floor(u * u * nBins[f]);
    }
  }
  return bins;
}

/** Bin counts per feature: a mix of 1, 2, small, mid and the full 255 value bins. */
export function randomBinCounts(rng: Rng, nFeatures: number): number[] {
  const choices = [1, 2, 3, 7, 16, 64, 255];
  return Array.from({ length: nFeatures }, () => choices[rng.int(choices.length)]);
}

/** A uniformly shuffled copy of 0..n-1. */
export function permutation(rng: Rng, n: number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const t = p[i]; p[i] = p[j]; p[j] = t; }
  return p;
}

/** A random subset of 0..n-1 of size k, in random order. */
export function randomSubset(rng: Rng, n: number, k: number): Int32Array {
  return Int32Array.from(permutation(rng, n).subarray(0, k));
}
