/** The in-memory model: schema, objective and trees as flat arrays (what the model file holds). */
import type { Schema } from '../data/frame.js';
import type { Objective, ParamMap } from '../params.js';

export const MODEL_FORMAT = 'thicket-model';
/** The version written. Version 2 packs the node arrays (see trees-v2-reader.ts); version 1 files still load. */
export const MODEL_VERSION = 2;
/** The versions this thicket reads. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];

/** Node flag bits (see TreeArrays): 1 = missing goes left, 2 = categorical split. */
export const FLAG_MISSING_LEFT = 1;
export const FLAG_CATEGORICAL = 2;

/**
 * All trees of a model as flat node arrays (one entry per node, trees concatenated).
 * A node is a leaf when left[i] === -1; then value[i] is its output (eta already applied). The
 * value of an internal node is not read by prediction and not kept by model files from version 2 (0 when loaded).
 * Numeric split: go left when x < threshold[i]; missing goes left when flags & 1.
 * Categorical split (flags & 2): go left when bit x of catWords[catOffset[i] .. + catLen[i]] is
 * set (x = level index); levels beyond the bitset go right; missing follows flags & 1.
 * Feature indices refer to schema.features.
 */
export interface TreeArrays {
  /** Int32Array, nTrees: index of each tree's root node. */
  treeRoot: Int32Array;
  /** Int32Array, nTrees: output group (class) each tree adds to. */
  treeGroup: Int32Array;
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  flags: Int32Array;
  catOffset: Int32Array;
  catLen: Int32Array;
  /** Uint32Array: category bitsets referenced by catOffset / catLen. */
  catWords: Uint32Array;
  /** Leaf outputs: nNodes entries, or nNodes x valueWidth for a forest with class distributions. */
  value: Float32Array;
  /**
   * Loss change of each split (0 for leaves), for feature importance, and hessian sum (forests:
   * row count) of each node: training statistics that prediction never reads. Both are empty
   * (length 0) in models loaded from a file that left them out (AutoML ensemble members): see
   * hasStats.
   */
  gain: Float32Array;
  cover: Float32Array;
}

/** Per-round validation history and final metrics of a training run. */
export interface TrainingInfo {
  evalMetric?: string;
  /** Validation metric per round (empty without a validation set). */
  history: number[];
  bestIteration: number;
  /** Rounds actually grown. */
  rounds: number;
  metrics?: Record<string, number>;
}

export interface GBDTModel {
  format: typeof MODEL_FORMAT;
  version: number;
  learner: 'gbdt';
  schema: Schema;
  objective: Objective;
  /** Output groups: number of classes for multi:*, else 1. */
  nGroups: number;
  /** Initial margin added to every output group (margin space, i.e. after the link). */
  baseMargin: number;
  /** Resolved training parameters (canonical names). */
  params: ParamMap;
  trees: TreeArrays;
  training: TrainingInfo;
}

/** What a forest's training run records: tree count and the out-of-bag estimate, when there was one. */
export interface ForestTrainingInfo {
  nTrees: number;
  /** Out-of-bag score: auc (binary), accuracy (multiclass), r2 (regression); absent without OOB rows. */
  oobScore?: number;
  /** Name of oobScore's metric. */
  oobMetric?: string;
  /** Every task metric on the out-of-bag predictions. */
  oobMetrics?: Record<string, number>;
  /** Training rows that were out of bag for at least one tree (the rows oobMetrics cover). */
  oobRows?: number;
  /** Metrics on a validation set, when one was given. */
  metrics?: Record<string, number>;
}

/**
 * A random forest or extra-trees model. Every tree adds its leaf output to every row; outputs
 * are already divided by the number of trees, so a prediction is the plain sum over trees.
 * Leaves hold `valueWidth` outputs (trees.value has nNodes x valueWidth entries, node-major):
 * the class distribution for multiclass (valueWidth = nGroups = classes); P(second class) for
 * binary (valueWidth = nGroups = 1); the mean for regression (1, 1).
 */
export interface ForestModel {
  format: typeof MODEL_FORMAT;
  version: number;
  learner: 'rf' | 'extratrees';
  schema: Schema;
  /** probability: classification (sums are probabilities); value: regression. */
  output: 'probability' | 'value';
  nGroups: number;
  valueWidth: number;
  /** Resolved training parameters (scikit-learn names). */
  params: ParamMap;
  trees: TreeArrays;
  training: ForestTrainingInfo;
}

export type Model = GBDTModel | ForestModel;

export function isForest(model: Model): model is ForestModel {
  return model.learner !== 'gbdt';
}

/** Whether the trees carry split gains and node covers (models loaded from files written without them do not). */
export function hasStats(t: TreeArrays): boolean {
  return t.gain.length === t.left.length && t.cover.length === t.left.length;
}
