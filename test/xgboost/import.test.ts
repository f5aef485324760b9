// Importing XGBoost 1.7.4 models (JSON and UBJSON): thicket's predictions against XGBoost's own, on data with
// missing values and unseen levels (fixtures: test/fixtures/make-xgb-interop-fixtures.py).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { importXGBoost, xgboostOrigin } from '../../src/xgboost/import.js';
import { casesOf, compare, dataFor, predict, xgbStyleOutput, type InteropCase } from './helpers.js';

const imports = casesOf('import');
const files = imports.flatMap((c) => (['json', 'ubj'] as const).map((kind) => [`${c.name}.${kind}`, c, kind] as const));

describe('XGBoost models import with XGBoost\'s own predictions', () => {
  it('covers every objective thicket imports', () => {
    const objectives = new Set(imports.map((c) => c.objective));
    for (const o of ['binary:logistic', 'binary:logitraw', 'reg:logistic', 'multi:softprob', 'multi:softmax', 'reg:squarederror',
      'reg:absoluteerror', 'count:poisson', 'reg:gamma', 'reg:tweedie', 'reg:pseudohubererror']) expect(objectives).toContain(o);
  });

  it.each(files)('%s', async (_name, c: InteropCase, kind) => {
    const path = c.model_files![kind];
    const model = importXGBoost(new Uint8Array(readFileSync(path)), path, c.schema ? { schema: c.schema } : {});
    const data = await dataFor(model, c.data!);
    expect(data.nRows).toBe(c.n_rows);
    const p = predict(model, data);
    // Margins: XGBoost's float32 sums, bit for bit.
    const margins = compare(p.margins, Float32Array.from(c.margin!));
    expect(margins.differing, `worst margin difference ${margins.worst}`).toBe(0);
    // Outputs within 1e-6 (probabilities, values, raw margins; class indices exactly).
    const out = compare(xgbStyleOutput(c.objective!, p), Float32Array.from(c.pred!));
    expect(out.worst).toBeLessThanOrEqual(1e-6);
  });

  it('JSON and UBJSON files give the same model', () => {
    for (const c of imports) {
      const opts = c.schema ? { schema: c.schema } : {};
      const a = importXGBoost(readFileSync(c.model_files!.json, 'utf8'), c.name, opts);
      const b = importXGBoost(new Uint8Array(readFileSync(c.model_files!.ubj)), c.name, opts);
      expect(b).toEqual(a);
    }
  });

  it('records where a model came from', () => {
    const c = imports.find((x) => x.name === 'categorical_codes')!;
    const m = importXGBoost(new Uint8Array(readFileSync(c.model_files!.ubj)), 'codes.ubj');
    expect(xgboostOrigin(m)).toMatchObject({ xgboostVersion: '1.7.4', booster: 'gbtree', featureNames: false, codeFeatures: ['f0', 'f2', 'f3', 'f4'] });
    expect(m.schema.features[0]).toEqual({ name: 'f0', kind: 'numeric' });
    const forest = imports.find((x) => x.name === 'rf_binary')!;
    const rf = importXGBoost(new Uint8Array(readFileSync(forest.model_files!.json)), 'rf.json', { schema: forest.schema! });
    expect(xgboostOrigin(rf)?.numParallelTree).toBe(8);
    expect(rf.trees.treeRoot.length).toBe(8);
    expect(rf.training.rounds).toBe(1);
  });

  it('takes level names and the target from the thicket attribute', () => {
    const c = imports.find((x) => x.name === 'penguins_thicket_attribute')!;
    const m = importXGBoost(readFileSync(c.model_files!.json, 'utf8'), 'p.json');
    expect(m.schema.target).toEqual({ name: 'species', task: 'multiclass', classes: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(m.schema.features[0]).toEqual({ name: 'island', kind: 'categorical', levels: ['Biscoe', 'Dream', 'Torgersen'] });
  });

  it('without level names, names the target "label" and the classes 0..K-1', () => {
    const c = imports.find((x) => x.name === 'multi_softmax')!;
    const m = importXGBoost(readFileSync(c.model_files!.json, 'utf8'), 'p.json');
    expect(m.schema.target).toEqual({ name: 'label', task: 'multiclass', classes: ['0', '1', '2'] });
    expect(m.schema.features[0]).toEqual({ name: 'island', kind: 'numeric' });
    expect(xgboostOrigin(m)?.codeFeatures).toEqual(['island', 'sex']);
  });
});

describe('unsupported XGBoost models are rejected with a clear error', () => {
  it.each(casesOf('error').flatMap((c) => (['json', 'ubj'] as const).map((k) => [`${c.name}.${k}`, c, k] as const)))('%s', (_n, c, kind) => {
    const path = c.model_files![kind];
    expect(() => importXGBoost(new Uint8Array(readFileSync(path)), path)).toThrow(c.error!);
  });
});
