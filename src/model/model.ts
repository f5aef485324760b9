/** The in-memory model: schema, objective and trees as flat arrays (what the model file holds). */
import type { Schema } from '../data/frame.js';
import type { Objective, ParamMap } from '../params.js';

export const MODEL_FORMAT = 'thicket-model';
export const MODEL_VERSION = 1;

/**
 * All trees of a model as flat node arrays (one entry per node, trees concatenated).
 * A node is a leaf when left[i] === -1; then value[i] is its output (eta already applied).
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
  value: Float32Array;
  /** Loss change of each split (0 for leaves), for feature importance. */
  gain: Float32Array;
  /** Hessian sum of each node. */
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

export type Model = GBDTModel;
