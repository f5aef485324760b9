/** A grown forest tree packed for the tree store: the grower's top nodes plus the kernel-grown subtrees. */
import type { BinTree } from '../tree/bin-tree.js';
import { packBinTree, type PackedTree } from '../tree/packed-tree.js';
import { CAT_WORDS } from '../wasm/layout.js';
import type { KernelSubtrees } from './subtree.js';

/**
 * Packs a grown tree: the BinTree's nodes keep their ids; the kernel-grown subtrees' nodes follow
 * (copied in one piece from the kernel's node arrays, child and bitset indices shifted past the
 * BinTree's), and each handed-over BinTree node takes its subtree's split.
 */
export function packTree(t: BinTree, subs: KernelSubtrees | null, valueWidth: number): PackedTree {
  const p = packBinTree(t, valueWidth, null, subs ? subs.nodeCount : 0, subs ? subs.catCount : 0);
  if (!subs) return p;
  const nTop = t.left.length, n = p.left.length;
  const nTopCat = p.catWords.length / CAT_WORDS - subs.catCount;
  const s = subs.nodes();
  p.left.set(s.left, nTop); p.right.set(s.right, nTop); p.feature.set(s.feature, nTop); p.splitBin.set(s.splitBin, nTop);
  p.nextBin.set(s.nextBin, nTop); p.defaultLeft.set(s.defaultLeft, nTop); p.catIndex.set(s.catIndex, nTop);
  p.value.set(s.value, nTop * valueWidth); p.gain.set(s.gain, nTop); p.cover.set(s.cover, nTop); p.threshold.set(s.threshold, nTop);
  p.catWords.set(s.catWords, nTopCat * CAT_WORDS);
  const { left, right, catIndex } = p;
  for (let i = nTop; i < n; i++) {
    if (left[i]! >= 0) { left[i] += nTop; right[i] += nTop; }
    if (catIndex[i]! >= 0) catIndex[i] += nTopCat;
  }
  for (const h of subs.heads) {
    const i = h.node;
    p.left[i] = h.left < 0 ? -1 : h.left + nTop; p.right[i] = h.right < 0 ? -1 : h.right + nTop;
    p.feature[i] = h.feature; p.splitBin[i] = h.splitBin; p.nextBin[i] = h.nextBin; p.defaultLeft[i] = h.defaultLeft;
    p.catIndex[i] = h.catIndex < 0 ? -1 : h.catIndex + nTopCat; p.gain[i] = h.gain;
  }
  // Bin cuts: the top nodes' split bins (rawThresholds moves them), the kernel's own for its nodes.
  p.binCut = p.splitBin.slice();
  p.binCut.set(s.binCut, nTop);
  return p;
}
