import { describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { trainLinear } from '../../src/linear/linear-model.js';
import { predictLinear, type LinearModel } from '../../src/inference/linear-model.js';
import { validateLinearModel } from '../../src/inference/linear-validator.js';
import { makeDataset, normal, uniform } from './helpers.js';

function regressionData(n: number, seed: number) {
  const u = uniform(seed);
  const x = Array.from({ length: n }, () => u() * 10);
  const k = Array.from({ length: n }, (_, i) => i % 3);
  const y = x.map((v, i) => 2 * v + [0, 3, -1][k[i]!]! + 1);
  return makeDataset([{ name: 'x', values: x }, { name: 'k', levels: ['a', 'b', 'c'], values: k }], y, 'regression');
}

describe('trainLinear / predictLinear', () => {
  it('regression: recovers an exact linear + one-hot rule with a tiny penalty', () => {
    const ds = regressionData(60, 1);
    const model = trainLinear(ds, { l2: 1e-8 });
    expect(model.learner).toBe('linear');
    expect(model.coef.length).toBe(model.design.nCols);
    const pred = predictLinear(model, ds);
    expect(pred.length).toBe(60);
    pred.forEach((v, i) => expect(v).toBeCloseTo(ds.target![i]!, 4));
  });

  it('binary: nRows x 2 probabilities summing to 1, ranked by the signal', () => {
    const g = normal(uniform(3));
    const x = Array.from({ length: 400 }, () => g());
    const y = x.map((v) => (v + 0.5 * g() > 0 ? 1 : 0));
    const ds = makeDataset([{ name: 'x', values: x }], y, 'binary', ['no', 'yes']);
    const model = trainLinear(ds, { l2: 1 });
    expect(model.nClasses).toBe(2);
    expect(model.intercept.length).toBe(1);
    const out = predictLinear(model, ds);
    expect(out.length).toBe(800);
    for (let i = 0; i < 400; i++) expect(out[2 * i]! + out[2 * i + 1]!).toBeCloseTo(1, 12);
    const order = x.map((v, i) => [v, out[2 * i + 1]!] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < order.length; i++) expect(order[i]![1]).toBeGreaterThanOrEqual(order[i - 1]![1]);
  });

  it('multiclass: nRows x K probabilities summing to 1, picks the category that decides the class', () => {
    const k = Array.from({ length: 90 }, (_, i) => i % 3);
    const ds = makeDataset([{ name: 'k', levels: ['a', 'b', 'c'], values: k }], k, 'multiclass', ['A', 'B', 'C']);
    const model = trainLinear(ds, { l2: 0.1 });
    expect(model.coef.length).toBe(3 * model.design.nCols);
    const out = predictLinear(model, ds);
    for (let i = 0; i < 90; i++) {
      const row = [out[3 * i]!, out[3 * i + 1]!, out[3 * i + 2]!];
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(row.indexOf(Math.max(...row))).toBe(k[i]);
      expect(row[k[i]!]!).toBeGreaterThan(0.9);
    }
  });

  it('rejects bad input: no target, negative l2, label outside the classes', () => {
    const ds = regressionData(10, 2);
    expect(() => trainLinear({ ...ds, target: undefined }, { l2: 1 })).toThrow(/no target/);
    expect(() => trainLinear(ds, { l2: -1 })).toThrow(/l2/);
    const bad = makeDataset([{ name: 'x', values: [1, 2, 3] }], [0, 1, 2], 'binary', ['a', 'b']);
    expect(() => trainLinear(bad, { l2: 1 })).toThrow(/row 3: target 2/);
  });
});

describe('validateLinearModel', () => {
  const model = trainLinear(
    makeDataset([{ name: 'x', values: [1, 2, NaN, 4, 5] }, { name: 'k', levels: ['a', 'b'], values: [0, 1, 0, 1, 0] }], [0, 1, 0, 1, 1], 'binary', ['n', 'y']),
    { l2: 1 },
  );
  const json = () => JSON.parse(JSON.stringify(model)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('accepts a JSON round trip unchanged', () => {
    expect(validateLinearModel(json(), 'model m.json')).toEqual(model);
  });

  const cases: [string, (o: Record<string, any>) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['learner', (o) => { o.learner = 'gbdt'; }, /model m\.json: learner must be "linear"/],
    ['task', (o) => { o.task = 'ranking'; }, /task must be one of/],
    ['nClasses', (o) => { o.nClasses = 3; }, /nClasses must be an integer in \[2, 2\]/],
    ['coef length', (o) => { o.coef.pop(); }, /coef must have \d+ entries/],
    ['coef value', (o) => { o.coef[1] = 'x'; }, /coef\[1\] must be a finite number/],
    ['intercept', (o) => { o.intercept = [null]; }, /intercept\[0\] must be a finite number/],
    ['params', (o) => { o.params.l2 = -2; }, /params\.l2 must be >= 0/],
    ['design.nCols', (o) => { o.design.nCols += 1; }, /design\.nCols is \d+ but the features make/],
    ['std', (o) => { o.design.features[0].std = 0; }, /design\.features\[0\]\.std must be > 0/],
    ['feature order', (o) => { o.design.features[1].feature = 0; }, /design\.features\[1\]\.feature must be an integer in \[1, 1\]/],
    ['kind', (o) => { o.design.features[1].kind = 'text'; }, /design\.features\[1\]\.kind must be "numeric" or "categorical"/],
    ['levels', (o) => { o.design.features[1].levels = [0, 0]; }, /levels\[1\] repeats level 0/],
  ];
  for (const [name, corrupt, message] of cases) {
    it(`names the bad field: ${name}`, () => {
      const o = json();
      corrupt(o);
      let err: unknown;
      try { validateLinearModel(o, 'model m.json'); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(ThicketError);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('a validated model predicts like the original', () => {
    const back: LinearModel = validateLinearModel(json(), 'm');
    const ds = makeDataset([{ name: 'x', values: [3, NaN] }, { name: 'k', levels: ['a', 'b'], values: [1, NaN] }], undefined, 'binary', ['n', 'y']);
    expect(Array.from(predictLinear(back, ds))).toEqual(Array.from(predictLinear(model, ds)));
  });
});
