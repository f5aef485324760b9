// thicket -> XGBoost JSON: the exporter's output is the committed file XGBoost 1.7.4 loaded and predicted with
// (test/fixtures/make-xgb-interop-fixtures.py), XGBoost's predictions equal thicket's, and importing the export
// gives back the same model.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../src/model/model-file.js';
import type { Model } from '../../src/model/model.js';
import { importXGBoost } from '../../src/xgboost/import.js';
import { modelToXGBoostJson, baseScoreFor } from '../../src/xgboost/xgb-export.js';
import { xgboostBaseMargin } from '../../src/xgboost/xgb-json.js';
import { casesOf, compare, dataFor, predict, xgbStyleOutput } from './helpers.js';

const exports = casesOf('export');

describe('thicket models exported to XGBoost JSON', () => {
  it('cover GBDT objectives and forests', () => {
    const objectives = new Set(exports.map((c) => c.objective));
    for (const o of ['binary:logistic', 'binary:logitraw', 'multi:softprob', 'multi:softmax', 'reg:squarederror',
      'reg:absoluteerror', 'reg:pseudohubererror', 'count:poisson']) expect(objectives).toContain(o);
    expect(exports.some((c) => c.name.includes('_rf'))).toBe(true);
  });

  it.each(exports.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const model = loadModel(c.model!);
    const text = modelToXGBoostJson(model);
    // The file XGBoost was run on is what the exporter writes today.
    expect(text).toBe(readFileSync(c.export!, 'utf8'));
    const data = await dataFor(model, c.data!);
    const p = predict(model, data);
    // XGBoost's margins: the same float32 sums, bit for bit (bias trees make up for a coarse base_score).
    const m = compare(p.margins, Float32Array.from(c.margin!));
    expect(m.differing, `worst margin difference ${m.worst}`).toBe(0);
    const out = compare(xgbStyleOutput(c.objective!, p), Float32Array.from(c.pred!));
    expect(out.worst).toBeLessThanOrEqual(1e-6);

    // Round trip: the import of the export is the same model (a forest comes back as a GBDT that sums its trees).
    const back = importXGBoost(text, c.export!);
    if (model.learner === 'gbdt') {
      expect(back).toEqual(model);
    } else {
      expect(back.trees).toEqual(model.trees);
      expect(back.schema).toEqual(model.schema);
      expect(back.objective).toBe('reg:squarederror');
      expect(predict(back, data).output).toEqual(p.output);
    }
  });

  it('classification forests are refused with the reason', () => {
    for (const c of casesOf('export_error')) {
      const model = loadModel(c.model!);
      expect(() => modelToXGBoostJson(model)).toThrow(c.error!);
      expect(() => modelToXGBoostJson(model)).toThrow('no XGBoost model gives the same probabilities');
    }
  });
});

describe('XGBoost -> thicket -> XGBoost', () => {
  it.each(casesOf('import').map((c) => [c.name, c] as const))('%s re-exports and re-imports unchanged', (_n, c) => {
    const opts = c.schema ? { schema: c.schema } : {};
    const first = importXGBoost(readFileSync(c.model_files!.json, 'utf8'), 'a.json', opts);
    const second = importXGBoost(modelToXGBoostJson(first), 'b.json');
    const strip = (m: Model) => ({ ...m, params: undefined, training: undefined });
    expect(strip(second)).toEqual(strip(first));
    expect(second.baseMargin).toBe(first.baseMargin);
  });
});

describe('base_score for a base margin', () => {
  it('finds the float32 whose XGBoost margin is nearest', () => {
    for (const m of [-13.8, -3.1, -0.84729785, -1e-7, 0, 0.2, 1.5, 9.9]) {
      const b = baseScoreFor('binary:logistic', m);
      expect(b).toBeGreaterThan(0);
      expect(b).toBeLessThan(1);
      // Coarse near b = 1 (1/b - 1 loses bits): the exporter's bias trees make up the rest.
      expect(Math.abs(xgboostBaseMargin('binary:logistic', b) - Math.fround(m))).toBeLessThan(m > 4 ? 1e-2 : 2e-6 * Math.max(1, Math.abs(m)));
    }
    for (const m of [-5, 0, 0.53062826, 3.3]) {
      const b = baseScoreFor('count:poisson', m);
      expect(Math.abs(xgboostBaseMargin('count:poisson', b) - Math.fround(m))).toBeLessThan(1e-6 * Math.max(1, Math.abs(m)));
    }
    expect(baseScoreFor('reg:squarederror', 152.1331444759207)).toBe(Math.fround(152.1331444759207));
    expect(() => baseScoreFor('binary:logistic', 40)).toThrow('has no binary:logistic base_score in float32');
  });

  it('XGBoost 1.7.4 margins of known base scores', () => {
    // Measured with XGBoost 1.7.4 (0 rounds, predict(output_margin=True)).
    expect(xgboostBaseMargin('binary:logistic', 0.3)).toBe(Math.fround(-0.84729785));
    expect(xgboostBaseMargin('reg:logistic', 0.3)).toBe(Math.fround(-0.84729785));
    expect(xgboostBaseMargin('binary:logistic', 0.123456789)).toBe(Math.fround(-1.9600948));
    expect(xgboostBaseMargin('binary:logitraw', 0.3)).toBe(Math.fround(0.3));
    expect(xgboostBaseMargin('count:poisson', 1.7)).toBe(Math.fround(0.53062826));
    expect(xgboostBaseMargin('reg:gamma', 1.7)).toBe(Math.fround(0.53062826));
    expect(xgboostBaseMargin('multi:softprob', 0.3)).toBe(Math.fround(0.3));
  });
});
