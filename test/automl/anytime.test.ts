// Anytime trials: a fold stopped by its deadline returns the model it has, and that model is
// exactly the one training with that many rounds (or trees) gives.
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { prepareTraining } from '../../src/boosting/training-data.js';
import { boostBinned } from '../../src/boosting/booster.js';
import { resolveGBDT } from '../../src/boosting/gbdt-params.js';
import { makePlan } from '../../src/automl/folds.js';
import { runFold, type FoldTask } from '../../src/automl/trial.js';
import { shareFoldRanges } from '../../src/automl/shared-training.js';
import { SharedData } from '../../src/pool/shared-data.js';
import type { Dataset, Schema } from '../../src/data/frame.js';
import type { ForestModel, GBDTModel } from '../../src/model/model.js';
import { Rng } from '../../src/util/rng.js';

function data(n: number, task: 'binary' | 'multiclass'): Dataset {
  const rng = new Rng(11);
  const x = new Float32Array(n * 4);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 4; f++) x[f * n + i] = rng.next();
    const s = x[i] + 0.5 * x[n + i] - 0.3 * x[2 * n + i] + 0.4 * rng.next();
    y[i] = task === 'binary' ? (s > 0.8 ? 1 : 0) : Math.min(2, Math.floor(s * 1.5));
  }
  const schema: Schema = {
    features: ['a', 'b', 'c', 'd'].map((name) => ({ name, kind: 'numeric' as const })),
    target: { name: 'y', task, classes: task === 'binary' ? ['0', '1'] : ['0', '1', '2'] },
  };
  return { schema, nRows: n, features: x, target: y };
}

function rowsOf(n: number, keep: (i: number) => boolean): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i).filter(keep);
}

describe.each(['binary', 'multiclass'] as const)('a gbdt fold at its deadline (%s)', (task) => {
  it('stops between rounds and equals training with that many rounds, tree for tree', () => {
    const n = 20_000;
    const d = data(n, task);
    const engine = createEngine();
    const td = prepareTraining(engine, d, 256, 0);
    const train = rowsOf(n, (i) => i % 4 !== 0), valid = rowsOf(n, (i) => i % 4 === 0);
    // Small eta and no early stop in sight: only the deadline can end it.
    const params = { eta: 0.02, max_depth: 5, subsample: 0.8, colsample_bytree: 0.8, early_stopping_rounds: 500 };
    const cut = resolveGBDT({ ...params, num_boost_round: 5000 }, task).settings;
    const mark = engine.arena.mark();
    const a = boostBinned(engine, td, cut, { trainRows: train, validRows: valid, deadline: Date.now() + 300 });
    engine.arena.reset(mark);
    expect(a.stoppedByDeadline).toBe(true);
    expect(a.rounds).toBeGreaterThan(1);
    expect(a.rounds).toBeLessThan(5000);
    const full = resolveGBDT({ ...params, num_boost_round: a.rounds }, task).settings;
    const b = boostBinned(engine, td, full, { trainRows: train, validRows: valid });
    expect(b.stoppedByDeadline).toBe(false);
    expect(b.rounds).toBe(a.rounds);
    expect(a.bestIteration).toBe(b.bestIteration);
    expect(a.trees.value).toEqual(b.trees.value);
    expect(a.trees.feature).toEqual(b.trees.feature);
    expect(a.trees.threshold).toEqual(b.trees.threshold);
    expect(a.validOutput).toEqual(b.validOutput);
  });
});

describe('a forest fold at its deadline', () => {
  it('returns the trees grown so far: the forest n_estimators = that many trees gives', () => {
    const n = 6000;
    const d = data(n, 'binary');
    const engine = createEngine();
    const td = prepareTraining(engine, d, 256, 0);
    const plan = makePlan('binary', d.target!, 0, 2);
    const shared = new SharedData(engine.arena);
    shareFoldRanges(shared, td, d.features, plan.folds);
    const foldRanges = shared.region('foldRanges').ptr;
    const config = { n_estimators: 5000, max_features: 0.5, min_samples_leaf: 5, bootstrap_fraction: 1 };
    const task: FoldTask = { trial: 0, learner: 'rf', config, fold: 0, seed: 1, rung: 0, sampleRows: 0, deadline: Date.now() + 300, nthread: 1 };
    const mark = engine.arena.mark();
    const a = runFold(engine, td, plan.foldOf, task, { foldRanges });
    engine.arena.reset(mark);
    expect(a.cut).toBe(true);
    expect(a.size).toBeGreaterThan(1);
    expect(a.size).toBeLessThan(5000);
    expect((a.model as ForestModel).training).toMatchObject({ nTrees: a.size });
    const b = runFold(engine, td, plan.foldOf, { ...task, config: { ...config, n_estimators: a.size }, deadline: null }, { foldRanges });
    expect(b.cut).toBe(false);
    const ta = (a.model as ForestModel).trees, tb = (b.model as ForestModel).trees;
    expect(ta.feature).toEqual(tb.feature);
    // Leaf values carry 1 / n_estimators: the cut forest's are rescaled (float rounding apart).
    for (let i = 0; i < ta.value.length; i += 7) expect(ta.value[i]).toBeCloseTo(tb.value[i], 6);
    for (let i = 0; i < a.output.length; i++) expect(a.output[i]).toBeCloseTo(b.output[i], 6);
  });
});

describe('a gbdt fold given threads', () => {
  it('trains on a team and returns the same model as on one thread', () => {
    // Above one histogram block (32,768 rows), so the team really splits the work.
    const n = 80_000;
    const d = data(n, 'binary');
    const engine = createEngine();
    const td = prepareTraining(engine, d, 256, 0);
    const plan = makePlan('binary', d.target!, 0, 2);
    const config = { eta: 0.3, max_depth: 6, min_child_weight: 1, subsample: 0.8, colsample_bytree: 0.8, lambda: 1, alpha: 0.001 };
    const task: FoldTask = { trial: 0, learner: 'gbdt', config, fold: 1, seed: 3, rung: 0, sampleRows: 0, deadline: null, nthread: 1 };
    const mark = engine.arena.mark();
    const one = runFold(engine, td, plan.foldOf, task);
    engine.arena.reset(mark);
    const two = runFold(engine, td, plan.foldOf, { ...task, nthread: 2 });
    const a = one.model as GBDTModel, b = two.model as GBDTModel;
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(a.trees.value.length).toBeGreaterThan(100);
    expect(b.trees.feature).toEqual(a.trees.feature);
    expect(b.trees.threshold).toEqual(a.trees.threshold);
    expect(b.trees.value).toEqual(a.trees.value);
    expect(two.output).toEqual(one.output);
    expect(two.size).toBe(one.size);
  });
});
