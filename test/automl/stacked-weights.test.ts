/**
 * Issue 13's weak point: `info` (and the report) showed a stacked ensemble's members with the
 * placeholder weight 1/n. They now show each member's share of the stacker's absolute
 * (standardised) coefficients; a weighted ensemble keeps its averaging weights.
 */
import { describe, expect, it } from 'vitest';
import { formatAutoMLInfo, summarizeAutoML } from '../../src/automl/automl-info.js';
import { memberWeights } from '../../src/inference/automl-model.js';
import { stackerShares, type Stacker } from '../../src/inference/stacking.js';
import type { LinearModel } from '../../src/inference/linear-model.js';
import { automlModels } from '../runtime/models.js';

/** A binary stacker over `coef.length` members, one standardised meta-feature each. */
function stacker(coef: number[], constant: number[] = []): Stacker {
  const features = coef.map((_, j) => ({ kind: 'numeric' as const, feature: j, name: `m${j}`, mean: 0, std: 1, value: true, missing: false }))
    .filter((f) => !constant.includes(f.feature));
  const model: LinearModel = {
    learner: 'linear', task: 'binary', nClasses: 2, intercept: [0.1], params: { l2: 1 },
    design: { nFeatures: coef.length, nCols: features.length, features },
    coef: coef.filter((_, j) => !constant.includes(j)),
  };
  return { kind: 'stacking', task: 'binary', nMembers: coef.length, nOut: 2, model };
}

describe('a stacked ensemble shows its real member weights', () => {
  it('shares of the absolute coefficients', () => {
    expect(stackerShares(stacker([2, -1, 1]))).toEqual([0.5, 0.25, 0.25]);
    // A member whose output was constant has no column: share 0.
    expect(stackerShares(stacker([3, 1, 5], [2]))).toEqual([0.75, 0.25, 0]);
    expect(stackerShares(stacker([0, 0]))).toEqual([0.5, 0.5]);
  });

  it('info on a stacked AutoML model: the stacker shares, not 1/n', async () => {
    const stacked = (await automlModels()).find((c) => c.name === 'automl-stacked')!.model;
    const expected = stackerShares(stacked.ensemble.stacker!);
    expect(new Set(expected.map((w) => w.toFixed(6))).size).toBeGreaterThan(1);
    const summary = summarizeAutoML(stacked, 'm.json');
    expect(summary.members.map((m) => m.weight)).toEqual(expected);
    expect(expected.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    const text = formatAutoMLInfo(summary);
    expect(text).toContain("members (weight: share of the stacker's absolute coefficients):");
    expect(text).toContain(`weight ${expected[0]!.toFixed(3)}`);
  });

  it('a weighted ensemble keeps its averaging weights', async () => {
    const weighted = (await automlModels()).find((c) => c.name === 'automl-weighted')!.model;
    expect(memberWeights(weighted)).toEqual(weighted.members.map((m) => m.weight));
    expect(summarizeAutoML(weighted, 'm.json').members.map((m) => m.weight)).toEqual([0.5, 0.3, 0.2]);
  });
});
