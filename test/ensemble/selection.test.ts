import { describe, expect, it } from 'vitest';
import { greedySelection, greedySelectionCv } from '../../src/ensemble/selection.js';
import { scoreOutput } from '../../src/ensemble/oof-metric.js';
import { normal, uniform } from '../linear/helpers.js';

/** Binary output rows (nRows x 2) giving the true class probability pTrue(i) on row i. */
function binaryMember(y: number[], pTrue: (i: number) => number): Float64Array {
  const out = new Float64Array(2 * y.length);
  y.forEach((c, i) => { const p1 = c === 1 ? pTrue(i) : 1 - pTrue(i); out[2 * i] = 1 - p1; out[2 * i + 1] = p1; });
  return out;
}

describe('greedySelection (planted binary case)', () => {
  const u = uniform(5);
  const n = 200;
  const y = Array.from({ length: n }, () => (u() < 0.5 ? 1 : 0));
  const yy = Float64Array.from(y);
  const half = (i: number) => i < n / 2;
  // G: the best single model (p_true 0.72 everywhere, logloss 0.329).
  // A: sure and right on the first half, clueless (0.5) on the second; B: the mirror (logloss 0.352 each).
  // A and B together give p_true 0.745 everywhere (logloss 0.294): better than G, and the optimum
  // of any mixture puts no weight on G. D is a decoy that is wrong more often than right.
  const G = binaryMember(y, () => 0.72);
  const A = binaryMember(y, (i) => (half(i) ? 0.99 : 0.5));
  const B = binaryMember(y, (i) => (half(i) ? 0.5 : 0.99));
  const D = binaryMember(y, (i) => (i % 3 === 0 ? 0.9 : 0.3));
  const members = [D, G, A, B];

  it('starts from the best single model, then builds the complementary pair', () => {
    const res = greedySelection(members, yy, { metric: 'logloss', task: 'binary', maxIter: 40 });
    const gScore = scoreOutput('logloss', 'binary', yy, G);
    expect(res.curve[0]).toBeCloseTo(gScore, 12);
    expect(res.counts[0]).toBe(0);
    expect(res.counts[1]).toBe(1);
    expect(res.counts[2]).toBeGreaterThan(10);
    expect(Math.abs(res.counts[2]! - res.counts[3]!)).toBeLessThanOrEqual(1);
    expect(res.weights[2]! + res.weights[3]!).toBeGreaterThan(0.9);
    expect(res.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(res.score).toBeLessThan(gScore - 0.03);
    expect(res.score).toBe(Math.min(...res.curve));
    expect(res.curve[res.bestRound]).toBe(res.score);
    expect(res.curve.length).toBe(41);
  });

  it('is deterministic, and with init = 2 starts from the two best singles', () => {
    const a = greedySelection(members, yy, { metric: 'logloss', task: 'binary', maxIter: 10 });
    const b = greedySelection(members, yy, { metric: 'logloss', task: 'binary', maxIter: 10 });
    expect(b).toEqual(a);
    const two = greedySelection(members, yy, { metric: 'logloss', task: 'binary', maxIter: 0, init: 2 });
    // Singles: G 0.329, then A and B tie at 0.352 -> the lower index (A).
    expect(two.counts).toEqual([0, 1, 1, 0]);
    expect(two.curve.length).toBe(1);
  });

  it('patience stops after rounds without a new best, keeping the best prefix', () => {
    const full = greedySelection(members, yy, { metric: 'logloss', task: 'binary', maxIter: 40 });
    const short = greedySelection(members, yy, { metric: 'logloss', task: 'binary', maxIter: 40, patience: 1 });
    expect(short.curve.length).toBeLessThan(full.curve.length);
    expect(short.curve.length - 1 - short.bestRound).toBe(1);
    expect(short.curve).toEqual(full.curve.slice(0, short.curve.length));
  });

  it('handles a higher-is-better metric: accuracy never gets worse than the start', () => {
    const res = greedySelection(members, yy, { metric: 'accuracy', task: 'binary', maxIter: 10 });
    expect(res.score).toBeGreaterThanOrEqual(scoreOutput('accuracy', 'binary', yy, G));
    expect(res.score).toBe(Math.max(...res.curve));
  });

  it('inner-CV score of the selection is close to its in-sample score here and deterministic', () => {
    const cv = greedySelectionCv(members, yy, { metric: 'logloss', task: 'binary', maxIter: 20, folds: 4, seed: 3 });
    const again = greedySelectionCv(members, yy, { metric: 'logloss', task: 'binary', maxIter: 20, folds: 4, seed: 3 });
    expect(again.score).toBe(cv.score);
    expect(cv.oof.length).toBe(2 * n);
    expect(cv.score).toBeLessThan(scoreOutput('logloss', 'binary', yy, G));
  });
});

describe('greedySelection (regression)', () => {
  it('averages independent unbiased members and leaves out a biased copy of one of them', () => {
    const g = normal(uniform(9));
    const n = 500;
    const y = Float64Array.from({ length: n }, () => 3 * g());
    // Errors centred to mean 0 exactly, so no shift can help the average in-sample.
    const noisy = [0, 1, 2].map(() => {
      const e = Float64Array.from(y, () => g());
      const mean = e.reduce((a, b) => a + b, 0) / n;
      return Float64Array.from(y, (v, i) => v + e[i]! - mean);
    });
    // The same errors as noisy[0] plus a bias: it can only ever be worse than adding noisy[0].
    const biased = Float64Array.from(noisy[0]!, (v) => v + 0.5);
    const res = greedySelection([biased, ...noisy], y, { metric: 'rmse', task: 'regression', maxIter: 30 });
    expect(res.counts[0]).toBe(0);
    for (const c of res.counts.slice(1)) expect(c).toBeGreaterThan(0);
    // Three independent unit-variance errors averaged: rmse near 1/sqrt(3).
    expect(res.score).toBeLessThan(0.65);
  });

  it('rejects members of the wrong shape and metrics of another task', () => {
    const y = Float64Array.from([1, 2, 3]);
    expect(() => greedySelection([Float64Array.from([1, 2, 3, 4, 5, 6])], y, { metric: 'rmse', task: 'regression' })).toThrow(/regression members need 1 outputs/);
    expect(() => greedySelection([y], y, { metric: 'auc', task: 'regression' })).toThrow(/does not apply/);
  });
});
