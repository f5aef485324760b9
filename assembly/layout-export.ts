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
    default: return -1;
  }
}
