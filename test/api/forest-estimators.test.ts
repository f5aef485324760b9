/** RandomForest / ExtraTrees estimators: the GBDT estimators' shape over JS data, asynchronous fit, OOB score, importance, save / load. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ExtraTreesClassifier, ExtraTreesRegressor, GBDTClassifier, RandomForestClassifier, RandomForestRegressor, ThicketError,
} from '../../src/index.js';

/** XOR-free rule on two numbers and a color; rows as objects. */
function rows(n: number, seed: number) {
  let s = seed;
  const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 8) / 16777216; };
  const X: Record<string, number | string | null>[] = [];
  const y: string[] = [], v: number[] = [];
  const colors = ['red', 'green', 'blue'];
  for (let i = 0; i < n; i++) {
    const a = rnd(), b = rnd(), color = colors[Math.floor(rnd() * 3)];
    X.push({ a: rnd() < 0.05 ? null : a, b, color });
    y.push(a + (color === 'red' ? 0.5 : 0) > 0.8 ? 'yes' : 'no');
    v.push(3 * a + (color === 'blue' ? 2 : 0) + b);
  }
  return { X, y, v };
}

describe('forest estimators', () => {
  it('RandomForestClassifier: fit resolves to the estimator; labels, probabilities, OOB score, importance', async () => {
    const { X, y } = rows(1500, 1);
    const clf = new RandomForestClassifier({ n_estimators: 25, nthread: 1, seed: 3, oob_score: true });
    const fitted = await clf.fit(X.slice(0, 1000), y.slice(0, 1000));
    expect(fitted).toBe(clf);
    expect(clf.classes).toEqual(['no', 'yes']);
    const proba = clf.predictProba(X.slice(1000));
    proba.forEach((p) => expect(p[0]! + p[1]!).toBeCloseTo(1, 12));
    const pred = clf.predict(X.slice(1000));
    const acc = pred.filter((p, i) => p === y[1000 + i]).length / pred.length;
    expect(acc).toBeGreaterThan(0.9);
    expect(clf.oobScore).toBeGreaterThan(0.9);
    expect(clf.oobPrediction!.covered).toBe(1000);
    expect(clf.featureImportance().map((f) => f.feature)).toEqual(['a', 'b', 'color']);
    const perm = clf.permutationImportance(X.slice(1000), y.slice(1000), { repeats: 2 });
    expect(perm.features.find((f) => f.feature === 'a')!.mean).toBeGreaterThan(perm.features.find((f) => f.feature === 'b')!.mean);
  });

  it('regressors and extra trees; validation metrics are recorded; save and load round-trip; the wrong class is refused', async () => {
    const { X, v, y } = rows(1200, 2);
    const reg = await new RandomForestRegressor({ n_estimators: 20, nthread: 1 }).fit(X.slice(0, 900), v.slice(0, 900), { valid: { X: X.slice(900), y: v.slice(900) } });
    expect(reg.model.training.metrics!.r2).toBeGreaterThan(0.9);
    const et = await new ExtraTreesRegressor({ n_estimators: 20, nthread: 1 }).fit(X.slice(0, 900), v.slice(0, 900));
    expect(et.oobScore).toBeUndefined();
    expect(et.model.learner).toBe('extratrees');
    const etc = await new ExtraTreesClassifier({ n_estimators: 10, nthread: 1 }).fit(X.slice(0, 900), y.slice(0, 900));
    const dir = mkdtempSync(join(tmpdir(), 'thicket-forest-api-'));
    reg.save(join(dir, 'reg.json'));
    etc.save(join(dir, 'etc.json'));
    const back = RandomForestRegressor.load(join(dir, 'reg.json'));
    expect(Array.from(back.predict(X.slice(900)))).toEqual(Array.from(reg.predict(X.slice(900))));
    expect(ExtraTreesClassifier.load(join(dir, 'etc.json')).predictProba(X.slice(900, 905))).toEqual(etc.predictProba(X.slice(900, 905)));
    expect(() => RandomForestClassifier.load(join(dir, 'reg.json'))).toThrow('is a regression rf model; use RandomForestRegressor');
    expect(() => ExtraTreesClassifier.load(join(dir, 'reg.json'))).toThrow(ThicketError);
    expect(() => GBDTClassifier.load(join(dir, 'etc.json'))).toThrow('is a binary extratrees model; use ExtraTreesClassifier');
  });

  it('rejects bad parameters at construction with a usage error', () => {
    expect(() => new RandomForestClassifier({ n_estimators: 0 })).toThrow('parameter n_estimators=0: must be >= 1');
    expect(() => new ExtraTreesRegressor({ max_features: 2.5 })).toThrow('max_features=2.5');
    // @ts-expect-error a GBDT parameter: checked at run time too
    expect(() => new RandomForestRegressor({ eta: 0.1 })).toThrow("parameter 'eta' does not apply to learner rf");
  });
});
