/**
 * Grows one boosting tree over rows split across several kernel memories (shards), for data that
 * does not fit one 4 GiB wasm32 memory. Each shard partitions its own rows and builds histograms
 * of its own node segments on its own team; the host adds the histograms up (per shard in block
 * order, then shards in order), finds each split once on the first shard's kernels, and keeps the
 * node histograms. The tree's begin/end hold global row counts (the node sizes the growth checks
 * read); each shard's segments are kept here.
 *
 * Determinism: block sums are added in block order and shards in shard order, whatever the thread
 * count. With one shard the sums are the ones TeamGrower adds, so the tree is the same.
 */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import type { Team } from '../pool/team.js';
import { BINS_PER_FEATURE, CAT_WORDS, OP_COPY, OP_HIST_ALL, OP_HIST_CM, OP_PARTITION } from '../wasm/layout.js';
import { catBitsAt, catBitsBytes, histBytes, wordAt, words } from '../wasm/addressing.js';
import { featureHistogram } from '../wasm/records.js';
import { SHARD_PHASE_HIST_BYTES } from '../wasm/memory-budget.js';
import { type BinTree, emptyBinTree, addNode } from './bin-tree.js';
import { expandBatches, nodeFeatures, setLeafValues, splitNode, splittable } from './grow-steps.js';
import type { SplitChoice } from './splitter.js';
import type { XGBoostSplitter } from './xgboost-splitter.js';
import type { GrowParams } from './tree-grower.js';
import { HIST_BLOCK_ROWS, ROOT_BLOCK_ROWS } from './team-grower.js';
import type { Rng } from '../util/rng.js';

/** Rows per partition block (any size gives the same rows). */
const PART_BLOCK_ROWS = 32768;
/** Features per item of the root histogram. */
const FEATURE_BLOCK = 4;
/** f64 values of one feature's histogram (gradient, hessian per bin). */
const FEATURE_VALUES = 2 * BINS_PER_FEATURE;

/** One shard's rows in its own kernel memory. */
export interface ShardRows {
  engine: Engine;
  team: Team;
  nRows: number;
  /** u8 column-major bins: nRows per feature. */
  bins: Ptr;
}

/** A node's histograms on the host: FEATURE_VALUES f64 per feature, indexed by feature. */
type HostHist = Float64Array;

interface Candidate extends SplitChoice {
  node: number;
  /** Null when the node's children can never split (no sibling needs it). */
  hist: HostHist | null;
}

/** A segment of one node's rows in one shard, for a histogram. */
interface Segment { job: number; begin: number; end: number }

class ShardState {
  /** u32 x nRows: this shard's row indices, partitioned in place into node segments. */
  readonly rows: Ptr;
  readonly tmp: Ptr;
  readonly feats: Ptr;
  /** Block histogram buffers of one phase. */
  readonly bufs: Ptr[] = [];
  /** Per node: its segment of `rows`. */
  begin: number[] = [];
  end: number[] = [];
  constructor(readonly s: ShardRows, nFeatures: number) {
    const { arena } = s.engine;
    this.rows = arena.alloc(words(s.nRows));
    this.tmp = arena.alloc(words(s.nRows));
    this.feats = arena.alloc(words(nFeatures));
    const n = Math.max(1, Math.floor(SHARD_PHASE_HIST_BYTES / histBytes(nFeatures)));
    for (let i = 0; i < n; i++) this.bufs.push(arena.alloc(histBytes(nFeatures)));
  }
}

export class ShardGrower {
  private readonly shards: ShardState[];
  /** Split search input on the first shard's memory. */
  private readonly searchHist: Ptr;
  private features: Int32Array<ArrayBufferLike> = new Int32Array(0);

  constructor(shards: ShardRows[], private readonly nFeatures: number, private readonly p: GrowParams,
    private readonly splitter: XGBoostSplitter) {
    this.shards = shards.map((s) => new ShardState(s, nFeatures));
    this.searchHist = shards[0]!.engine.arena.alloc(histBytes(nFeatures));
  }

  /** Shard k's row-index array (node segments after grow). */
  rowsOf(k: number): Ptr {
    return this.shards[k]!.rows;
  }

  /** The tree with shard k's row segments in begin/end (for the leaf updates of that shard). */
  shardTree(tree: BinTree, k: number): BinTree {
    const st = this.shards[k]!;
    return { ...tree, begin: st.begin, end: st.end };
  }

  /**
   * Grows a tree over the first used[k] entries of each shard's rows (all rows in order when
   * allRows); gh[k]: that shard's f32 (grad, hess) pairs per row.
   */
  grow(gh: Ptr[], used: number[], allRows: boolean, features: Int32Array, rng: Rng): BinTree {
    this.features = features;
    for (const st of this.shards) {
      st.s.engine.arena.i32(st.feats, features.length).set(features);
      st.begin = [0]; st.end = [];
    }
    const tree = emptyBinTree();
    const rootHist = allRows ? this.rootAll(gh) : this.histograms(gh, this.shards.map((_, k) => [{ job: 0, begin: 0, end: used[k]! }]), 1)[0]!;
    this.shards.forEach((st, k) => { st.end = [used[k]!]; });
    const [g0, h0] = this.totals(rootHist, features[0]!);
    const nUsed = used.reduce((a, b) => a + b, 0);
    const root = addNode(tree, 0, nUsed, 0, g0, h0);
    const pending: Candidate[] = [];
    if (splittable(this.p, tree, root)) {
      const list = nodeFeatures(this.features, this.p.colsampleBynode, rng);
      const c = this.candidate(tree, root, rootHist, this.search(rootHist, list, g0[0]!, h0));
      if (c) pending.push(c);
    }
    expandBatches(pending, tree, this.p, (batch) => this.expand(batch, tree, gh, rng));
    setLeafValues(tree, this.splitter);
    return tree;
  }

  private expand(batch: Candidate[], tree: BinTree, gh: Ptr[], rng: Rng): Candidate[] {
    const nLeft = batch.map(() => 0);
    const shardLeft = this.shards.map((st) => this.partition(st, batch));
    shardLeft.forEach((nl) => nl.forEach((v, i) => { nLeft[i]! += v; }));

    interface Job { c: Candidate; small: number; large: number; splitSmall: boolean; splitLarge: boolean }
    const jobs: Job[] = [];
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i]!;
      const node = c.node;
      const nl = nLeft[i]!;
      const [l, r] = splitNode(tree, node, c, nl);
      this.shards.forEach((st, k) => {
        const b = st.begin[node]!, e = st.end[node]!, m = shardLeft[k]![i]!;
        st.begin[l] = b; st.end[l] = b + m; st.begin[r] = b + m; st.end[r] = e;
      });
      const leftSmaller = nl <= tree.end[node]! - tree.begin[node]! - nl;
      const small = leftSmaller ? l : r, large = leftSmaller ? r : l;
      const splitSmall = splittable(this.p, tree, small), splitLarge = splittable(this.p, tree, large);
      if (splitSmall || splitLarge) jobs.push({ c, small, large, splitSmall, splitLarge });
    }
    if (jobs.length === 0) return [];
    const segs = this.shards.map((st) => jobs.map((x, j) => ({ job: j, begin: st.begin[x.small]!, end: st.end[x.small]! })));
    const smallHists = this.histograms(gh, segs, jobs.length);

    const next: Candidate[] = [];
    for (let j = 0; j < jobs.length; j++) {
      const x = jobs[j]!;
      const smallHist = smallHists[j]!;
      // Per-node feature samples are drawn large child first, then small, in node order (as TeamGrower).
      const listL = x.splitLarge ? nodeFeatures(this.features, this.p.colsampleBynode, rng) : null;
      const listS = x.splitSmall ? nodeFeatures(this.features, this.p.colsampleBynode, rng) : null;
      if (listL) {
        const parent = x.c.hist!;
        for (const f of this.features) {
          for (let b = f * FEATURE_VALUES, e = b + FEATURE_VALUES; b < e; b++) parent[b] = parent[b]! - smallHist[b]!;
        }
        const c = this.candidate(tree, x.large, parent, this.search(parent, listL, tree.gradSum[x.large]![0]!, tree.cover[x.large]!));
        if (c) next.push(c);
      }
      if (listS) {
        const c = this.candidate(tree, x.small, smallHist, this.search(smallHist, listS, tree.gradSum[x.small]![0]!, tree.cover[x.small]!));
        if (c) next.push(c);
      }
    }
    return next;
  }

  /** Stable partition of each batch node's segment in one shard; returns the rows going left per node. */
  private partition(st: ShardState, batch: Candidate[]): number[] {
    const { arena } = st.s.engine;
    const team = st.s.team;
    const mark = arena.mark();
    let nBlocks = 0;
    for (const c of batch) nBlocks += Math.ceil((st.end[c.node]! - st.begin[c.node]!) / PART_BLOCK_ROWS);
    const counts = arena.alloc(words(Math.max(nBlocks, 1)));
    const cats = arena.alloc(catBitsBytes(batch.length));
    let j = 0;
    batch.forEach((c, i) => {
      const begin = st.begin[c.node]!, end = st.end[c.node]!;
      const cb = catBitsAt(cats, i);
      if (c.catBits) arena.u32(cb, CAT_WORDS).set(c.catBits);
      const single = end - begin <= PART_BLOCK_ROWS ? 1 : 0;
      for (let b = begin; b < end; b += PART_BLOCK_ROWS) {
        team.add(OP_PARTITION, [st.s.bins, st.s.nRows, st.rows, b, Math.min(end, b + PART_BLOCK_ROWS), c.feature, c.isCat ? 1 : 0,
          c.splitBin, c.defaultLeft ? 1 : 0, cb, st.tmp, wordAt(counts, j++), single]);
      }
    });
    team.run('partition');
    const nlOf = arena.i32(counts, nBlocks).slice();
    const nLeft: number[] = [];
    j = 0;
    for (const c of batch) {
      const begin = st.begin[c.node]!, end = st.end[c.node]!;
      const j0 = j;
      let nl = 0;
      for (let b = begin; b < end; b += PART_BLOCK_ROWS) nl += nlOf[j++]!;
      nLeft.push(nl);
      if (end - begin <= PART_BLOCK_ROWS) continue;
      let offL = begin, offR = begin + nl;
      for (let b = begin, k = j0; b < end; b += PART_BLOCK_ROWS, k++) {
        const e = Math.min(end, b + PART_BLOCK_ROWS), l = nlOf[k]!;
        team.add(OP_COPY, [wordAt(st.tmp, b), wordAt(st.rows, offL), words(l), wordAt(st.tmp, b + l), wordAt(st.rows, offR), words(e - b - l)]);
        offL += l; offR += e - b - l;
      }
    }
    team.run('partition join');
    arena.reset(mark);
    return nLeft;
  }

  /** The root histogram over every row: column-major blocks of ROOT_BLOCK_ROWS rows, added up in order. */
  private rootAll(gh: Ptr[]): HostHist {
    const nf = this.features.length;
    const total = new Float64Array(this.nFeatures * FEATURE_VALUES);
    this.shards.forEach((st, k) => {
      const blocks: number[] = [];
      for (let r0 = 0; r0 < st.s.nRows; r0 += ROOT_BLOCK_ROWS) blocks.push(r0);
      const acc = new Float64Array(total.length);
      this.phases(st, blocks.length, acc, (i, buf) => {
        const r0 = blocks[i]!;
        for (let k0 = 0; k0 < nf; k0 += FEATURE_BLOCK) {
          st.s.team.add(OP_HIST_ALL, [st.s.bins, st.s.nRows, gh[k]!, wordAt(st.feats, k0), Math.min(FEATURE_BLOCK, nf - k0), buf,
            r0, Math.min(st.s.nRows, r0 + ROOT_BLOCK_ROWS)]);
        }
      });
      this.addShard(total, acc, k);
    });
    return total;
  }

  /** Histograms of `nJobs` nodes from their segments in each shard (segs[k]), HIST_BLOCK_ROWS blocks each. */
  private histograms(gh: Ptr[], segs: Segment[][], nJobs: number): HostHist[] {
    const size = this.nFeatures * FEATURE_VALUES;
    const totals = Array.from({ length: nJobs }, () => new Float64Array(size));
    this.shards.forEach((st, k) => {
      const blocks: Segment[] = [];
      for (const sg of segs[k]!) {
        for (let b = sg.begin; b < sg.end || b === sg.begin; b += HIST_BLOCK_ROWS) blocks.push({ job: sg.job, begin: b, end: Math.min(sg.end, b + HIST_BLOCK_ROWS) });
      }
      const accs = Array.from({ length: nJobs }, () => new Float64Array(size));
      const firsts = new Set<number>();
      const nf = this.features.length;
      this.phases(st, blocks.length, null, (i, buf) => {
        const b = blocks[i]!;
        st.s.team.add(OP_HIST_CM, [st.s.bins, st.s.nRows, gh[k]!, st.rows, b.begin, b.end, st.feats, nf, buf]);
      }, (i, buf) => {
        const job = blocks[i]!.job;
        this.addBlock(st, accs[job]!, buf, !firsts.has(job));
        firsts.add(job);
      });
      accs.forEach((acc, j) => this.addShard(totals[j]!, acc, k));
    });
    return totals;
  }

  /**
   * Builds `n` block histograms in phases of as many as the shard's buffers hold (add(i, buf)
   * queues block i's items) and adds each, in block order, to `acc` (or hands it to `take`).
   */
  private phases(st: ShardState, n: number, acc: HostHist | null, add: (i: number, buf: Ptr) => void,
    take?: (i: number, buf: Ptr) => void): void {
    const per = st.bufs.length;
    for (let i0 = 0; i0 < n; i0 += per) {
      const i1 = Math.min(n, i0 + per);
      for (let i = i0; i < i1; i++) add(i, st.bufs[i - i0]!);
      st.s.team.run('histogram');
      for (let i = i0; i < i1; i++) {
        if (take) take(i, st.bufs[i - i0]!);
        else this.addBlock(st, acc!, st.bufs[i - i0]!, i === 0);
      }
    }
  }

  /** acc (+)= one block histogram in kernel memory, over the tree's features. */
  private addBlock(st: ShardState, acc: HostHist, buf: Ptr, first: boolean): void {
    const { arena } = st.s.engine;
    for (const f of this.features) {
      const v = featureHistogram(arena, buf, f);
      const base = f * FEATURE_VALUES;
      if (first) acc.set(v, base);
      else for (let b = 0; b < FEATURE_VALUES; b++) acc[base + b] = acc[base + b]! + v[b]!;
    }
  }

  /** total (+)= one shard's sums (the first shard's are copied). */
  private addShard(total: HostHist, acc: HostHist, k: number): void {
    if (k === 0) { total.set(acc); return; }
    for (const f of this.features) {
      for (let b = f * FEATURE_VALUES, e = b + FEATURE_VALUES; b < e; b++) total[b] = total[b]! + acc[b]!;
    }
  }

  /** Gradient and hessian sums of a node from one feature's histogram (every row is in one of its bins). */
  private totals(hist: HostHist, feature: number): [Float64Array, number] {
    let g = 0, h = 0;
    for (let b = feature * FEATURE_VALUES, e = b + FEATURE_VALUES; b < e; b += 2) { g += hist[b]!; h += hist[b + 1]!; }
    return [Float64Array.of(g), h];
  }

  /** The split search on the first shard's kernels over a host histogram. */
  private search(hist: HostHist, list: Int32Array, g: number, h: number): SplitChoice | null {
    const { arena } = this.shards[0]!.s.engine;
    for (const f of list) featureHistogram(arena, this.searchHist, f).set(hist.subarray(f * FEATURE_VALUES, (f + 1) * FEATURE_VALUES));
    return this.splitter.find(this.searchHist, 0, list, Float64Array.of(g), h);
  }

  /** A node's candidate split, or null; keeps the histogram only while a child may use it. */
  private candidate(tree: BinTree, node: number, hist: HostHist, choice: SplitChoice | null): Candidate | null {
    if (!choice) return null;
    const childrenFinal = this.p.maxDepth > 0 && tree.depth[node]! + 1 >= this.p.maxDepth;
    return { ...choice, node, hist: childrenFinal ? null : hist };
  }
}
