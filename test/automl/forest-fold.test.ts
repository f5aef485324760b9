/**
 * An AutoML fold forest is the forest trainForest grows on the fold's training rows: same node
 * arrays (raw midpoint thresholds included) and the same outputs on the held-out rows. The
 * shared data is binned with the cuts trainForest computes from the fold's rows, so the bins
 * agree; the values are continuous, so held-out values would move the thresholds if the fold's
 * bin value ranges counted them.
 */
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/data/frame.js';
import { computeBins } from '../../src/binning/bin-mapper.js';
import { prepareTraining } from '../../src/boosting/training-data.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { makePlan } from '../../src/automl/folds.js';
import { datasetRows, foldRows, runFold } from '../../src/automl/trial.js';
import { shareFoldRanges } from '../../src/automl/shared-training.js';
import { learnerByName } from '../../src/automl/learners/registry.js';
import type { ForestLearner } from '../../src/forest/forest-params.js';
import type { ForestModel } from '../../src/model/model.js';
import { predictDataset } from '../../src/predict/predictor.js';
import { SharedData } from '../../src/pool/shared-data.js';
import { createEngine, kernelModule, newMemory } from '../../src/wasm/load.js';
import { planted } from '../forest/helpers.js';

const cases: [ForestLearner, Task, number][] = [
  ['rf', 'regression', 0], ['extratrees', 'regression', 1], ['rf', 'binary', 0], ['extratrees', 'multiclass', 1],
];

describe('AutoML fold forests', () => {
  it.each(cases)('%s on a %s fold grows the trees trainForest grows on its rows', async (learner, task, config) => {
    const seed = 5;
    const d = planted({ rows: 1200, task, missing: 0.03, noise: 0.3, seed: 17 });
    const plan = makePlan(task, d.target!, seed);
    const fold = 2;
    const { train, valid } = foldRows(plan.foldOf, fold);
    const part = datasetRows(d, train);
    const shape = { task, nRows: d.nRows, nFeatures: d.schema.features.length, nClasses: d.schema.target.classes?.length ?? 1 };
    const spec = learnerByName(learner);
    const cfg = spec.portfolio(shape)[config];
    const alone = (await trainForest(learner, spec.params(cfg, shape, seed), part)).model;

    const cuts = new Map<string, Float32Array>();
    computeBins(createEngine(), part.features, part.nRows, d.schema, 256, seed, undefined, 'distinct').forEach((b, f) => { if (b.kind === 'numeric') cuts.set(d.schema.features[f].name, b.cuts); });
    const engine = createEngine(newMemory(), kernelModule());
    const data = prepareTraining(engine, d, 256, seed, cuts);
    const shared = new SharedData(engine.arena);
    shareFoldRanges(shared, data, d.features, plan.folds);
    const r = runFold(engine, data, plan.foldOf, { trial: 0, learner, config: cfg, fold, seed, rung: 0, sampleRows: 0, deadline: null, nthread: 1 }, { foldRanges: shared.region('foldRanges').ptr });
    const folded = (r.model as ForestModel).trees;

    const a = alone.trees;
    expect(folded.treeRoot).toEqual(a.treeRoot);
    for (const k of ['feature', 'threshold', 'left', 'right', 'flags', 'catOffset', 'catLen', 'catWords', 'value', 'gain', 'cover'] as const) {
      expect(folded[k], k).toEqual(a[k]);
    }
    // Held-out rows go through bin cuts (as out-of-bag rows do in trainForest): a value inside a bin
    // that a raw threshold splits may take the other side than the model's prediction, so the
    // outputs agree closely rather than exactly; rows in the wrong order would not.
    const expected = predictDataset(alone, datasetRows(d, valid)).output;
    expect(r.output.length).toBe(expected.length);
    const mean = expected.reduce((s, v) => s + v, 0) / expected.length;
    const sd = Math.sqrt(expected.reduce((s, v) => s + (v - mean) ** 2, 0) / expected.length);
    const dev = r.output.reduce((s, v, i) => s + Math.abs(v - expected[i]), 0) / expected.length;
    expect(dev).toBeLessThan(0.05 * sd);
  });
});
