/** Batch prediction of a model over a dataset: sums of tree outputs in WASM, then the objective's transform (GBDT) or the forest's output kind. */
import type { Dataset } from '../data/frame.js';
import type { ForestModel, Model } from '../model/model.js';
import { createEngine, type Engine } from '../wasm/load.js';
import { transformOutput } from '../objective/objective.js';
import { forestOutput } from './forest-output.js';
import { forestBlocks, packNodes } from '../wasm/prediction-nodes.js';
import { walkRows } from './tree-placement.js';
import { words } from '../wasm/addressing.js';

export { forestOutput };

export interface Prediction {
  nRows: number;
  /** Output groups per row (classes for multiclass, else 1). */
  nGroups: number;
  /** Float32Array, nRows x nGroups row-major: raw margins (GBDT) or sums of the trees' leaf outputs (forests). */
  margins: Float32Array;
  /**
   * Float64Array: regression -> nRows values; binary -> nRows x 2 class probabilities;
   * multiclass -> nRows x nClasses probabilities (row-major).
   */
  output: Float64Array;
  /** Classification only: Int32Array, nRows predicted class indices. */
  labels?: Int32Array;
}

let shared: Engine | null = null;

/** Trees per predictForest call: at most this many nodes in kernel memory at once (16 bytes each, plus values). */
const NODES_PER_CALL = 1 << 23;

/** Tree ranges [t0, t1) of at most NODES_PER_CALL nodes each (a tree larger than that alone), in order. */
export function treeChunks(treeRoot: Int32Array, nNodes: number, perCall = NODES_PER_CALL): [number, number][] {
  const chunks: [number, number][] = [];
  for (let t0 = 0; t0 < treeRoot.length;) {
    let t1 = t0 + 1;
    while (t1 < treeRoot.length && treeRoot[t1] - treeRoot[t0] < perCall) t1++;
    chunks.push([t0, t1]);
    t0 = t1;
  }
  return chunks;
}

/** The roots of output group c's trees, in model order (the order XGBoost sums them). */
export function groupRoots(model: Model, c: number): Int32Array {
  const t = model.trees;
  return Int32Array.from(Array.from(t.treeRoot).filter((_, i) => t.treeGroup[i] === c));
}

/** Sums of a forest's leaf outputs (nRows x valueWidth) over column-major features; large forests go a chunk of trees at a time. */
function forestSums(engine: Engine, model: ForestModel, features: Float32Array, nRows: number): Float32Array {
  const { arena, kernels } = engine;
  const t = model.trees;
  const W = model.valueWidth;
  const nF = model.schema.features.length;
  const nTrees = t.treeRoot.length, nNodes = t.left.length;
  const data = arena.put(features);
  const out = arena.alloc(words(nRows * W));
  arena.f32(out, nRows * W).fill(0);
  const catWords = arena.put(t.catWords.length ? t.catWords : new Uint32Array(1));
  const { blockRows, scratch } = forestBlocks(arena, nF);
  for (const [t0, t1] of treeChunks(t.treeRoot, nNodes)) {
    const start = t.treeRoot[t0];
    const end = t1 < nTrees ? t.treeRoot[t1] : nNodes;
    const mark = arena.mark();
    const whole = t0 === 0 && t1 === nTrees;
    const nodes = arena.put(packNodes(t, start, end));
    const catLen = arena.put(whole ? t.catLen : t.catLen.subarray(start, end));
    const value = arena.put(whole ? t.value : t.value.subarray(start * W, end * W));
    const roots = arena.put(Int32Array.from(t.treeRoot.subarray(t0, t1), (r) => r - start));
    walkRows(kernels, { data, stride: nRows, nFeatures: nF, nodes, catLen, catWords, value }, W, roots, t1 - t0, out, 0, nRows, blockRows, scratch);
    arena.reset(mark);
  }
  return arena.f32(out, nRows * W).slice();
}

/** Margins (nRows x nGroups) of the model's trees over column-major features (forests: sums of leaf outputs). */
export function predictMargins(model: Model, features: Float32Array, nRows: number): Float32Array {
  shared ??= createEngine();
  if (model.learner !== 'gbdt') {
    const mark = shared.arena.mark();
    try {
      return forestSums(shared, model, features, nRows);
    } finally {
      shared.arena.reset(mark);
    }
  }
  const { arena, kernels } = shared;
  const mark = arena.mark();
  try {
    // Boosted trees walk the same packed kernel as forests (row blocks, eight rows in
    // lockstep), one output group at a time.
    // Each group's sum starts at the base margin and adds its trees in order, as XGBoost does.
    const nGroups = model.nGroups;
    const t = model.trees;
    const nF = model.schema.features.length;
    const data = arena.put(features);
    const nodes = arena.put(packNodes(t));
    const catLen = arena.put(t.catLen), catWords = arena.put(t.catWords), value = arena.put(t.value);
    const { blockRows, scratch } = forestBlocks(arena, nF);
    const placed = { data, stride: nRows, nFeatures: nF, nodes, catLen, catWords, value };
    const sum = arena.alloc(words(nRows));
    const margins = new Float32Array(nRows * nGroups);
    for (let c = 0; c < nGroups; c++) {
      const roots = groupRoots(model, c);
      const rootsPtr = arena.put(roots);
      arena.f32(sum, nRows).fill(model.baseMargin);
      walkRows(kernels, placed, 1, rootsPtr, roots.length, sum, 0, nRows, blockRows, scratch);
      const v = arena.f32(sum, nRows);
      for (let i = 0; i < nRows; i++) margins[i * nGroups + c] = v[i];
    }
    return margins;
  } finally {
    arena.reset(mark);
  }
}

/** Predicts every row of `data` (its features must follow model.schema). */
export function predictDataset(model: Model, data: Dataset): Prediction {
  return predictionFromMargins(model, predictMargins(model, data.features, data.nRows), data.nRows);
}

/** The Prediction of n rows from their margins (predictMargins' layout): outputs, and labels for classification. */
export function predictionFromMargins(model: Model, margins: Float32Array, n: number): Prediction {
  const output = model.learner === 'gbdt' ? transformOutput(model.objective, margins, n, model.nGroups) : forestOutput(model, margins, n);
  const pred: Prediction = { nRows: n, nGroups: model.nGroups, margins, output };
  if (model.schema.target.task !== 'regression') {
    const k = output.length / n;
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (output[i * k + c] > output[i * k + best]) best = c;
      labels[i] = best;
    }
    pred.labels = labels;
  }
  return pred;
}
