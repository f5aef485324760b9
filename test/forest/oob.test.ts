/** Out-of-bag predictions and score: close to a held-out estimate, covering the rows, absent without out-of-bag rows. */
import { describe, expect, it } from 'vitest';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { evaluateTask } from '../../src/metric/metrics.js';
import { predictDataset } from '../../src/predict/predictor.js';
import { planted, split } from './helpers.js';

describe('out-of-bag score', () => {
  it.each([
    // Sampling error alone is ~0.007-0.01 on 3000 rows, and out-of-bag estimates are known to be
    // slightly pessimistic (each row is scored by ~37% of the trees).
    ['binary', 'auc', planted({ rows: 6000, task: 'binary', noise: 0.25, missing: 0.05, seed: 11 }), 0.03],
    ['multiclass', 'accuracy', planted({ rows: 6000, task: 'multiclass', classes: 4, noise: 0.2, seed: 12 }), 0.03],
    ['regression', 'r2', planted({ rows: 6000, task: 'regression', noise: 8, seed: 13 }), 0.03],
  ] as const)('%s: oob %s within a small margin of the same metric on held-out rows', async (_name, metric, d, tol) => {
    const [train, test] = split(d, 3000);
    const { model, oob } = await trainForest('rf', { n_estimators: 60, nthread: 1, seed: 2, oob_score: true }, train);
    expect(model.training.oobMetric).toBe(metric);
    const held = evaluateTask(d.schema.target.task, test.target!, predictDataset(model, test))[metric];
    expect(Math.abs(model.training.oobScore! - held), `oob ${model.training.oobScore} vs held-out ${held}`).toBeLessThan(tol);
    // With 60 trees every row is out of bag for some tree (P(never) = 0.632^60).
    expect(oob!.covered).toBe(3000);
    expect(model.training.oobRows).toBe(3000);
    expect(Object.keys(model.training.oobMetrics!).sort()).toEqual(Object.keys(evaluateTask(d.schema.target.task, test.target!, predictDataset(model, test))).sort());
  });

  it('averages, per row, only the trees that did not see it (one tree: its own leaf for every out-of-bag row)', async () => {
    // Grid values (one bin per value) make bin-space traversal and raw thresholds agree exactly;
    // with quantile bins a bin can straddle a threshold placed between two values.
    const d = planted({ rows: 400, task: 'regression', noise: 3, seed: 5, levels: 200 });
    const { model, oob } = await trainForest('rf', { n_estimators: 1, nthread: 1, max_features: 1, oob_score: true }, d);
    const pred = predictDataset(model, d).output;
    let out = 0;
    for (let r = 0; r < d.nRows; r++) {
      if (oob!.trees[r] === 0) { expect(Number.isNaN(oob!.output[r])).toBe(true); continue; }
      out++;
      expect(oob!.output[r]).toBeCloseTo(pred[r], 4);
    }
    // About 1/e of the rows are left out of a bootstrap sample.
    expect(out / d.nRows).toBeGreaterThan(0.3);
    expect(out / d.nRows).toBeLessThan(0.45);
  });

  it('has no OOB score by default, without bootstrap (extra trees default) or with oob_score=false; max_samples brings it back', async () => {
    const d = planted({ rows: 800, task: 'binary', noise: 0.1, seed: 6 });
    const byDefault = await trainForest('rf', { n_estimators: 10, nthread: 1 }, d);
    expect(byDefault.oob).toBeNull();
    expect(byDefault.model.training.oobScore).toBeUndefined();
    const et = await trainForest('extratrees', { n_estimators: 10, nthread: 1, oob_score: true }, d);
    expect(et.oob).toBeNull();
    expect(et.model.training.oobScore).toBeUndefined();
    const off = await trainForest('rf', { n_estimators: 10, nthread: 1, oob_score: false }, d);
    expect(off.oob).toBeNull();
    const sub = await trainForest('extratrees', { n_estimators: 20, nthread: 1, max_samples: 0.5, oob_score: true }, d);
    expect(sub.model.training.oobScore).toBeGreaterThan(0.8);
  });
});
