/** partitionRows against src/reference/partition.ts: stable, disjoint, complete, left = rows satisfying the split. */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { MISSING_BIN } from '../../src/wasm/layout.js';
import { partitionRows, goesLeft } from '../../src/reference/partition.js';
import { kPartition } from './run.js';
import { SIZES, expectExact, randomBins, permutation } from './helpers.js';

const engine = createEngine();

interface Split { feature: number; isCat: boolean; splitBin: number; defaultLeft: boolean; catBits: Uint32Array }

/** Random splits of every kind over features with the given bin counts. */
function splits(rng: Rng, nBins: number[]): Split[] {
  const out: Split[] = [];
  nBins.forEach((nb, feature) => {
    for (const defaultLeft of [false, true]) {
      // Numeric: only missing left (-1), inside, last bin (all values left).
      for (const splitBin of [-1, rng.int(nb), nb - 1]) out.push({ feature, isCat: false, splitBin, defaultLeft, catBits: new Uint32Array(8) });
      // Categorical: random set (bit 255 set at random too: missing must follow defaultLeft), empty, all.
      const bits = Uint32Array.from({ length: 8 }, () => rng.nextU32());
      out.push({ feature, isCat: true, splitBin: 0, defaultLeft, catBits: bits });
      out.push({ feature, isCat: true, splitBin: 0, defaultLeft, catBits: new Uint32Array(8) });
      out.push({ feature, isCat: true, splitBin: 0, defaultLeft, catBits: new Uint32Array(8).fill(0xffffffff) });
    }
  });
  return out;
}

describe.each(SIZES)('partitionRows, %i rows', (nRows) => {
  it('equals the stable reference partition for numeric and categorical splits, missing left and right', () => {
    const rng = new Rng(nRows + 1);
    const nBins = [1, 3, 17, 255];
    const bins = randomBins(rng, nRows, nBins, 0.2);
    for (const s of splits(rng, nBins)) {
      // The node is a segment of a shuffled row list; rows outside it must not move.
      const rows = permutation(rng, nRows);
      const begin = rng.int(Math.floor(nRows / 4) + 1), end = begin + rng.int(nRows - begin + 1);
      const what = `${s.isCat ? 'cat' : 'num'} f${s.feature} bin ${s.splitBin} dl ${s.defaultLeft} [${begin}, ${end})`;
      const k = kPartition(engine, bins, nRows, rows, begin, end, s.feature, s.isCat, s.splitBin, s.defaultLeft, s.catBits);
      const ref = partitionRows(bins, nRows, rows, begin, end, s.feature, s.isCat, s.splitBin, s.defaultLeft, s.catBits);
      expect(k.nLeft, what).toBe(ref.nLeft);
      expectExact(k.rows, ref.rows, what);

      // Invariants, independently of the reference's construction.
      const seg = Array.from(rows.subarray(begin, end));
      const left = Array.from(k.rows.subarray(begin, begin + k.nLeft));
      const right = Array.from(k.rows.subarray(begin + k.nLeft, end));
      expect([...left, ...right].sort((a, b) => a - b), `${what}: complete and disjoint`).toEqual(seg.sort((a, b) => a - b));
      const col = (r: number) => bins[s.feature * nRows + r];
      const pred = (r: number) => goesLeft(col(r), s.isCat, s.splitBin, s.defaultLeft, s.catBits);
      expect(left.every(pred) && !right.some(pred), `${what}: sides`).toBe(true);
      const pos = new Map(Array.from(rows.subarray(begin, end), (r, i) => [r, i]));
      const rising = (a: number[]) => a.every((r, i) => i === 0 || pos.get(a[i - 1])! < pos.get(r)!);
      expect(rising(left) && rising(right), `${what}: stable`).toBe(true);
    }
  });
});

describe('partition predicate', () => {
  it('missing rows follow defaultLeft whatever the threshold or bitset says', () => {
    const nRows = 6;
    const bins = Uint8Array.of(0, MISSING_BIN, 2, MISSING_BIN, 254, 1);
    const rows = Uint32Array.of(0, 1, 2, 3, 4, 5);
    const all = new Uint32Array(8).fill(0xffffffff);
    const num = kPartition(engine, bins, nRows, rows, 0, 6, 0, false, 254, false, all);
    expect([num.nLeft, ...num.rows]).toEqual([4, 0, 2, 4, 5, 1, 3]);
    const cat = kPartition(engine, bins, nRows, rows, 0, 6, 0, true, 0, false, all);
    expect([cat.nLeft, ...cat.rows]).toEqual([4, 0, 2, 4, 5, 1, 3]);
    const none = kPartition(engine, bins, nRows, rows, 0, 6, 0, true, 0, true, new Uint32Array(8));
    expect([none.nLeft, ...none.rows]).toEqual([2, 1, 3, 0, 2, 4, 5]);
    const onlyMissing = kPartition(engine, bins, nRows, rows, 0, 6, 0, false, -1, true, all);
    expect([onlyMissing.nLeft, ...onlyMissing.rows]).toEqual([2, 1, 3, 0, 2, 4, 5]);
  });
});
