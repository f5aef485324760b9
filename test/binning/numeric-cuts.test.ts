/**
 * numericCuts counts distinct values only up to the bin budget before choosing between one bin per
 * value and quantiles. Checked against the plain rule (list every distinct value, then decide) on
 * columns around the budget, with -0 / +0 and heavy values, under both cut rules.
 */
import { describe, expect, it } from 'vitest';
import { MAX_VALUE_BINS, numericCuts, type CutRule } from '../../src/binning/bin-mapper.js';
import { sortFloat32 } from '../../src/reference/float-sort.js';
import { Rng } from '../../src/util/rng.js';

/** The rule written out: every distinct value listed first. */
function plainCuts(sorted: Float32Array, maxBins: number, rule: CutRule): number[] {
  const m = sorted.length;
  if (m === 0) return [];
  const distinct: number[] = [];
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  if (distinct.length <= maxBins) return distinct.slice(1);
  const cuts: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const q = sorted[Math.floor((k * m) / maxBins)]!;
    if (q > sorted[0]! && (cuts.length === 0 || q > cuts[cuts.length - 1]!)) cuts.push(q);
  }
  if (rule === 'distinct' && cuts.length < maxBins - 1) {
    const have = new Set(cuts);
    const rest = distinct.slice(1).filter((v) => !have.has(v));
    const extra = Math.min(maxBins - 1 - cuts.length, rest.length);
    for (let k = 0; k < extra; k++) cuts.push(rest[Math.floor(((k + 0.5) * rest.length) / extra)]!);
    cuts.sort((a, b) => a - b);
  }
  return cuts;
}

const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

describe('numericCuts', () => {
  const rng = new Rng(3);
  const columns: [string, Float32Array][] = [];
  for (const nDistinct of [1, 2, 16, MAX_VALUE_BINS - 1, MAX_VALUE_BINS, MAX_VALUE_BINS + 1, 300, 5000]) {
    columns.push([`${nDistinct} values`, Float32Array.from({ length: 4000 }, () => rng.int(nDistinct) - 7)]);
  }
  columns.push(['zeros of both signs', Float32Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : rng.int(400)))]);
  columns.push(['heavy values then a tail', Float32Array.from({ length: 6000 }, (_, i) => (i < 5000 ? i % 150 : 150 + i))]);
  columns.push(['continuous', Float32Array.from({ length: 5000 }, () => (rng.next() - 0.5) * 1e4)]);
  columns.push(['empty', new Float32Array(0)]);
  for (const [name, col] of columns) {
    it(`equals listing every distinct value first: ${name}`, () => {
      const sorted = sortFloat32(col.slice());
      for (const rule of ['quantile', 'distinct'] as const) {
        for (const maxBins of [MAX_VALUE_BINS, 16, 2]) {
          expect(bits(numericCuts(sorted, maxBins, rule)), `${rule} ${maxBins}`).toEqual(bits(plainCuts(sorted, maxBins, rule)));
        }
      }
    });
  }
});
