/**
 * Plain-TypeScript twin of the packed prediction kernels (tests only): predictForest
 * (assembly/forest-predict.ts, column-major rows) and the runtime build's predictRowMajor
 * (assembly/runtime.ts, row-major rows). One row and one tree at a time: no row blocks, no
 * lockstep. Also walks the model's unpacked node arrays (TreeArrays), to check the packing.
 */
import type { TreeArrays } from '../model/model.js';
import { NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../wasm/layout.js';

/** The node arrays prediction reads (TreeArrays without gain / cover). */
export type PredictTrees = Omit<TreeArrays, 'gain' | 'cover'>;

/** A forest in the kernels' packed layout. */
export interface PackedForest {
  /** 4 i32 per node: left (-1: leaf), right, feature | flags << 28, threshold f32 bits (numeric) or catOffset (categorical). */
  nodes: Int32Array;
  /** Words of each categorical split's bitset in catWords. */
  catLen: Int32Array;
  catWords: Uint32Array;
  /** `valueWidth` outputs per node. */
  value: Float32Array;
  treeRoot: Int32Array;
}

/**
 * Whether value x goes left at a split. Missing (NaN) follows the default direction. A category
 * code goes left when its bit is set; codes are truncated toward zero, and negative codes and codes
 * past the bitset go right. A number goes left when below the threshold.
 */
export function goesLeft(flags: number, x: number, threshold: number, catWords: Uint32Array, catOffset: number, catLen: number): boolean {
  if (Number.isNaN(x)) return (flags & NODE_DEFAULT_LEFT) !== 0;
  if (flags & NODE_CATEGORICAL) {
    if (x < 0 || x >= catLen * 32) return false;
    const c = Math.trunc(x);
    return ((catWords[catOffset + (c >> 5)] >>> (c & 31)) & 1) === 1;
  }
  return x < threshold;
}

/** The leaf a row reaches in the unpacked tree rooted at `root`; x(f) is the row's feature f. */
export function leafOf(t: PredictTrees, root: number, x: (f: number) => number): number {
  let nd = root;
  while (t.left[nd] >= 0) {
    const left = goesLeft(t.flags[nd], x(t.feature[nd]), t.threshold[nd], t.catWords, t.catOffset[nd], t.catLen[nd]);
    nd = left ? t.left[nd] : t.right[nd];
  }
  return nd;
}

/** The leaf a row reaches in the packed tree rooted at `root`, decoding each 16-byte record. */
export function packedLeaf(p: PackedForest, root: number, x: (f: number) => number): number {
  const bits = new Float32Array(p.nodes.buffer, p.nodes.byteOffset, p.nodes.length);
  let nd = root;
  while (p.nodes[4 * nd] >= 0) {
    const meta = p.nodes[4 * nd + 2];
    const left = goesLeft(meta >>> 28, x(meta & 0x0fffffff), bits[4 * nd + 3], p.catWords, p.nodes[4 * nd + 3], p.catLen[nd]);
    nd = left ? p.nodes[4 * nd] : p.nodes[4 * nd + 1];
  }
  return nd;
}

/** Feature f of row r in f32 data: column-major (nRows per feature) or row-major (nFeatures per row). */
export function rowReader(data: Float32Array, nRows: number, nFeatures: number, r: number, rowMajor: boolean): (f: number) => number {
  return rowMajor ? (f) => data[r * nFeatures + f] : (f) => data[f * nRows + r];
}

/**
 * out (Float32Array, nRows x valueWidth, row-major) plus trees [treeBegin, treeEnd): for each row, each
 * tree in ascending order adds value[leaf * valueWidth + k] to out[r, k], rounded to f32 after every
 * add as the kernels do. Returns a new array.
 */
export function predictPacked(p: PackedForest, data: Float32Array, nRows: number, nFeatures: number, valueWidth: number,
  treeBegin: number, treeEnd: number, out: Float32Array, rowMajor = false): Float32Array {
  const res = out.slice();
  for (let r = 0; r < nRows; r++) {
    const x = rowReader(data, nRows, nFeatures, r, rowMajor);
    for (let t = treeBegin; t < treeEnd; t++) {
      const leaf = packedLeaf(p, p.treeRoot[t], x);
      for (let k = 0; k < valueWidth; k++) res[r * valueWidth + k] = Math.fround(res[r * valueWidth + k] + p.value[leaf * valueWidth + k]);
    }
  }
  return res;
}
