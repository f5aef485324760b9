/** Turns bin-space trees into the model's flat node arrays (raw thresholds, level bitsets). */
import type { FeatureBins } from '../binning/bin-mapper.js';
import { MISSING_BIN } from '../wasm/layout.js';
import type { TreeArrays } from '../model/model.js';
import type { BinTree } from './bin-tree.js';
import { NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../wasm/layout.js';

/** Threshold sending every finite value left (split after the last bin). */
const F32_MAX = 3.4028234663852886e38;

/** Raw threshold of a numeric split after bin `splitBin` (-1: only missing values go left). */
export function splitThreshold(fb: FeatureBins, splitBin: number): number {
  return splitBin < 0 ? fb.min : splitBin >= fb.nBins - 1 ? F32_MAX : fb.cuts[splitBin];
}

/** Level bitset (bit = level index) of a categorical split from its bin bitset; levels without a bin follow missing values. */
export function levelBitset(fb: FeatureBins, binBits: Uint32Array, defaultLeft: boolean): Uint32Array {
  const levelToBin = fb.levelToBin!;
  const words = new Uint32Array(Math.max(1, Math.ceil(levelToBin.length / 32)));
  for (let level = 0; level < levelToBin.length; level++) {
    const b = levelToBin[level];
    const left = b === MISSING_BIN ? defaultLeft : ((binBits[b >> 5] >>> (b & 31)) & 1) === 1;
    if (left) words[level >> 5] |= 1 << (level & 31);
  }
  return words;
}

/** Accumulates trees as growable arrays, then freezes them into TreeArrays. */
export class TreeArraysBuilder {
  treeRoot: number[] = [];
  treeGroup: number[] = [];
  feature: number[] = [];
  threshold: number[] = [];
  left: number[] = [];
  right: number[] = [];
  flags: number[] = [];
  catOffset: number[] = [];
  catLen: number[] = [];
  catWords: number[] = [];
  value: number[] = [];
  gain: number[] = [];
  cover: number[] = [];

  /** valueWidth: outputs per node (forest class distributions: one per class, from BinTree.vector). */
  constructor(readonly valueWidth = 1) {}

  get nTrees(): number {
    return this.treeRoot.length;
  }

  /** Appends a grown tree; reachable nodes are renumbered in breadth-first order. */
  add(tree: BinTree, group: number, bins: FeatureBins[]): void {
    const base = this.left.length;
    const order: number[] = [0];
    const newId = new Map<number, number>([[0, 0]]);
    for (let i = 0; i < order.length; i++) {
      const n = order[i];
      if (tree.left[n] >= 0) {
        for (const c of [tree.left[n], tree.right[n]]) { newId.set(c, order.length); order.push(c); }
      }
    }
    this.treeRoot.push(base);
    this.treeGroup.push(group);
    for (const n of order) {
      const leaf = tree.left[n] < 0;
      this.left.push(leaf ? -1 : base + newId.get(tree.left[n])!);
      this.right.push(leaf ? -1 : base + newId.get(tree.right[n])!);
      if (this.valueWidth > 1) for (const v of tree.vector![n]) this.value.push(Math.fround(v));
      else this.value.push(Math.fround(tree.value[n]));
      this.gain.push(Math.fround(tree.gain[n]));
      this.cover.push(Math.fround(tree.cover[n]));
      if (leaf) {
        this.feature.push(-1); this.threshold.push(0); this.flags.push(0);
        this.catOffset.push(0); this.catLen.push(0);
        continue;
      }
      const f = tree.feature[n];
      const fb = bins[f];
      this.feature.push(f);
      let flags = tree.defaultLeft[n] ? NODE_DEFAULT_LEFT : 0;
      if (fb.kind === 'categorical') {
        flags |= NODE_CATEGORICAL;
        const words = levelBitset(fb, tree.catBits[n]!, tree.defaultLeft[n]);
        this.catOffset.push(this.catWords.length);
        this.catLen.push(words.length);
        for (const w of words) this.catWords.push(w >>> 0);
        this.threshold.push(0);
      } else {
        this.threshold.push(splitThreshold(fb, tree.splitBin[n]));
        this.catOffset.push(0); this.catLen.push(0);
      }
      this.flags.push(flags);
    }
  }

  /** Keeps only the first nTrees trees (early stopping). */
  truncate(nTrees: number): void {
    if (nTrees >= this.treeRoot.length) return;
    const nNodes = this.treeRoot[nTrees];
    const nWords = this.catOffset.slice(0, nNodes).reduce((m, off, i) => Math.max(m, off + this.catLen[i]), 0);
    this.treeRoot.length = nTrees; this.treeGroup.length = nTrees;
    for (const a of [this.feature, this.threshold, this.left, this.right, this.flags, this.catOffset, this.catLen, this.gain, this.cover]) a.length = nNodes;
    this.value.length = nNodes * this.valueWidth;
    this.catWords.length = nWords;
  }

  build(): TreeArrays {
    return {
      treeRoot: Int32Array.from(this.treeRoot),
      treeGroup: Int32Array.from(this.treeGroup),
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      flags: Int32Array.from(this.flags),
      catOffset: Int32Array.from(this.catOffset),
      catLen: Int32Array.from(this.catLen),
      catWords: Uint32Array.from(this.catWords),
      value: Float32Array.from(this.value),
      gain: Float32Array.from(this.gain),
      cover: Float32Array.from(this.cover),
    };
  }
}
