/** The split-search strategy a tree grower uses, and what it returns. */
import type { Ptr } from '../wasm/kernels.js';
import type { Rng } from '../util/rng.js';

export interface SplitChoice {
  gain: number;
  feature: number;
  /** Numeric: last bin going left (-1: only missing values). */
  splitBin: number;
  /** Numeric: the first bin right of the cut holding rows of the node, when known (forests place raw thresholds between the two). */
  nextBin?: number;
  defaultLeft: boolean;
  isCat: boolean;
  /** Categorical: Uint32Array(8) bitset of bins going left. */
  catBits: Uint32Array | null;
  /** Left child's gradient sums, one per channel. */
  leftG: Float64Array;
  leftH: number;
}

/**
 * Finds a node's split from its histogram and turns gradient sums into outputs.
 * Boosting uses XGBoost's formulas (one channel); forests use valueWidth channels that share one
 * hessian (class indicators or the regression target).
 */
export interface Splitter {
  /** Values per leaf = gradient channels per row (histograms are built per channel). */
  readonly valueWidth: number;
  /**
   * Best split of the node over the features in `list`; null when it must stay a leaf.
   * hist: channel c's histograms at hist + c * channelBytes; rows: the node's row entries.
   */
  find(hist: Ptr, channelBytes: number, list: Int32Array, g: Float64Array, h: number, rng: Rng, rows?: number): SplitChoice | null;
  /** A leaf's outputs, one per channel (shrinkage applied). */
  leafOutput(g: Float64Array, h: number): Float64Array;
}
