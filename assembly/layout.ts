// Byte sizes and offsets of the records kernels share with the host (mirrored in src/wasm/layout.ts).

/** Histogram slots per feature: bins 0..254 hold values, slot 255 holds missing values. */
export const BINS_PER_FEATURE: i32 = 256;
export const MISSING_BIN: i32 = 255;
/** One histogram slot: f64 gradient sum, f64 hessian sum. */
export const HIST_ENTRY_BYTES: i32 = 16;
/** A feature's slots (BINS_PER_FEATURE x HIST_ENTRY_BYTES). */
export const FEATURE_BIN_BYTES: i32 = 4096;
/**
 * Stride between features' histograms: their slots and 64 bytes of padding. With a 4096-byte
 * stride the same bin of neighbouring features shares its address modulo 4 KiB, and the CPU
 * takes a load of one for a store to the other (4K aliasing) and maps them to one L1 set: rows
 * whose features sit in the same bins (common deep in a tree) built histograms ~7% slower.
 */
export const FEATURE_HIST_BYTES: i32 = 4160;
/** One row's gradient pair: f32 gradient, f32 hessian (per channel, rows in order). */
export const GH_PAIR_BYTES: i32 = 8;

/** One split candidate record written by the split finder per feature. */
export const SPLIT_BYTES: i32 = 80;
export const SPLIT_GAIN: i32 = 0; // f64, loss change (NEG_INF when no valid split)
export const SPLIT_LEFT_G: i32 = 8; // f64
export const SPLIT_LEFT_H: i32 = 16; // f64
export const SPLIT_BIN: i32 = 24; // i32, numeric: last bin going left (-1: only missing goes left)
export const SPLIT_DEFAULT_LEFT: i32 = 28; // i32, 1 when missing values go left
export const SPLIT_IS_CAT: i32 = 32; // i32, 1 for a categorical split
export const SPLIT_CAT_BITS: i32 = 40; // 8 x u32: bitset of bins going left (categorical)
export const CAT_WORDS: i32 = 8;

/** Feature info word: number of value bins in the low 16 bits, bit 16 set for categorical. */
export const FEATURE_CAT_FLAG: i32 = 1 << 16;
/**
 * Forests: nodes with fewer rows (distinct sample rows) split one-channel categorical features in
 * level order rather than by mean-ordered partitions: in small nodes a level's mean rests on a
 * few rows and the order follows noise (BENCHMARKS.md section 3 has the measurements).
 */
export const PARTITION_MIN_ROWS: i32 = 1000;

/** Tree node flags used by prediction (model files' `flags`, and the prediction node record). */
export const NODE_DEFAULT_LEFT: i32 = 1;
export const NODE_CATEGORICAL: i32 = 2;

// The prediction node record (forest-predict.ts step, written by src/wasm/prediction-nodes.ts and
// forest-predict.ts packNodes): 16 bytes, so one step of a traversal touches one cache line.
export const PNODE_BYTES: i32 = 16;
export const PNODE_LEFT: i32 = 0; // i32, left child (-1: leaf)
export const PNODE_RIGHT: i32 = 4; // i32, right child
export const PNODE_META: i32 = 8; // i32, feature | flags << PNODE_FLAG_SHIFT
export const PNODE_SPLIT: i32 = 12; // f32 threshold (x < threshold goes left) or i32 categorical bitset offset
export const PNODE_FLAG_SHIFT: i32 = 28;
export const PNODE_FEATURE_MASK: i32 = (1 << 28) - 1;

// The forest subtree kernel's result record (growSubtree `result`): i32 records written, i32
// categorical splits written, then the handed-over node's split (the head): i32 left, right
// (slots), feature, bin, next, flags, categorical index; i32 scratch; f64 gain.
export const SUBTREE_RESULT_BYTES: i32 = 48;
export const SUBTREE_COUNT: i32 = 0;
export const SUBTREE_CAT_COUNT: i32 = 4;
export const SUBTREE_HEAD_LEFT: i32 = 8;
export const SUBTREE_HEAD_RIGHT: i32 = 12;
export const SUBTREE_HEAD_FEATURE: i32 = 16;
export const SUBTREE_HEAD_BIN: i32 = 20;
export const SUBTREE_HEAD_NEXT: i32 = 24;
export const SUBTREE_HEAD_FLAGS: i32 = 28;
export const SUBTREE_HEAD_CAT: i32 = 32;
export const SUBTREE_HEAD_CUT: i32 = 36; // the head's padding: rawThreshold's bin cut once the head is written
export const SUBTREE_HEAD_GAIN: i32 = 40; // f64

// The tree's node arrays the subtree kernel writes (struct of arrays), as a header of u32 pointers
// in this order: i32 left, right, feature, split bin, next bin; u8 default-left; i32 categorical
// index; f32 x valueWidth values; f32 gain, cover, raw threshold; i32 bin cut.
export const SUBTREE_ARRAYS: i32 = 12;

// The bin-ranges record of a feature (binRanges, read by the forest kernels' rawThreshold): 256 f64
// lows, then 256 f64 highs.
export const BIN_RANGES_F64: i32 = 512;
export const BIN_RANGES_BYTES: i32 = 4096;

/** Regularisation block read by the split finder: six f64 values. */
export const PARAM_BYTES: i32 = 48;
export const PARAM_LAMBDA: i32 = 0;
export const PARAM_ALPHA: i32 = 8;
export const PARAM_MIN_CHILD_WEIGHT: i32 = 16;
export const PARAM_MAX_DELTA_STEP: i32 = 24;
export const PARAM_MAX_CAT_ONEHOT: i32 = 32;
export const PARAM_MAX_CAT_THRESHOLD: i32 = 40;

/**
 * Team control block (boosting on several threads, src/pool/team.ts): i32 words the main thread
 * and the team's workers synchronise on with atomics, then every thread claims work items from
 * the item table by CTL_NEXT until CTL_COUNT are taken.
 */
export const CTL_BYTES: i32 = 64;
export const CTL_SEQ: i32 = 0; // i32, bumped by the main thread to start a phase (workers wait on it)
export const CTL_DONE: i32 = 4; // i32, workers that finished the current phase
export const CTL_NEXT: i32 = 8; // i32, next item to claim
export const CTL_COUNT: i32 = 12; // i32, items in the phase
export const CTL_ITEMS: i32 = 16; // u32, offset of the item table
export const CTL_STOP: i32 = 20; // i32, 1: workers leave their loop
export const CTL_ERROR: i32 = 24; // i32, 1: a worker failed (its message goes through its own channel)
export const CTL_READY: i32 = 28; // i32, workers started and waiting
export const CTL_WORKER_ITEMS: i32 = 32; // i32, items run by workers (diagnostics)
/** One work item: an op code, up to 15 i32 arguments, up to 8 f64 arguments. */
export const ITEM_BYTES: i32 = 128;
export const ITEM_OP: i32 = 0; // i32
export const ITEM_I: i32 = 4; // i32 x 15: argument k at ITEM_I + 4k
export const ITEM_F: i32 = 64; // f64 x 8: argument k at ITEM_F + 8k
export const OP_HIST_ALL: i32 = 1;
export const OP_HIST_ROWS: i32 = 2;
export const OP_PARTITION: i32 = 3;
export const OP_COPY: i32 = 4;
export const OP_REDUCE_SCAN: i32 = 5;
export const OP_GRAD: i32 = 6;
export const OP_LEAF_ADD: i32 = 7;
export const OP_LEAF_RANGE: i32 = 9;
/** Histogram of a row list from column-major bins (sharded training keeps no row-major copy). */
export const OP_HIST_CM: i32 = 8;
/** OP_GRAD objective codes. */
export const GRAD_LOGISTIC: i32 = 0;
export const GRAD_SOFTMAX: i32 = 1;
export const GRAD_SQUARED: i32 = 2;
export const GRAD_ABSOLUTE: i32 = 3;
export const GRAD_PSEUDO_HUBER: i32 = 4;
export const GRAD_POISSON: i32 = 5;
