// Batch tree traversal over raw (unbinned) float rows: adds leaf values to margins.
import { NODE_DEFAULT_LEFT, NODE_CATEGORICAL } from './layout';

// Rows per block: a block's rows stay in cache while every tree walks them.
const BLOCK: i32 = 64;

/**
 * Adds trees [treeBegin, treeEnd) to out (f32, nRows x nGroups, row-major).
 * data: f32 column-major (nRows per feature), NaN = missing.
 * Node arrays (one entry per node, all trees concatenated): feature i32, threshold f32,
 * left i32 (-1 for a leaf), right i32, flags i32 (NODE_*), catOffset/catLen i32 (words in
 * catWords holding the categories that go left), value f32 (leaf value).
 * treeRoot / treeGroup: i32 per tree. Inputs were validated by the host (indices in range).
 */
export function predictTrees(data: usize, nRows: i32, nodes: usize, treeRoot: usize, treeGroup: usize,
  treeBegin: i32, treeEnd: i32, nGroups: i32, out: usize): void {
  predictTreesWide(data, nRows, nodes, treeRoot, treeGroup, treeBegin, treeEnd, nGroups, 1, out);
}

/**
 * As predictTrees, with `width` outputs per node: width 1 adds value[leaf] to the tree's
 * group; width == nGroups adds value[leaf * width + k] to every group k (forest leaves
 * holding a class distribution).
 */
export function predictTreesWide(data: usize, nRows: i32, nodes: usize, treeRoot: usize, treeGroup: usize,
  treeBegin: i32, treeEnd: i32, nGroups: i32, width: i32, out: usize): void {
  // nodes: base pointers of the eight node arrays, stored as 8 consecutive i32.
  const feature = <usize>load<i32>(nodes), threshold = <usize>load<i32>(nodes, 4);
  const left = <usize>load<i32>(nodes, 8), right = <usize>load<i32>(nodes, 12);
  const flags = <usize>load<i32>(nodes, 16), catOffset = <usize>load<i32>(nodes, 20);
  const catLen = <usize>load<i32>(nodes, 24), value = <usize>load<i32>(nodes, 28);
  const catWords = <usize>load<i32>(nodes, 32);
  const stride = <usize>nRows;
  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const r1 = r0 + BLOCK < nRows ? r0 + BLOCK : nRows;
    for (let t = treeBegin; t < treeEnd; t++) {
      const root = load<i32>(treeRoot + (<usize>t << 2));
      const grp = <usize>load<i32>(treeGroup + (<usize>t << 2));
      for (let r = r0; r < r1; r++) {
        let nd = root;
        let l = load<i32>(left + (<usize>nd << 2));
        while (l >= 0) {
          const f = <usize>load<i32>(feature + (<usize>nd << 2));
          const x = load<f32>(data + ((f * stride + <usize>r) << 2));
          const fl = load<i32>(flags + (<usize>nd << 2));
          let goLeft: bool;
          if (isNaN(x)) {
            goLeft = (fl & NODE_DEFAULT_LEFT) != 0;
          } else if (fl & NODE_CATEGORICAL) {
            const c = <i32>x;
            const len = load<i32>(catLen + (<usize>nd << 2));
            if (x < 0 || c >= len << 5) goLeft = false;
            else {
              const w = load<u32>(catWords + ((<usize>load<i32>(catOffset + (<usize>nd << 2)) + <usize>(c >> 5)) << 2));
              goLeft = ((w >>> (c & 31)) & 1) != 0;
            }
          } else {
            goLeft = x < load<f32>(threshold + (<usize>nd << 2));
          }
          nd = goLeft ? l : load<i32>(right + (<usize>nd << 2));
          l = load<i32>(left + (<usize>nd << 2));
        }
        if (width == 1) {
          const o = out + ((<usize>r * <usize>nGroups + grp) << 2);
          store<f32>(o, load<f32>(o) + load<f32>(value + (<usize>nd << 2)));
        } else {
          const o = out + ((<usize>r * <usize>nGroups) << 2);
          const v = value + ((<usize>nd * <usize>width) << 2);
          for (let k: usize = 0; k < <usize>width; k++) {
            store<f32>(o + (k << 2), load<f32>(o + (k << 2)) + load<f32>(v + (k << 2)));
          }
        }
      }
    }
  }
}
