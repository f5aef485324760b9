/** Where a forest's binned training data lies in the (shared) kernel memory. */
import type { Ptr } from '../wasm/kernels.js';

/** Where the binned training data lies in the (shared) kernel memory; plain JSON. */
export interface ForestData {
  /** u8 column-major bins, nRows per feature. */
  bins: Ptr;
  /** u8 row-major bins, nFeatures per row (+16 bytes of slack). */
  binsRM: Ptr;
  /** i32 per feature: nBins | FEATURE_CAT_FLAG. */
  info: Ptr;
  nRows: number;
  nFeatures: number;
  /** f32 per row: class index (classification) or the centred target (regression). */
  label: Ptr;
  /** f32 per row: sample weights; 0 when there are none. */
  weight: Ptr;
  /** f64, 512 per feature: the training values' range of each bin (binRanges); 0: thresholds at bin boundaries. */
  ranges?: Ptr;
}
