// Gradient histograms per node: build from a row-index list (or all rows), and subtraction.
import { FEATURE_BIN_BYTES, FEATURE_HIST_BYTES } from './layout';

/** Zeroes the histograms of the listed features. */
function clearFeatures(feats: usize, nFeats: i32, hist: usize): void {
  for (let k = 0; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    memory.fill(hist + f * FEATURE_HIST_BYTES, 0, FEATURE_BIN_BYTES);
  }
}

// Four features per pass: one gradient load feeds four read-modify-write updates, much faster
// than one feature per pass (BENCHMARKS.md section 11).
@inline
function addRow(col: usize, h: usize, r: usize, v: v128): void {
  const a = h + (<usize>load<u8>(col + r) << 4);
  v128.store(a, f64x2.add(v128.load(a), v));
}

/**
 * Histogram of rows[begin..end) for the listed features.
 * bins: u8 column-major (nRows per feature); gh: f32 (grad, hess) pairs per row;
 * rows: u32 row indices; feats: i32 feature indices; hist: FEATURE_HIST_BYTES per feature (indexed by feature).
 */
export function histBuild(bins: usize, nRows: i32, gh: usize, rows: usize, begin: i32, end: i32,
  feats: usize, nFeats: i32, hist: usize): void {
  clearFeatures(feats, nFeats, hist);
  const stride = <usize>nRows;
  let k = 0;
  for (; k + 4 <= nFeats; k += 4) {
    const fp = feats + (<usize>k << 2);
    const f0 = <usize>load<i32>(fp), f1 = <usize>load<i32>(fp, 4);
    const f2 = <usize>load<i32>(fp, 8), f3 = <usize>load<i32>(fp, 12);
    const c0 = bins + f0 * stride, c1 = bins + f1 * stride, c2 = bins + f2 * stride, c3 = bins + f3 * stride;
    const h0 = hist + f0 * FEATURE_HIST_BYTES, h1 = hist + f1 * FEATURE_HIST_BYTES;
    const h2 = hist + f2 * FEATURE_HIST_BYTES, h3 = hist + f3 * FEATURE_HIST_BYTES;
    for (let i = begin; i < end; i++) {
      const r = <usize>load<u32>(rows + (<usize>i << 2));
      const v = f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3)));
      addRow(c0, h0, r, v); addRow(c1, h1, r, v); addRow(c2, h2, r, v); addRow(c3, h3, r, v);
    }
  }
  for (; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    const c = bins + f * stride, h = hist + f * FEATURE_HIST_BYTES;
    for (let i = begin; i < end; i++) {
      const r = <usize>load<u32>(rows + (<usize>i << 2));
      addRow(c, h, r, f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3))));
    }
  }
}

/** Histogram of all rows 0..nRows in order (the root node): no index list to read. */
export function histBuildAll(bins: usize, nRows: i32, gh: usize, feats: usize, nFeats: i32, hist: usize): void {
  histBuildRange(bins, nRows, 0, nRows, gh, feats, nFeats, hist);
}

/** Histogram of the rows r0..r1 in order, from column-major bins of nRows rows per feature (a block of the root). */
export function histBuildRange(bins: usize, nRows: i32, r0: i32, r1: i32, gh: usize, feats: usize, nFeats: i32, hist: usize): void {
  clearFeatures(feats, nFeats, hist);
  const stride = <usize>nRows;
  const begin = <usize>r0, end = <usize>r1;
  let k = 0;
  for (; k + 4 <= nFeats; k += 4) {
    const fp = feats + (<usize>k << 2);
    const f0 = <usize>load<i32>(fp), f1 = <usize>load<i32>(fp, 4);
    const f2 = <usize>load<i32>(fp, 8), f3 = <usize>load<i32>(fp, 12);
    const c0 = bins + f0 * stride, c1 = bins + f1 * stride, c2 = bins + f2 * stride, c3 = bins + f3 * stride;
    const h0 = hist + f0 * FEATURE_HIST_BYTES, h1 = hist + f1 * FEATURE_HIST_BYTES;
    const h2 = hist + f2 * FEATURE_HIST_BYTES, h3 = hist + f3 * FEATURE_HIST_BYTES;
    for (let r = begin; r < end; r++) {
      const v = f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3)));
      addRow(c0, h0, r, v); addRow(c1, h1, r, v); addRow(c2, h2, r, v); addRow(c3, h3, r, v);
    }
  }
  for (; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    const c = bins + f * stride, h = hist + f * FEATURE_HIST_BYTES;
    for (let r = begin; r < end; r++) {
      addRow(c, h, r, f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3))));
    }
  }
}

/** Rows gathered per chunk by histBuildRows: the chunk's bins and gradients stay in L2. */
const CHUNK: i32 = 2048;

/** Features per pass over a gathered chunk: 8 x 4 KiB of histogram stays in L1. */
const FEATURE_BLOCK: usize = 8;

/**
 * Adds v to four consecutive features' histograms (h: the first's) at the bins packed in w: each
 * slot's byte offset (bin << 4) from w with one shift and one mask, each feature's offset as the
 * load's and store's constant offset.
 */
@inline
function addWord(h: usize, w: u32, v: v128): void {
  const a0 = h + <usize>((w << 4) & 0xFF0);
  v128.store(a0, f64x2.add(v128.load(a0), v));
  const a1 = h + <usize>((w >>> 4) & 0xFF0);
  v128.store(a1, f64x2.add(v128.load(a1, FEATURE_HIST_BYTES), v), FEATURE_HIST_BYTES);
  const a2 = h + <usize>((w >>> 12) & 0xFF0);
  v128.store(a2, f64x2.add(v128.load(a2, 2 * FEATURE_HIST_BYTES), v), 2 * FEATURE_HIST_BYTES);
  const a3 = h + <usize>((w >>> 20) & 0xFF0);
  v128.store(a3, f64x2.add(v128.load(a3, 3 * FEATURE_HIST_BYTES), v), 3 * FEATURE_HIST_BYTES);
}

@inline
function addBin(h: usize, b: u32, v: v128): void {
  const a = h + (<usize>b << 4);
  v128.store(a, f64x2.add(v128.load(a), v));
}

/**
 * Histogram of rows[begin..end) from row-major bins (nCols bytes per row), for nodes below
 * the root. Rows are first gathered chunk by chunk into contiguous scratch: the gather's
 * loads are independent, so many cache misses overlap, while updating the histogram
 * straight from scattered rows stalls on each miss (WASM has no prefetch).
 * scratch: CHUNK * (nCols + 8) + 16 bytes; binsRM needs 16 readable bytes past its end.
 */
export function histBuildRows(binsRM: usize, nCols: i32, gh: usize, rows: usize, begin: i32, end: i32,
  feats: usize, nFeats: i32, hist: usize, scratch: usize): void {
  clearFeatures(feats, nFeats, hist);
  const nc = <usize>nCols;
  const ogh = scratch;
  const obins = scratch + (<usize>CHUNK << 3);
  for (let c0 = begin; c0 < end; c0 += CHUNK) {
    const m = <usize>(c0 + CHUNK < end ? CHUNK : end - c0);
    const rp = rows + (<usize>c0 << 2);
    for (let i: usize = 0; i < m; i++) {
      const r = <usize>load<u32>(rp + (i << 2));
      store<u64>(ogh + (i << 3), load<u64>(gh + (r << 3)));
      // 16-byte copies may run past the row: the scratch and the matrix have 16 bytes of slack.
      const src = binsRM + r * nc, dst = obins + i * nc;
      for (let o: usize = 0; o < nc; o += 16) v128.store(dst + o, v128.load(src + o));
    }
    if (nFeats == nCols) {
      for (let f0: usize = 0; f0 < nc; f0 += FEATURE_BLOCK) {
        const h = hist + f0 * FEATURE_HIST_BYTES;
        if (f0 + FEATURE_BLOCK <= nc) {
          for (let i: usize = 0; i < m; i++) {
            const v = f64x2.promote_low_f32x4(v128.load64_zero(ogh + (i << 3)));
            const row = obins + i * nc + f0;
            addWord(h, load<u32>(row), v);
            addWord(h + 4 * FEATURE_HIST_BYTES, load<u32>(row, 4), v);
          }
        } else {
          // The last block: four features by one word when there are four, then one by one.
          const f4 = f0 + 4 <= nc ? f0 + 4 : f0;
          for (let i: usize = 0; i < m; i++) {
            const v = f64x2.promote_low_f32x4(v128.load64_zero(ogh + (i << 3)));
            const row = obins + i * nc;
            if (f4 > f0) addWord(h, load<u32>(row + f0), v);
            for (let f = f4; f < nc; f++) addBin(hist + f * FEATURE_HIST_BYTES, load<u8>(row + f), v);
          }
        }
      }
    } else {
      for (let i: usize = 0; i < m; i++) {
        const v = f64x2.promote_low_f32x4(v128.load64_zero(ogh + (i << 3)));
        const row = obins + i * nc;
        for (let k: usize = 0; k < <usize>nFeats; k++) {
          const f = <usize>load<i32>(feats + (k << 2));
          const a = hist + f * FEATURE_HIST_BYTES + (<usize>load<u8>(row + f) << 4);
          v128.store(a, f64x2.add(v128.load(a), v));
        }
      }
    }
  }
}

/** Transposes column-major bins (nRows per feature) into row-major (nCols per row). */
export function binsToRowMajor(binsCM: usize, nRows: i32, nCols: i32, out: usize): void {
  const nr = <usize>nRows, nc = <usize>nCols;
  // Blocks of 4096 rows keep the written block in cache while each column streams in.
  for (let r0: usize = 0; r0 < nr; r0 += 4096) {
    const r1 = r0 + 4096 < nr ? r0 + 4096 : nr;
    for (let f: usize = 0; f < nc; f++) {
      const col = binsCM + f * nr;
      for (let r = r0; r < r1; r++) store<u8>(out + r * nc + f, load<u8>(col + r));
    }
  }
}

/** out = parent - child for the listed features (the sibling's histogram, without a pass over rows). */
export function histSubtract(parent: usize, child: usize, out: usize, feats: usize, nFeats: i32): void {
  for (let k = 0; k < nFeats; k++) {
    const off = <usize>load<i32>(feats + (<usize>k << 2)) * FEATURE_HIST_BYTES;
    for (let b: usize = 0; b < <usize>FEATURE_BIN_BYTES; b += 16) {
      v128.store(out + off + b, f64x2.sub(v128.load(parent + off + b), v128.load(child + off + b)));
    }
  }
}
