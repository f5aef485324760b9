// Batch prediction of deep trees (forests): node records packed 16 bytes each, so one step of a
// traversal touches one cache line, and each block of rows transposed to row-major first, so a
// row's features are adjacent. Adds the reached leaves' outputs to out.
import { NODE_DEFAULT_LEFT, NODE_CATEGORICAL } from './layout';


/** Bytes of one packed node: i32 left (-1: leaf), i32 right, i32 feature | flags << 28, f32 threshold or i32 catOffset. */
export const FOREST_NODE_BYTES: i32 = 16;

/** One step down from node nd for the row at `row` (f32 features); a leaf returns itself. */
@inline
export function step(nodes: usize, catLen: usize, catWords: usize, row: usize, nd: i32): i32 {
  const rec = nodes + (<usize>nd << 4);
  const l = load<i32>(rec);
  if (l < 0) return nd;
  const meta = load<i32>(rec, 8);
  const x = load<f32>(row + (<usize>(meta & 0x0FFFFFFF) << 2));
  const fl = meta >>> 28;
  let goLeft: bool;
  if (isNaN(x)) {
    goLeft = (fl & NODE_DEFAULT_LEFT) != 0;
  } else if (fl & NODE_CATEGORICAL) {
    const c = <i32>x;
    const len = load<i32>(catLen + (<usize>nd << 2));
    if (x < 0 || c >= len << 5) goLeft = false;
    else {
      const word = load<u32>(catWords + ((<usize>load<i32>(rec, 12) + <usize>(c >> 5)) << 2));
      goLeft = ((word >>> (c & 31)) & 1) != 0;
    }
  } else {
    goLeft = x < load<f32>(rec, 12);
  }
  return select<i32>(l, load<i32>(rec, 4), goLeft);
}

/**
 * Adds trees [treeBegin, treeEnd) to out (f32, nRows x width, row-major): out[r, k] += value[leaf * width + k].
 * data: f32 column-major (nRows per feature, nFeatures features), NaN = missing. nodes: packed
 * records (see FOREST_NODE_BYTES); catLen: i32 per node (words of a categorical split's bitset in
 * catWords, starting at its catOffset); treeRoot: i32 per tree. Rows go in blocks of blockRows
 * (at least 1, rounded up to a multiple of 8), transposed to row-major; every tree walks a whole block before
 * the next tree, so a tree's nodes stay in cache, and eight rows walk it in lockstep, so eight
 * independent chains of loads are in flight. scratch: B x nFeatures f32 + 32 bytes, B = blockRows
 * rounded up to a multiple of 8 (the block is padded to whole groups of eight rows).
 * Inputs were validated by the host (indices in range, children inside their tree).
 * A group walks as deep as its deepest row: on airline_100k's forest (mean leaf depth 16.0, mean
 * deepest of eight 21.3) that is 1.40 steps per useful step, but a step on a reached leaf is a
 * cached load and a compare. Refilling a lane with the block's next row as soon as it reaches its
 * leaf (same sums, bit for bit) measured 19% slower (branches on every lane at every step), so
 * the lockstep stays.
 */
export function predictForest(data: usize, nRows: i32, nFeatures: i32, nodes: usize, catLen: usize, catWords: usize,
  value: usize, width: i32, treeRoot: usize, treeBegin: i32, treeEnd: i32, out: usize, blockRows: i32, scratch: usize): void {
  predictForestRows(data, nRows, 0, nRows, nFeatures, nodes, catLen, catWords, value, width, treeRoot, treeBegin, treeEnd, out, blockRows, scratch);
}

/**
 * predictForest over rows [rowBegin, rowEnd) of a column-major matrix of `stride` rows, so worker
 * threads can each take a range of rows of one shared matrix (out is indexed by the absolute row,
 * and ranges never share a row of out). A row's sum goes through the same trees in the same
 * order whatever the range, so the outputs do not depend on how the rows are split.
 */
export function predictForestRows(data: usize, stride: i32, rowBegin: i32, rowEnd: i32, nFeatures: i32, nodes: usize,
  catLen: usize, catWords: usize, value: usize, width: i32, treeRoot: usize, treeBegin: i32, treeEnd: i32, out: usize,
  blockRows: i32, scratch: usize): void {
  const BLOCK = (blockRows + 7) & ~7;
  const nf = <usize>nFeatures, w = <usize>width;
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
        let n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
        for (;;) {
          const a0 = step(nodes, catLen, catWords, row, n0);
          const a1 = step(nodes, catLen, catWords, row + rowBytes, n1);
          const a2 = step(nodes, catLen, catWords, row + 2 * rowBytes, n2);
          const a3 = step(nodes, catLen, catWords, row + 3 * rowBytes, n3);
          const a4 = step(nodes, catLen, catWords, row + 4 * rowBytes, n4);
          const a5 = step(nodes, catLen, catWords, row + 5 * rowBytes, n5);
          const a6 = step(nodes, catLen, catWords, row + 6 * rowBytes, n6);
          const a7 = step(nodes, catLen, catWords, row + 7 * rowBytes, n7);
          const moved = (a0 ^ n0) | (a1 ^ n1) | (a2 ^ n2) | (a3 ^ n3) | (a4 ^ n4) | (a5 ^ n5) | (a6 ^ n6) | (a7 ^ n7);
          n0 = a0; n1 = a1; n2 = a2; n3 = a3; n4 = a4; n5 = a5; n6 = a6; n7 = a7;
          if (moved == 0) break;
        }
        const leaves = scratch + (<usize>BLOCK * rowBytes);
        store<i32>(leaves, n0); store<i32>(leaves, n1, 4); store<i32>(leaves, n2, 8); store<i32>(leaves, n3, 12);
        store<i32>(leaves, n4, 16); store<i32>(leaves, n5, 20); store<i32>(leaves, n6, 24); store<i32>(leaves, n7, 28);
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
