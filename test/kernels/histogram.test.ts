/**
 * Histogram kernels against src/reference/histogram.ts.
 *
 * Exact equality is expected: the kernels promote each f32 (grad, hess) to f64 and add it to
 * the bin's running sums in row-list order, one row at a time per feature (the four-feature
 * pass only interleaves features, never reorders one slot's additions). The reference adds the
 * same f64 values in the same order, and IEEE addition is deterministic, so every slot must
 * match bit for bit. Anything else (order changes, subtraction) is compared within 1e-9.
 */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { buildHistogram, subtractHistogram, toRowMajor, HIST_F64_PER_FEATURE } from '../../src/reference/histogram.js';
import { kHist, kSubtract, kRowMajor, GATHER_CHUNK, type HistMode } from './run.js';
import {
  SIZES, FEATURE_COUNTS, expectExact, expectClose, randomBins, randomBinCounts, randomGh, permutation, randomSubset,
} from './helpers.js';

const engine = createEngine();
const W = HIST_F64_PER_FEATURE;

/** Random binned data with nF features plus a random feature list (some features left out). */
function dataset(seed: number, nRows: number, nF: number, all = false) {
  const rng = new Rng(seed);
  const bins = randomBins(rng, nRows, randomBinCounts(rng, nF), 0.1);
  const gh = randomGh(rng, nRows);
  // Listed features: all of them (ascending, as the grower lists them), or a random subset
  // in random order that leaves one out (when nF > 1) to check it is not touched.
  const feats = all ? Int32Array.from({ length: nF }, (_, i) => i) : randomSubset(rng, nF, Math.max(nF - 1, 1));
  return { rng, bins, gh, feats };
}

/** Kernel output on listed features must equal the reference; unlisted features keep the fill value. */
function expectListed(k: Float64Array, ref: Float64Array, feats: Int32Array, nF: number, what: string): void {
  const listed = new Set(feats);
  for (let f = 0; f < nF; f++) {
    const ks = k.subarray(f * W, (f + 1) * W);
    if (listed.has(f)) expectExact(ks, ref.subarray(f * W, (f + 1) * W), `${what} feature ${f}`);
    else expect(ks.every(Number.isNaN), `${what}: unlisted feature ${f} was written`).toBe(true);
  }
}

describe.each(SIZES)('histograms, %i rows', (nRows) => {
  it.each(FEATURE_COUNTS)('histBuild and histBuildRows equal the reference exactly (%i features)', (nF) => {
    // histBuildRows has one path for all columns listed and one for a subset: check both.
    for (const all of [true, false]) {
      const { rng, bins, gh, feats } = dataset(1000 * nRows + nF, nRows, nF, all);
      // A node segment [begin, end) of a shuffled row list, so rows are neither sorted nor all.
      const rows = permutation(rng, nRows);
      const begin = rng.int(Math.floor(nRows / 3) + 1), end = begin + rng.int(nRows - begin + 1);
      const ref = buildHistogram(bins, nRows, gh, rows, begin, end, feats, nF);
      for (const mode of ['rows', 'rowMajor'] as HistMode[]) {
        const k = kHist(engine, mode, bins, nRows, gh, rows, begin, end, feats, nF);
        expectListed(k, ref, feats, nF, `${mode} [${begin}, ${end}) ${all ? 'all' : 'subset'}`);
      }
    }
  });

  it.each(FEATURE_COUNTS)('histBuildAll equals histBuild over identity rows (%i features)', (nF) => {
    const { bins, gh, feats } = dataset(7 + 1000 * nRows + nF, nRows, nF);
    const ident = Uint32Array.from({ length: nRows }, (_, i) => i);
    const all = kHist(engine, 'all', bins, nRows, gh, ident, 0, nRows, feats, nF);
    expectListed(all, buildHistogram(bins, nRows, gh, ident, 0, nRows, feats, nF), feats, nF, 'all');
    expectExact(all, kHist(engine, 'rows', bins, nRows, gh, ident, 0, nRows, feats, nF), 'all vs rows');
  });

  it.each(FEATURE_COUNTS)('histSubtract: parent - left equals a direct build of right (%i features)', (nF) => {
    const { rng, bins, gh, feats } = dataset(13 + 1000 * nRows + nF, nRows, nF);
    const rows = permutation(rng, nRows);
    const nl = rng.int(nRows + 1);
    const parent = kHist(engine, 'rows', bins, nRows, gh, rows, 0, nRows, feats, nF, 0);
    const left = kHist(engine, 'rows', bins, nRows, gh, rows, 0, nl, feats, nF, 0);
    const right = kHist(engine, 'rows', bins, nRows, gh, rows, nl, nRows, feats, nF, 0);
    const diff = kSubtract(engine, parent, left, feats);
    // The subtraction itself is elementwise f64 and must match the reference exactly.
    expectListed(diff, subtractHistogram(parent, left, feats), feats, nF, 'subtract');
    // Against the sibling built directly: equal up to rounding of sums of |g| <= nRows.
    for (const f of feats) {
      expectClose(diff.subarray(f * W, (f + 1) * W), right.subarray(f * W, (f + 1) * W), 1e-9, `sibling feature ${f}`);
    }
    // Invariant left + right = parent, slot by slot.
    const sum = left.map((v, i) => v + right[i]);
    expectClose(sum, parent, 1e-9, 'left + right = parent');
  });

  it.each(FEATURE_COUNTS)('row order does not change a histogram (%i features)', (nF) => {
    const { rng, bins, gh, feats } = dataset(17 + 1000 * nRows + nF, nRows, nF);
    const a = permutation(rng, nRows), b = permutation(rng, nRows);
    for (const mode of ['rows', 'rowMajor'] as HistMode[]) {
      const ha = kHist(engine, mode, bins, nRows, gh, a, 0, nRows, feats, nF, 0);
      const hb = kHist(engine, mode, bins, nRows, gh, b, 0, nRows, feats, nF, 0);
      expectClose(ha, hb, 1e-9, `${mode}: two row orders`);
    }
  });
});

describe('row-major gathering over several chunks', () => {
  // 2.2 gather chunks of rows, plus the transpose's 4096-row blocks.
  const nRows = 2 * GATHER_CHUNK + 400;
  it.each([1, 4, 7])('histBuildRows equals the reference over %i features', (nF) => {
    for (const all of [true, false]) {
      const { rng, bins, gh, feats } = dataset(31 + nF, nRows, nF, all);
      const rows = permutation(rng, nRows);
      const ref = buildHistogram(bins, nRows, gh, rows, 5, nRows - 3, feats, nF);
      expectListed(kHist(engine, 'rowMajor', bins, nRows, gh, rows, 5, nRows - 3, feats, nF), ref, feats, nF, 'rowMajor');
    }
  });
  it.each([...SIZES, 4096, 4097, 9000])('binsToRowMajor equals the reference transpose (%i rows)', (n) => {
    for (const nF of [1, 3, 4, 9]) {
      const bins = randomBins(new Rng(n + nF), n, randomBinCounts(new Rng(nF), nF), 0.1);
      expectExact(kRowMajor(engine, bins, n, nF), toRowMajor(bins, n, nF), `${n} x ${nF}`);
    }
  });
});

describe('histogram totals', () => {
  it('every row lands in exactly one slot of each listed feature', () => {
    const nRows = 1000, nF = 9;
    const { bins, gh, feats } = dataset(99, nRows, nF);
    const ident = Uint32Array.from({ length: nRows }, (_, i) => i);
    const h = kHist(engine, 'all', bins, nRows, gh, ident, 0, nRows, feats, nF);
    let g = 0, hs = 0;
    for (let r = 0; r < nRows; r++) { g += gh[2 * r]; hs += gh[2 * r + 1]; }
    for (const f of feats) {
      let fg = 0, fh = 0;
      for (let b = 0; b < 256; b++) { fg += h[f * W + 2 * b]; fh += h[f * W + 2 * b + 1]; }
      expect(Math.abs(fg - g)).toBeLessThan(1e-9 * nRows);
      expect(Math.abs(fh - hs)).toBeLessThan(1e-9 * nRows);
    }
  });
});
