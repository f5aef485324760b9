/**
 * The bin ranges of forest training and the tree a forest worker hands back. The model arrays
 * themselves come from the tree store (src/tree/tree-store.ts).
 */
import type { FeatureBins } from '../binning/bin-mapper.js';
import type { PackedTree } from '../tree/packed-tree.js';
import type { TreeChunk } from '../tree/tree-store.js';

/** A tree as the trainer consumes it: model arrays plus the out-of-bag rows and the leaf each reaches. */
export type TreeResult = TreeChunk & Pick<PackedTree, 'oobRows' | 'oobLeaf'>;

/**
 * The smallest and largest training value of every bin of every numeric feature: Float64Array,
 * 512 per feature (256 lows, then 256 highs; empty bins and categorical features: +Infinity /
 * -Infinity). features: column-major values; codes: u8 bins, nRows per feature; rows: the
 * training rows when not all (an AutoML fold: held-out values must not move its thresholds).
 */
export function binRanges(fbins: FeatureBins[], features: Float32Array, codes: Uint8Array, nRows: number, rows?: Uint32Array): Float64Array {
  const out = new Float64Array(fbins.length * 512);
  fbins.forEach((fb, f) => {
    const l = out.subarray(f * 512, f * 512 + 256).fill(Infinity), h = out.subarray(f * 512 + 256, f * 512 + 512).fill(-Infinity);
    if (fb.kind !== 'numeric') return;
    const x = features.subarray(f * nRows, (f + 1) * nRows), c = codes.subarray(f * nRows, (f + 1) * nRows);
    const m = rows ? rows.length : nRows;
    for (let i = 0; i < m; i++) {
      const r = rows ? rows[i] : i;
      const b = c[r];
      if (b >= fb.nBins) continue;
      const v = x[r];
      if (v < l[b]) l[b] = v;
      if (v > h[b]) h[b] = v;
    }
  });
  return out;
}
