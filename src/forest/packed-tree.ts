/** One grown forest tree in bin space as flat typed arrays (cheap to post from a worker), and back to the BinTree the model builder reads. */
import { type BinTree, emptyBinTree } from '../tree/bin-tree.js';
import { CAT_WORDS } from '../wasm/layout.js';

/** Per node unless noted; node 0 is the root, -1 in left / right marks a leaf. */
export interface PackedTree {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  /** Numeric split: last bin going left (-1: only missing values). */
  splitBin: Int32Array;
  /** 1 when missing values go left. */
  defaultLeft: Uint8Array;
  /** Categorical split: index of its bitset in catWords (CAT_WORDS words each); -1 otherwise. */
  catIndex: Int32Array;
  /** Uint32Array, CAT_WORDS per categorical split: bins going left. */
  catWords: Uint32Array;
  /** Float64Array, nNodes x width: each node's output (leaf values already scaled by 1 / n_estimators). */
  value: Float64Array;
  gain: Float64Array;
  /** Hessian sum (weighted row count). */
  cover: Float64Array;
  /** Uint32Array: training rows left out of this tree's sample (out of bag). */
  oobRows: Uint32Array;
  /** Int32Array, one per oobRows entry: the leaf it reaches. */
  oobLeaf: Int32Array;
}

/** Packs a grown tree (`width` outputs per node: tree.vector when width > 1, else tree.value). */
export function packTree(t: BinTree, width: number, oobRows: Uint32Array, oobLeaf: Int32Array): PackedTree {
  const n = t.left.length;
  const catIndex = new Int32Array(n).fill(-1);
  let nCat = 0;
  for (let i = 0; i < n; i++) if (t.catBits[i]) catIndex[i] = nCat++;
  const catWords = new Uint32Array(nCat * CAT_WORDS);
  const value = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const bits = t.catBits[i];
    if (bits) catWords.set(bits, catIndex[i] * CAT_WORDS);
    if (width > 1) value.set(t.vector![i], i * width);
    else value[i] = t.value[i];
  }
  return {
    left: Int32Array.from(t.left), right: Int32Array.from(t.right), feature: Int32Array.from(t.feature),
    splitBin: Int32Array.from(t.splitBin), defaultLeft: Uint8Array.from(t.defaultLeft, (b) => (b ? 1 : 0)),
    catIndex, catWords, value, gain: Float64Array.from(t.gain), cover: Float64Array.from(t.cover), oobRows, oobLeaf,
  };
}

/** The BinTree fields TreeArraysBuilder.add reads, from a packed tree. */
export function unpackTree(p: PackedTree, width: number): BinTree {
  const t = emptyBinTree();
  const n = p.left.length;
  t.left = Array.from(p.left);
  t.right = Array.from(p.right);
  t.feature = Array.from(p.feature);
  t.splitBin = Array.from(p.splitBin);
  t.defaultLeft = Array.from(p.defaultLeft, (b) => b === 1);
  t.catBits = Array.from(p.catIndex, (c) => (c < 0 ? null : p.catWords.subarray(c * CAT_WORDS, (c + 1) * CAT_WORDS)));
  t.gain = Array.from(p.gain);
  t.cover = Array.from(p.cover);
  if (width > 1) {
    t.vector = Array.from({ length: n }, (_, i) => p.value.subarray(i * width, (i + 1) * width));
    t.value = t.vector.map((v) => v[0]);
  } else {
    t.value = Array.from(p.value);
  }
  return t;
}
