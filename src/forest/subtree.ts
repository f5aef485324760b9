/**
 * The forest's SubtreeHandler: nodes of at most maxRows rows are grown whole by the growSubtree
 * kernel (rows grouped by bin instead of 256-bin histograms per node), which writes their nodes
 * straight into the tree's node arrays in kernel memory (packTree copies them out in one piece).
 */
import type { Engine } from '../wasm/load.js';
import type { Kernels, Ptr } from '../wasm/kernels.js';
import { NODE_DEFAULT_LEFT } from '../wasm/layout.js';
import { catBitsAt, doubles } from '../wasm/addressing.js';
import { readSubtreeResult, SUBTREE_RESULT_BYTES } from '../wasm/subtree-result.js';
import { allocSubtreeArrays, subtreeNodes, subtreeSlotBytes, type SubtreeArrays, type SubtreeNodes } from '../wasm/subtree-nodes.js';
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

export class KernelSubtrees implements SubtreeHandler {
  private readonly scratch: Ptr;
  private readonly out: Ptr;
  private readonly result: Ptr;
  private readonly rootG: Ptr;
  /** The node arrays, their pointer header and the categorical bitsets (src/wasm/subtree-nodes.ts). */
  private readonly arrays: SubtreeArrays;
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
    this.rootG = arena.alloc(doubles(valueWidth));
    this.arrays = allocSubtreeArrays(arena, Math.max(1, capacity), valueWidth);
  }

  /** Kernel-memory bytes a handler with these sizes reserves (capacity: node slots). */
  static bytes(k: Kernels, maxRows: number, nFeatures: number, valueWidth: number, capacity: number): number {
    return k.subtreeScratchBytes(maxRows, nFeatures, valueWidth, nFeatures) + (2 * maxRows) * k.subtreeNodeBytes(valueWidth)
      + capacity * subtreeSlotBytes(valueWidth) + doubles(valueWidth) + 512;
  }

  grow(tree: BinTree, node: number, rows: Ptr, rng: Rng): void {
    const { arena, kernels: k } = this.engine;
    const d = this.data, p = this.p, valueWidth = p.valueWidth;
    arena.f64(this.rootG, valueWidth).set(tree.gradSum[node]);
    const seed = rng.nextU32() + (rng.nextU32() & 0x1fffff) * 4294967296;
    k.growSubtree(d.binsRM, d.nFeatures, d.info, this.gh, d.label, rows, tree.begin[node], tree.end[node], valueWidth,
      p.featuresPerNode, p.minSamplesLeaf, p.minSamplesSplit, p.maxDepth, tree.depth[node], p.randomSplits ? 1 : 0,
      REL_GAIN_EPS, p.leafOffset, p.leafScale, seed, this.rootG, tree.cover[node], this.out,
      catBitsAt(this.arrays.catArea, this.nCat), this.result, this.scratch, this.arrays.header, this.nNodes, this.nCat, d.ranges ?? 0);
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
    return subtreeNodes(this.engine.arena, this.arrays, this.nNodes, this.nCat, this.p.valueWidth);
  }

  get nodeCount(): number {
    return this.nNodes;
  }

  get catCount(): number {
    return this.nCat;
  }
}
