/**
 * The forest's SubtreeHandler: nodes of at most maxRows rows are grown whole by the growSubtree
 * kernel (rows grouped by bin instead of 256-bin histograms per node), and their nodes are kept
 * as raw kernel records until the tree is packed.
 */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { CAT_WORDS } from '../wasm/layout.js';
import type { BinTree } from '../tree/bin-tree.js';
import type { SubtreeHandler } from '../tree/tree-grower.js';
import type { Rng } from '../util/rng.js';
import type { ForestData } from './grow-tree.js';

/** A node split must gain more than this fraction of the node's score (see forest-splitter.ts). */
export const REL_GAIN_EPS = 1e-11;

/** Node record fields (bytes; see assembly/forest-subtree.ts). */
const R_LEFT = 0, R_RIGHT = 4, R_FEATURE = 8, R_BIN = 12, R_FLAGS = 16, R_CAT = 20, R_NEXT = 24, R_GAIN = 32, R_COVER = 40, R_SUMS = 48;

export interface SubtreeParams {
  channels: number;
  featuresPerNode: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  maxDepth: number;
  randomSplits: boolean;
  leafOffset: number;
  leafScale: number;
}

/** One handed-over node and where its records lie in the store. */
interface Grown {
  node: number;
  /** First record (record 0 is the node itself) and record count. */
  first: number;
  count: number;
  /** First categorical bitset of this subtree in the store. */
  firstCat: number;
}

export class KernelSubtrees implements SubtreeHandler {
  private readonly recordBytes: number;
  private readonly scratch: Ptr;
  private readonly out: Ptr;
  private readonly catOut: Ptr;
  private readonly result: Ptr;
  private readonly rootG: Ptr;
  /**
   * Raw records of every subtree grown so far (this tree), and their categorical bitsets. The
   * buffers are kept for the thread's next tree (packTree copies out of them), which spares the
   * garbage collector a few megabytes per tree.
   */
  private records: Uint8Array;
  private nRecords = 0;
  private catWords: Uint32Array;
  private nCat = 0;
  private static spareRecords = new Uint8Array(1 << 16);
  private static spareCats = new Uint32Array(1 << 10);
  readonly grown: Grown[] = [];
  /** Milliseconds spent in growSubtree by this thread (diagnostics). */
  static ms = 0;

  /** gh: the tree's gradient pairs (channel 0 is read). */
  constructor(private readonly engine: Engine, private readonly data: ForestData, private readonly gh: Ptr,
    private readonly p: SubtreeParams, readonly maxRows: number) {
    const { arena, kernels: k } = engine;
    const K = p.channels;
    this.recordBytes = k.subtreeNodeBytes(K);
    this.scratch = arena.alloc(k.subtreeScratchBytes(maxRows, data.nFeatures, K, data.nFeatures));
    this.out = arena.alloc(Math.max(1, 2 * maxRows - 1) * this.recordBytes);
    this.catOut = arena.alloc(Math.max(1, maxRows) * CAT_WORDS * 4);
    this.result = arena.alloc(8);
    this.rootG = arena.alloc(K * 8);
    this.records = KernelSubtrees.spareRecords;
    this.catWords = KernelSubtrees.spareCats;
  }

  /** Kernel-memory bytes a handler with these sizes reserves. */
  static bytes(maxRows: number, nFeatures: number, channels: number, scratchBytes: number): number {
    return scratchBytes + (2 * maxRows) * (48 + 8 * channels) + maxRows * CAT_WORDS * 4 + 8 * channels + 256;
  }

  grow(tree: BinTree, node: number, rows: Ptr, rng: Rng): void {
    const { arena, kernels: k } = this.engine;
    const d = this.data, p = this.p, K = p.channels;
    arena.f64(this.rootG, K).set(tree.gradSum[node]);
    const seed = rng.nextU32() + (rng.nextU32() & 0x1fffff) * 4294967296;
    const t0 = performance.now();
    k.growSubtree(d.binsRM, d.nFeatures, d.info, this.gh, d.label, rows, tree.begin[node], tree.end[node], K,
      p.featuresPerNode, p.minSamplesLeaf, p.minSamplesSplit, p.maxDepth, tree.depth[node], p.randomSplits ? 1 : 0,
      REL_GAIN_EPS, p.leafOffset, p.leafScale, seed, this.rootG, tree.cover[node], this.out, this.catOut, this.result, this.scratch);
    KernelSubtrees.ms += performance.now() - t0;
    const [count, nCat] = arena.i32(this.result, 2);
    const bytes = count * this.recordBytes;
    if (this.nRecords * this.recordBytes + bytes > this.records.length) {
      const bigger = new Uint8Array(Math.max(2 * this.records.length, this.nRecords * this.recordBytes + bytes));
      bigger.set(this.records.subarray(0, this.nRecords * this.recordBytes));
      this.records = bigger;
      KernelSubtrees.spareRecords = bigger;
    }
    this.records.set(arena.u8(this.out, bytes), this.nRecords * this.recordBytes);
    if ((this.nCat + nCat) * CAT_WORDS > this.catWords.length) {
      const bigger = new Uint32Array(Math.max(2 * this.catWords.length, (this.nCat + nCat) * CAT_WORDS));
      bigger.set(this.catWords.subarray(0, this.nCat * CAT_WORDS));
      this.catWords = bigger;
      KernelSubtrees.spareCats = bigger;
    }
    this.catWords.set(arena.u32(this.catOut, nCat * CAT_WORDS), this.nCat * CAT_WORDS);
    this.grown.push({ node, first: this.nRecords, count, firstCat: this.nCat });
    this.nRecords += count;
    this.nCat += nCat;
  }

  /** Record views for packing. */
  views(): { i32: Int32Array; f64: Float64Array; recordBytes: number; catWords: Uint32Array } {
    const buf = this.records.buffer;
    return {
      i32: new Int32Array(buf, 0, (this.nRecords * this.recordBytes) >> 2),
      f64: new Float64Array(buf, 0, (this.nRecords * this.recordBytes) >> 3),
      recordBytes: this.recordBytes,
      catWords: this.catWords.subarray(0, this.nCat * CAT_WORDS),
    };
  }

  get recordCount(): number {
    return this.nRecords;
  }

  get catCount(): number {
    return this.nCat;
  }
}

export const RECORD = { R_LEFT, R_RIGHT, R_FEATURE, R_BIN, R_FLAGS, R_CAT, R_NEXT, R_GAIN, R_COVER, R_SUMS };
