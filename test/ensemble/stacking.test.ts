import { describe, expect, it } from 'vitest';
import { fitStack } from '../../src/ensemble/stacking.js';
import { predictStack, validateStacker } from '../../src/inference/stacking.js';
import { scoreOutput } from '../../src/ensemble/oof-metric.js';
import { ThicketError } from '../../src/errors.js';
import { normal, uniform } from '../linear/helpers.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('fitStack / predictStack', () => {
  it('regression: recovers y = 0.3 m1 + 0.7 m2 and applies it to new member outputs', () => {
    const g = normal(uniform(21));
    const n = 400;
    const m1 = Float64Array.from({ length: n }, () => 5 * g());
    const m2 = Float64Array.from({ length: n }, () => 2 * g() + 10);
    const junk = Float64Array.from({ length: n }, () => g());
    const y = Float64Array.from(m1, (v, i) => 0.3 * v + 0.7 * m2[i]! + 0.01 * g());
    const res = fitStack([m1, m2, junk], y, { metric: 'rmse', task: 'regression' });
    expect(res.score).toBeLessThan(0.05);
    const a = Float64Array.from([1, -2, 0]);
    const b = Float64Array.from([10, 4, 0]);
    const c = Float64Array.from([0.5, 0, -1]);
    const out = predictStack(res.stacker, [a, b, c]);
    out.forEach((v, i) => expect(v).toBeCloseTo(0.3 * a[i]! + 0.7 * b[i]!, 1));
  });

  it('binary: follows the calibrated member and ignores the noise member', () => {
    const u = uniform(22);
    const g = normal(u);
    const n = 3000;
    const z = Float64Array.from({ length: n }, () => 2 * g());
    const y = Float64Array.from(z, (v) => (u() < sigmoid(v) ? 1 : 0));
    const calibrated = new Float64Array(2 * n);
    const noise = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      calibrated[2 * i + 1] = sigmoid(z[i]!); calibrated[2 * i] = 1 - calibrated[2 * i + 1]!;
      noise[2 * i + 1] = u(); noise[2 * i] = 1 - noise[2 * i + 1]!;
    }
    const res = fitStack([noise, calibrated], y, { metric: 'logloss', task: 'binary', seed: 1 });
    expect(res.stacker.model.design.nFeatures).toBe(2); // one logit per member
    const out = predictStack(res.stacker, [noise, calibrated]);
    for (let i = 0; i < n; i += 37) expect(Math.abs(out[2 * i + 1]! - calibrated[2 * i + 1]!)).toBeLessThan(0.05);
    // Honest and close to the calibrated member's own logloss.
    expect(Math.abs(res.score - scoreOutput('logloss', 'binary', y, calibrated))).toBeLessThan(0.01);
  });

  it('multiclass: probabilities sum to 1 and beat the best member when members are complementary', () => {
    const u = uniform(23);
    const n = 900;
    const K = 3;
    const y = Float64Array.from({ length: n }, (_, i) => i % K);
    // Member 0 knows class 0 vs rest; member 1 knows class 1 vs rest; each is uniform otherwise.
    const knows = (c: number) => {
      const m = new Float64Array(n * K);
      for (let i = 0; i < n; i++) {
        const right = u() < 0.9;
        if (y[i] === c ? right : !right) { m.fill(0.05, i * K, i * K + K); m[i * K + c] = 0.9; } else { m.fill(0.45, i * K, i * K + K); m[i * K + c] = 0.1; }
      }
      return m;
    };
    const members = [knows(0), knows(1)];
    const res = fitStack(members, y, { metric: 'logloss', task: 'multiclass' });
    expect(res.stacker.nOut).toBe(K);
    expect(res.oof.length).toBe(n * K);
    const out = predictStack(res.stacker, members);
    for (let i = 0; i < n; i++) expect(out[i * K]! + out[i * K + 1]! + out[i * K + 2]!).toBeCloseTo(1, 12);
    const bestMember = Math.min(...members.map((m) => scoreOutput('logloss', 'multiclass', y, m)));
    expect(res.score).toBeLessThan(bestMember - 0.1);
    expect(scoreOutput('accuracy', 'multiclass', y, res.oof)).toBeGreaterThan(0.75);
  });

  it('inner-CV score is honest: on pure noise it is worse than in-sample and no better than the mean', () => {
    const g = normal(uniform(24));
    const n = 80;
    const y = Float64Array.from({ length: n }, () => g());
    const members = Array.from({ length: 30 }, () => Float64Array.from({ length: n }, () => g()));
    const res = fitStack(members, y, { metric: 'r2', task: 'regression', l2: 1e-3, seed: 4 });
    expect(res.inSampleScore).toBeGreaterThan(0.2);
    expect(res.score).toBeLessThan(res.inSampleScore - 0.2);
    expect(res.score).toBeLessThan(0);
  });

  it('is deterministic for a seed', () => {
    const g = normal(uniform(25));
    const y = Float64Array.from({ length: 50 }, () => g());
    const members = [0, 1].map(() => Float64Array.from(y, (v) => v + g()));
    const a = fitStack(members, y, { metric: 'mae', task: 'regression', seed: 9 });
    const b = fitStack(members, y, { metric: 'mae', task: 'regression', seed: 9 });
    expect(b.score).toBe(a.score);
    expect(b.stacker).toEqual(a.stacker);
  });
});

describe('validateStacker', () => {
  const g = normal(uniform(26));
  const y = Float64Array.from({ length: 40 }, (_, i) => i % 2);
  const members = [0, 1].map(() => {
    const m = new Float64Array(80);
    for (let i = 0; i < 40; i++) { m[2 * i + 1] = sigmoid(g() + (y[i]! ? 1 : -1)); m[2 * i] = 1 - m[2 * i + 1]!; }
    return m;
  });
  const { stacker } = fitStack(members, y, { metric: 'auc', task: 'binary' });

  it('accepts a JSON round trip, which predicts the same', () => {
    const back = validateStacker(JSON.parse(JSON.stringify(stacker)), 'model m.json');
    expect(back).toEqual(stacker);
    expect(Array.from(predictStack(back, members))).toEqual(Array.from(predictStack(stacker, members)));
  });

  it('names the bad field', () => {
    const bad = JSON.parse(JSON.stringify(stacker));
    bad.nMembers = 3;
    expect(() => validateStacker(bad, 'model m.json')).toThrow(ThicketError);
    expect(() => validateStacker(bad, 'model m.json')).toThrow(/model m\.json: stacker\.nMembers/);
    const bad2 = JSON.parse(JSON.stringify(stacker));
    bad2.model.coef = [];
    expect(() => validateStacker(bad2, 'model m.json')).toThrow(/model m\.json: stacker\.model: coef must have 2 entries/);
  });

  it('predictStack rejects the wrong number of members', () => {
    expect(() => predictStack(stacker, [members[0]!])).toThrow(/expects 2 member outputs/);
  });
});
