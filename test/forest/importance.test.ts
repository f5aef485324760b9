/** Feature importance of forests and GBDT models: split gain / count from the trees, permutation importance on data. */
import { describe, expect, it } from 'vitest';
import { trainGBDT } from '../../src/boosting/train.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { featureImportance } from '../../src/model/feature-importance.js';
import { summarizeModel, formatModelInfo } from '../../src/model/model-info.js';
import { permutationImportance } from '../../src/predict/permutation-importance.js';
import { planted, split } from './helpers.js';

// x0, c and x1 carry the signal, x2 is noise (see planted()).
const d = planted({ rows: 3000, task: 'binary', noise: 0.05, seed: 51 });
const [train, test] = split(d, 2000);

describe('feature importance', () => {
  it('split gain ranks the signal features above the noise feature, for forests and GBDT; shares sum to 1', async () => {
    const rf = (await trainForest('rf', { n_estimators: 20, nthread: 1, max_depth: 6 }, train)).model;
    const gb = trainGBDT({ num_boost_round: 20, max_depth: 3 }, train);
    for (const m of [rf, gb]) {
      const imp = featureImportance(m);
      expect(imp.map((f) => f.feature)).toEqual(['x0', 'x1', 'x2', 'c']);
      const by = Object.fromEntries(imp.map((f) => [f.feature, f]));
      expect(by.x0.gain).toBeGreaterThan(by.x2.gain!);
      expect(by.c.gain).toBeGreaterThan(by.x2.gain!);
      expect(imp.reduce((s, f) => s + f.gainShare!, 0)).toBeCloseTo(1, 9);
      let splits = 0;
      for (let i = 0; i < m.trees.left.length; i++) if (m.trees.left[i] !== -1) splits++;
      expect(imp.reduce((s, f) => s + f.split, 0)).toBe(splits);
    }
  });

  it('permutation importance: large for x0 and c, about zero for the noise feature; the baseline is the unshuffled metric', async () => {
    const rf = (await trainForest('rf', { n_estimators: 20, nthread: 1 }, train)).model;
    const p = permutationImportance(rf, test, { repeats: 3, seed: 1 });
    expect(p.metric).toBe('auc');
    const by = Object.fromEntries(p.features.map((f) => [f.feature, f]));
    expect(by.x0.mean).toBeGreaterThan(0.1);
    expect(by.c.mean).toBeGreaterThan(0.05);
    expect(Math.abs(by.x2.mean)).toBeLessThan(0.01);
    expect(by.x0.drops).toHaveLength(3);
    expect(permutationImportance(rf, test, { repeats: 3, seed: 1 })).toEqual(p);
    const ll = permutationImportance(rf, test, { repeats: 2, metric: 'logloss' });
    expect(ll.features.find((f) => f.feature === 'x0')!.mean).toBeGreaterThan(0);
    expect(() => permutationImportance(rf, test, { metric: 'rmse' })).toThrow('metric rmse does not apply to a binary model');
  });

  it('thicket info shows the importance table and the out-of-bag score of a forest', async () => {
    const rf = (await trainForest('rf', { n_estimators: 10, nthread: 1, oob_score: true }, train)).model;
    const s = summarizeModel(rf, 'rf.json');
    expect(s.importance[0].split).toBeGreaterThan(0);
    expect(s.oob_metric).toBe('auc');
    const text = formatModelInfo({ ...s, permutation_importance: { metric: 'auc', repeats: 1, rows: 5, features: [{ feature: 'x0', mean: 0.2, std: 0 }] } });
    expect(text).toMatch(/^learner: +rf$/m);
    expect(text).toMatch(/^oob score: +auc 0\.\d+ \(auc=/m);
    expect(text).toMatch(/^importance: +gain share, total gain, splits$/m);
    expect(text).toMatch(/^ {2}x0 +\d+\.\d\d%/m);
    expect(text).toMatch(/^permutation: +drop in auc/m);
  });
});
