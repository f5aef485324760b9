/** Batch prediction of a model over a dataset: margins in WASM, then the objective's output transform. */
import type { Dataset } from '../data/frame.js';
import type { Model } from '../model/model.js';
import { createEngine, type Engine } from '../wasm/load.js';
import { placeTrees } from './tree-placement.js';
import { transformOutput } from '../objective/objective.js';

export interface Prediction {
  nRows: number;
  /** Output groups per row (classes for multiclass, else 1). */
  nGroups: number;
  /** Float32Array, nRows x nGroups row-major: raw margins. */
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

/** Margins (nRows x nGroups) of the model's trees over column-major features. */
export function predictMargins(model: Model, features: Float32Array, nRows: number): Float32Array {
  shared ??= createEngine();
  const { arena, kernels } = shared;
  const mark = arena.mark();
  try {
    const K = model.nGroups;
    const data = arena.put(features);
    const out = arena.alloc(nRows * K * 4);
    arena.f32(out, nRows * K).fill(model.baseMargin);
    const placed = placeTrees(shared, model.trees);
    kernels.predictTrees(data, nRows, placed.nodes, placed.treeRoot, placed.treeGroup, 0, placed.nTrees, K, out);
    return arena.f32(out, nRows * K).slice();
  } finally {
    arena.reset(mark);
  }
}

/** Predicts every row of `data` (its features must follow model.schema). */
export function predictDataset(model: Model, data: Dataset): Prediction {
  const n = data.nRows;
  const margins = predictMargins(model, data.features, n);
  const output = transformOutput(model.objective, margins, n, model.nGroups);
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
