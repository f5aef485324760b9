/** Plain-TypeScript twin of assembly/histogram.ts: per-feature gradient histograms and their subtraction (tests only). */
import { BINS_PER_FEATURE } from '../wasm/layout.js';

/** f64 values per feature histogram: (grad, hess) for each of the 256 slots. */
export const HIST_F64_PER_FEATURE = BINS_PER_FEATURE * 2;

/**
 * Histogram of rows[begin..end) for the listed features, adding in row order.
 * bins: Uint8Array column-major (nRows per feature); gh: Float32Array (grad, hess) per row.
 * Returns Float64Array, nFeatures x 512 (slot b of feature f at f * 512 + 2b); unlisted features stay 0.
 */
export function buildHistogram(bins: Uint8Array, nRows: number, gh: Float32Array, rows: ArrayLike<number>,
  begin: number, end: number, feats: ArrayLike<number>, nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures * HIST_F64_PER_FEATURE);
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k];
    for (let i = begin; i < end; i++) {
      const r = rows[i];
      const slot = f * HIST_F64_PER_FEATURE + 2 * bins[f * nRows + r];
      out[slot] += gh[2 * r];
      out[slot + 1] += gh[2 * r + 1];
    }
  }
  return out;
}

/** parent - child for the listed features (others 0). Float64Array, same shape as buildHistogram's. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, feats: ArrayLike<number>): Float64Array {
  const out = new Float64Array(parent.length);
  for (let k = 0; k < feats.length; k++) {
    const o = feats[k] * HIST_F64_PER_FEATURE;
    for (let j = 0; j < HIST_F64_PER_FEATURE; j++) out[o + j] = parent[o + j] - child[o + j];
  }
  return out;
}

/** Column-major bins (nRows per feature) transposed to row-major (nCols per row). */
export function toRowMajor(binsCM: Uint8Array, nRows: number, nCols: number): Uint8Array {
  const out = new Uint8Array(nRows * nCols);
  for (let f = 0; f < nCols; f++) for (let r = 0; r < nRows; r++) out[r * nCols + f] = binsCM[f * nRows + r];
  return out;
}
