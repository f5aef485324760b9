/**
 * Issue 13's weak point: `fit --weight` must reach every learner's folds, not only gbdt's. A
 * fold trained with sample weights (half the rows nearly weightless) gives other held-out
 * outputs than the same fold unweighted, for gbdt, rf, extratrees and linear alike.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Task } from '../../src/data/frame.js';
import { prepareTraining } from '../../src/boosting/training-data.js';
import { makePlan } from '../../src/automl/folds.js';
import { datasetRows, runFold, type FoldTask } from '../../src/automl/trial.js';
import { shareFoldRanges } from '../../src/automl/shared-training.js';
import { learnerByName } from '../../src/automl/learners/registry.js';
import type { LearnerName } from '../../src/inference/automl-model.js';
import { SharedData } from '../../src/pool/shared-data.js';
import { createEngine, kernelModule, newMemory } from '../../src/wasm/load.js';
import { planted } from '../forest/helpers.js';

/** Held-out outputs of fold 1 of `d` for `learner` (its first portfolio config). */
function foldOutput(d: Dataset, learner: LearnerName, task: Task): Float64Array {
  const seed = 3;
  const plan = makePlan(task, d.target!, seed);
  const engine = createEngine(newMemory(), kernelModule());
  const data = prepareTraining(engine, d, 256, seed);
  const shared = new SharedData(engine.arena);
  shareFoldRanges(shared, data, d.features, plan.folds);
  const shape = { task, nRows: d.nRows, nFeatures: d.schema.features.length, nClasses: d.schema.target.classes?.length ?? 1 };
  const config = learnerByName(learner).portfolio(shape)[0]!;
  const t: FoldTask = { trial: 0, learner, config, fold: 1, seed, rung: 0, sampleRows: 0, deadline: null, nthread: 1 };
  return runFold(engine, data, plan.foldOf, t, { raw: d, foldRanges: shared.region('foldRanges').ptr }).output;
}

function withWeights(d: Dataset, w: (i: number) => number): Dataset {
  return { ...d, weight: Float64Array.from({ length: d.nRows }, (_, i) => w(i)) };
}

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('sample weights reach every learner of an AutoML fold', () => {
  for (const task of ['binary', 'regression'] as const) {
    const d = planted({ rows: 900, task, noise: 0.4, seed: 9 });
    for (const learner of ['gbdt', 'rf', 'extratrees', 'linear'] as const) {
      it(`${learner}, ${task}: weighted folds differ from unweighted ones`, () => {
        const plain = foldOutput(d, learner, task);
        const weighted = foldOutput(withWeights(d, (i) => (i % 2 ? 0.01 : 3)), learner, task);
        expect(weighted.length).toBe(plain.length);
        expect(maxDiff(plain, weighted)).toBeGreaterThan(1e-3);
      });
    }
  }

  it('datasetRows keeps the rows weights', () => {
    const d = withWeights(planted({ rows: 10, task: 'binary', seed: 1 }), (i) => i + 1);
    expect(Array.from(datasetRows(d, Uint32Array.of(3, 7)).weight!)).toEqual([4, 8]);
  });
});
