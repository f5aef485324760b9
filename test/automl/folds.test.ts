import { describe, it, expect } from 'vitest';
import { makePlan } from '../../src/automl/folds.js';

describe('validation plans', () => {
  it('stratified 5-fold on small classification data: disjoint, complete, class shares kept', () => {
    const y = Float64Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const p = makePlan('binary', y, 1);
    expect(p.kind).toBe('cv');
    expect(p.nFolds).toBe(5);
    const seen = new Uint8Array(1000);
    for (const f of p.folds) {
      for (const r of f.valid) seen[r]++;
      expect(f.train.length + f.valid.length).toBe(1000);
      const pos = Array.from(f.valid).filter((r) => y[r] === 1).length;
      expect(pos).toBe(20);
    }
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(p.scoredRows.length).toBe(1000);
  });
  it('3 folds in the middle range and a holdout on large data', () => {
    expect(makePlan('regression', new Float64Array(20_000), 1).nFolds).toBe(3);
    const big = makePlan('binary', Float64Array.from({ length: 200_000 }, (_, i) => i % 2), 1);
    expect(big.kind).toBe('holdout');
    expect(big.folds[0].valid.length).toBe(20_000);
    expect(big.scoredRows.length).toBe(20_000);
  });
  it('the same seed gives the same folds; another seed differs', () => {
    const y = Float64Array.from({ length: 500 }, (_, i) => i % 3);
    expect(makePlan('multiclass', y, 7).foldOf).toEqual(makePlan('multiclass', y, 7).foldOf);
    expect(makePlan('multiclass', y, 7).foldOf).not.toEqual(makePlan('multiclass', y, 8).foldOf);
  });
  it('fewer rows than folds is a clear error', () => {
    expect(() => makePlan('regression', new Float64Array(3), 1)).toThrow(/3 rows are fewer than the 5 cross-validation folds/);
  });

  it('a class rarer than the folds gives fewer folds with a note, or a clear error under 2 rows', () => {
    const y = Float64Array.from({ length: 300 }, (_, i) => (i < 3 ? 2 : i % 2));
    const p = makePlan('multiclass', y, 1, undefined, ['a', 'b', 'rare']);
    expect(p.nFolds).toBe(3);
    expect(p.note).toMatch(/class 'rare' has only 3 rows: 3-fold cross-validation instead of 5/);
    for (const f of p.folds) expect(f.valid.filter((r) => y[r] === 2).length).toBe(1);
    y[1] = 0; y[2] = 1;
    expect(() => makePlan('multiclass', y, 1, undefined, ['a', 'b', 'rare'])).toThrow(/class 'rare' has 1 row: cross-validation needs at least 2/);
    expect(makePlan('binary', Float64Array.from({ length: 300 }, (_, i) => i % 2), 1).note).toBeUndefined();
  });
});
