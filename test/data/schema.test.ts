import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv-reader.js';
import { inferSchema } from '../../src/data/schema.js';
import { catCol, frameOf, numCol, tempFile, thicketMessage } from './helpers.js';

describe('inferSchema', () => {
  it('makes every other column a feature, in file order, with sorted categorical levels', () => {
    const frame = frameOf([
      catCol('city', ['b', 'B', 'a', null, 'é', 'b']),
      numCol('x', [1, 2, 3, 4, 5, 6]),
      catCol('y', ['no', 'yes', 'no', 'yes', 'no', 'yes']),
      numCol('z', [NaN, NaN, NaN, NaN, NaN, NaN]),
    ]);
    const schema = inferSchema(frame, 'y');
    expect(schema.features).toEqual([
      { name: 'city', kind: 'categorical', levels: ['B', 'a', 'b', 'é'] }, // code-unit order
      { name: 'x', kind: 'numeric' },
      { name: 'z', kind: 'numeric' },
    ]);
    expect(schema.target).toEqual({ name: 'y', task: 'binary', classes: ['no', 'yes'] });
  });

  it('categorical target with more than two classes is multiclass, classes sorted', () => {
    const frame = frameOf([numCol('x', [1, 2, 3, 4]), catCol('species', ['versicolor', 'setosa', 'virginica', 'setosa'])]);
    expect(inferSchema(frame, 'species').target).toEqual({ name: 'species', task: 'multiclass', classes: ['setosa', 'versicolor', 'virginica'] });
  });

  it('numeric target with exactly two values is binary with numerically sorted string classes', () => {
    const frame = frameOf([numCol('x', [1, 2, 3, 4]), numCol('t', [10, 2, 2, 10])]);
    expect(inferSchema(frame, 't').target).toEqual({ name: 't', task: 'binary', classes: ['2', '10'] });
  });

  it('numeric target with more values is regression, unless multiclass is asked for', () => {
    const frame = frameOf([numCol('x', [1, 2, 3, 4]), numCol('t', [3, 1, 2, 10])]);
    expect(inferSchema(frame, 't').target).toEqual({ name: 't', task: 'regression' });
    expect(inferSchema(frame, 't', { task: 'multiclass' }).target).toEqual({ name: 't', task: 'multiclass', classes: ['1', '2', '3', '10'] });
    expect(inferSchema(frame, 't', { task: 'regression' }).target).toEqual({ name: 't', task: 'regression' });
  });

  it('explicit regression on a two-valued numeric target is allowed', () => {
    const frame = frameOf([numCol('t', [0, 1, 0])]);
    expect(inferSchema(frame, 't', { task: 'regression' }).target.task).toBe('regression');
    expect(inferSchema(frame, 't', { task: 'binary' }).target.classes).toEqual(['0', '1']);
  });

  it('rejects a missing target column, listing the available ones', async () => {
    const frame = frameOf([numCol('a', [1]), numCol('b', [2])], 'train.csv');
    expect(await thicketMessage(() => inferSchema(frame, 'label'))).toBe(
      "train.csv: has no target column 'label'; available columns: 'a', 'b'",
    );
  });

  it('rejects a single class and an all-missing target', async () => {
    const one = frameOf([numCol('x', [1, 2]), catCol('y', ['yes', 'yes'])], 'one.csv');
    expect(await thicketMessage(() => inferSchema(one, 'y'))).toBe("one.csv: target column y has only one class (value 'yes'); at least two are needed");
    const oneNum = frameOf([numCol('y', [3, 3, 3])], 'n.csv');
    expect(await thicketMessage(() => inferSchema(oneNum, 'y'))).toMatch(/target column y has only one class \(value '3'\)/);
    const none = frameOf([catCol('y', [null, null])], 'none.csv');
    expect(await thicketMessage(() => inferSchema(none, 'y'))).toBe("none.csv: target column 'y' has only missing values");
  });

  it('rejects task mismatches', async () => {
    const text = frameOf([catCol('y', ['a', 'b', 'a'])], 't.csv');
    expect(await thicketMessage(() => inferSchema(text, 'y', { task: 'regression' }))).toMatch(/^t\.csv: target column 'y' cannot be used for task 'regression': it holds text such as 'a'/);
    const three = frameOf([catCol('y', ['a', 'b', 'c'])], 't.csv');
    expect(await thicketMessage(() => inferSchema(three, 'y', { task: 'binary' }))).toMatch(/task 'binary': binary needs exactly 2 classes, found 3/);
    const numbers = frameOf([numCol('y', [1, 2, 3])], 't.csv');
    expect(await thicketMessage(() => inferSchema(numbers, 'y', { task: 'binary' }))).toMatch(/found 3/);
  });

  it('accepts text targets that are all numbers for regression', () => {
    const frame = frameOf([catCol('y', ['1.5', '2', '3'])]);
    expect(inferSchema(frame, 'y', { task: 'regression' }).target.task).toBe('regression');
  });

  it('names the first row with a missing target', async () => {
    const frame = frameOf([numCol('x', [1, 2, 3, 4]), catCol('y', ['a', 'b', null, null])], 'm.csv');
    expect(await thicketMessage(() => inferSchema(frame, 'y'))).toMatch(/^m\.csv, data row 3, column 'y': the target is missing/);
    const numeric = frameOf([numCol('y', [1.5, NaN, 2, 3])], 'm.csv');
    expect(await thicketMessage(() => inferSchema(numeric, 'y'))).toMatch(/^m\.csv, data row 2, column 'y': the target is missing/);
  });

  it('rejects a non-finite regression target', async () => {
    const frame = frameOf([numCol('y', [1, Infinity, 2, 3])], 'inf.arrow');
    expect(await thicketMessage(() => inferSchema(frame, 'y'))).toMatch(/^inf\.arrow, data row 2, column 'y': regression target Infinity is not a finite number/);
  });

  it('infers from a CSV read (penguins-like shape with missing feature cells)', async () => {
    const path = tempFile('peng.csv', 'species,island,bill,sex\nAdelie,Torgersen,39.1,male\nGentoo,Biscoe,,female\nChinstrap,Dream,46.5,\nAdelie,Biscoe,38.8,female\n');
    const schema = inferSchema(await readCsv(path), 'species');
    expect(schema.target).toEqual({ name: 'species', task: 'multiclass', classes: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(schema.features).toEqual([
      { name: 'island', kind: 'categorical', levels: ['Biscoe', 'Dream', 'Torgersen'] },
      { name: 'bill', kind: 'numeric' },
      { name: 'sex', kind: 'categorical', levels: ['female', 'male'] },
    ]);
  });
});
