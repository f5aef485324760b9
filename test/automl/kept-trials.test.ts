// Which trials the runner keeps for the final ensemble: the top ones and the best of every learner.
import { describe, expect, it } from 'vitest';
import { keepDiverse, KEEP_PER_LEARNER, KEEP_TOP } from '../../src/automl/trial-runner.js';

const trial = (learner: string, id: number) => ({ record: { learner, trial: id } });

describe('keepDiverse', () => {
  it('keeps the top trials and the best of a learner that ranks below them', () => {
    // 14 linear trials lead; gbdt and rf rank below the top 12.
    const sorted = [
      ...Array.from({ length: 14 }, (_, i) => trial('linear', i)),
      trial('gbdt', 14), trial('gbdt', 15), trial('gbdt', 16), trial('rf', 17),
    ];
    const kept = keepDiverse(sorted);
    expect(kept.map((k) => k.record.trial)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 17]);
  });

  it('keeps everything when there are few trials, in the given order', () => {
    const sorted = [trial('gbdt', 3), trial('rf', 1), trial('gbdt', 2)];
    expect(keepDiverse(sorted)).toEqual(sorted);
  });

  it('is bounded by the top plus the per-learner quota of each learner', () => {
    const learners = ['gbdt', 'rf', 'extratrees', 'linear'];
    const sorted = Array.from({ length: 100 }, (_, i) => trial(learners[i % 4], i));
    const kept = keepDiverse(sorted);
    expect(kept.length).toBeLessThanOrEqual(KEEP_TOP + learners.length * KEEP_PER_LEARNER);
    for (const l of learners) expect(kept.filter((k) => k.record.learner === l).length).toBeGreaterThanOrEqual(KEEP_PER_LEARNER);
    expect(keepDiverse(sorted, 2, 0).map((k) => k.record.trial)).toEqual([0, 1]);
  });
});
