import { describe, expect, it } from 'vitest';
import { applySchema } from '../../src/data/apply-schema.js';
import { readCsv } from '../../src/data/csv-reader.js';
import type { Schema } from '../../src/data/frame.js';
import { inferSchema } from '../../src/data/schema.js';
import { catCol, frameOf, numCol, tempFile, thicketMessage } from './helpers.js';

const schema: Schema = {
  features: [
    { name: 'color', kind: 'categorical', levels: ['blue', 'green', 'red'] },
    { name: 'size', kind: 'numeric' },
  ],
  target: { name: 'label', task: 'binary', classes: ['no', 'yes'] },
};

/** Feature f of a dataset as a plain array. */
function feature(features: Float32Array, nRows: number, f: number): number[] {
  return Array.from(features.subarray(f * nRows, (f + 1) * nRows));
}

describe('applySchema', () => {
  it('lays features out column-major in schema order, ignoring extra columns', () => {
    const frame = frameOf([
      numCol('size', [1.5, NaN, 3]),
      catCol('extra', ['x', 'y', 'z']),
      catCol('label', ['yes', 'no', 'yes']),
      catCol('color', ['red', 'blue', null]),
    ]);
    const data = applySchema(frame, schema, { requireTarget: true });
    expect(data.nRows).toBe(3);
    expect(data.schema).toBe(schema);
    expect(data.features).toBeInstanceOf(Float32Array);
    expect(data.features.length).toBe(6);
    expect(feature(data.features, 3, 0)).toEqual([2, 0, NaN]);
    expect(feature(data.features, 3, 1)).toEqual([1.5, NaN, 3]);
    expect(Array.from(data.target!)).toEqual([1, 0, 1]);
    expect(data.weight).toBeUndefined();
  });

  it('maps unseen levels to NaN with one warning per column (count and up to 3 examples)', () => {
    const frame = frameOf([
      catCol('color', ['red', 'mauve', 'teal', 'mauve', 'ochre', 'puce', 'blue']),
      numCol('size', [1, 2, 3, 4, 5, 6, 7]),
    ], 'test.csv');
    const warnings: string[] = [];
    const data = applySchema(frame, schema, { requireTarget: false, onWarning: (m) => warnings.push(m) });
    expect(feature(data.features, 7, 0)).toEqual([2, NaN, NaN, NaN, NaN, NaN, 0]);
    expect(warnings).toEqual([
      "test.csv, column 'color': 5 rows have levels not seen in training (e.g. 'mauve', 'teal', 'ochre'); treated as missing",
    ]);
    expect(data.target).toBeUndefined();
  });

  it('maps a numeric column onto categorical levels through the numbers\' string forms', () => {
    const digits: Schema = { features: [{ name: 'code', kind: 'categorical', levels: ['10', '2', '7'] }], target: { name: 'y', task: 'regression' } };
    const warnings: string[] = [];
    const data = applySchema(frameOf([numCol('code', [2, 10, NaN, 3])]), digits, { requireTarget: false, onWarning: (m) => warnings.push(m) });
    expect(Array.from(data.features)).toEqual([1, 0, NaN, NaN]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1 row has a level not seen in training \(e\.g\. '3'\)/);
  });

  it('accepts a categorical column of numeric text where the schema expects numbers, and rejects real text', async () => {
    const numeric: Schema = { features: [{ name: 'size', kind: 'numeric' }], target: { name: 'y', task: 'regression' } };
    const ok = applySchema(frameOf([catCol('size', ['1.5', null, '2'])]), numeric, { requireTarget: false });
    expect(Array.from(ok.features)).toEqual([1.5, NaN, 2]);
    const bad = frameOf([catCol('size', ['1', '2', 'big', 'huge'])], 'eval.csv');
    expect(await thicketMessage(() => applySchema(bad, numeric, { requireTarget: false }))).toBe(
      "eval.csv, data row 3, column 'size': value 'big' is not a number, but the model treats this column as numeric",
    );
  });

  it('rejects values beyond float32 range instead of making Infinity', async () => {
    const numeric: Schema = { features: [{ name: 'v', kind: 'numeric' }], target: { name: 'y', task: 'regression' } };
    const frame = frameOf([numCol('v', [1, 3.4e38, -1e39])], 'big.csv');
    expect(await thicketMessage(() => applySchema(frame, numeric, { requireTarget: false }))).toMatch(
      /^big\.csv, data row 3, column 'v': value -1e\+39 is outside the range of 32-bit floats/,
    );
  });

  it('names a missing feature column and the file', async () => {
    const frame = frameOf([numCol('size', [1]), catCol('label', ['no'])], 'holdout.csv');
    expect(await thicketMessage(() => applySchema(frame, schema, { requireTarget: true }))).toBe(
      "holdout.csv: has no column 'color', which the model uses as a feature",
    );
  });

  it('target: unknown labels, missing values and an absent column are errors when required', async () => {
    const base = [catCol('color', ['red', 'red', 'red']), numCol('size', [1, 2, 3])];
    const unknown = frameOf([...base, catCol('label', ['yes', 'maybe', 'no'])], 'e.csv');
    expect(await thicketMessage(() => applySchema(unknown, schema, { requireTarget: true }))).toMatch(
      /^e\.csv, data row 2, column 'label': class 'maybe' was not seen in training \(known classes: 'no', 'yes'\)/,
    );
    const missing = frameOf([...base, catCol('label', ['yes', 'no', null])], 'e.csv');
    expect(await thicketMessage(() => applySchema(missing, schema, { requireTarget: true }))).toMatch(/^e\.csv, data row 3, column 'label': the target is missing/);
    const absent = frameOf(base, 'e.csv');
    expect(await thicketMessage(() => applySchema(absent, schema, { requireTarget: true }))).toMatch(/^e\.csv: has no target column 'label'/);
    // Not required (prediction): tolerated as NaN.
    expect(Array.from(applySchema(unknown, schema, { requireTarget: false }).target!)).toEqual([1, NaN, 0]);
    expect(applySchema(absent, schema, { requireTarget: false }).target).toBeUndefined();
  });

  it('maps a numeric target onto numeric class labels by string form', () => {
    const numeric: Schema = { features: [], target: { name: 't', task: 'binary', classes: ['0', '1'] } };
    const data = applySchema(frameOf([numCol('t', [1, 0, 1])]), numeric, { requireTarget: true });
    expect(Array.from(data.target!)).toEqual([1, 0, 1]);
    expect(data.features.length).toBe(0);
  });

  it('regression target: values copied, missing rejected when required', async () => {
    const reg: Schema = { features: [], target: { name: 'p', task: 'regression' } };
    expect(Array.from(applySchema(frameOf([numCol('p', [1.5, -2])]), reg, { requireTarget: true }).target!)).toEqual([1.5, -2]);
    const frame = frameOf([numCol('p', [1, NaN])], 'r.csv');
    expect(await thicketMessage(() => applySchema(frame, reg, { requireTarget: true }))).toMatch(/^r\.csv, data row 2, column 'p': the target is missing/);
  });

  it('round-trips a train/test pair read from CSV, where the test file has an unseen level and its column looks numeric', async () => {
    const train = await readCsv(tempFile('train.csv', 'zip,color,y\nA1,red,1\n02,blue,0\n3,red,1\n'));
    const test = await readCsv(tempFile('test.csv', 'y,color,zip,id\n0,green,3,100\n1,red,4,101\n'));
    const s = inferSchema(train, 'y');
    expect(s.target).toEqual({ name: 'y', task: 'binary', classes: ['0', '1'] });
    const warnings: string[] = [];
    const data = applySchema(test, s, { requireTarget: true, onWarning: (m) => warnings.push(m) });
    expect(s.features.map((f) => f.levels)).toEqual([['02', '3', 'A1'], ['blue', 'red']]);
    expect(feature(data.features, 2, 0)).toEqual([1, NaN]); // zip: '3' known, '4' unseen
    expect(feature(data.features, 2, 1)).toEqual([NaN, 1]); // color: 'green' unseen
    expect(Array.from(data.target!)).toEqual([0, 1]);
    expect(warnings).toHaveLength(2);
  });
});
