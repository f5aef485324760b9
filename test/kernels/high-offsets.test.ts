/**
 * Kernel memory past 2 GiB (training sets of tens of millions of rows, and every shard of a
 * sharded one, reach it): offsets stay positive on the host and the kernels read and write
 * there as they do low in memory.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { kHist } from './run.js';
import { randomBinCounts, randomBins, randomGh } from './helpers.js';

describe('kernel memory past 2 GiB', () => {
  it('hands out positive offsets beyond 2^31 and builds the same histograms there', () => {
    const rng = new Rng(5);
    const nRows = 3000, nF = 6;
    const bins = randomBins(rng, nRows, randomBinCounts(rng, nF), 0.1);
    const gh = randomGh(rng, nRows);
    const rows = Uint32Array.from({ length: nRows / 2 }, (_, i) => 2 * i + 1);
    const feats = Int32Array.from({ length: nF }, (_, i) => i);
    const want = kHist(createEngine(), 'rows', bins, nRows, gh, rows, 0, rows.length, feats, nF);
    const high = createEngine();
    // Leave an odd top so the next allocation is aligned up across the 2^31 boundary.
    high.arena.alloc(2 ** 31 - 64 + 7);
    const p = high.arena.alloc(64);
    expect(p).toBeGreaterThan(2 ** 31 - 64);
    expect(high.arena.alloc(16)).toBeGreaterThan(2 ** 31);
    for (const mode of ['rows', 'rowMajor', 'all'] as const) {
      const all = mode === 'all';
      const r = all ? Uint32Array.from({ length: nRows }, (_, i) => i) : rows;
      const low = all ? kHist(createEngine(), 'all', bins, nRows, gh, r, 0, nRows, feats, nF) : want;
      expect(Array.from(kHist(high, mode, bins, nRows, gh, r, 0, r.length, feats, nF)), mode).toEqual(Array.from(low));
    }
  });
});
