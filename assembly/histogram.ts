// Gradient histograms per node: build from a row-index list (or all rows), and subtraction.
import { FEATURE_HIST_BYTES } from './layout';

/** Zeroes the histograms of the listed features. */
function clearFeatures(feats: usize, nFeats: i32, hist: usize): void {
  for (let k = 0; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    memory.fill(hist + f * FEATURE_HIST_BYTES, 0, FEATURE_HIST_BYTES);
  }
}

// Four features per pass: one gradient load feeds four read-modify-write updates, which
// measured ~4x faster than one feature per pass (TOOLCHAIN.md).
@inline
function addRow(col: usize, h: usize, r: usize, v: v128): void {
  const a = h + (<usize>load<u8>(col + r) << 4);
  v128.store(a, f64x2.add(v128.load(a), v));
}

/**
 * Histogram of rows[begin..end) for the listed features.
 * bins: u8 column-major (nRows per feature); gh: f32 (grad, hess) pairs per row;
 * rows: u32 row indices; feats: i32 feature indices; hist: 4096 bytes per feature (indexed by feature).
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
    for (let r: usize = 0; r < stride; r++) {
      const v = f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3)));
      addRow(c0, h0, r, v); addRow(c1, h1, r, v); addRow(c2, h2, r, v); addRow(c3, h3, r, v);
    }
  }
  for (; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    const c = bins + f * stride, h = hist + f * FEATURE_HIST_BYTES;
    for (let r: usize = 0; r < stride; r++) {
      addRow(c, h, r, f64x2.promote_low_f32x4(v128.load64_zero(gh + (r << 3))));
    }
  }
}

/**
 * Copy-first build for small nodes: gathers the node's bins into a row-major scratch block
 * and its gradients into a contiguous buffer, then builds from those. Sparse gathers from
 * column-major data are slow in WASM (no prefetch); one gather pass then sequential
 * updates measured several times faster on small nodes (TOOLCHAIN.md).
 * scratch: at least (end - begin) * nFeats bytes; ghScratch: (end - begin) * 8 bytes.
 */
export function histBuildGathered(bins: usize, nRows: i32, gh: usize, rows: usize, begin: i32, end: i32,
  feats: usize, nFeats: i32, hist: usize, scratch: usize, ghScratch: usize): void {
  clearFeatures(feats, nFeats, hist);
  const stride = <usize>nRows;
  const n = end - begin;
  const nf = <usize>nFeats;
  for (let i = 0; i < n; i++) {
    const r = <usize>load<u32>(rows + (<usize>(begin + i) << 2));
    store<u64>(ghScratch + (<usize>i << 3), load<u64>(gh + (r << 3)));
    const dst = scratch + <usize>i * nf;
    for (let k: usize = 0; k < nf; k++) {
      const f = <usize>load<i32>(feats + (k << 2));
      store<u8>(dst + k, load<u8>(bins + f * stride + r));
    }
  }
  for (let k: usize = 0; k < nf; k++) {
    const f = <usize>load<i32>(feats + (k << 2));
    const h = hist + f * FEATURE_HIST_BYTES;
    let src = scratch + k;
    for (let i = 0; i < n; i++) {
      const v = f64x2.promote_low_f32x4(v128.load64_zero(ghScratch + (<usize>i << 3)));
      const a = h + (<usize>load<u8>(src) << 4);
      v128.store(a, f64x2.add(v128.load(a), v));
      src += nf;
    }
  }
}

/** out = parent - child for the listed features (the sibling's histogram, without a pass over rows). */
export function histSubtract(parent: usize, child: usize, out: usize, feats: usize, nFeats: i32): void {
  for (let k = 0; k < nFeats; k++) {
    const off = <usize>load<i32>(feats + (<usize>k << 2)) * FEATURE_HIST_BYTES;
    for (let b: usize = 0; b < <usize>FEATURE_HIST_BYTES; b += 16) {
      v128.store(out + off + b, f64x2.sub(v128.load(parent + off + b), v128.load(child + off + b)));
    }
  }
}
