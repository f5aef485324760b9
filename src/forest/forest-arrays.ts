/** Turns packed bin-space forest trees into the model's flat TreeArrays (raw thresholds, level bitsets), typed arrays throughout. */
import type { FeatureBins } from '../binning/bin-mapper.js';
import type { TreeArrays } from '../model/model.js';
import { splitThreshold } from '../tree/tree-arrays.js';
import { CAT_WORDS, MISSING_BIN, NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../wasm/layout.js';
import type { PackedTree } from './packed-tree.js';

/**
 * One tree's model arrays with tree-local indices: left / right are node ids within the tree (-1:
 * leaf) and catOffset indexes its own catWords; ForestArraysBuilder shifts them when it joins trees.
 */
export type TreeChunk = Omit<TreeArrays, 'treeRoot' | 'treeGroup'>;

/** A tree as the trainer consumes it: model arrays plus the out-of-bag rows and the leaf each reaches. */
export type TreeResult = TreeChunk & Pick<PackedTree, 'oobRows' | 'oobLeaf'>;

const EMPTY = new Int32Array(0);

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
   * width: outputs per node (classes for multiclass, else 1). Numeric splits take the packed tree's
   * raw threshold (see rawThresholds in grow-tree.ts), or the bin's upper boundary where it has none.
   */
  constructor(bins: FeatureBins[], readonly width: number) {
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
        c.threshold[i] = t === t ? t : this.thresholds[f][p.splitBin[i] + 1];
      }
      c.flags[i] = flags;
    }
    if (nWords > 0) {
      c.catWords = new Uint32Array(nWords);
      let o = 0;
      for (const w of words) { c.catWords.set(w, o); o += w.length; }
    }
    if (c.value.length !== n * this.width) throw new Error(`packed tree has ${c.value.length} values for ${n} nodes x ${this.width}`);
    return c;
  }
}

/** Joins trees in order into the forest's flat TreeArrays; node ids keep each tree's order (children after parents). */
export class ForestArraysBuilder {
  private readonly chunks: TreeChunk[] = [];
  private readonly roots: number[] = [];
  private readonly wordBase: number[] = [];
  private nNodes = 0;
  private nWords = 0;
  private readonly converter: TreeConverter | null;

  /** bins: to convert packed trees here (add); null when trees arrive converted (append). */
  constructor(bins: FeatureBins[] | null, width: number) {
    this.converter = bins ? new TreeConverter(bins, width) : null;
  }

  get nTrees(): number {
    return this.roots.length;
  }

  add(p: PackedTree): void {
    this.append(this.converter!.convert(p));
  }

  append(c: TreeChunk): void {
    this.chunks.push(c);
    this.roots.push(this.nNodes);
    this.wordBase.push(this.nWords);
    this.nNodes += c.left.length;
    this.nWords += c.catWords.length;
  }

  build(): TreeArrays {
    // One field at a time, dropping the chunks' copies as it goes: the peak is the forest plus one field.
    const cat = <T extends Int32Array | Float32Array | Uint32Array>(field: keyof TreeChunk, make: (len: number) => T, base?: number[]): T => {
      let len = 0;
      for (const c of this.chunks) len += c[field].length;
      const out = make(len);
      let o = 0;
      this.chunks.forEach((c, t) => {
        const a = c[field];
        out.set(a as never, o);
        const b = base?.[t] ?? 0;
        // Tree-local indices to forest ones: children (leaves keep -1), bitset offsets (where there is a bitset).
        if (b !== 0 && field === 'catOffset') {
          for (let i = 0; i < a.length; i++) if (c.catLen[i] > 0) out[o + i] += b;
        } else if (b !== 0) {
          for (let i = 0; i < a.length; i++) if (a[i] >= 0) out[o + i] += b;
        }
        o += a.length;
        (c as Record<keyof TreeChunk, unknown>)[field] = EMPTY;
      });
      return out;
    };
    const t: TreeArrays = {
      treeRoot: Int32Array.from(this.roots),
      treeGroup: new Int32Array(this.roots.length),
      feature: cat('feature', (n) => new Int32Array(n)),
      threshold: cat('threshold', (n) => new Float32Array(n)),
      left: cat('left', (n) => new Int32Array(n), this.roots),
      right: cat('right', (n) => new Int32Array(n), this.roots),
      flags: cat('flags', (n) => new Int32Array(n)),
      catOffset: cat('catOffset', (n) => new Int32Array(n), this.wordBase),
      catLen: cat('catLen', (n) => new Int32Array(n)),
      catWords: cat('catWords', (n) => new Uint32Array(n)),
      value: cat('value', (n) => new Float32Array(n)),
      gain: cat('gain', (n) => new Float32Array(n)),
      cover: cat('cover', (n) => new Float32Array(n)),
    };
    this.chunks.length = 0;
    return t;
  }
}

/**
 * The smallest and largest training value of every bin of every numeric feature: Float64Array,
 * 512 per feature (256 lows, then 256 highs; empty bins and categorical features: +Infinity /
 * -Infinity). features: column-major values; codes: u8 bins, nRows per feature; rows: the
 * training rows when not all (an AutoML fold: held-out values must not move its thresholds).
 */
export function binRanges(fbins: FeatureBins[], features: Float32Array, codes: Uint8Array, nRows: number, rows?: Uint32Array): Float64Array {
  const out = new Float64Array(fbins.length * 512);
  fbins.forEach((fb, f) => {
    const l = out.subarray(f * 512, f * 512 + 256).fill(Infinity), h = out.subarray(f * 512 + 256, f * 512 + 512).fill(-Infinity);
    if (fb.kind !== 'numeric') return;
    const x = features.subarray(f * nRows, (f + 1) * nRows), c = codes.subarray(f * nRows, (f + 1) * nRows);
    const m = rows ? rows.length : nRows;
    for (let i = 0; i < m; i++) {
      const r = rows ? rows[i] : i;
      const b = c[r];
      if (b >= fb.nBins) continue;
      const v = x[r];
      if (v < l[b]) l[b] = v;
      if (v > h[b]) h[b] = v;
    }
  });
  return out;
}
