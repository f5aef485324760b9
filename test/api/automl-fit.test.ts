/** Library AutoML: fit() on JS rows and on a file, progress events, the result's leaderboard and best config; loading and predicting every kind of model. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AutoMLEstimator, fit, GBDTRegressor, load, loadModel, predictFrame, readFrame, type AutoMLProgress } from '../../src/index.js';
import { DATA, ROOT } from '../cli/run-cli.js';

describe('fit (library AutoML)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thicket-fit-'));

  it('fits rows holding the target, reports progress, and predicts; save / load / loadModel give the same predictions', async () => {
    const frame = await readFrame(join(DATA, 'penguins.train.csv'));
    // Row objects, as an application would hold them.
    const rows = Array.from({ length: frame.nRows }, (_, i) => Object.fromEntries(frame.columns.map((c) => [c.name,
      c.kind === 'numeric' ? c.values[i] : c.codes[i] < 0 ? null : c.levels[c.codes[i]]])));
    const events: AutoMLProgress[] = [];
    const trials: number[] = [];
    const r = await fit(rows, { target: 'species', trials: 5, workers: 1, learners: ['gbdt', 'linear'], onProgress: (p) => events.push(p), onTrial: (t) => trials.push(t.trial) });
    expect(events.length).toBeGreaterThan(0);
    expect(events[events.length - 1].trials).toBe(5);
    expect(trials).toEqual([0, 1, 2, 3, 4]);
    expect(r.trials).toHaveLength(5);
    expect(r.leaderboard.length).toBeGreaterThan(0);
    expect(['gbdt', 'linear']).toContain(r.best.learner);
    expect(r.bestConfig).toEqual(r.best.config);
    expect(r.model.task).toBe('multiclass');
    expect(r.model.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const test = [{ island: 'Dream', bill_length_mm: 41.5, bill_depth_mm: 18.5, flipper_length_mm: 201, body_mass_g: 4000, sex: 'male', year: 2009 }];
    expect(r.model.predict(test)).toEqual(['Adelie']);
    const proba = r.model.predictProba(test);
    expect(proba[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);

    const path = join(dir, 'automl.json');
    r.model.save(path);
    const again = load(path);
    expect(again).toBeInstanceOf(AutoMLEstimator);
    expect((again as AutoMLEstimator).predictProba(test)).toEqual(proba);
    const doc = loadModel(path);
    expect(doc.learner).toBe('automl');
    const testFrame = await readFrame(join(DATA, 'penguins.test.csv'));
    const viaFrame = predictFrame(doc, testFrame);
    expect(Array.from(viaFrame.output.subarray(0, 3))).toEqual(r.model.predictProba(testFrame)[0]);
  });

  it('fits a data file (regression) under a time budget', async () => {
    const r = await fit(join(DATA, 'diabetes.train.csv'), { target: 'progression', time: 4, workers: 1, learners: ['gbdt'] });
    expect(r.model.task).toBe('regression');
    expect(r.seconds).toBeLessThan(8);
    const y = r.model.predict([{ age: 61, sex: 1, bmi: 25.8, bp: 90, s1: 280, s2: 195.4, s3: 55, s4: 5, s5: 4.9972, s6: 90 }]);
    expect(y).toBeInstanceOf(Float64Array);
    expect(Number.isFinite((y as Float64Array)[0])).toBe(true);
  });

  it('requires the target option', async () => {
    await expect(fit([{ a: 1 }], {} as never)).rejects.toThrow(/options.target/);
  });

  it('load() returns the estimator for single and imported XGBoost models too', () => {
    const xgb = load(join(ROOT, 'test/fixtures/xgb-models/diabetes_reg.json'));
    expect(xgb).toBeInstanceOf(GBDTRegressor);
    expect(loadModel(join(ROOT, 'test/fixtures/xgb-models/diabetes_reg.json')).learner).toBe('gbdt');
  });
});
