// Exposes layout constants so a test can check the host mirror agrees.
import * as L from './layout';

/** The i-th layout constant, in the order of src/wasm/layout.ts LAYOUT_ORDER. */
export function layoutValue(i: i32): i32 {
  switch (i) {
    case 0: return L.BINS_PER_FEATURE;
    case 1: return L.MISSING_BIN;
    case 2: return L.HIST_ENTRY_BYTES;
    case 3: return L.FEATURE_HIST_BYTES;
    case 4: return L.SPLIT_BYTES;
    case 5: return L.SPLIT_GAIN;
    case 6: return L.SPLIT_LEFT_G;
    case 7: return L.SPLIT_LEFT_H;
    case 8: return L.SPLIT_BIN;
    case 9: return L.SPLIT_DEFAULT_LEFT;
    case 10: return L.SPLIT_IS_CAT;
    case 11: return L.SPLIT_CAT_BITS;
    case 12: return L.CAT_WORDS;
    case 13: return L.FEATURE_CAT_FLAG;
    case 14: return L.NODE_DEFAULT_LEFT;
    case 15: return L.NODE_CATEGORICAL;
    case 16: return L.PARAM_BYTES;
    case 17: return L.PARAM_LAMBDA;
    case 18: return L.PARAM_ALPHA;
    case 19: return L.PARAM_MIN_CHILD_WEIGHT;
    case 20: return L.PARAM_MAX_DELTA_STEP;
    case 21: return L.PARAM_MAX_CAT_ONEHOT;
    case 22: return L.PARAM_MAX_CAT_THRESHOLD;
    case 23: return L.PARTITION_MIN_ROWS;
    case 24: return L.CTL_BYTES;
    case 25: return L.CTL_SEQ;
    case 26: return L.CTL_DONE;
    case 27: return L.CTL_NEXT;
    case 28: return L.CTL_COUNT;
    case 29: return L.CTL_ITEMS;
    case 30: return L.CTL_STOP;
    case 31: return L.CTL_ERROR;
    case 32: return L.CTL_READY;
    case 33: return L.ITEM_BYTES;
    case 34: return L.ITEM_OP;
    case 35: return L.ITEM_I;
    case 36: return L.ITEM_F;
    case 37: return L.OP_HIST_ALL;
    case 38: return L.OP_HIST_ROWS;
    case 39: return L.OP_PARTITION;
    case 40: return L.OP_COPY;
    case 41: return L.OP_REDUCE_SCAN;
    case 42: return L.OP_GRAD;
    case 43: return L.OP_LEAF_ADD;
    case 44: return L.GRAD_LOGISTIC;
    case 45: return L.GRAD_SOFTMAX;
    case 46: return L.GRAD_SQUARED;
    case 47: return L.GRAD_ABSOLUTE;
    case 48: return L.GRAD_PSEUDO_HUBER;
    case 49: return L.GRAD_POISSON;
    case 50: return L.CTL_WORKER_ITEMS;
    default: return -1;
  }
}
