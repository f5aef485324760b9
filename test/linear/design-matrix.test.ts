import { describe, expect, it } from 'vitest';
import { fitDesign, MAX_ONE_HOT_LEVELS } from '../../src/linear/design-matrix.js';
import { applyDesign, designColumnNames } from '../../src/inference/linear-design.js';
import { makeDataset } from './helpers.js';

/** Column c of a row-major nRows x nCols matrix. */
const column = (X: Float64Array, nCols: number, c: number) => Array.from({ length: X.length / nCols }, (_, i) => X[i * nCols + c]!);

describe('fitDesign / applyDesign', () => {
  it('standardises numeric features with train mean / std; missing -> 0 plus an indicator', () => {
    const ds = makeDataset([{ name: 'a', values: [1, 2, 3, NaN] }, { name: 'b', values: [10, 20, 30, 40] }], [0, 0, 0, 0], 'regression');
    const spec = fitDesign(ds);
    expect(spec.nCols).toBe(3);
    expect(designColumnNames(spec)).toEqual(['a', 'a=missing', 'b']);
    const X = applyDesign(spec, ds);
    const s = Math.sqrt(2 / 3);
    const a = column(X, 3, 0);
    [-1 / s, 0, 1 / s, 0].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 6));
    expect(column(X, 3, 1)).toEqual([0, 0, 0, 1]);
    const sb = Math.sqrt(125);
    column(X, 3, 2).forEach((v, i) => expect(v).toBeCloseTo((10 * (i + 1) - 25) / sb, 6));
    // New data uses the training statistics, not its own.
    const test = makeDataset([{ name: 'a', values: [5] }, { name: 'b', values: [25] }], undefined, 'regression');
    const Xt = applyDesign(spec, test);
    expect(Xt[0]).toBeCloseTo(3 / s, 6);
    expect(Xt[1]).toBe(0);
    expect(Xt[2]).toBeCloseTo(0, 6);
  });

  it('drops constant columns: constant values, all-missing, and no indicator without missing values', () => {
    const ds = makeDataset(
      [{ name: 'c', values: [5, 5, 5] }, { name: 'm', values: [NaN, NaN, NaN] }, { name: 'cm', values: [5, NaN, 5] }],
      [0, 1, 2], 'regression',
    );
    const spec = fitDesign(ds);
    expect(designColumnNames(spec)).toEqual(['cm=missing']);
    expect(Array.from(applyDesign(spec, ds))).toEqual([0, 1, 0]);
  });

  it('one-hot encodes levels; missing and unseen levels give all zeros; a level on every row is dropped', () => {
    const levels = ['x', 'y', 'z', 'w'];
    const ds = makeDataset(
      [{ name: 'k', levels, values: [0, 1, 1, NaN, 2] }, { name: 'same', levels, values: [3, 3, 3, 3, 3] }],
      [0, 0, 0, 0, 0], 'regression',
    );
    const spec = fitDesign(ds);
    // Most frequent first ('y' twice), then by level index.
    expect(designColumnNames(spec, ds.schema)).toEqual(['k=y', 'k=x', 'k=z']);
    const X = applyDesign(spec, ds);
    expect(Array.from(X)).toEqual([0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    // Level 3 ('w') never occurred for k in training: unseen -> zeros, as is a level index beyond the schema.
    const test = makeDataset([{ name: 'k', levels, values: [3, 7, 1] }, { name: 'same', levels, values: [0, 0, 0] }], undefined, 'regression');
    expect(Array.from(applyDesign(spec, test))).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it(`keeps the ${MAX_ONE_HOT_LEVELS} most frequent levels and puts the rest in one "other" column`, () => {
    const nLevels = MAX_ONE_HOT_LEVELS + 5;
    const levels = Array.from({ length: nLevels }, (_, i) => `L${i}`);
    // Level i occurs nLevels - i times except that level 34 is the most frequent of all.
    const values: number[] = [];
    for (let i = 0; i < nLevels; i++) for (let r = 0; r < (i === 34 ? 100 : nLevels - i); r++) values.push(i);
    const ds = makeDataset([{ name: 'k', levels, values }], values.map(() => 0), 'regression');
    const spec = fitDesign(ds);
    const d = spec.features[0]!;
    if (d.kind !== 'categorical') throw new Error('expected categorical');
    expect(d.levels).toEqual([34, ...Array.from({ length: 29 }, (_, i) => i)]);
    expect(d.other).toEqual([29, 30, 31, 32, 33]);
    expect(spec.nCols).toBe(MAX_ONE_HOT_LEVELS + 1);
    const test = makeDataset([{ name: 'k', levels, values: [31, 34, 0] }], undefined, 'regression');
    const X = applyDesign(spec, test);
    const p = spec.nCols;
    expect(X[0 * p + 30]).toBe(1); // 31 -> other
    expect(X[1 * p + 0]).toBe(1); // 34 -> first column
    expect(X[2 * p + 1]).toBe(1); // 0 -> second column
    expect(X.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('is JSON-serialisable and rejects data with other features', () => {
    const ds = makeDataset([{ name: 'a', values: [1, 2, NaN] }, { name: 'k', levels: ['p', 'q'], values: [0, 1, 1] }], [0, 1, 0], 'regression');
    const spec = fitDesign(ds);
    const back = JSON.parse(JSON.stringify(spec));
    expect(back).toEqual(spec);
    expect(Array.from(applyDesign(back, ds))).toEqual(Array.from(applyDesign(spec, ds)));
    const renamed = makeDataset([{ name: 'b', values: [1] }, { name: 'k', levels: ['p', 'q'], values: [0] }], undefined, 'regression');
    expect(() => applyDesign(spec, renamed)).toThrow(/feature 0 should be numeric 'a'/);
    const fewer = makeDataset([{ name: 'a', values: [1] }], undefined, 'regression');
    expect(() => applyDesign(spec, fewer)).toThrow(/expects 2 features/);
  });
});
