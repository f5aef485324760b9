/**
 * Plain-TypeScript twin of assembly/predict.ts (tests only): walks each tree per row over raw
 * f32 column-major data with the node arrays of src/model/model.ts TreeArrays.
 */
import type { TreeArrays } from '../model/model.js';
import { NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../wasm/layout.js';

/** The node arrays predictTrees reads (TreeArrays without gain / cover). */
export type PredictTrees = Omit<TreeArrays, 'gain' | 'cover'>;

/** Whether value x goes left at internal node nd. */
export function nodeGoesLeft(t: PredictTrees, nd: number, x: number): boolean {
  const fl = t.flags[nd];
  if (Number.isNaN(x)) return (fl & NODE_DEFAULT_LEFT) !== 0;
  if (fl & NODE_CATEGORICAL) {
    // Category codes are truncated toward zero; negative codes and codes beyond the bitset go right.
    if (x < 0 || x >= t.catLen[nd] * 32) return false;
    const c = Math.trunc(x);
    return ((t.catWords[t.catOffset[nd] + (c >> 5)] >>> (c & 31)) & 1) === 1;
  }
  return x < t.threshold[nd];
}

/** The leaf a row reaches in the tree rooted at `root`. data: Float32Array column-major (nRows per feature). */
export function leafOf(t: PredictTrees, root: number, data: Float32Array, nRows: number, r: number): number {
  let nd = root;
  while (t.left[nd] >= 0) nd = nodeGoesLeft(t, nd, data[t.feature[nd] * nRows + r]) ? t.left[nd] : t.right[nd];
  return nd;
}

/**
 * out (Float32Array, nRows x nGroups row-major) plus the leaf values of trees [treeBegin, treeEnd),
 * added in tree order with f32 rounding as the kernel does. Returns a new array.
 * width 1: value[leaf] goes to the tree's group (predictTrees); width == nGroups: value holds
 * `width` outputs per node and value[leaf * width + k] goes to group k (predictTreesWide).
 */
export function predictTrees(t: PredictTrees, data: Float32Array, nRows: number, treeBegin: number, treeEnd: number,
  nGroups: number, out: Float32Array, width = 1): Float32Array {
  const res = out.slice();
  for (let r = 0; r < nRows; r++) {
    for (let k = treeBegin; k < treeEnd; k++) {
      const leaf = leafOf(t, t.treeRoot[k], data, nRows, r);
      if (width === 1) {
        const o = r * nGroups + t.treeGroup[k];
        res[o] = Math.fround(res[o] + t.value[leaf]);
      } else {
        for (let c = 0; c < width; c++) res[r * nGroups + c] = Math.fround(res[r * nGroups + c] + t.value[leaf * width + c]);
      }
    }
  }
  return res;
}
