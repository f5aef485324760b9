// Batch prediction of deep trees (forests): node records packed 16 bytes each, so one step of a
// traversal touches one cache line, and each block of rows transposed to row-major first, so a
// row's features are adjacent. Adds the reached leaves' outputs to out.
// The record is PNODE_* of layout.ts; the package kernel and the runtime kernel (runtime.ts)
// compile this file's step, walk8 and packNodes.
import {
  NODE_DEFAULT_LEFT, NODE_CATEGORICAL, PNODE_BYTES, PNODE_LEFT, PNODE_RIGHT, PNODE_META, PNODE_SPLIT, PNODE_FLAG_SHIFT, PNODE_FEATURE_MASK,
} from './layout';

/** One step down from node nd for the row at `row` (f32 features); a leaf returns itself. */
@inline
export function step(nodes: usize, catLen: usize, catWords: usize, row: usize, nd: i32): i32 {
  const rec = nodes + <usize>nd * <usize>PNODE_BYTES;
  const l = load<i32>(rec, PNODE_LEFT);
  if (l < 0) return nd;
  const meta = load<i32>(rec, PNODE_META);
  const x = load<f32>(row + (<usize>(meta & PNODE_FEATURE_MASK) << 2));
  const fl = meta >>> PNODE_FLAG_SHIFT;
  let goLeft: bool;
  if (isNaN(x)) {
    goLeft = (fl & NODE_DEFAULT_LEFT) != 0;
  } else if (fl & NODE_CATEGORICAL) {
    const c = <i32>x;
    const len = load<i32>(catLen + (<usize>nd << 2));
    if (x < 0 || c >= len << 5) goLeft = false;
    else {
      const word = load<u32>(catWords + ((<usize>load<i32>(rec, PNODE_SPLIT) + <usize>(c >> 5)) << 2));
      goLeft = ((word >>> (c & 31)) & 1) != 0;
    }
  } else {
    goLeft = x < load<f32>(rec, PNODE_SPLIT);
  }
  return select<i32>(l, load<i32>(rec, PNODE_RIGHT), goLeft);
}

/**
 * Walks eight (row, node) chains down to their leaves in lockstep, so eight independent chains of
 * loads are in flight; writes the eight leaves as i32 to `leaves`.
 */
@inline
export function walk8(nodes: usize, catLen: usize, catWords: usize,
  r0: usize, r1: usize, r2: usize, r3: usize, r4: usize, r5: usize, r6: usize, r7: usize,
  n0: i32, n1: i32, n2: i32, n3: i32, n4: i32, n5: i32, n6: i32, n7: i32, leaves: usize): void {
  for (;;) {
    const a0 = step(nodes, catLen, catWords, r0, n0);
    const a1 = step(nodes, catLen, catWords, r1, n1);
    const a2 = step(nodes, catLen, catWords, r2, n2);
    const a3 = step(nodes, catLen, catWords, r3, n3);
    const a4 = step(nodes, catLen, catWords, r4, n4);
    const a5 = step(nodes, catLen, catWords, r5, n5);
    const a6 = step(nodes, catLen, catWords, r6, n6);
    const a7 = step(nodes, catLen, catWords, r7, n7);
    const moved = (a0 ^ n0) | (a1 ^ n1) | (a2 ^ n2) | (a3 ^ n3) | (a4 ^ n4) | (a5 ^ n5) | (a6 ^ n6) | (a7 ^ n7);
    n0 = a0; n1 = a1; n2 = a2; n3 = a3; n4 = a4; n5 = a5; n6 = a6; n7 = a7;
    if (moved == 0) break;
  }
  store<i32>(leaves, n0); store<i32>(leaves, n1, 4); store<i32>(leaves, n2, 8); store<i32>(leaves, n3, 12);
  store<i32>(leaves, n4, 16); store<i32>(leaves, n5, 20); store<i32>(leaves, n6, 24); store<i32>(leaves, n7, 28);
}


/**
 * Adds trees [treeBegin, treeEnd) to out (f32, nRows x valueWidth, row-major): out[r, k] += value[leaf * valueWidth + k].
 * data: f32 column-major (nRows per feature, nFeatures features), NaN = missing. nodes: packed
 * records (layout.ts PNODE_*); catLen: i32 per node (words of a categorical split's bitset in
 * catWords, starting at its catOffset); treeRoot: i32 per tree. Rows go in blocks of blockRows
 * (at least 1, rounded up to a multiple of 8), transposed to row-major; every tree walks a whole block before
 * the next tree, so a tree's nodes stay in cache, and eight rows walk it in lockstep, so eight
 * independent chains of loads are in flight. scratch: B x nFeatures f32 + 32 bytes, B = blockRows
 * rounded up to a multiple of 8 (the block is padded to whole groups of eight rows).
 * Inputs were validated by the host (indices in range, children inside their tree).
 * A group walks as deep as its deepest row (extra steps per useful step: BENCHMARKS.md section 11), but a
 * step on a reached leaf is a cached load and a compare. Refilling a lane with the block's next
 * row as soon as it reaches its leaf (same sums, bit for bit) measured slower (branches on every
 * lane at every step), so the lockstep stays.
 */
export function predictForest(data: usize, nRows: i32, nFeatures: i32, nodes: usize, catLen: usize, catWords: usize,
  value: usize, valueWidth: i32, treeRoot: usize, treeBegin: i32, treeEnd: i32, out: usize, blockRows: i32, scratch: usize): void {
  predictForestRows(data, nRows, 0, nRows, nFeatures, nodes, catLen, catWords, value, valueWidth, treeRoot, treeBegin, treeEnd, out, blockRows, scratch);
}

/**
 * predictForest over rows [rowBegin, rowEnd) of a column-major matrix of `stride` rows, so worker
 * threads can each take a range of rows of one shared matrix (out is indexed by the absolute row,
 * and ranges never share a row of out). A row's sum goes through the same trees in the same
 * order whatever the range, so the outputs do not depend on how the rows are split.
 */
export function predictForestRows(data: usize, stride: i32, rowBegin: i32, rowEnd: i32, nFeatures: i32, nodes: usize,
  catLen: usize, catWords: usize, value: usize, valueWidth: i32, treeRoot: usize, treeBegin: i32, treeEnd: i32, out: usize,
  blockRows: i32, scratch: usize): void {
  const BLOCK = (blockRows + 7) & ~7;
  const nf = <usize>nFeatures, w = <usize>valueWidth;
  const rowBytes = nf << 2;
  for (let r0 = rowBegin; r0 < rowEnd; r0 += BLOCK) {
    const m = <usize>(r0 + BLOCK < rowEnd ? BLOCK : rowEnd - r0);
    for (let f: usize = 0; f < nf; f++) {
      const col = data + ((f * <usize>stride + <usize>r0) << 2);
      for (let i: usize = 0; i < m; i++) store<f32>(scratch + ((i * nf + f) << 2), load<f32>(col + (i << 2)));
    }
    // Pad the block to a multiple of 8 rows with copies of its last row (their results are dropped).
    const padded = (m + 7) & ~(<usize>7);
    for (let i = m; i < padded; i++) memory.copy(scratch + i * rowBytes, scratch + (m - 1) * rowBytes, rowBytes);
    for (let t = treeBegin; t < treeEnd; t++) {
      const root = load<i32>(treeRoot + (<usize>t << 2));
      for (let i: usize = 0; i < padded; i += 8) {
        const row = scratch + i * rowBytes;
        const leaves = scratch + (<usize>BLOCK * rowBytes);
        walk8(nodes, catLen, catWords, row, row + rowBytes, row + 2 * rowBytes, row + 3 * rowBytes, row + 4 * rowBytes,
          row + 5 * rowBytes, row + 6 * rowBytes, row + 7 * rowBytes, root, root, root, root, root, root, root, root, leaves);
        const last = i + 8 < m ? i + 8 : m;
        for (let j = i; j < last; j++) {
          const nd = <usize>load<i32>(leaves + ((j - i) << 2));
          const o = out + (((<usize>r0 + j) * w) << 2);
          const v = value + ((nd * w) << 2);
          for (let k: usize = 0; k < w; k++) store<f32>(o + (k << 2), load<f32>(o + (k << 2)) + load<f32>(v + (k << 2)));
        }
      }
    }
  }
}

/**
 * Packs n nodes into prediction node records (layout.ts PNODE_*, read by step): left, right, feature | flags << 28,
 * threshold bits (numeric split) or catOffset (categorical split). Inputs: i32 arrays of n
 * (left, right, feature, flags, catOffset) and f32 threshold; out: n x 16 bytes.
 */
export function packNodes(left: usize, right: usize, feature: usize, flags: usize, catOffset: usize, threshold: usize, n: i32, out: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const o = out + i * <usize>PNODE_BYTES, a = i << 2;
    const fl = load<i32>(flags + a);
    store<i32>(o, load<i32>(left + a), PNODE_LEFT);
    store<i32>(o, load<i32>(right + a), PNODE_RIGHT);
    store<i32>(o, (load<i32>(feature + a) & PNODE_FEATURE_MASK) | (fl << PNODE_FLAG_SHIFT), PNODE_META);
    store<i32>(o, fl & NODE_CATEGORICAL ? load<i32>(catOffset + a) : load<i32>(threshold + a), PNODE_SPLIT);
  }
}
