/** Grows one tree on binned data: histograms and partition in WASM, the growth policy here. */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { CAT_WORDS } from '../wasm/layout.js';
import { catBitsBytes, ghBlock, histBytes, histChannel, histGatherBytes, words } from '../wasm/addressing.js';
import { HistPool } from './hist-pool.js';
import { type BinTree, emptyBinTree, addNode } from './bin-tree.js';
import { bestGainIndex, nodeFeatures, nodeTotals, setLeafValues, splitNode, splittable } from './grow-steps.js';
import type { SplitChoice, Splitter } from './splitter.js';
import { Rng } from '../util/rng.js';

export interface GrowParams {
  /** 0: unlimited. */
  maxDepth: number;
  /** 0: unlimited. */
  maxLeaves: number;
  lossguide: boolean;
  /** Features offered to each node's split search: a fraction (<= 1) of the tree's features. */
  colsampleBynode: number;
  /** A node splits only when its hessian sum reaches this (forests: min_samples_split). */
  minSplitCover?: number;
  /** Grows the subtrees of small nodes in one call each, instead of node by node here (forests). */
  subtree?: SubtreeHandler;
}

/**
 * Takes over splittable nodes of at most `maxRows` rows: grows the node's whole subtree from its
 * rows (rows[tree.begin[node], tree.end[node]) of the grower's row array, which it must not
 * reorder) and keeps it; the node stays a leaf of the BinTree.
 */
export interface SubtreeHandler {
  readonly maxRows: number;
  grow(tree: BinTree, node: number, rows: Ptr, rng: Rng): void;
}

interface Candidate extends SplitChoice {
  node: number;
  hist: Ptr;
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
  private readonly feats: Ptr;
  private readonly catBits: Ptr;
  private readonly pool: HistPool;
  /** Gather scratch of histBuildRows: 2048 rows of bins and gradient pairs. */
  private readonly gather: Ptr;
  /** Bytes of one channel's histograms (all features). */
  private readonly channelBytes: number;

  constructor(private readonly engine: Engine, private readonly data: BinnedData, private readonly p: GrowParams,
    private readonly splitter: Splitter) {
    const { arena } = engine;
    const { nRows, nFeatures } = data;
    this.rows = arena.alloc(words(nRows));
    this.scratch = arena.alloc(words(nRows));
    this.feats = arena.alloc(words(nFeatures));
    this.catBits = arena.alloc(catBitsBytes(1));
    this.gather = arena.alloc(histGatherBytes(nFeatures));
    this.channelBytes = histBytes(nFeatures);
    this.pool = new HistPool(arena, histBytes(nFeatures * splitter.valueWidth));
  }

  /**
   * Grows a tree over the first nUsed entries of `rows` (all rows in order when allRows),
   * using the features in `features` (sorted ascending). gh: per channel c, a block of f32
   * (grad, hess) pairs for every row (ghBlock(gh, c, nRows)).
   */
  grow(gh: Ptr, nUsed: number, allRows: boolean, features: Int32Array, rng: Rng): BinTree {
    const { arena, kernels: k } = this.engine;
    const { bins, nRows } = this.data;
    const p = this.p;
    const valueWidth = this.splitter.valueWidth;
    arena.i32(this.feats, features.length).set(features);
    const nf = features.length;
    const tree = emptyBinTree();

    const rootHist = this.pool.get();
    for (let c = 0; c < valueWidth; c++) {
      const ghc = ghBlock(gh, c, nRows), hc = histChannel(rootHist, c, this.data.nFeatures);
      if (allRows && nUsed === nRows) k.histBuildAll(bins, nRows, ghc, this.feats, nf, hc);
      else k.histBuildRows(this.data.binsRM, this.data.nFeatures, ghc, this.rows, 0, nUsed, this.feats, nf, hc, this.gather);
    }
    const [g0, h0] = nodeTotals(arena, rootHist, features[0], this.splitter.valueWidth, this.data.nFeatures);
    const root = addNode(tree, 0, nUsed, 0, g0, h0);

    const pending: Candidate[] = [];
    let nLeaves = 1;
    const handOver = (node: number): boolean => {
      const sub = p.subtree;
      if (!sub || tree.end[node] - tree.begin[node] > sub.maxRows || !splittable(this.p, tree, node)) return false;
      sub.grow(tree, node, this.rows, rng);
      return true;
    };
    const consider = (node: number, hist: Ptr) => {
      const c = !handOver(node) && splittable(this.p, tree, node) ? this.evaluate(tree, node, hist, features, rng) : null;
      if (c) pending.push(c);
      else this.pool.release(hist);
    };
    consider(root, rootHist);

    while (pending.length > 0) {
      if (p.maxLeaves > 0 && nLeaves >= p.maxLeaves) break;
      const c = this.next(pending, tree);
      const { node } = c;
      const begin = tree.begin[node], end = tree.end[node];
      if (c.catBits) arena.u32(this.catBits, CAT_WORDS).set(c.catBits);
      const nl = k.partitionRows(bins, nRows, this.rows, begin, end, c.feature, c.isCat ? 1 : 0, c.splitBin,
        c.defaultLeft ? 1 : 0, this.catBits, this.scratch);
      const [l, r] = splitNode(tree, node, c, nl);
      nLeaves++;
      // Build the smaller child; the larger one is parent minus smaller, written over the
      // parent. Children that can never split (max depth, one row) need no histogram.
      const leftSmaller = nl <= end - begin - nl;
      const small = leftSmaller ? l : r;
      const large = leftSmaller ? r : l;
      const splitSmall = !handOver(small) && splittable(this.p, tree, small);
      const splitLarge = !handOver(large) && splittable(this.p, tree, large);
      if (!splitSmall && !splitLarge) {
        this.pool.release(c.hist);
        continue;
      }
      const smallHist = this.pool.get();
      this.buildNode(gh, tree.begin[small], tree.end[small], nf, smallHist);
      if (splitLarge) {
        for (let ch = 0; ch < valueWidth; ch++) {
          const parent = histChannel(c.hist, ch, this.data.nFeatures);
          k.histSubtract(parent, histChannel(smallHist, ch, this.data.nFeatures), parent, this.feats, nf);
        }
        consider(large, c.hist);
      } else {
        this.pool.release(c.hist);
      }
      if (splitSmall) consider(small, smallHist);
      else this.pool.release(smallHist);
    }
    for (const c of pending) this.pool.release(c.hist);
    setLeafValues(tree, this.splitter);
    return tree;
  }

  /**
   * Lossguide: the best gain first (ties: lower node id); depthwise with a leaf cap: shallowest
   * first. Depthwise without a cap expands depth-first: each node's split depends only on its
   * own rows, so the tree is the same, and at most depth + 1 histograms are alive at once.
   */
  private next(pending: Candidate[], tree: BinTree): Candidate {
    if (!this.p.lossguide && this.p.maxLeaves === 0) return pending.pop()!;
    if (this.p.lossguide) return pending.splice(bestGainIndex(pending), 1)[0];
    let best = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i], b = pending[best];
      if (tree.depth[a.node] < tree.depth[b.node] || (tree.depth[a.node] === tree.depth[b.node] && a.node < b.node)) best = i;
    }
    return pending.splice(best, 1)[0];
  }

  private buildNode(gh: Ptr, begin: number, end: number, nf: number, hist: Ptr): void {
    const { kernels: k } = this.engine;
    const { binsRM, nFeatures, nRows } = this.data;
    for (let c = 0; c < this.splitter.valueWidth; c++) {
      k.histBuildRows(binsRM, nFeatures, ghBlock(gh, c, nRows), this.rows, begin, end, this.feats, nf,
        histChannel(hist, c, nFeatures), this.gather);
    }
  }

  /** Best split of a node over a per-node feature sample, or null when it must stay a leaf. */
  private evaluate(tree: BinTree, node: number, hist: Ptr, features: Int32Array, rng: Rng): Candidate | null {
    const list = nodeFeatures(features, this.p.colsampleBynode, rng);
    const choice = this.splitter.find(hist, this.channelBytes, list, tree.gradSum[node], tree.cover[node], rng, tree.end[node] - tree.begin[node]);
    return choice ? { ...choice, node, hist } : null;
  }
}
