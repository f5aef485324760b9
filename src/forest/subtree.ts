/**
 * The forest's SubtreeHandler: nodes of at most maxRows rows are grown whole by the growSubtree
 * kernel (rows grouped by bin instead of 256-bin histograms per node), which writes their nodes
 * straight into the tree's node arrays in kernel memory (packTree copies them out in one piece).
 */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { CAT_WORDS, NODE_DEFAULT_LEFT, SUBTREE_ARRAYS } from '../wasm/layout.js';
import { readSubtreeResult, SUBTREE_RESULT_BYTES } from '../wasm/subtree-result.js';
import type { BinTree } from '../tree/bin-tree.js';
import type { SubtreeHandler } from '../tree/tree-grower.js';
import type { Rng } from '../util/rng.js';
import type { ForestData } from './forest-data.js';

/** A node split must gain more than this fraction of the node's score (see forest-splitter.ts). */
export const REL_GAIN_EPS = 1e-11;

export interface SubtreeParams {
  valueWidth: number;
  featuresPerNode: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  maxDepth: number;
  randomSplits: boolean;
  leafOffset: number;
  leafScale: number;
}

/** The split the kernel found for a handed-over node (its children are slots of the node arrays). */
export interface SubtreeHead {
  node: number;
  left: number;
  right: number;
  feature: number;
  splitBin: number;
  nextBin: number;
  defaultLeft: number;
  catIndex: number;
  gain: number;
}

/** Typed views of the node arrays' first `n` slots (kernel memory: copy before the arena is reset). */
export interface SubtreeNodes {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  splitBin: Int32Array;
  nextBin: Int32Array;
  defaultLeft: Uint8Array;
  catIndex: Int32Array;
  value: Float32Array;
  gain: Float32Array;
  cover: Float32Array;
  /** Raw threshold of a numeric split (NaN: none) and the bin cut for rows outside the sample (see rawThresholds in grow-tree.ts). */
  threshold: Float32Array;
  binCut: Int32Array;
  catWords: Uint32Array;
}

/** Bytes per node slot of the node arrays for `valueWidth` values per node. */
const slotBytes = (valueWidth: number): number => 4 * 5 + 1 + 4 + 4 * valueWidth + 4 + 4 + 4 + 4;

export class KernelSubtrees implements SubtreeHandler {
  private readonly scratch: Ptr;
  private readonly out: Ptr;
  private readonly result: Ptr;
  private readonly rootG: Ptr;
  /** Header of u32 pointers to the node arrays (see assembly/forest-subtree.ts S_*) and the arrays. */
  private readonly soa: Ptr;
  private readonly arrays: Ptr[];
  private readonly catArea: Ptr;
  /** Slots and categorical bitsets used so far. */
  private nNodes = 0;
  private nCat = 0;
  readonly heads: SubtreeHead[] = [];

  /**
   * gh: the tree's gradient pairs (channel 0 is read). capacity: node slots for the whole tree
   * (twice its sample's rows covers any tree).
   */
  constructor(private readonly engine: Engine, private readonly data: ForestData, private readonly gh: Ptr,
    private readonly p: SubtreeParams, readonly maxRows: number, capacity: number) {
    const { arena, kernels: k } = engine;
    const valueWidth = p.valueWidth;
    this.scratch = arena.alloc(k.subtreeScratchBytes(maxRows, data.nFeatures, valueWidth, data.nFeatures));
    this.out = arena.alloc(Math.max(1, 2 * maxRows - 1) * k.subtreeNodeBytes(valueWidth));
    this.result = arena.alloc(SUBTREE_RESULT_BYTES);
    this.rootG = arena.alloc(valueWidth * 8);
    const c = Math.max(1, capacity);
    // left, right, feature, splitBin, nextBin, defaultLeft (u8), catIndex, value (valueWidth f32), gain, cover, threshold, binCut
    const slotBytes = [4, 4, 4, 4, 4, 1, 4, 4 * valueWidth, 4, 4, 4, 4];
    if (slotBytes.length !== SUBTREE_ARRAYS) throw new Error('subtree node arrays out of step with the layout');
    this.arrays = slotBytes.map((bytes) => arena.alloc(c * bytes));
    this.soa = arena.put(Uint32Array.from(this.arrays));
    this.catArea = arena.alloc(c * CAT_WORDS * 4);
  }

  /** Kernel-memory bytes a handler with these sizes reserves (capacity: node slots). */
  static bytes(maxRows: number, valueWidth: number, scratchBytes: number, capacity: number): number {
    return scratchBytes + (2 * maxRows) * (48 + 8 * valueWidth) + capacity * (slotBytes(valueWidth) + CAT_WORDS * 4) + 8 * valueWidth + 512;
  }

  grow(tree: BinTree, node: number, rows: Ptr, rng: Rng): void {
    const { arena, kernels: k } = this.engine;
    const d = this.data, p = this.p, valueWidth = p.valueWidth;
    arena.f64(this.rootG, valueWidth).set(tree.gradSum[node]);
    const seed = rng.nextU32() + (rng.nextU32() & 0x1fffff) * 4294967296;
    k.growSubtree(d.binsRM, d.nFeatures, d.info, this.gh, d.label, rows, tree.begin[node], tree.end[node], valueWidth,
      p.featuresPerNode, p.minSamplesLeaf, p.minSamplesSplit, p.maxDepth, tree.depth[node], p.randomSplits ? 1 : 0,
      REL_GAIN_EPS, p.leafOffset, p.leafScale, seed, this.rootG, tree.cover[node], this.out,
      this.catArea + this.nCat * CAT_WORDS * 4, this.result, this.scratch, this.soa, this.nNodes, this.nCat, d.ranges ?? 0);
    const r = readSubtreeResult(arena, this.result);
    this.heads.push({
      node, left: r.left, right: r.right, feature: r.feature, splitBin: r.splitBin, nextBin: r.nextBin,
      defaultLeft: r.flags & NODE_DEFAULT_LEFT, catIndex: r.catIndex, gain: r.gain,
    });
    this.nNodes += r.count - 1;
    this.nCat += r.catCount;
  }

  /** Views of the nodes grown so far (slots 0..nodeCount-1) and their categorical bitsets. */
  nodes(): SubtreeNodes {
    const { arena } = this.engine;
    const n = this.nNodes, a = this.arrays;
    return {
      left: arena.i32(a[0], n), right: arena.i32(a[1], n), feature: arena.i32(a[2], n), splitBin: arena.i32(a[3], n),
      nextBin: arena.i32(a[4], n), defaultLeft: arena.u8(a[5], n), catIndex: arena.i32(a[6], n),
      value: arena.f32(a[7], n * this.p.valueWidth), gain: arena.f32(a[8], n), cover: arena.f32(a[9], n),
      threshold: arena.f32(a[10], n), binCut: arena.i32(a[11], n),
      catWords: arena.u32(this.catArea, this.nCat * CAT_WORDS),
    };
  }

  get nodeCount(): number {
    return this.nNodes;
  }

  get catCount(): number {
    return this.nCat;
  }
}
