/** A forest trained on one fold's rows of the shared binned data, and its outputs on the fold's held-out rows. */
import type { Engine } from '../wasm/load.js';
import type { TrainingData } from '../boosting/training-data.js';
import { MODEL_FORMAT, MODEL_VERSION, type ForestModel } from '../model/model.js';
import type { ParamMap } from '../params.js';
import { TreeArraysBuilder } from '../tree/tree-arrays.js';
import { leafOfRow } from '../tree/bin-traversal.js';
import { featuresPerSplit, resolveForest, rowsPerTree, type ForestLearner } from '../forest/forest-params.js';
import { growTree, type TreeJob } from '../forest/grow-tree.js';
import { unpackTree } from '../forest/packed-tree.js';

/** Grows the forest tree by tree in this thread (AutoML parallelises over folds and trials instead). */
export function runForestFold(engine: Engine, data: TrainingData, learner: ForestLearner, params: ParamMap,
  train: Uint32Array, valid: Uint32Array): { output: Float64Array; model: ForestModel; size: number } {
  const task = data.schema.target.task;
  const { settings: s, canonical } = resolveForest(learner, params, task);
  const K = task === 'multiclass' ? data.nClasses : 1;
  const job: TreeJob = {
    data: { bins: data.bins, binsRM: data.binsRM, info: data.info, nRows: data.nRows, nFeatures: data.nFeatures, label: data.label, weight: data.weight },
    channels: K,
    classification: task !== 'regression',
    classWeights: null,
    featuresPerNode: featuresPerSplit(s.maxFeatures, data.nFeatures),
    minSamplesLeaf: s.minSamplesLeaf,
    minSamplesSplit: s.minSamplesSplit,
    maxDepth: s.maxDepth,
    randomSplits: s.randomSplits,
    leafOffset: 0,
    leafScale: 1 / s.nEstimators,
    bootstrap: s.bootstrap,
    rowsPerTree: rowsPerTree(s, train.length),
    seed: s.seed,
    oob: false,
  };
  const builder = new TreeArraysBuilder(K);
  const sum = new Float64Array(valid.length * K);
  const bins = engine.arena.u8(data.bins, data.nRows * data.nFeatures).slice();
  for (let t = 0; t < s.nEstimators; t++) {
    const mark = engine.arena.mark();
    const tree = unpackTree(growTree(engine, job, t, train), K);
    engine.arena.reset(mark);
    builder.add(tree, 0, data.fbins);
    valid.forEach((r, i) => {
      const leaf = leafOfRow(tree, bins, data.nRows, r);
      if (K === 1) sum[i] += tree.value[leaf];
      else for (let c = 0; c < K; c++) sum[i * K + c] += tree.vector![leaf][c];
    });
  }
  // Binary forests hold P(class 1) in one channel; the predictor convention wants both classes.
  const output = task === 'binary' ? Float64Array.from({ length: valid.length * 2 }, (_, j) => (j % 2 ? sum[j >> 1] : 1 - sum[j >> 1])) : sum;
  const model: ForestModel = {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner, schema: data.schema,
    output: task === 'regression' ? 'value' : 'probability', nGroups: K, valueWidth: K,
    params: { ...canonical }, trees: builder.build(), training: { nTrees: s.nEstimators },
  };
  return { output, model, size: s.nEstimators };
}
