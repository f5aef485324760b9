/**
 * The per-tree job of a forest over binned data already in kernel memory. trainForest and
 * AutoML's fold forests both build it here, so the same rows, parameters and seed grow the same
 * trees (labels, regression centring, class weights, categorical mode, value ranges).
 */
import type { Task } from '../data/frame.js';
import type { FeatureBins } from '../binning/bin-mapper.js';
import { featureInfo } from '../binning/bin-mapper.js';
import { FEATURE_CAT_FLAG } from '../wasm/layout.js';
import type { Ptr } from '../wasm/kernels.js';
import type { Engine } from '../wasm/load.js';
import { featuresPerSplit, rowsPerTree, type ForestSettings } from './forest-params.js';
import type { TreeJob } from './grow-tree.js';

/** Binned data in kernel memory plus what the job derives its labels and weights from. */
export interface BinnedForestData {
  fbins: FeatureBins[];
  /** u8 column-major and row-major bins (see ForestData). */
  bins: Ptr;
  binsRM: Ptr;
  nRows: number;
  /** f32 sample weights per row, or 0. */
  weight: Ptr;
  /** binRanges over the training rows: raw thresholds go halfway between neighbouring values. */
  ranges: Ptr;
  /** Per row: class index (classification) or value (regression). */
  target: Float64Array;
  nClasses: number;
}

/** scikit-learn's class_weight="balanced": n / (classes x count of the class), per class index. */
function balancedWeights(y: Float64Array, nClasses: number): number[] {
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return Array.from(counts, (c) => (c > 0 ? y.length / (nClasses * c) : 0));
}

export interface ForestJobOptions {
  /** The training rows, ascending (AutoML folds); default every row. Fold forests are scored on held-out rows, never out of bag. */
  rows?: Uint32Array;
  subtreeRows?: number;
}

/** Places the job's labels (and feature info, class weights) in engine.arena and returns the job; trees take `o.rows` as growTree's `allowed`. */
export function forestJob(engine: Engine, s: ForestSettings, task: Task, d: BinnedForestData, o: ForestJobOptions = {}): TreeJob {
  const { arena } = engine;
  const nF = d.fbins.length;
  const y = o.rows ? Float64Array.from(o.rows, (r) => d.target[r]) : d.target;
  const n = y.length;
  // Ordinal categorical splits: the split kernels see the features as numeric (level order).
  const words = featureInfo(d.fbins);
  if (s.categoricalSplit === 'ordinal') for (let f = 0; f < nF; f++) words[f] &= ~FEATURE_CAT_FLAG;
  let offset = 0;
  if (task === 'regression') {
    for (let i = 0; i < n; i++) offset += y[i];
    offset /= n;
  }
  // Regression targets are centred: f32 gradients keep more precision around 0.
  const label = arena.put(Float32Array.from(d.target, (v) => v - offset));
  const drawn = rowsPerTree(s, n);
  return {
    data: { bins: d.bins, binsRM: d.binsRM, info: arena.put(words), nRows: d.nRows, nFeatures: nF, label, weight: d.weight, ranges: d.ranges },
    valueWidth: task === 'multiclass' ? d.nClasses : 1,
    classification: task !== 'regression',
    classWeights: s.classWeight === 'balanced' ? balancedWeights(y, d.nClasses) : null,
    featuresPerNode: featuresPerSplit(s.maxFeatures, nF),
    minSamplesLeaf: s.minSamplesLeaf,
    minSamplesSplit: s.minSamplesSplit,
    maxDepth: s.maxDepth,
    randomSplits: s.randomSplits,
    leafOffset: offset,
    leafScale: 1 / s.nEstimators,
    bootstrap: s.bootstrap,
    rowsPerTree: drawn,
    seed: s.seed,
    oob: !o.rows && s.oobScore && (s.bootstrap || drawn < n),
    subtreeRows: o.subtreeRows,
  };
}
