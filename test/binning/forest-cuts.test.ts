/**
 * Forests cut numeric columns by row quantiles topped up with distinct-value cuts where heavy values
 * left cut positions unused (CutRule 'distinct'), gradient boosting by row quantiles alone. The
 * column used here is the shape that separates them: 200 heavy values (100 rows each) then a tail
 * of 100 values seen once, as diamonds' carat has (heavy small stones, rare large ones). Row
 * quantiles spend their cuts on the heavy part and leave the tail in one or two bins; the top-up
 * gives every bin one or two values. A column of all-distinct values (no heavy values) keeps its
 * row quantiles under both rules, so dense regions are never starved of cuts.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Schema } from '../../src/data/frame.js';
import { computeBins, MAX_VALUE_BINS, numericCuts } from '../../src/binning/bin-mapper.js';
import { createEngine } from '../../src/wasm/load.js';
import { trainForest } from '../../src/forest/forest-trainer.js';

const HEAVY = 200, TAIL = 100;

/** Sorted column: values 0..199 x 100 rows, then 200..299 once each. */
function heavyAndTail(): Float32Array {
  const v: number[] = [];
  for (let x = 0; x < HEAVY; x++) for (let k = 0; k < 100; k++) v.push(x);
  for (let x = HEAVY; x < HEAVY + TAIL; x++) v.push(x);
  return Float32Array.from(v);
}

/** Distinct values of `sorted` in each bin of `cuts` (bin b holds cuts[b-1] <= x < cuts[b]). */
function distinctPerBin(sorted: Float32Array, cuts: Float32Array): number[] {
  const values = [...new Set(sorted)];
  const out = new Array<number>(cuts.length + 1).fill(0);
  for (const x of values) {
    let b = 0;
    while (b < cuts.length && cuts[b] <= x) b++;
    out[b]++;
  }
  return out;
}

describe('numeric cut rules', () => {
  it('distinct: every bin used, one or two distinct values each; quantile leaves the tail in one or two bins', () => {
    const col = heavyAndTail();
    const distinct = numericCuts(col, MAX_VALUE_BINS, 'distinct');
    expect(distinct.length).toBe(MAX_VALUE_BINS - 1);
    const per = distinctPerBin(col, distinct);
    expect(Math.min(...per)).toBe(1);
    expect(Math.max(...per)).toBe(2);
    // Ascending, never at the minimum (bin 0 is never empty).
    for (let i = 1; i < distinct.length; i++) expect(distinct[i]).toBeGreaterThan(distinct[i - 1]);
    expect(distinct[0]).toBeGreaterThan(col[0]);

    const quantile = numericCuts(col, MAX_VALUE_BINS);
    expect(quantile.filter((c) => c > HEAVY).length).toBeLessThanOrEqual(2);
    expect(distinct.filter((c) => c > HEAVY).length).toBeGreaterThanOrEqual(TAIL / 2 - 1);
  });

  it('distinct keeps the cuts of a dense middle: 300 values x 50 rows, then 2000 values seen once', () => {
    // Equal distinct counts alone would give the middle ~33 of 254 cuts (lending_club lost 0.02 auc that way).
    const v: number[] = [];
    for (let x = 0; x < 300; x++) for (let k = 0; k < 50; k++) v.push(x);
    for (let x = 0; x < 2000; x++) v.push(300 + x);
    const col = Float32Array.from(v);
    const cuts = numericCuts(col, MAX_VALUE_BINS, 'distinct');
    expect(cuts.filter((c) => c < 300).length).toBeGreaterThanOrEqual(200);
    expect(Array.from(cuts)).toEqual(Array.from(numericCuts(col, MAX_VALUE_BINS)));
  });

  it('both rules give each value its own bin when the values fit', () => {
    const col = Float32Array.from({ length: 1000 }, (_, i) => Math.floor(i / 5)).sort();
    expect(Array.from(numericCuts(col, MAX_VALUE_BINS, 'distinct'))).toEqual(Array.from(numericCuts(col, MAX_VALUE_BINS)));
    expect(numericCuts(col, MAX_VALUE_BINS, 'distinct').length).toBe(199);
  });

  it('computeBins cuts by row quantiles unless asked (gradient boosting keeps its cuts)', () => {
    const col = heavyAndTail();
    const schema: Schema = { features: [{ name: 'x', kind: 'numeric' }], target: { name: 'y', task: 'regression' } };
    expect(Array.from(computeBins(createEngine(), col, col.length, schema, 256)[0].cuts)).toEqual(Array.from(numericCuts(col, MAX_VALUE_BINS)));
    expect(Array.from(computeBins(createEngine(), col, col.length, schema, 256, 0, undefined, 'distinct')[0].cuts))
      .toEqual(Array.from(numericCuts(col, MAX_VALUE_BINS, 'distinct')));
  });

  it('a forest splits inside the rare tail, which row quantiles would have merged', async () => {
    const col = heavyAndTail();
    const n = col.length;
    // The target follows x everywhere, so a fully grown tree splits wherever the bins let it.
    const d: Dataset = {
      schema: { features: [{ name: 'x', kind: 'numeric' }], target: { name: 'y', task: 'regression' } },
      nRows: n, features: col, target: Float64Array.from(col, (x) => x * x),
    };
    const { model } = await trainForest('rf', { n_estimators: 1, bootstrap: false, nthread: 1 }, d);
    const t = model.trees;
    let tailSplits = 0;
    for (let i = 0; i < t.left.length; i++) if (t.left[i] >= 0 && t.threshold[i] > HEAVY) tailSplits++;
    expect(tailSplits).toBeGreaterThanOrEqual(TAIL / 2 - 1);
  });
});
