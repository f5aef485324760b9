/**
 * A grown tree in bin space as flat typed arrays: what both growers hand to the tree store
 * (src/tree/tree-store.ts), cheap to post from a worker. The GBDT grower's BinTree is packed in
 * breadth-first order of its live nodes; a forest tree keeps the grower's node ids and adds the
 * kernel-grown subtrees after them (src/forest/packed-tree.ts).
 */
import type { BinTree } from './bin-tree.js';
import { CAT_WORDS, MISSING_BIN } from '../wasm/layout.js';

/** Per node unless noted; node 0 is the root, children always come after their parent, -1 in left / right marks a leaf. */
export interface PackedTree {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  /** Numeric split: last bin going left (-1: only missing values). */
  splitBin: Int32Array;
  /** Numeric split: the node's first non-empty bin right of the cut (raw thresholds go halfway between the two bins' values). */
  nextBin: Int32Array;
  /** Float32Array: numeric split's raw threshold (x < threshold goes left); NaN where the tree store decides (categorical, no value ranges). */
  threshold: Float32Array;
  /**
   * Numeric split: the last bin going left for rows outside the tree's sample (out-of-bag or
   * held-out rows in bin space): bins between the node's two sides go by the raw threshold.
   * Equals splitBin where there is no raw threshold.
   */
  binCut: Int32Array;
  /** 1 when missing values go left. */
  defaultLeft: Uint8Array;
  /** Categorical split: index of its bitset in catWords (CAT_WORDS words each); -1 otherwise. */
  catIndex: Int32Array;
  /** Uint32Array, CAT_WORDS per categorical split: bins going left. */
  catWords: Uint32Array;
  /** Float32Array, nNodes x valueWidth: each node's output (float32, as the model stores it). */
  value: Float32Array;
  gain: Float32Array;
  /** Hessian sum (weighted row count). */
  cover: Float32Array;
  /** Uint32Array: training rows left out of this tree's sample (out of bag; forests). */
  oobRows: Uint32Array;
  /** Int32Array, one per oobRows entry: the leaf it reaches. */
  oobLeaf: Int32Array;
}

/** The nodes reachable from the root in breadth-first order (pruning leaves unreachable nodes in a BinTree). */
export function breadthFirst(t: BinTree): number[] {
  const order = [0];
  for (let i = 0; i < order.length; i++) {
    const n = order[i]!;
    if (t.left[n]! >= 0) order.push(t.left[n]!, t.right[n]!);
  }
  return order;
}

/**
 * Packs a BinTree: its nodes in id order (order null), or the nodes of `order` renumbered in that
 * order; room for `extraNodes` more nodes and `extraCat` more bitsets after them (a forest's
 * kernel-grown subtrees, which its caller fills). Categorical bitsets are numbered in node order.
 * `valueWidth` outputs per node: tree.vector when valueWidth > 1, else tree.value. binCut is
 * splitBin.
 */
export function packBinTree(t: BinTree, valueWidth: number, order: number[] | null, extraNodes = 0, extraCat = 0): PackedTree {
  const nTop = order ? order.length : t.left.length;
  const id = (i: number): number => (order ? order[i]! : i);
  let newId: Int32Array | null = null;
  if (order) {
    newId = new Int32Array(t.left.length).fill(-1);
    order.forEach((node, i) => { newId![node] = i; });
  }
  let nTopCat = 0;
  for (let i = 0; i < nTop; i++) if (t.catBits[id(i)]) nTopCat++;
  const n = nTop + extraNodes;
  const p: PackedTree = {
    left: new Int32Array(n), right: new Int32Array(n), feature: new Int32Array(n), splitBin: new Int32Array(n), nextBin: new Int32Array(n),
    threshold: new Float32Array(n).fill(NaN), binCut: new Int32Array(0),
    defaultLeft: new Uint8Array(n), catIndex: new Int32Array(n).fill(-1), catWords: new Uint32Array((nTopCat + extraCat) * CAT_WORDS),
    value: new Float32Array(n * valueWidth), gain: new Float32Array(n), cover: new Float32Array(n),
    oobRows: new Uint32Array(0), oobLeaf: new Int32Array(0),
  };
  let cat = 0;
  for (let i = 0; i < nTop; i++) {
    const s = id(i);
    const l = t.left[s]!;
    p.left[i] = l < 0 || !newId ? l : newId[l]!;
    p.right[i] = l < 0 || !newId ? t.right[s]! : newId[t.right[s]!]!;
    p.feature[i] = t.feature[s]!; p.splitBin[i] = t.splitBin[s]!; p.nextBin[i] = t.nextBin[s]!;
    p.defaultLeft[i] = t.defaultLeft[s] ? 1 : 0; p.gain[i] = t.gain[s]!; p.cover[i] = t.cover[s]!;
    const bits = t.catBits[s];
    if (bits) { p.catIndex[i] = cat; p.catWords.set(bits, cat * CAT_WORDS); cat++; }
    if (valueWidth > 1) p.value.set(t.vector![s]!, i * valueWidth);
    else p.value[i] = t.value[s]!;
  }
  p.binCut = p.splitBin.slice();
  return p;
}

/** The leaf each of `rows` reaches through the tree's bin-space splits (binCut). bins: u8 column-major, nRows per feature. */
export function leavesOf(p: PackedTree, bins: Uint8Array, nRows: number, rows: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows.length);
  const { left, right, feature, binCut, defaultLeft, catIndex, catWords } = p;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    let n = 0;
    while (left[n]! >= 0) {
      const b = bins[feature[n]! * nRows + r]!;
      let goLeft: boolean;
      if (b === MISSING_BIN) goLeft = defaultLeft[n] === 1;
      else if (catIndex[n]! >= 0) goLeft = ((catWords[catIndex[n]! * CAT_WORDS + (b >> 5)]! >>> (b & 31)) & 1) === 1;
      else goLeft = b <= binCut[n]!;
      n = goLeft ? left[n]! : right[n]!;
    }
    out[i] = n;
  }
  return out;
}
