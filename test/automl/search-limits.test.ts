// Limits the search puts on a trial and on the final ensemble: the gbdt round cap and the
// greedy-selection rounds that fit in the time left.
import { describe, expect, it } from 'vitest';
import { gbdtLearner, roundCap, ETA_ROUNDS, MAX_ROUNDS } from '../../src/automl/learners/gbdt.js';
import { affordableRounds } from '../../src/automl/final-ensemble.js';

describe('gbdt round cap', () => {
  it('lets a small eta boost at least ETA_ROUNDS / eta rounds even with many classes', () => {
    // 26 classes: the class-based cap alone is 196 rounds, too few for eta 0.1 (0.1 x 196 < 0.3 x 100).
    expect(roundCap(0.3, 26)).toBe(196);
    expect(roundCap(0.1, 26)).toBe(Math.ceil(ETA_ROUNDS / 0.1));
    expect(roundCap(0.1, 26) * 0.1).toBeGreaterThan(0.3 * 100);
    expect(roundCap(0.01, 26)).toBe(MAX_ROUNDS);
    expect(roundCap(0.05, 2)).toBe(MAX_ROUNDS);
    const shape = { task: 'multiclass' as const, nRows: 1000, nFeatures: 16, nClasses: 26 };
    const params = gbdtLearner.params({ ...gbdtLearner.lowCost(shape), eta: 0.1 }, shape, 0);
    expect(params.num_boost_round).toBe(500);
  });
});

describe('affordable selection rounds', () => {
  it('runs every round with time to spare, fewer when short, none below the minimum', () => {
    expect(affordableRounds(10_000, 10)).toBe(25);
    expect(affordableRounds(110, 10)).toBe(10);
    expect(affordableRounds(40, 10)).toBe(0);
    expect(affordableRounds(-36, 2)).toBe(0);
  });
});
