/** Grows one tree on binned data: histograms, split search and partition in WASM, policy here. */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import {
  FEATURE_HIST_BYTES, PARAM_BYTES, PARAM_LAMBDA, PARAM_ALPHA, PARAM_MIN_CHILD_WEIGHT,
  PARAM_MAX_DELTA_STEP, PARAM_MAX_CAT_ONEHOT, PARAM_MAX_CAT_THRESHOLD, SPLIT_BYTES, SPLIT_GAIN,
  SPLIT_LEFT_G, SPLIT_LEFT_H, SPLIT_BIN, SPLIT_DEFAULT_LEFT, SPLIT_IS_CAT, SPLIT_CAT_BITS, CAT_WORDS,
} from '../wasm/layout.js';
import { HistPool } from './hist-pool.js';
import { type BinTree, emptyBinTree, addNode } from './bin-tree.js';
import { Rng } from '../util/rng.js';

/** A split must reduce the loss by more than this (XGBoost's kRtEps). */
const MIN_GAIN = 1e-6;

export interface GrowParams {
  /** 0: unlimited (lossguide only). */
  maxDepth: number;
  /** 0: unlimited. */
  maxLeaves: number;
  lossguide: boolean;
  eta: number;
  gamma: number;
  lambda: number;
  alpha: number;
  minChildWeight: number;
  maxDeltaStep: number;
  maxCatToOnehot: number;
  maxCatThreshold: number;
  /** Fraction of the tree's features offered to each node's split search. */
  colsampleBynode: number;
}

interface Candidate {
  node: number;
  hist: Ptr;
  gain: number;
  feature: number;
  splitBin: number;
  defaultLeft: boolean;
  isCat: boolean;
  catBits: Uint32Array | null;
  leftG: number;
  leftH: number;
}

/** The binned training data a grower works on (kernel memory offsets). */
export interface BinnedData {
  /** u8 column-major: nRows bytes per feature (root histogram, partition). */
  bins: Ptr;
  /** u8 row-major: nFeatures bytes per row (histograms of sparse nodes). */
  binsRM: Ptr;
  nRows: number;
  nFeatures: number;
  /** i32 per feature: nBins | FEATURE_CAT_FLAG. */
  info: Ptr;
}

export class TreeGrower {
  /** u32 x nRows: row indices, partitioned in place into node segments. */
  readonly rows: Ptr;
  private readonly scratch: Ptr;
  private readonly params: Ptr;
  private readonly feats: Ptr;
  private readonly nodeFeats: Ptr;
  private readonly splitOut: Ptr;
  private readonly splitScratch: Ptr;
  private readonly pool: HistPool;
  /** Gather scratch of histBuildRows: 2048 rows of bins and gradient pairs. */
  private readonly gather: Ptr;

  constructor(private readonly engine: Engine, private readonly data: BinnedData, private readonly p: GrowParams) {
    const { arena } = engine;
    const { nRows, nFeatures } = data;
    this.rows = arena.alloc(nRows * 4);
    this.scratch = arena.alloc(nRows * 4);
    this.params = arena.alloc(PARAM_BYTES);
    const pv = arena.f64(this.params, PARAM_BYTES / 8);
    // XGBoost keeps these parameters as float32; rounding them the same way keeps parity.
    pv[PARAM_LAMBDA / 8] = Math.fround(p.lambda);
    pv[PARAM_ALPHA / 8] = Math.fround(p.alpha);
    pv[PARAM_MIN_CHILD_WEIGHT / 8] = Math.fround(p.minChildWeight);
    pv[PARAM_MAX_DELTA_STEP / 8] = Math.fround(p.maxDeltaStep);
    pv[PARAM_MAX_CAT_ONEHOT / 8] = p.maxCatToOnehot;
    pv[PARAM_MAX_CAT_THRESHOLD / 8] = p.maxCatThreshold;
    this.feats = arena.alloc(nFeatures * 4);
    this.nodeFeats = arena.alloc(nFeatures * 4);
    this.splitOut = arena.alloc(nFeatures * SPLIT_BYTES);
    this.splitScratch = arena.alloc(4096);
    this.gather = arena.alloc(2048 * (nFeatures + 8) + 16);
    this.pool = new HistPool(arena, nFeatures);
  }

  /**
   * Grows a tree from the gradient pairs at `gh` (f32 x 2 per row) over the first nUsed
   * entries of `rows` (all rows in order when nUsed === nRows and allRows is set), using the
   * features in `features` (sorted ascending).
   */
  grow(gh: Ptr, nUsed: number, allRows: boolean, features: Int32Array, rng: Rng): BinTree {
    const { arena, kernels: k } = this.engine;
    const { bins, nRows, info } = this.data;
    const p = this.p;
    arena.i32(this.feats, features.length).set(features);
    const nf = features.length;
    const tree = emptyBinTree();

    const rootHist = this.pool.get();
    if (allRows && nUsed === nRows) k.histBuildAll(bins, nRows, gh, this.feats, nf, rootHist);
    else k.histBuildRows(this.data.binsRM, this.data.nFeatures, gh, this.rows, 0, nUsed, this.feats, nf, rootHist, this.gather);
    const [g0, h0] = this.histTotals(rootHist, features[0]);
    const root = addNode(tree, 0, nUsed, 0, g0, h0);

    const pending: Candidate[] = [];
    let nLeaves = 1;
    const consider = (node: number, hist: Ptr) => {
      const c = this.evaluate(tree, node, hist, features, rng);
      if (c) pending.push(c);
      else this.pool.release(hist);
    };
    consider(root, rootHist);

    while (pending.length > 0) {
      if (p.maxLeaves > 0 && nLeaves >= p.maxLeaves) break;
      const c = this.next(pending, tree);
      const { node } = c;
      const begin = tree.begin[node], end = tree.end[node];
      const catPtr = this.splitScratch;
      if (c.catBits) arena.u32(catPtr, CAT_WORDS).set(c.catBits);
      const nl = k.partitionRows(bins, nRows, this.rows, begin, end, c.feature, c.isCat ? 1 : 0, c.splitBin,
        c.defaultLeft ? 1 : 0, catPtr, this.scratch);
      const g = tree.gradSum[node], h = tree.cover[node];
      const d = tree.depth[node] + 1;
      const l = addNode(tree, begin, begin + nl, d, c.leftG, c.leftH);
      const r = addNode(tree, begin + nl, end, d, g - c.leftG, h - c.leftH);
      tree.left[node] = l; tree.right[node] = r; tree.feature[node] = c.feature;
      tree.splitBin[node] = c.splitBin; tree.defaultLeft[node] = c.defaultLeft;
      tree.catBits[node] = c.catBits; tree.gain[node] = c.gain;
      nLeaves++;
      // Build the smaller child; the larger one is parent minus smaller, written over the
      // parent. Children that can never split (max depth, one row) need no histogram.
      const leftSmaller = nl <= end - begin - nl;
      const small = leftSmaller ? l : r;
      const large = leftSmaller ? r : l;
      const splitSmall = this.splittable(tree, small), splitLarge = this.splittable(tree, large);
      if (!splitSmall && !splitLarge) {
        this.pool.release(c.hist);
        continue;
      }
      const smallHist = this.pool.get();
      this.buildNode(gh, tree.begin[small], tree.end[small], nf, smallHist);
      if (splitLarge) {
        k.histSubtract(c.hist, smallHist, c.hist, this.feats, nf);
        consider(large, c.hist);
      } else {
        this.pool.release(c.hist);
      }
      if (splitSmall) consider(small, smallHist);
      else this.pool.release(smallHist);
    }
    for (const c of pending) this.pool.release(c.hist);
    this.finish(tree);
    return tree;
  }

  /**
   * Lossguide: the best gain first (ties: lower node id); depthwise with a leaf cap: shallowest
   * first. Depthwise without a cap expands depth-first: each node's split depends only on its
   * own rows, so the tree is the same, and at most depth + 1 histograms are alive at once.
   */
  private next(pending: Candidate[], tree: BinTree): Candidate {
    if (!this.p.lossguide && this.p.maxLeaves === 0) return pending.pop()!;
    let best = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i], b = pending[best];
      const better = this.p.lossguide
        ? a.gain > b.gain || (a.gain === b.gain && a.node < b.node)
        : tree.depth[a.node] < tree.depth[b.node] || (tree.depth[a.node] === tree.depth[b.node] && a.node < b.node);
      if (better) best = i;
    }
    return pending.splice(best, 1)[0];
  }

  private buildNode(gh: Ptr, begin: number, end: number, nf: number, hist: Ptr): void {
    const { kernels: k } = this.engine;
    k.histBuildRows(this.data.binsRM, this.data.nFeatures, gh, this.rows, begin, end, this.feats, nf, hist, this.gather);
  }

  /** Gradient and hessian sums of a node: every row falls in one bin of any feature. */
  private histTotals(hist: Ptr, feature: number): [number, number] {
    const v = this.engine.arena.f64(hist + feature * FEATURE_HIST_BYTES, 512);
    let g = 0, h = 0;
    for (let b = 0; b < 512; b += 2) { g += v[b]; h += v[b + 1]; }
    return [g, h];
  }

  /** Whether a node may still split (depth and row count only; gains are checked later). */
  private splittable(tree: BinTree, node: number): boolean {
    return (this.p.maxDepth === 0 || tree.depth[node] < this.p.maxDepth) && tree.end[node] - tree.begin[node] >= 2;
  }

  /** Best split of a node, or null when it must stay a leaf. */
  private evaluate(tree: BinTree, node: number, hist: Ptr, features: Int32Array, rng: Rng): Candidate | null {
    const p = this.p;
    if (!this.splittable(tree, node)) return null;
    const { arena, kernels: k } = this.engine;
    let list = features;
    if (p.colsampleBynode < 1) {
      const m = Math.max(1, Math.floor(p.colsampleBynode * features.length));
      const picked = Array.from(features);
      for (let i = 0; i < m; i++) { const j = i + rng.int(picked.length - i); [picked[i], picked[j]] = [picked[j], picked[i]]; }
      list = Int32Array.from(picked.slice(0, m)).sort();
    }
    arena.i32(this.nodeFeats, list.length).set(list);
    k.splitFind(this.params, hist, this.nodeFeats, list.length, this.data.info, tree.gradSum[node], tree.cover[node],
      this.splitOut, this.splitScratch);
    const rec = arena.u8(this.splitOut, list.length * SPLIT_BYTES);
    const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    // Ties go to the lower feature index, as in XGBoost's SplitEntry::NeedReplace.
    let best = -1, bestGain = -Infinity;
    for (let i = 0; i < list.length; i++) {
      const gain = dv.getFloat64(i * SPLIT_BYTES + SPLIT_GAIN, true);
      if (gain > bestGain) { bestGain = gain; best = i; }
    }
    // gamma (min_split_loss) is checked when a node is expanded, as XGBoost's hist updater does.
    if (best < 0 || !(bestGain > MIN_GAIN) || bestGain < Math.fround(p.gamma)) return null;
    const o = best * SPLIT_BYTES;
    const isCat = dv.getInt32(o + SPLIT_IS_CAT, true) === 1;
    return {
      node, hist, gain: bestGain, feature: list[best],
      splitBin: dv.getInt32(o + SPLIT_BIN, true),
      defaultLeft: dv.getInt32(o + SPLIT_DEFAULT_LEFT, true) === 1,
      isCat,
      catBits: isCat ? arena.u32(this.splitOut + o + SPLIT_CAT_BITS, CAT_WORDS).slice() : null,
      leftG: dv.getFloat64(o + SPLIT_LEFT_G, true),
      leftH: dv.getFloat64(o + SPLIT_LEFT_H, true),
    };
  }

  /** Sets leaf values: float32 weight times float32 eta, as XGBoost stores them. */
  private finish(tree: BinTree): void {
    const { kernels: k } = this.engine;
    const eta = Math.fround(this.p.eta);
    for (let i = 0; i < tree.left.length; i++) {
      const w = Math.fround(k.leafWeight(this.params, tree.gradSum[i], tree.cover[i]));
      tree.value[i] = tree.left[i] < 0 ? Math.fround(w * eta) : w;
    }
  }
}

