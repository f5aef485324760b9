import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GBDTClassifier, GBDTRegressor, ThicketError, loadModel, saveModel, summarizeModel } from '../../src/index.js';
import { binaryMargin, binaryModel, multiclassModel, multiclassProbs, regressionModel, sigmoid } from '../model/tiny-models.js';

const DATA = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'data');

/** A bundled CSV (no quoted fields) as columns: numbers where every cell parses, else text; '' missing. */
function csvColumns(name: string): Record<string, (number | string | null)[]> {
  const [header, ...lines] = readFileSync(join(DATA, name), 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  const raw = names.map((_, c) => lines.map((l) => l.split(',')[c]!));
  const cols: Record<string, (number | string | null)[]> = {};
  names.forEach((n, c) => {
    const numeric = raw[c]!.every((v) => v === '' || Number.isFinite(Number(v)));
    cols[n] = raw[c]!.map((v) => (v === '' ? null : numeric ? Number(v) : v));
  });
  return cols;
}

function split(name: string, target: string) {
  const cols = csvColumns(name);
  const y = cols[target]!;
  delete cols[target];
  return { X: { columns: cols }, y };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'thicket-api-'));

describe('estimators on hand-built models (no training)', () => {
  it('GBDTClassifier.fromModel predicts labels and probabilities by the trees, from rows or columns', () => {
    const clf = GBDTClassifier.fromModel(binaryModel());
    expect(clf.classes).toEqual(['no', 'yes']);
    const rows = [{ x: 0.2, color: 'red' }, { x: 1, color: 'red' }, { x: 1, color: 'blue' }, { x: null, color: 'red' }, { x: 1 }];
    const expected = rows.map((r) => sigmoid(binaryMargin(r.x ?? NaN, r.color)));
    const proba = clf.predictProba(rows);
    proba.forEach((p, i) => {
      expect(p[1]).toBeCloseTo(expected[i]!, 6);
      expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
    });
    expect(clf.predict(rows)).toEqual(expected.map((p) => (p > 0.5 ? 'yes' : 'no')));
    const asColumns = { columns: { x: rows.map((r) => r.x ?? null), color: rows.map((r) => r.color ?? null) } };
    expect(clf.predictProba(asColumns)).toEqual(proba);
  });

  it('reports unseen levels through onWarning and treats them as missing', () => {
    const clf = GBDTClassifier.fromModel(binaryModel());
    const warnings: string[] = [];
    const p = clf.predictProba([{ x: 1, color: 'purple' }], { onWarning: (m) => warnings.push(m) });
    expect(p[0]![1]).toBeCloseTo(sigmoid(binaryMargin(1, undefined)), 6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("column 'color': 1 row has a level not seen in training (e.g. 'purple')");
  });

  it('multiclass probabilities follow the class order', () => {
    const clf = GBDTClassifier.fromModel(multiclassModel());
    const p = clf.predictProba({ columns: { x: [0.5, 1.5, 2.5] } });
    [0.5, 1.5, 2.5].forEach((x, i) => multiclassProbs(x).forEach((q, c) => expect(p[i]![c]).toBeCloseTo(q, 6)));
    expect(clf.predict({ columns: { x: [0.5, 1.5, 2.5] } })).toEqual(['a', 'b', 'c']);
  });

  it('GBDTRegressor.fromModel predicts values; the wrong estimator for a model is refused', () => {
    const reg = GBDTRegressor.fromModel(regressionModel());
    expect(Array.from(reg.predict({ columns: { x: [1, 3, null] } }))).toEqual([9, 13, 13]);
    expect(() => GBDTRegressor.fromModel(binaryModel())).toThrow('is a binary model; use GBDTClassifier');
    expect(() => GBDTClassifier.fromModel(regressionModel())).toThrow('is a regression model; use GBDTRegressor');
  });

  it('save and load round-trip through the model file', () => {
    const dir = tmp();
    GBDTClassifier.fromModel(binaryModel()).save(join(dir, 'c.json'));
    const back = GBDTClassifier.load(join(dir, 'c.json'));
    expect(back.predictProba([{ x: 1, color: 'red' }])).toEqual(GBDTClassifier.fromModel(binaryModel()).predictProba([{ x: 1, color: 'red' }]));
    expect(() => GBDTRegressor.load(join(dir, 'c.json'))).toThrow(ThicketError);
    saveModel(regressionModel(), join(dir, 'r.json'));
    expect(summarizeModel(loadModel(join(dir, 'r.json')) as Parameters<typeof summarizeModel>[0], 'r.json').trees).toBe(1);
  });

  it('validates parameters in the constructor and refuses to predict before fit', () => {
    expect(() => new GBDTClassifier({ eta: 0 })).toThrow('parameter eta=0: must be > 0');
    const unknown = (() => {
      try {
        // @ts-expect-error an unknown parameter: checked at run time too
        new GBDTRegressor({ depth: 3 });
      } catch (e) {
        return e;
      }
    })();
    expect(unknown).toBeInstanceOf(ThicketError);
    expect((unknown as ThicketError).exitCode).toBe(2);
    expect((unknown as ThicketError).message).toContain("unknown parameter 'depth'");
    expect(new GBDTRegressor({ learning_rate: 0.1 }).params).toEqual({ eta: 0.1 });
    expect(() => new GBDTRegressor().predict({ columns: { x: [1] } })).toThrow('GBDTRegressor: call fit() or load() first');
  });

  it('a missing feature column names the column', () => {
    expect(() => GBDTClassifier.fromModel(binaryModel()).predict([{ x: 1 }, { x: 2 }])).toThrow(/has no column 'color'/);
  });
});

describe('estimators trained on the bundled datasets', () => {
  it('GBDTClassifier: binary fit / predict / predictProba, and save + load gives identical probabilities', () => {
    const train = split('breast_cancer.train.csv', 'diagnosis');
    const test = split('breast_cancer.test.csv', 'diagnosis');
    const clf = new GBDTClassifier({ num_boost_round: 30, max_depth: 4 }).fit(train.X, train.y);
    expect(clf.classes).toEqual(['benign', 'malignant']);
    const pred = clf.predict(test.X);
    const acc = pred.filter((p, i) => p === test.y[i]).length / pred.length;
    expect(acc).toBeGreaterThan(0.9);
    const proba = clf.predictProba(test.X);
    expect(proba).toHaveLength(test.y.length);
    const dir = tmp();
    clf.save(join(dir, 'bc.json'));
    expect(GBDTClassifier.load(join(dir, 'bc.json')).predictProba(test.X)).toEqual(proba);
  });

  it('GBDTClassifier: multiclass with categorical features given as rows, with a validation set', () => {
    const train = split('penguins.train.csv', 'species');
    const test = split('penguins.test.csv', 'species');
    const toRows = (X: { columns: Record<string, unknown[]> }) =>
      X.columns[Object.keys(X.columns)[0]!]!.map((_, i) => Object.fromEntries(Object.entries(X.columns).map(([k, v]) => [k, v[i]]))) as Record<string, number | string | null>[];
    const clf = new GBDTClassifier({ num_boost_round: 20 }).fit(toRows(train.X), train.y, { target: 'species', valid: { X: test.X, y: test.y } });
    expect(clf.model.schema.features.find((f) => f.name === 'island')).toMatchObject({ kind: 'categorical' });
    expect(clf.model.schema.target.name).toBe('species');
    expect(clf.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const pred = clf.predict(toRows(test.X));
    expect(pred.filter((p, i) => p === test.y[i]).length / pred.length).toBeGreaterThan(0.9);
    for (const row of clf.predictProba(test.X)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('GBDTClassifier: numeric labels sort by value and come back as text', () => {
    const X = { columns: { a: Array.from({ length: 60 }, (_, i) => i) } };
    const y = X.columns.a.map((v) => (v < 20 ? 2 : v < 40 ? 10 : 1));
    const clf = new GBDTClassifier({ num_boost_round: 10 }).fit(X, y);
    expect(clf.classes).toEqual(['1', '2', '10']);
    expect(clf.predict({ columns: { a: [5, 30, 50] } })).toEqual(['2', '10', '1']);
  });

  it('GBDTRegressor: fit / predict on diabetes beats the mean', () => {
    const train = split('diabetes.train.csv', 'progression');
    const test = split('diabetes.test.csv', 'progression');
    const reg = new GBDTRegressor({ eta: 0.1, max_depth: 3, num_boost_round: 50 }).fit(train.X, train.y as number[]);
    const yhat = reg.predict(test.X);
    const y = test.y as number[];
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const sse = y.reduce((s, v, i) => s + (v - yhat[i]!) ** 2, 0);
    const sst = y.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(1 - sse / sst).toBeGreaterThan(0.2);
  });

  it('fit rejects a one-class target and mismatched lengths with ThicketErrors', () => {
    const X = { columns: { a: [1, 2, 3] } };
    expect(() => new GBDTClassifier().fit(X, ['x', 'x', 'x'])).toThrow('has only one class');
    expect(() => new GBDTClassifier().fit(X, ['x', 'y'])).toThrow('y: has 2 values but X has 3 rows');
    expect(() => new GBDTRegressor().fit(X, [1, null, 3])).toThrow("X, data row 2, column 'target': the target is missing");
  });
});
