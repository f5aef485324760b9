/** One grown forest tree in bin space as flat typed arrays (cheap to post from a worker): the grower's top nodes plus the kernel-grown subtrees. */
import { type BinTree, emptyBinTree } from '../tree/bin-tree.js';
import { CAT_WORDS, MISSING_BIN } from '../wasm/layout.js';
import type { KernelSubtrees } from './subtree.js';

/** Per node unless noted; node 0 is the root, children always come after their parent, -1 in left / right marks a leaf. */
export interface PackedTree {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  /** Numeric split: last bin going left (-1: only missing values). */
  splitBin: Int32Array;
  /** Numeric split: the node's first non-empty bin right of the cut (raw thresholds go halfway between the two bins' values). */
  nextBin: Int32Array;
  /** Float32Array: numeric split's raw threshold (x < threshold goes left); NaN where the model builder decides (categorical, no value ranges). */
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
  /** Float32Array, nNodes x valueWidth: each node's output (scaled by 1 / n_estimators; float32, as the model stores it). */
  value: Float32Array;
  gain: Float32Array;
  /** Hessian sum (weighted row count). */
  cover: Float32Array;
  /** Uint32Array: training rows left out of this tree's sample (out of bag). */
  oobRows: Uint32Array;
  /** Int32Array, one per oobRows entry: the leaf it reaches. */
  oobLeaf: Int32Array;
}

/**
 * Packs a grown tree: the BinTree's nodes keep their ids; the kernel-grown subtrees' nodes follow
 * (copied in one piece from the kernel's node arrays, child and bitset indices shifted past the
 * BinTree's), and each handed-over BinTree node takes its subtree's split. `valueWidth` outputs per
 * node: tree.vector when valueWidth > 1, else tree.value.
 */
export function packTree(t: BinTree, subs: KernelSubtrees | null, valueWidth: number): PackedTree {
  const nTop = t.left.length;
  const nSubNodes = subs ? subs.nodeCount : 0;
  const n = nTop + nSubNodes;
  let nTopCat = 0;
  for (let i = 0; i < nTop; i++) if (t.catBits[i]) nTopCat++;
  const nCat = nTopCat + (subs ? subs.catCount : 0);
  const p: PackedTree = {
    left: new Int32Array(n), right: new Int32Array(n), feature: new Int32Array(n), splitBin: new Int32Array(n), nextBin: new Int32Array(n),
    threshold: new Float32Array(n).fill(NaN), binCut: new Int32Array(0),
    defaultLeft: new Uint8Array(n), catIndex: new Int32Array(n).fill(-1), catWords: new Uint32Array(nCat * CAT_WORDS),
    value: new Float32Array(n * valueWidth), gain: new Float32Array(n), cover: new Float32Array(n),
    oobRows: new Uint32Array(0), oobLeaf: new Int32Array(0),
  };
  let cat = 0;
  for (let i = 0; i < nTop; i++) {
    p.left[i] = t.left[i]; p.right[i] = t.right[i]; p.feature[i] = t.feature[i]; p.splitBin[i] = t.splitBin[i]; p.nextBin[i] = t.nextBin[i];
    p.defaultLeft[i] = t.defaultLeft[i] ? 1 : 0; p.gain[i] = t.gain[i]; p.cover[i] = t.cover[i];
    const bits = t.catBits[i];
    if (bits) { p.catIndex[i] = cat; p.catWords.set(bits, cat * CAT_WORDS); cat++; }
    if (valueWidth > 1) p.value.set(t.vector![i], i * valueWidth);
    else p.value[i] = t.value[i];
  }
  if (subs) {
    const s = subs.nodes();
    p.left.set(s.left, nTop); p.right.set(s.right, nTop); p.feature.set(s.feature, nTop); p.splitBin.set(s.splitBin, nTop);
    p.nextBin.set(s.nextBin, nTop); p.defaultLeft.set(s.defaultLeft, nTop); p.catIndex.set(s.catIndex, nTop);
    p.value.set(s.value, nTop * valueWidth); p.gain.set(s.gain, nTop); p.cover.set(s.cover, nTop); p.threshold.set(s.threshold, nTop);
    p.catWords.set(s.catWords, nTopCat * CAT_WORDS);
    const { left, right, catIndex } = p;
    for (let i = nTop; i < n; i++) {
      if (left[i] >= 0) { left[i] += nTop; right[i] += nTop; }
      if (catIndex[i] >= 0) catIndex[i] += nTopCat;
    }
    for (const h of subs.heads) {
      const i = h.node;
      p.left[i] = h.left < 0 ? -1 : h.left + nTop; p.right[i] = h.right < 0 ? -1 : h.right + nTop;
      p.feature[i] = h.feature; p.splitBin[i] = h.splitBin; p.nextBin[i] = h.nextBin; p.defaultLeft[i] = h.defaultLeft;
      p.catIndex[i] = h.catIndex < 0 ? -1 : h.catIndex + nTopCat; p.gain[i] = h.gain;
    }
  }
  // Bin cuts: the top nodes' split bins (rawThresholds moves them), the kernel's own for its nodes.
  p.binCut = p.splitBin.slice();
  if (subs) p.binCut.set(subs.nodes().binCut, nTop);
  return p;
}

/** The leaf each of `rows` reaches through the tree's bin-space splits. bins: u8 column-major, nRows per feature. */
export function leavesOf(p: PackedTree, bins: Uint8Array, nRows: number, rows: Uint32Array): Int32Array {
  const out = new Int32Array(rows.length);
  const { left, right, feature, binCut, defaultLeft, catIndex, catWords } = p;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let n = 0;
    while (left[n] >= 0) {
      const b = bins[feature[n] * nRows + r];
      let goLeft: boolean;
      if (b === MISSING_BIN) goLeft = defaultLeft[n] === 1;
      else if (catIndex[n] >= 0) goLeft = ((catWords[catIndex[n] * CAT_WORDS + (b >> 5)] >>> (b & 31)) & 1) === 1;
      else goLeft = b <= binCut[n];
      n = goLeft ? left[n] : right[n];
    }
    out[i] = n;
  }
  return out;
}

/**
 * The BinTree fields TreeArraysBuilder.add and leafOfRow read, from a packed tree (catBits are
 * views of p.catWords). Numeric splits take binCut as their split bin, so leafOfRow sends rows
 * outside the sample where the raw threshold does.
 */
export function unpackTree(p: PackedTree, valueWidth: number): BinTree {
  const t = emptyBinTree();
  const n = p.left.length;
  t.left = Array.from(p.left);
  t.right = Array.from(p.right);
  t.feature = Array.from(p.feature);
  t.splitBin = Array.from(p.binCut.length ? p.binCut : p.splitBin);
  t.nextBin = Array.from(p.nextBin);
  t.defaultLeft = Array.from(p.defaultLeft, (b) => b === 1);
  t.catBits = Array.from(p.catIndex, (c) => (c < 0 ? null : p.catWords.subarray(c * CAT_WORDS, (c + 1) * CAT_WORDS)));
  t.gain = Array.from(p.gain);
  t.cover = Array.from(p.cover);
  if (valueWidth > 1) {
    t.vector = Array.from({ length: n }, (_, i) => Float64Array.from(p.value.subarray(i * valueWidth, (i + 1) * valueWidth)));
    t.value = t.vector.map((v) => v[0]);
  } else {
    t.value = Array.from(p.value);
  }
  return t;
}
