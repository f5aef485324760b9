/**
 * The tree store: both growers' packed trees (src/tree/packed-tree.ts) become the model's flat
 * TreeArrays here. TreeConverter turns one packed tree into model arrays (raw thresholds, level
 * bitsets; forest workers run it so the main thread only joins trees); TreeStore joins the trees
 * in order, struct of arrays, with each tree's output group.
 */
import type { FeatureBins } from '../binning/bin-mapper.js';
import type { TreeArrays } from '../model/model.js';
import { CAT_WORDS, MISSING_BIN, NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../wasm/layout.js';
import type { PackedTree } from './packed-tree.js';

/**
 * One tree's model arrays with tree-local indices: left / right are node ids within the tree (-1:
 * leaf) and catOffset indexes its own catWords; TreeStore shifts them when it joins trees.
 */
export type TreeChunk = Omit<TreeArrays, 'treeRoot' | 'treeGroup'>;

/** Threshold sending every finite value left (split after the last bin). */
const F32_MAX = 3.4028234663852886e38;

/** Raw threshold of a numeric split after bin `splitBin` (-1: only missing values go left). */
function splitThreshold(fb: FeatureBins, splitBin: number): number {
  return splitBin < 0 ? fb.min : splitBin >= fb.nBins - 1 ? F32_MAX : fb.cuts[splitBin]!;
}

/** A bin bitset with bins 0..last set (CAT_WORDS words). */
function prefixBits(last: number): Uint32Array {
  const bits = new Uint32Array(CAT_WORDS);
  for (let b = 0; b <= last; b++) bits[b >> 5] |= 1 << (b & 31);
  return bits;
}

/** Turns packed bin-space trees into model arrays (raw thresholds, level bitsets); workers run it so the main thread only joins trees. */
export class TreeConverter {
  /** Per feature: 1 when categorical. */
  private readonly isCat: Uint8Array;
  /** Per feature: threshold of a split after each bin (-1 .. nBins - 1, shifted by one). */
  private readonly thresholds: Float32Array[];
  /** Per categorical feature: level of each bin (-1: none), and the level bitset of levels without a bin (they follow missing values). */
  private readonly binLevels: Int32Array[];
  private readonly unbinned: Uint32Array[];

  /**
   * valueWidth: outputs per node (classes for multiclass, else 1). Numeric splits take the packed tree's
   * raw threshold (see rawThresholds in grow-tree.ts), or the bin's upper boundary where it has none.
   */
  constructor(bins: FeatureBins[], readonly valueWidth: number) {
    this.isCat = Uint8Array.from(bins, (b) => (b.kind === 'categorical' ? 1 : 0));
    this.thresholds = bins.map((b) => (b.kind === 'categorical' ? new Float32Array(0)
      : Float32Array.from({ length: b.nBins + 1 }, (_, i) => splitThreshold(b, i - 1))));
    this.binLevels = bins.map((b) => {
      const out = new Int32Array(256).fill(-1);
      b.levelToBin?.forEach((bin, level) => { if (bin !== MISSING_BIN) out[bin] = level; });
      return out;
    });
    this.unbinned = bins.map((b) => {
      const words = new Uint32Array(Math.max(1, Math.ceil((b.levelToBin?.length ?? 0) / 32)));
      b.levelToBin?.forEach((bin, level) => { if (bin === MISSING_BIN) words[level >> 5] |= 1 << (level & 31); });
      return words;
    });
  }

  /** Level bitset (levels = the feature's level indices) of a categorical split given by its bin bitset. */
  private levelWords(f: number, catWords: Uint32Array, at: number, defaultLeft: boolean): Uint32Array {
    const words = this.unbinned[f].length === 0 ? new Uint32Array(1) : defaultLeft ? this.unbinned[f].slice() : new Uint32Array(this.unbinned[f].length);
    const levels = this.binLevels[f];
    for (let w = 0; w < CAT_WORDS; w++) {
      let bits = catWords[at + w];
      while (bits !== 0) {
        const low = bits & -bits;
        const level = levels[(w << 5) + (31 - Math.clz32(low))];
        if (level >= 0) words[level >> 5] |= 1 << (level & 31);
        bits ^= low;
      }
    }
    return words;
  }

  /** The tree's model arrays (tree-local indices); the packed tree's float32 arrays are adopted, not copied. */
  convert(p: PackedTree): TreeChunk {
    const n = p.left.length;
    const c: TreeChunk = {
      feature: new Int32Array(n), threshold: new Float32Array(n), left: p.left, right: p.right,
      flags: new Int32Array(n), catOffset: new Int32Array(n), catLen: new Int32Array(n), catWords: new Uint32Array(0),
      value: p.value, gain: p.gain, cover: p.cover,
    };
    const words: Uint32Array[] = [];
    let nWords = 0;
    for (let i = 0; i < n; i++) {
      if (p.left[i] < 0) {
        c.feature[i] = -1;
        continue;
      }
      const f = p.feature[i];
      c.feature[i] = f;
      let flags = p.defaultLeft[i] ? NODE_DEFAULT_LEFT : 0;
      if (this.isCat[f]) {
        flags |= NODE_CATEGORICAL;
        // A split in level order (categorical_split=ordinal) sends bins 0..splitBin left.
        const ci = p.catIndex[i];
        const w = ci >= 0 ? this.levelWords(f, p.catWords, ci * CAT_WORDS, p.defaultLeft[i] === 1)
          : this.levelWords(f, prefixBits(p.splitBin[i]), 0, p.defaultLeft[i] === 1);
        c.catOffset[i] = nWords;
        c.catLen[i] = w.length;
        words.push(w);
        nWords += w.length;
      } else {
        const t = p.threshold[i];
        c.threshold[i] = t === t ? t : this.thresholds[f][Math.min(p.splitBin[i] + 1, this.thresholds[f].length - 1)];
      }
      c.flags[i] = flags;
    }
    if (nWords > 0) {
      c.catWords = new Uint32Array(nWords);
      let o = 0;
      for (const w of words) { c.catWords.set(w, o); o += w.length; }
    }
    if (c.value.length !== n * this.valueWidth) throw new Error(`packed tree has ${c.value.length} values for ${n} nodes x ${this.valueWidth}`);
    return c;
  }
}

type NodeField = Exclude<keyof TreeChunk, 'catWords'>;
const INT_FIELDS = ['feature', 'left', 'right', 'flags', 'catOffset', 'catLen'] as const;
const FLOAT_FIELDS = ['threshold', 'value', 'gain', 'cover'] as const;

/**
 * Joins trees in order into the model's flat TreeArrays; node ids keep each tree's order
 * (children after parents). Each tree is copied into place as it arrives (the forest trainer's
 * main thread does this while workers grow the next trees), into arrays sized from the first
 * trees for the whole model when the number of trees is known, so build() has no serial join
 * left: it hands out views when the estimate left little room unused, and copies only otherwise.
 */
export class TreeStore {
  private readonly roots: number[] = [];
  private readonly groups: number[] = [];
  /** Per tree: its first word in catWords (truncate cuts there). */
  private readonly wordStarts: number[] = [];
  private nNodes = 0;
  private nWords = 0;
  private capNodes = 0;
  private ints = {} as Record<(typeof INT_FIELDS)[number], Int32Array>;
  private floats = {} as Record<(typeof FLOAT_FIELDS)[number], Float32Array>;
  private words = new Uint32Array(0);
  private readonly converter: TreeConverter | null;

  /**
   * bins: to convert packed trees here (add); null when trees arrive converted (append).
   * valueWidth: outputs per node. nTreesExpected: trees the model will have (sizes the arrays; 0: unknown).
   */
  constructor(bins: FeatureBins[] | null, private readonly valueWidth: number, private readonly nTreesExpected = 0) {
    this.converter = bins ? new TreeConverter(bins, valueWidth) : null;
  }

  get nTrees(): number {
    return this.roots.length;
  }

  /** Appends a packed tree of output group `group` (GBDT: its class; forests: 0). */
  add(p: PackedTree, group = 0): void {
    this.append(this.converter!.convert(p), group);
  }

  /**
   * Room for `need` more nodes: the forest's expected size from the average tree so far, 5% spare
   * (trees of one forest differ by a few percent, so this rarely grows again and rarely leaves
   * more than the 10% unused that build() turns into views), or 1.5x when the number of trees is
   * not known.
   */
  private grow(need: number): void {
    const trees = this.roots.length + 1;
    const perTree = (this.nNodes + need) / trees;
    const known = this.nTreesExpected >= trees;
    const expected = known ? Math.ceil(perTree * this.nTreesExpected * 1.05) : 0;
    const cap = Math.max(this.nNodes + need, expected, known ? 0 : Math.ceil(1.5 * this.capNodes));
    for (const f of INT_FIELDS) { const a = new Int32Array(cap); a.set(this.ints[f]?.subarray(0, this.nNodes) ?? []); this.ints[f] = a; }
    for (const f of FLOAT_FIELDS) {
      const w = f === 'value' ? this.valueWidth : 1;
      const a = new Float32Array(cap * w);
      a.set(this.floats[f]?.subarray(0, this.nNodes * w) ?? []);
      this.floats[f] = a;
    }
    this.capNodes = cap;
  }

  /** Appends a converted tree of output group `group`. */
  append(c: TreeChunk, group = 0): void {
    const n = c.left.length, base = this.nNodes, wordBase = this.nWords;
    if (base + n > this.capNodes) this.grow(n);
    const { left, right, catOffset } = this.ints;
    for (const f of INT_FIELDS) this.ints[f].set(c[f as NodeField] as Int32Array, base);
    for (const f of FLOAT_FIELDS) this.floats[f].set(c[f as NodeField] as Float32Array, base * (f === 'value' ? this.valueWidth : 1));
    // Tree-local indices to forest ones: children (leaves keep -1), bitset offsets (where there is a bitset).
    for (let i = base; i < base + n; i++) {
      if (left[i] >= 0) { left[i] += base; right[i] += base; }
    }
    if (c.catWords.length > 0) {
      for (let i = 0; i < n; i++) if (c.catLen[i] > 0) catOffset[base + i] += wordBase;
      if (wordBase + c.catWords.length > this.words.length) {
        const w = new Uint32Array(Math.max(2 * this.words.length, wordBase + c.catWords.length));
        w.set(this.words.subarray(0, wordBase));
        this.words = w;
      }
      this.words.set(c.catWords, wordBase);
    }
    this.roots.push(base);
    this.groups.push(group);
    this.wordStarts.push(wordBase);
    this.nNodes += n;
    this.nWords += c.catWords.length;
  }

  /** Keeps only the first nTrees trees (early stopping). */
  truncate(nTrees: number): void {
    if (nTrees >= this.roots.length) return;
    this.nNodes = this.roots[nTrees]!;
    this.nWords = this.wordStarts[nTrees]!;
    this.roots.length = nTrees; this.groups.length = nTrees; this.wordStarts.length = nTrees;
  }

  build(): TreeArrays {
    const n = this.nNodes;
    if (n === 0) this.grow(0);
    // Views when at most ~10% of the arrays is unused (the usual case), else exact copies.
    const exact = this.capNodes - n > n / 10;
    const cut = <T extends Int32Array | Float32Array | Uint32Array>(a: T, len: number): T => (exact ? a.slice(0, len) : a.subarray(0, len)) as T;
    const { ints: i, floats: f } = this;
    const t: TreeArrays = {
      treeRoot: Int32Array.from(this.roots),
      treeGroup: Int32Array.from(this.groups),
      feature: cut(i.feature, n), threshold: cut(f.threshold, n), left: cut(i.left, n), right: cut(i.right, n),
      flags: cut(i.flags, n), catOffset: cut(i.catOffset, n), catLen: cut(i.catLen, n),
      catWords: this.words.slice(0, this.nWords),
      value: cut(f.value, n * this.valueWidth), gain: cut(f.gain, n), cover: cut(f.cover, n),
    };
    return t;
  }
}

