/**
 * splitFind's numeric scan (two cuts per step in SIMD lanes) against src/reference/split.ts
 * numericScan, the scan one cut at a time: every record field bit for bit, on histograms made to
 * stress the lane logic: empty bins (first and last included), repeated bins (tied scores, where
 * the first cut met must win, in either scan direction), missing values present or not, zero
 * hessians with non-zero gradients, odd and even bin counts, and every parameter block without
 * max_delta_step (with it the kernel scans one cut at a time, as the reference).
 */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { MISSING_BIN } from '../../src/wasm/layout.js';
import { HIST_F64_PER_FEATURE as W } from '../../src/reference/histogram.js';
import { numericScan } from '../../src/reference/split.js';
import { kSplitFind } from './run.js';
import { SPLIT_P0, SPLIT_PARAMS } from './helpers.js';

const engine = createEngine();
const P0 = SPLIT_P0;
const PARAMS = SPLIT_PARAMS;
const BIN_COUNTS = [1, 2, 3, 4, 5, 16, 17, 254, 255];

/** One feature's histogram (512 f64: G, H per slot) drawn in one of several shapes. */
function histogram(rng: Rng, nBins: number, shape: number): Float64Array {
  const hist = new Float64Array(W);
  // A few distinct bins, reused so that many cuts tie exactly.
  const palette = Array.from({ length: 3 }, () => [Math.fround(2 * rng.next() - 1), Math.fround(rng.next() + 0.01)]);
  for (let b = 0; b < nBins; b++) {
    const u = rng.next();
    if (shape === 0 && u < 0.6) continue; // sparse
    if (shape === 1) { [hist[2 * b], hist[2 * b + 1]] = palette[rng.int(palette.length)]; continue; } // ties
    if (shape === 2 && u < 0.2) { hist[2 * b] = 2 * rng.next() - 1; continue; } // zero hessian, gradient left
    if (shape === 3 && (b === 0 || b === nBins - 1)) continue; // empty ends
    const n = 1 + rng.int(50);
    hist[2 * b] = n * (2 * rng.next() - 1) * 0.5;
    hist[2 * b + 1] = n * (rng.next() * 0.25 + 0.001);
  }
  if (rng.next() < 0.5) { hist[2 * MISSING_BIN] = 3 * rng.next() - 1.5; hist[2 * MISSING_BIN + 1] = 4 * rng.next() + 0.01; }
  return hist;
}

describe('numeric split scan: kernel lanes against the one-cut-at-a-time twin', () => {
  it.each(PARAMS)('every record field bit for bit (%s)', (_, p) => {
    const rng = new Rng(11);
    let splits = 0, missingLeft = 0;
    for (const nBins of BIN_COUNTS) {
      for (let rep = 0; rep < 60; rep++) {
        const hist = histogram(rng, nBins, rep % 5);
        let g = 0, h = 0;
        for (let b = 0; b < 256; b++) { g += hist[2 * b]; h += hist[2 * b + 1]; }
        const [rec] = kSplitFind(engine, p, hist, Int32Array.of(0), Int32Array.of(nBins), g, h);
        const ex = numericScan(p, hist, nBins, g, h);
        const what = `${nBins} bins, rep ${rep}: kernel ${JSON.stringify(rec)} vs ${JSON.stringify(ex)}`;
        expect(Object.is(rec.gain, ex.gain), `gain; ${what}`).toBe(true);
        expect(Object.is(rec.leftG, ex.leftG) && Object.is(rec.leftH, ex.leftH), `left sums; ${what}`).toBe(true);
        expect([rec.bin, rec.defaultLeft, rec.isCat], what).toEqual([ex.bin, ex.defaultLeft, false]);
        if (ex.gain > -Infinity) splits++;
        if (ex.defaultLeft) missingLeft++;
      }
    }
    // The draws reach both scan directions and real splits (the test can see a wrong lane merge).
    expect(splits).toBeGreaterThan(200);
    expect(missingLeft).toBeGreaterThan(20);
  });

  it('ties across lanes: the lower cut wins', () => {
    // Cuts after bin 0 (lane 0) and after bin 1 (lane 1) both score 1 + 1/2.
    const hist = new Float64Array(W);
    [[-1, 1], [0, 1], [1, 1]].forEach(([gb, hb], b) => { hist[2 * b] = gb; hist[2 * b + 1] = hb; });
    const [rec] = kSplitFind(engine, P0, hist, Int32Array.of(0), Int32Array.of(3), 0, 3);
    expect([rec.bin, rec.defaultLeft, rec.gain]).toEqual([0, false, 1.5]);
  });
});
