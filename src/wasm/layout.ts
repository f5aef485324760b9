/** Host mirror of assembly/layout.ts: byte sizes and offsets of records shared with the kernels. */

export const BINS_PER_FEATURE = 256;
export const MISSING_BIN = 255;
export const HIST_ENTRY_BYTES = 16;
export const FEATURE_BIN_BYTES = 4096;
export const FEATURE_HIST_BYTES = 4160;
/** f32 gradient, f32 hessian of one row. */
export const GH_PAIR_BYTES = 8;
export const SPLIT_BYTES = 80;
export const SPLIT_GAIN = 0;
export const SPLIT_LEFT_G = 8;
export const SPLIT_LEFT_H = 16;
export const SPLIT_BIN = 24;
export const SPLIT_DEFAULT_LEFT = 28;
export const SPLIT_IS_CAT = 32;
export const SPLIT_CAT_BITS = 40;
export const CAT_WORDS = 8;
export const FEATURE_CAT_FLAG = 1 << 16;
/** Forests: one-channel categorical features split by mean-ordered partitions only in nodes of this many rows or more. */
export const PARTITION_MIN_ROWS = 1000;
export const NODE_DEFAULT_LEFT = 1;
export const NODE_CATEGORICAL = 2;

/** The 16-byte prediction node record (assembly/layout.ts has the field notes). */
export const PNODE_BYTES = 16;
export const PNODE_LEFT = 0;
export const PNODE_RIGHT = 4;
export const PNODE_META = 8;
export const PNODE_SPLIT = 12;
export const PNODE_FLAG_SHIFT = 28;
export const PNODE_FEATURE_MASK = (1 << 28) - 1;

/** The forest subtree kernel's result record and its node-array header (assembly/layout.ts). */
export const SUBTREE_RESULT_BYTES = 48;
export const SUBTREE_COUNT = 0;
export const SUBTREE_CAT_COUNT = 4;
export const SUBTREE_HEAD_LEFT = 8;
export const SUBTREE_HEAD_RIGHT = 12;
export const SUBTREE_HEAD_FEATURE = 16;
export const SUBTREE_HEAD_BIN = 20;
export const SUBTREE_HEAD_NEXT = 24;
export const SUBTREE_HEAD_FLAGS = 28;
export const SUBTREE_HEAD_CAT = 32;
export const SUBTREE_HEAD_CUT = 36;
export const SUBTREE_HEAD_GAIN = 40;
export const SUBTREE_ARRAYS = 12;

/** A feature's bin-ranges record: 256 f64 lows, then 256 f64 highs. */
export const BIN_RANGES_F64 = 512;
export const BIN_RANGES_BYTES = 4096;
export const PARAM_BYTES = 48;
export const PARAM_LAMBDA = 0;
export const PARAM_ALPHA = 8;
export const PARAM_MIN_CHILD_WEIGHT = 16;
export const PARAM_MAX_DELTA_STEP = 24;
export const PARAM_MAX_CAT_ONEHOT = 32;
export const PARAM_MAX_CAT_THRESHOLD = 40;

/** Team control block and work items (assembly/layout.ts has the field notes). */
export const CTL_BYTES = 64;
export const CTL_SEQ = 0;
export const CTL_DONE = 4;
export const CTL_NEXT = 8;
export const CTL_COUNT = 12;
export const CTL_ITEMS = 16;
export const CTL_STOP = 20;
export const CTL_ERROR = 24;
export const CTL_READY = 28;
export const CTL_WORKER_ITEMS = 32;
export const ITEM_BYTES = 128;
export const ITEM_OP = 0;
export const ITEM_I = 4;
export const ITEM_F = 64;
export const OP_HIST_ALL = 1;
export const OP_HIST_ROWS = 2;
export const OP_PARTITION = 3;
export const OP_COPY = 4;
export const OP_REDUCE_SCAN = 5;
export const OP_GRAD = 6;
export const OP_LEAF_ADD = 7;
export const OP_HIST_CM = 8;
export const OP_LEAF_RANGE = 9;
export const GRAD_LOGISTIC = 0;
export const GRAD_SOFTMAX = 1;
export const GRAD_SQUARED = 2;
export const GRAD_ABSOLUTE = 3;
export const GRAD_PSEUDO_HUBER = 4;
export const GRAD_POISSON = 5;

/** The order in which assembly/layout-export.ts layoutValue(i) reports the constants. */
export const LAYOUT_ORDER: ReadonlyArray<number> = [
  BINS_PER_FEATURE, MISSING_BIN, HIST_ENTRY_BYTES, FEATURE_HIST_BYTES, SPLIT_BYTES, SPLIT_GAIN,
  SPLIT_LEFT_G, SPLIT_LEFT_H, SPLIT_BIN, SPLIT_DEFAULT_LEFT, SPLIT_IS_CAT, SPLIT_CAT_BITS, CAT_WORDS,
  FEATURE_CAT_FLAG, NODE_DEFAULT_LEFT, NODE_CATEGORICAL, PARAM_BYTES, PARAM_LAMBDA, PARAM_ALPHA,
  PARAM_MIN_CHILD_WEIGHT, PARAM_MAX_DELTA_STEP, PARAM_MAX_CAT_ONEHOT, PARAM_MAX_CAT_THRESHOLD, PARTITION_MIN_ROWS,
  CTL_BYTES, CTL_SEQ, CTL_DONE, CTL_NEXT, CTL_COUNT, CTL_ITEMS, CTL_STOP, CTL_ERROR, CTL_READY, ITEM_BYTES, ITEM_OP, ITEM_I, ITEM_F,
  OP_HIST_ALL, OP_HIST_ROWS, OP_PARTITION, OP_COPY, OP_REDUCE_SCAN, OP_GRAD, OP_LEAF_ADD, GRAD_LOGISTIC, GRAD_SOFTMAX, GRAD_SQUARED, GRAD_ABSOLUTE, GRAD_PSEUDO_HUBER, GRAD_POISSON,
  CTL_WORKER_ITEMS,
  PNODE_BYTES, PNODE_LEFT, PNODE_RIGHT, PNODE_META, PNODE_SPLIT, PNODE_FLAG_SHIFT, PNODE_FEATURE_MASK,
  SUBTREE_RESULT_BYTES, SUBTREE_COUNT, SUBTREE_CAT_COUNT, SUBTREE_HEAD_LEFT, SUBTREE_HEAD_RIGHT, SUBTREE_HEAD_FEATURE,
  SUBTREE_HEAD_BIN, SUBTREE_HEAD_NEXT, SUBTREE_HEAD_FLAGS, SUBTREE_HEAD_CAT, SUBTREE_HEAD_CUT, SUBTREE_HEAD_GAIN, SUBTREE_ARRAYS,
  BIN_RANGES_F64, BIN_RANGES_BYTES, GH_PAIR_BYTES, OP_HIST_CM, FEATURE_BIN_BYTES, OP_LEAF_RANGE,
];
