import { describe, expect, it } from 'vitest';
import { hardVote, normaliseWeights, softVote, topKWeights } from '../../src/ensemble/voting.js';
import { checkMetric, fastAuc, isBetter, scoreOutput } from '../../src/ensemble/oof-metric.js';
import { auc } from '../../src/metric/metrics.js';
import { uniform } from '../linear/helpers.js';

const f64 = (a: number[]) => Float64Array.from(a);
const close = (a: Float64Array, b: number[]) => { expect(a.length).toBe(b.length); b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12)); };

describe('softVote', () => {
  it('weighted mean of probabilities on a hand-made case (weights 3:1 -> 0.75 / 0.25)', () => {
    const A = f64([0.2, 0.8, 0.6, 0.4]);
    const B = f64([0.6, 0.4, 0.2, 0.8]);
    close(softVote([A, B], [3, 1]), [0.3, 0.7, 0.5, 0.5]);
    close(softVote([A, B], [1, 1]), [0.4, 0.6, 0.4, 0.6]);
    close(softVote([A, B], [0, 2]), Array.from(B));
  });

  it('weighted mean of regression values', () => {
    close(softVote([f64([1, 2, 3]), f64([3, 6, 9]), f64([0, 0, 0])], [1, 1, 2]), [1, 2, 3]);
  });

  it('rejects negative, non-finite, all-zero or miscounted weights and ragged members', () => {
    expect(() => normaliseWeights([1, -1], 2)).toThrow(/weight 1/);
    expect(() => normaliseWeights([NaN, 1], 2)).toThrow(/weight 0/);
    expect(() => normaliseWeights([0, 0], 2)).toThrow(/sum to 0/);
    expect(() => normaliseWeights([1], 2)).toThrow(/1 weights for 2 members/);
    expect(() => softVote([f64([1, 2]), f64([1])], [1, 1])).toThrow(/member 1/);
  });
});

describe('hardVote', () => {
  // Three members over 3 classes, two rows. Row 0: member 0 says class 0, members 1 and 2 say class 2.
  const m0 = f64([0.6, 0.3, 0.1, 0.1, 0.8, 0.1]);
  const m1 = f64([0.2, 0.3, 0.5, 0.1, 0.8, 0.1]);
  const m2 = f64([0.1, 0.4, 0.5, 0.7, 0.2, 0.1]);

  it('weighted majority of argmax labels as one-hot rows', () => {
    // Row 0: class 0 gets 0.5, class 2 gets 0.6 -> 2. Row 1: class 1 gets 0.8, class 0 gets 0.3 -> 1.
    close(hardVote([m0, m1, m2], [0.5, 0.3, 0.3], 3), [0, 0, 1, 0, 1, 0]);
    // Row 0 with member 0 weighted 0.7: class 0 wins 0.7 to 0.6.
    close(hardVote([m0, m1, m2], [0.7, 0.3, 0.3], 3), [1, 0, 0, 0, 1, 0]);
  });

  it('a tie in votes goes to the class with the larger soft-vote probability', () => {
    // Row 0: m0 -> class 0, m2 -> class 2, equal weights; soft: class 0 0.35, class 2 0.3 -> class 0.
    // Row 1: m0 -> class 1, m2 -> class 0; soft: class 1 0.5, class 0 0.4 -> class 1.
    close(hardVote([m0, m2], [1, 1], 3), [1, 0, 0, 0, 1, 0]);
  });
});

describe('topKWeights', () => {
  it('equal weights on the k best, by the metric direction; NaN never chosen; k clamped', () => {
    expect(topKWeights([0.8, 0.9, NaN, 0.85], 2, 'auc')).toEqual([0, 0.5, 0, 0.5]);
    expect(topKWeights([0.8, 0.9, NaN, 0.85], 2, 'logloss')).toEqual([0.5, 0, 0, 0.5]);
    expect(topKWeights([0.8, 0.9], 5, 'auc')).toEqual([0.5, 0.5]);
    expect(topKWeights([0.8, 0.9], 0, 'auc')).toEqual([0, 1]);
    // Ties: the lower index first.
    expect(topKWeights([0.5, 0.7, 0.7], 1, 'auc')).toEqual([0, 1, 0]);
  });
});

describe('oof-metric', () => {
  const y = f64([0, 1, 1, 0]);
  const out = f64([0.9, 0.1, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55]);

  it('scores binary outputs by name and direction', () => {
    expect(scoreOutput('auc', 'binary', y, out)).toBe(1);
    expect(scoreOutput('accuracy', 'binary', y, out)).toBe(0.75);
    expect(scoreOutput('f1', 'binary', y, out)).toBeCloseTo(0.8, 12); // tp 2, fp 1, fn 0
    expect(scoreOutput('logloss', 'binary', y, out)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.7) + Math.log(0.45)) / 4, 12);
    expect(isBetter('logloss', 0.2, 0.3)).toBe(true);
    expect(isBetter('auc', 0.2, 0.3)).toBe(false);
    expect(isBetter('auc', 0.2, NaN)).toBe(true);
    expect(isBetter('auc', NaN, 0.2)).toBe(false);
  });

  it('fastAuc equals metrics.auc exactly, ties included', () => {
    const u = uniform(31);
    for (const [n, levels] of [[1, 3], [7, 2], [500, 5], [2000, 1000], [3000, 0]] as const) {
      const y = Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0));
      const p = Array.from({ length: n }, () => (levels > 0 ? Math.floor(u() * levels) / levels : u()));
      const ref = auc(y, p);
      if (Number.isNaN(ref)) expect(fastAuc(y, p)).toBeNaN();
      else expect(fastAuc(y, p)).toBe(ref);
    }
    expect(fastAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(fastAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('rejects a metric that does not fit the task', () => {
    expect(() => checkMetric('auc', 'regression')).toThrow(/metric 'auc' does not apply to a regression task/);
    expect(() => checkMetric('rmse', 'binary')).toThrow(/use one of auc, logloss, accuracy, f1/);
    expect(checkMetric('mlogloss', 'multiclass')).toBe('logloss');
  });
});
