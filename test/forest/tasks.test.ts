/** Forests on every task: probabilities and class distributions, regression means, categorical and missing values handled natively, extra trees. */
import { describe, expect, it } from 'vitest';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { evaluateTask } from '../../src/metric/metrics.js';
import { predictDataset } from '../../src/predict/predictor.js';
import { planted, split } from './helpers.js';

describe('forest tasks', () => {
  it('multiclass: every row is a class distribution summing to 1, and the planted rule is learned', async () => {
    const d = planted({ rows: 4000, task: 'multiclass', classes: 4, missing: 0.05, seed: 31 });
    const [train, test] = split(d, 3000);
    const { model } = await trainForest('rf', { n_estimators: 30, nthread: 1 }, train);
    expect(model.valueWidth).toBe(4);
    expect(model.trees.value.length).toBe(model.trees.left.length * 4);
    const p = predictDataset(model, test);
    for (let r = 0; r < test.nRows; r++) {
      let s = 0;
      for (let c = 0; c < 4; c++) { expect(p.output[r * 4 + c]).toBeGreaterThanOrEqual(0); s += p.output[r * 4 + c]; }
      expect(s).toBeCloseTo(1, 12);
    }
    expect(evaluateTask('multiclass', test.target!, p).accuracy).toBeGreaterThan(0.9);
  });

  it('binary: two columns (1 - p, p); regression: averaged leaf means close to the target', async () => {
    const b = planted({ rows: 3000, task: 'binary', missing: 0.1, seed: 32 });
    const [btr, bte] = split(b, 2000);
    const bm = await trainForest('rf', { n_estimators: 30, nthread: 1 }, btr);
    const bp = predictDataset(bm.model, bte);
    expect(bp.output.length).toBe(2 * bte.nRows);
    for (let r = 0; r < bte.nRows; r++) expect(bp.output[2 * r] + bp.output[2 * r + 1]).toBeCloseTo(1, 12);
    expect(evaluateTask('binary', bte.target!, bp).auc).toBeGreaterThan(0.97);
    const g = planted({ rows: 3000, task: 'regression', noise: 1, seed: 33 });
    const [gtr, gte] = split(g, 2000);
    const gm = await trainForest('rf', { n_estimators: 30, nthread: 1 }, gtr);
    expect(evaluateTask('regression', gte.target!, predictDataset(gm.model, gte)).r2).toBeGreaterThan(0.95);
  });

  it('uses categorical and missing values natively: the rule needs the category set and "missing" on x0', async () => {
    const d = planted({ rows: 4000, task: 'binary', missing: 0.3, seed: 34 });
    const [train, test] = split(d, 3000);
    const { model } = await trainForest('rf', { n_estimators: 30, nthread: 1, max_features: 1 }, train);
    const t = model.trees;
    let catSplits = 0;
    for (let i = 0; i < t.left.length; i++) if (t.flags[i] & 2) catSplits++;
    expect(catSplits).toBeGreaterThan(30);
    const p = predictDataset(model, test);
    expect(evaluateTask('binary', test.target!, p).accuracy).toBeGreaterThan(0.95);
    // Missing x0 counts as "x0 > 0.5" in the rule: the rows with x0 missing are classified as well as the others.
    let n = 0, ok = 0;
    for (let r = 0; r < test.nRows; r++) {
      if (!Number.isNaN(test.features[r])) continue;
      n++;
      if (p.labels![r] === test.target![r]) ok++;
    }
    expect(n).toBeGreaterThan(200);
    expect(ok / n).toBeGreaterThan(0.95);
  });

  it('extra trees draw random thresholds: different trees from rf on the same rows, still accurate', async () => {
    const d = planted({ rows: 3000, task: 'binary', noise: 0.05, seed: 35 });
    const [train, test] = split(d, 2000);
    const rf = await trainForest('rf', { n_estimators: 20, nthread: 1, bootstrap: false, max_features: 1 }, train);
    const et = await trainForest('extratrees', { n_estimators: 20, nthread: 1, max_features: 1 }, train);
    // Without bootstrap and with all features, every rf tree is the same greedy tree; extra trees differ.
    const firstTree = (m: typeof rf.model) => Array.from(m.trees.threshold.subarray(0, m.trees.treeRoot[1]));
    expect(firstTree(rf.model)).toEqual(Array.from(rf.model.trees.threshold.subarray(rf.model.trees.treeRoot[1], rf.model.trees.treeRoot[2])));
    expect(firstTree(et.model)).not.toEqual(Array.from(et.model.trees.threshold.subarray(et.model.trees.treeRoot[1], et.model.trees.treeRoot[2])));
    expect(evaluateTask('binary', test.target!, predictDataset(et.model, test)).auc).toBeGreaterThan(0.95);
  });
});
