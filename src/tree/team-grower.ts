/**
 * Grows one boosting tree with every phase cut into work items for a Team (src/pool/team.ts), so
 * one tree uses every thread: partition, histograms and split search of a whole batch of nodes
 * (a level when growing depthwise, one node under lossguide) run as one parallel phase each.
 *
 * Determinism: every item computes a result that depends only on its inputs, never on the
 * thread count. Histograms below the root are built over fixed blocks of HIST_BLOCK_ROWS
 * positions of the node's row segment and summed in block order (also on one thread); the root
 * histogram over all rows is split by features (each feature's sums in row order, as a serial
 * pass); split search is per feature; a stable partition is unique however it is cut into blocks.
 */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import type { Arena } from '../wasm/arena.js';
import type { Team } from '../pool/team.js';
import { CAT_WORDS, OP_HIST_ALL, OP_HIST_ROWS, OP_PARTITION, OP_COPY, OP_REDUCE_SCAN } from '../wasm/layout.js';
import { catBitsAt, catBitsBytes, histBytes, histGatherBytes, splitAt, splitBytes, wordAt, words } from '../wasm/addressing.js';
import { HistPool } from './hist-pool.js';
import { type BinTree, emptyBinTree, addNode } from './bin-tree.js';
import { expandBatches, nodeFeatures, nodeTotals, setLeafValues, splitNode, splittable } from './grow-steps.js';
import type { SplitChoice } from './splitter.js';
import type { XGBoostSplitter } from './xgboost-splitter.js';
import type { BinnedData, GrowParams } from './tree-grower.js';
import type { Rng } from '../util/rng.js';

/** Rows per histogram block: fixed, so block sums (and the model) do not depend on the thread count. */
export const HIST_BLOCK_ROWS = 32768;
/** Rows per block of the root histogram over all rows (fixed, as HIST_BLOCK_ROWS). */
export const ROOT_BLOCK_ROWS = 131072;
/** Rows per partition block (any size gives the same rows; this one only balances the threads). */
const PART_BLOCK_ROWS = 32768;
/** Features per item of the root histogram and of reduce/subtract/split search. */
const FEATURE_BLOCK = 4;
/**
 * Node pairs per thread from which a pair's reduce/subtract/split search is one item over all its
 * features: deep levels have hundreds of small pairs, and writing and claiming an item per
 * feature block cost more than the balance it buys. Per-feature work, so any blocking gives the same result.
 */
const PAIRS_PER_THREAD_WHOLE = 8;

/** Kernel scratch one team thread needs for a dataset of nFeatures columns. */
export function teamScratchBytes(nFeatures: number): number {
  return Math.max(histGatherBytes(nFeatures), 4096) + 64;
}

interface Candidate extends SplitChoice {
  node: number;
  /** The node's histograms (0 when its children can never split, so no sibling needs them). */
  hist: Ptr;
}

/** A block of kernel memory that only grows (the arena is bump-allocated; an outgrown block is abandoned). */
class Region {
  ptr: Ptr = 0;
  private cap = 0;
  constructor(private readonly arena: Arena) {}
  ensure(bytes: number): Ptr {
    if (bytes > this.cap) {
      this.cap = Math.max(bytes, this.cap * 2, 4096);
      this.ptr = this.arena.alloc(this.cap);
    }
    return this.ptr;
  }
}

interface Expansion {
  c: Candidate;
  small: number;
  large: number;
  splitSmall: boolean;
  splitLarge: boolean;
  smallHist: Ptr;
  partials: Ptr[];
  listS: Int32Array | null;
  listL: Int32Array | null;
}

export class TeamGrower {
  /** u32 x nRows: row indices, partitioned in place into node segments. */
  readonly rows: Ptr;
  private readonly tmp: Ptr;
  private readonly feats: Ptr;
  private readonly pool: HistPool;
  private readonly counts: Region;
  private readonly catBits: Region;
  private readonly partialLists: Region;
  private readonly lists: Region;
  private readonly outs: Region;
  private features: Int32Array<ArrayBufferLike> = new Int32Array(0);

  constructor(private readonly engine: Engine, private readonly team: Team, private readonly data: BinnedData,
    private readonly p: GrowParams, private readonly splitter: XGBoostSplitter) {
    const { arena } = engine;
    this.rows = arena.alloc(words(data.nRows));
    this.tmp = arena.alloc(words(data.nRows));
    this.feats = arena.alloc(words(data.nFeatures));
    this.pool = new HistPool(arena, histBytes(data.nFeatures));
    this.counts = new Region(arena);
    this.catBits = new Region(arena);
    this.partialLists = new Region(arena);
    this.lists = new Region(arena);
    this.outs = new Region(arena);
  }

  /**
   * Grows a tree over the first nUsed entries of `rows` (all rows in order when allRows), using
   * the features in `features` (sorted ascending); gh: f32 (grad, hess) pairs per row.
   */
  grow(gh: Ptr, nUsed: number, allRows: boolean, features: Int32Array, rng: Rng): BinTree {
    const { arena } = this.engine;
    const { nRows } = this.data;
    const team = this.team;
    this.features = features;
    arena.i32(this.feats, features.length).set(features);
    const nf = features.length;
    const tree = emptyBinTree();

    const rootHist = this.pool.get();
    {
      // All rows: column-major passes over blocks of ROOT_BLOCK_ROWS rows x FEATURE_BLOCK
      // features; a sample: row-major blocks as below the root. Block sums are added in order.
      let partials: Ptr[];
      if (allRows && nUsed === nRows) {
        partials = [];
        for (let r0 = 0; r0 < nRows; r0 += ROOT_BLOCK_ROWS) {
          const h = r0 === 0 ? rootHist : this.pool.get();
          if (r0 > 0) partials.push(h);
          for (let k0 = 0; k0 < nf; k0 += FEATURE_BLOCK) {
            team.add(OP_HIST_ALL, [this.data.bins, nRows, gh, wordAt(this.feats, k0), Math.min(FEATURE_BLOCK, nf - k0), h,
              r0, Math.min(nRows, r0 + ROOT_BLOCK_ROWS)]);
          }
        }
      } else {
        partials = this.histBlocks(gh, 0, nUsed, rootHist);
      }
      team.run('root histogram');
      if (partials.length > 0) {
        const pl = this.partialLists.ensure(words(partials.length));
        arena.u32(pl, partials.length).set(partials);
        for (let k0 = 0; k0 < nf; k0 += FEATURE_BLOCK) {
          team.add(OP_REDUCE_SCAN, [rootHist, pl, partials.length, 0, wordAt(this.feats, k0), Math.min(FEATURE_BLOCK, nf - k0),
            0, 0, 0, 0, 0, 0, 0, 0]);
        }
        team.run('root histogram reduce');
        for (const h of partials) this.pool.release(h);
      }
    }
    const [g0, h0] = nodeTotals(arena, rootHist, features[0], 1, this.data.nFeatures);
    const root = addNode(tree, 0, nUsed, 0, g0, h0);

    const pending: Candidate[] = [];
    if (splittable(this.p, tree, root)) {
      const list = nodeFeatures(this.features, this.p.colsampleBynode, rng);
      const lp = this.lists.ensure(words(list.length));
      arena.i32(lp, list.length).set(list);
      const op = this.outs.ensure(splitBytes(list.length));
      this.scanItems(rootHist, 0, 0, 0, { list, ptr: lp, out: op, g: g0[0], h: h0 }, null, FEATURE_BLOCK);
      team.run('split search');
      const c = this.candidate(tree, root, rootHist, this.splitter.pick(op, list));
      if (c) pending.push(c);
    } else {
      this.pool.release(rootHist);
    }

    expandBatches(pending, tree, this.p, (batch) => this.expand(batch, tree, gh, rng));
    for (const c of pending) if (c.hist) this.pool.release(c.hist);
    setLeafValues(tree, this.splitter);
    return tree;
  }

  /** Splits the batch's nodes, builds their children's histograms and finds the children's splits. */
  private expand(batch: Candidate[], tree: BinTree, gh: Ptr, rng: Rng): Candidate[] {
    const { arena } = this.engine;
    const { bins, nRows } = this.data;
    const team = this.team;
    const rows = this.rows, tmp = this.tmp;

    // 1. Partition: blocks of each node's segment into tmp (or in place for one-block nodes).
    let nBlocks = 0;
    for (const c of batch) nBlocks += Math.ceil((tree.end[c.node] - tree.begin[c.node]) / PART_BLOCK_ROWS);
    const counts = this.counts.ensure(words(nBlocks));
    const cats = this.catBits.ensure(catBitsBytes(batch.length));
    let j = 0;
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i];
      const begin = tree.begin[c.node], end = tree.end[c.node];
      const cb = catBitsAt(cats, i);
      if (c.catBits) arena.u32(cb, CAT_WORDS).set(c.catBits);
      const single = end - begin <= PART_BLOCK_ROWS ? 1 : 0;
      for (let b = begin; b < end; b += PART_BLOCK_ROWS) {
        const e = Math.min(end, b + PART_BLOCK_ROWS);
        team.add(OP_PARTITION, [bins, nRows, rows, b, e, c.feature, c.isCat ? 1 : 0,
          c.splitBin, c.defaultLeft ? 1 : 0, cb, tmp, wordAt(counts, j++), single], undefined, e - b);
      }
    }
    team.run('partition');
    const nlOf = arena.i32(counts, nBlocks).slice();
    const nLeft: number[] = [];
    j = 0;
    for (const c of batch) {
      const begin = tree.begin[c.node], end = tree.end[c.node];
      const j0 = j;
      let nl = 0;
      for (let b = begin; b < end; b += PART_BLOCK_ROWS) nl += nlOf[j++];
      nLeft.push(nl);
      if (end - begin <= PART_BLOCK_ROWS) continue;
      let offL = begin, offR = begin + nl;
      for (let b = begin, k = j0; b < end; b += PART_BLOCK_ROWS, k++) {
        const e = Math.min(end, b + PART_BLOCK_ROWS), l = nlOf[k];
        team.add(OP_COPY, [wordAt(tmp, b), wordAt(rows, offL), words(l), wordAt(tmp, b + l), wordAt(rows, offR), words(e - b - l)]);
        offL += l; offR += e - b - l;
      }
    }
    team.run('partition join');

    // 2. Children; the smaller child's histogram is built in row blocks.
    const jobs: Expansion[] = [];
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i];
      const { node } = c;
      const begin = tree.begin[node], end = tree.end[node], nl = nLeft[i];
      const [l, r] = splitNode(tree, node, c, nl);
      const leftSmaller = nl <= end - begin - nl;
      const small = leftSmaller ? l : r, large = leftSmaller ? r : l;
      const splitSmall = splittable(this.p, tree, small), splitLarge = splittable(this.p, tree, large);
      if (!splitSmall && !splitLarge) {
        if (c.hist) this.pool.release(c.hist);
        continue;
      }
      const smallHist = this.pool.get();
      const partials = this.histBlocks(gh, tree.begin[small], tree.end[small], smallHist);
      jobs.push({ c, small, large, splitSmall, splitLarge, smallHist, partials, listS: null, listL: null });
    }
    team.run('histogram');
    if (jobs.length === 0) return [];

    // 3. Per feature block: block sums of the small child, large = parent - small, split search of both.
    let nPart = 0, nList = 0;
    for (const x of jobs) {
      // Per-node feature samples are drawn large child first, then small, in node order.
      if (x.splitLarge) x.listL = nodeFeatures(this.features, this.p.colsampleBynode, rng);
      if (x.splitSmall) x.listS = nodeFeatures(this.features, this.p.colsampleBynode, rng);
      nPart += x.partials.length;
      nList += (x.listL?.length ?? 0) + (x.listS?.length ?? 0);
    }
    const pl = this.partialLists.ensure(words(Math.max(nPart, 1)));
    const lp = this.lists.ensure(words(Math.max(nList, 1)));
    const op = this.outs.ensure(splitBytes(Math.max(nList, 1)));
    let pi = 0, li = 0;
    const featureBlock = jobs.length >= PAIRS_PER_THREAD_WHOLE * team.threads ? this.features.length : FEATURE_BLOCK;
    const outAt: { outS: Ptr; outL: Ptr }[] = [];
    for (const x of jobs) {
      const partPtr = wordAt(pl, pi);
      arena.u32(partPtr, x.partials.length).set(x.partials);
      pi += x.partials.length;
      const side = (list: Int32Array | null, g: number, h: number) => {
        if (!list) return null;
        const ptr = wordAt(lp, li), out = splitAt(op, li);
        arena.i32(ptr, list.length).set(list);
        li += list.length;
        return { list, ptr, out, g, h };
      };
      const L = side(x.listL, tree.gradSum[x.large][0], tree.cover[x.large]);
      const S = side(x.listS, tree.gradSum[x.small][0], tree.cover[x.small]);
      outAt.push({ outS: S?.out ?? 0, outL: L?.out ?? 0 });
      this.scanItems(x.smallHist, partPtr, x.partials.length, x.splitLarge ? x.c.hist : 0, S, L, featureBlock);
    }
    team.run('reduce, subtract, split search');

    const next: Candidate[] = [];
    for (let i = 0; i < jobs.length; i++) {
      const x = jobs[i];
      for (const h of x.partials) this.pool.release(h);
      if (x.splitLarge) {
        const c = this.candidate(tree, x.large, x.c.hist, this.splitter.pick(outAt[i].outL, x.listL!));
        if (c) next.push(c);
      } else if (x.c.hist) {
        this.pool.release(x.c.hist);
      }
      if (x.splitSmall) {
        const c = this.candidate(tree, x.small, x.smallHist, this.splitter.pick(outAt[i].outS, x.listS!));
        if (c) next.push(c);
      } else {
        this.pool.release(x.smallHist);
      }
    }
    return next;
  }

  /** A node's candidate split, or null (its histogram released); keeps the histogram only while a child may use it. */
  private candidate(tree: BinTree, node: number, hist: Ptr, choice: SplitChoice | null): Candidate | null {
    if (!choice) {
      this.pool.release(hist);
      return null;
    }
    const childrenFinal = this.p.maxDepth > 0 && tree.depth[node] + 1 >= this.p.maxDepth;
    if (childrenFinal) this.pool.release(hist);
    // Fields listed, not spread: one object shape for every candidate.
    return {
      gain: choice.gain, feature: choice.feature, splitBin: choice.splitBin, nextBin: choice.nextBin, defaultLeft: choice.defaultLeft,
      isCat: choice.isCat, catBits: choice.catBits, leftG: choice.leftG, leftH: choice.leftH, node, hist: childrenFinal ? 0 : hist,
    };
  }

  /** Items building the histogram of rows[begin, end) in HIST_BLOCK_ROWS blocks: the first into dst, the rest into partial buffers (returned, in block order). */
  private histBlocks(gh: Ptr, begin: number, end: number, dst: Ptr): Ptr[] {
    const { binsRM, nFeatures } = this.data;
    const nf = this.features.length;
    const partials: Ptr[] = [];
    for (let b = begin; b < end || b === begin; b += HIST_BLOCK_ROWS) {
      const h = b === begin ? dst : this.pool.get();
      if (b !== begin) partials.push(h);
      const e = Math.min(end, b + HIST_BLOCK_ROWS);
      this.team.add(OP_HIST_ROWS, [binsRM, nFeatures, gh, this.rows, b, e, this.feats, nf, h], undefined, e - b + 1);
    }
    return partials;
  }

  /**
   * Reduce/subtract/split-search items of one node pair, one per block of tree features: the
   * small child's partial sums are added to its histogram, the large child's histogram (when
   * `parent` is set) becomes parent - small in place, and each side's split search runs over
   * its features inside the block (records in its list's order at its `out`).
   */
  private scanItems(small: Ptr, partials: Ptr, nPartials: number, parent: Ptr,
    S: { list: Int32Array; ptr: Ptr; out: Ptr; g: number; h: number } | null,
    L: { list: Int32Array; ptr: Ptr; out: Ptr; g: number; h: number } | null, featureBlock: number): void {
    const feats = this.features, nf = feats.length;
    const params = this.splitter.paramBlock, info = this.data.info;
    let s0 = 0, l0 = 0;
    for (let k0 = 0; k0 < nf; k0 += featureBlock) {
      const k1 = Math.min(nf, k0 + featureBlock);
      const hi = feats[k1 - 1];
      let s1 = s0, l1 = l0;
      if (S) while (s1 < S.list.length && S.list[s1] <= hi) s1++;
      if (L) while (l1 < L.list.length && L.list[l1] <= hi) l1++;
      this.team.add(OP_REDUCE_SCAN, [
        small, partials, nPartials, parent, wordAt(this.feats, k0), k1 - k0, params, info,
        S ? wordAt(S.ptr, s0) : 0, s1 - s0, S ? splitAt(S.out, s0) : 0,
        L ? wordAt(L.ptr, l0) : 0, l1 - l0, L ? splitAt(L.out, l0) : 0,
      ], [S?.g ?? 0, S?.h ?? 0, L?.g ?? 0, L?.h ?? 0]);
      s0 = s1; l0 = l1;
    }
  }
}
