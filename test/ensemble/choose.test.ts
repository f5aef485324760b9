import { describe, expect, it } from 'vitest';
import { chooseEnsemble, formatPair, type EnsembleCandidate } from '../../src/ensemble/choose.js';

const candidates: EnsembleCandidate[] = [
  { kind: 'single', score: 0.33, nMembers: 1, label: 'gbdt #12' },
  { kind: 'soft-vote', score: 0.321, nMembers: 3 },
  { kind: 'greedy', score: 0.312, nMembers: 4 },
  { kind: 'stacking', score: 0.3151, nMembers: 6 },
];

describe('chooseEnsemble', () => {
  it('picks the lowest logloss and says why', () => {
    const c = chooseEnsemble(candidates, 'logloss');
    expect(c).toEqual({ kind: 'greedy', index: 2, score: 0.312, reason: 'greedy selection of 4 models: logloss 0.312 vs best single 0.33' });
  });

  it('picks the highest auc', () => {
    const c = chooseEnsemble(candidates, 'auc');
    expect(c.kind).toBe('single');
    expect(c.reason).toBe('best single model (gbdt #12): auc 0.33; no ensemble beat it (next: soft vote of top 3 models at 0.321)');
  });

  it('a tie goes to the simpler kind, and minGain prefers a simpler candidate that is close enough', () => {
    const tied: EnsembleCandidate[] = [
      { kind: 'stacking', score: 0.9, nMembers: 5 },
      { kind: 'soft-vote', score: 0.9, nMembers: 2 },
    ];
    expect(chooseEnsemble(tied, 'auc').kind).toBe('soft-vote');
    const c = chooseEnsemble(candidates, 'logloss', { minGain: 0.01 });
    expect(c.kind).toBe('soft-vote');
    expect(c.reason).toBe('soft vote of top 3 models: logloss 0.321, preferred as simpler to greedy selection of 4 models (0.312), within the 0.01 margin');
  });

  it('skips candidates without a score, and reports when it is the only one', () => {
    const c = chooseEnsemble([{ kind: 'stacking', score: NaN, nMembers: 3 }, { kind: 'single', score: 0.7, nMembers: 1 }], 'r2');
    expect(c.index).toBe(1);
    expect(c.reason).toBe('best single model: r2 0.7 (the only candidate)');
    expect(() => chooseEnsemble([], 'r2')).toThrow(/no ensemble candidates/);
  });

  it('shows enough digits to tell close scores apart', () => {
    expect(formatPair(0.31234, 0.31281)).toEqual(['0.312', '0.313']);
    expect(formatPair(0.31234, 0.31241)).toEqual(['0.3123', '0.3124']);
    expect(formatPair(1234.5, 1299)).toEqual(['1230', '1300']);
    expect(chooseEnsemble([{ kind: 'single', score: 0.91234, nMembers: 1 }, { kind: 'greedy', score: 0.91241, nMembers: 2 }], 'auc').reason)
      .toBe('greedy selection of 2 models: auc 0.9124 vs best single 0.9123');
  });
});
