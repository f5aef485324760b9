/** A forest trained on one fold's rows of the shared binned data, and its outputs on the fold's held-out rows. */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import type { TrainingData } from '../boosting/training-data.js';
import { MODEL_FORMAT, MODEL_VERSION, type ForestModel } from '../model/model.js';
import type { ParamMap } from '../params.js';
import { resolveForest, type ForestLearner } from '../forest/forest-params.js';
import { forestJob } from '../forest/forest-job.js';
import { growTree } from '../forest/grow-tree.js';
import { leavesOf } from '../tree/packed-tree.js';
import { TreeStore } from '../tree/tree-store.js';

/**
 * Grows the forest tree by tree in this thread (AutoML parallelises over folds and trials
 * instead), with trainForest's job and model arrays: the trees are those trainForest grows on
 * the fold's rows binned alike. ranges: binRanges of the fold's training rows, in kernel memory.
 */
export function runForestFold(engine: Engine, data: TrainingData, learner: ForestLearner, params: ParamMap,
  train: Uint32Array, valid: Uint32Array, ranges: Ptr, deadline?: number | null): { output: Float64Array; model: ForestModel; size: number; stoppedByDeadline: boolean } {
  const task = data.schema.target.task;
  const { settings: s, canonical } = resolveForest(learner, params, task);
  const nGroups = task === 'multiclass' ? data.nClasses : 1;
  const job = forestJob(engine, s, task, { ...data, ranges }, { rows: train });
  const builder = new TreeStore(data.fbins, nGroups, s.nEstimators);
  const sum = new Float64Array(valid.length * nGroups);
  // Anytime: at the deadline (Date.now() epoch ms) the trees grown so far are the forest.
  let grown = 0;
  for (let t = 0; t < s.nEstimators; t++) {
    if (t > 0 && deadline != null && Date.now() >= deadline) break;
    const mark = engine.arena.mark();
    const tree = growTree(engine, job, t, train);
    // Held-out rows go through the packed bin cuts, which send them where the raw thresholds do.
    const leaves = leavesOf(tree, engine.arena.u8(data.bins, data.nRows * data.nFeatures), data.nRows, valid);
    engine.arena.reset(mark);
    leaves.forEach((leaf, i) => { for (let c = 0; c < nGroups; c++) sum[i * nGroups + c] += tree.value[leaf * nGroups + c]; });
    builder.add(tree);
    grown++;
  }
  // Averages over the trees grown (the kernel's leaf values are already divided by nEstimators).
  if (grown < s.nEstimators) for (let j = 0; j < sum.length; j++) sum[j] *= s.nEstimators / grown;
  // Binary forests hold P(class 1) in one channel; the predictor convention wants both classes.
  const output = task === 'binary' ? Float64Array.from({ length: valid.length * 2 }, (_, j) => (j % 2 ? sum[j >> 1] : 1 - sum[j >> 1])) : sum;
  const trees = builder.build();
  if (grown < s.nEstimators) {
    // Leaf values carry 1 / n_estimators: a cut forest's values are rescaled to average its own trees.
    const scale = s.nEstimators / grown;
    for (let j = 0; j < trees.value.length; j++) trees.value[j] *= scale;
  }
  const model: ForestModel = {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner, schema: data.schema,
    output: task === 'regression' ? 'value' : 'probability', nGroups, valueWidth: nGroups,
    params: { ...canonical, n_estimators: grown }, trees, training: { nTrees: grown },
  };
  return { output, model, size: grown, stoppedByDeadline: grown < s.nEstimators };
}
