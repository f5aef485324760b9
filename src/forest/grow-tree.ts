/**
 * Grows one forest tree from the binned data in kernel memory: draws the tree's rows, fills the
 * per-class gradient channels, runs the shared TreeGrower with a ForestSplitter, and finds the
 * leaf of every out-of-bag row. The same function runs on the main thread and in pool workers,
 * and everything random comes from (seed, tree index), so a forest does not depend on threads.
 */
import type { Engine } from '../wasm/load.js';
import type { Kernels, Ptr } from '../wasm/kernels.js';
import { PARAM_BYTES, PNODE_BYTES } from '../wasm/layout.js';
import { catBitsBytes, doubles, ghBytes, histBytes, histGatherBytes, splitBytes, splitMultiScratchBytes, words } from '../wasm/addressing.js';
import { binNodes } from '../wasm/prediction-nodes.js';
import { TreeGrower } from '../tree/tree-grower.js';
import { addNode, emptyBinTree, type BinTree } from '../tree/bin-tree.js';
import { Rng } from '../util/rng.js';
import type { ForestData } from './forest-data.js';
import { ForestSplitter } from './forest-splitter.js';
import { packTree } from './packed-tree.js';
import type { PackedTree } from '../tree/packed-tree.js';
import { KernelSubtrees } from './subtree.js';

/**
 * Default row threshold below which a node's subtree grows in one growSubtree kernel call
 * (grouping its rows by bin) instead of node by node with 256-bin histograms.
 */
export const SUBTREE_ROWS = 4096;

/**
 * Up to this many training rows a one-channel tree grows whole in the kernel too: with dense
 * two-bank grouping for big nodes it is faster than histograms at the top (BENCHMARKS.md section 11); above
 * it the kernel's per-call scratch (~130 bytes a row) would grow
 * with the data, so big data keeps the histogram grower at the top.
 */
export const WHOLE_TREE_ROWS = 1 << 18;

/** Everything a tree needs besides its index; plain JSON, the same for every tree of a forest. */
export interface TreeJob {
  data: ForestData;
  /** Gradient channels: classes for multiclass, else 1 (binary: the 0/1 label; regression: the target). */
  valueWidth: number;
  classification: boolean;
  /** Weight per class index (class_weight); null: all 1. */
  classWeights: number[] | null;
  featuresPerNode: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** 0: unlimited. */
  maxDepth: number;
  randomSplits: boolean;
  leafOffset: number;
  leafScale: number;
  bootstrap: boolean;
  /** Rows drawn per tree (with replacement when bootstrap, else without; all rows when equal to nRows without bootstrap). */
  rowsPerTree: number;
  seed: number;
  /** Find the leaf of every out-of-bag row. */
  oob: boolean;
  /** Nodes of at most this many rows grow their whole subtree in one growSubtree call (0: never; default SUBTREE_ROWS). */
  subtreeRows?: number;
}

/** The random stream of tree `t`: a function of (seed, t) only. */
export function treeRng(seed: number, t: number): Rng {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(t + 1, 0x85ebca77)) | 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39);
  return new Rng((z ^ (z >>> 15)) >>> 0);
}

/**
 * Kernel-memory bytes one tree needs (gradients, grower, splitter, subtree kernel and the
 * histograms alive at once: the grower expands the smaller child first, so at most ~log2(rows) wait).
 */
export function treeScratchBytes(kernels: Kernels, nRows: number, nFeatures: number, valueWidth: number, subtreeRows = defaultSubtreeRows(valueWidth, nRows)): number {
  const n = nRows;
  const hist = histBytes(valueWidth * nFeatures);
  const live = Math.ceil(Math.log2(Math.max(n, 2))) + 4;
  // Row list and partition scratch, feature list, gather scratch.
  const grower = words(2 * n) + words(nFeatures) + histGatherBytes(nFeatures) + 1024;
  // ForestSplitter: parameters, feature list, split records, left sums, random draws, scratch, node sums.
  const splitter = PARAM_BYTES + words(nFeatures) + splitBytes(nFeatures) + doubles(nFeatures * valueWidth) + doubles(nFeatures)
    + splitMultiScratchBytes(valueWidth) + doubles(valueWidth);
  const m = Math.min(subtreeRows, n);
  // Node slots: a tree has fewer than twice its sample's distinct rows (at most n).
  const subtree = m > 0 ? KernelSubtrees.bytes(kernels, m, nFeatures, valueWidth, 2 * n) : 0;
  // Per tree: row counts and allowed rows (4n each), the whole-tree row list (4n), and for the
  // out-of-bag walk the row list and leaves (4n each), node records and categorical bitsets
  // (a tree has at most 2n - 1 nodes).
  const perTree = words(5 * n) + 2 * n * (PNODE_BYTES + catBitsBytes(1)) + 1024;
  return ghBytes(valueWidth * n) + grower + splitter + subtree + live * hist + perTree + (1 << 20);
}

/**
 * The tree's row counts in kernel memory: bootstrap draws (kernel), or 0/1 flags of a subsample
 * without replacement; 0 when every row is used once. `allowed` (ascending row indices)
 * restricts the draw to those rows (AutoML folds).
 */
function sampleCounts(engine: Engine, job: TreeJob, rng: Rng, allowed?: Uint32Array): Ptr {
  const { arena, kernels } = engine;
  const n = job.data.nRows;
  const m = job.rowsPerTree;
  const pool = allowed ? allowed.length : n;
  const counts = arena.alloc(words(n));
  if (job.bootstrap) {
    const state = arena.alloc(words(2));
    arena.u32(state, 2).set([rng.nextU32(), rng.nextU32()]);
    kernels.bootstrapCounts(n, m, allowed ? arena.put(allowed) : 0, pool, state, counts);
    return counts;
  }
  if (m >= pool && !allowed) return 0;
  const c = arena.u32(counts, n);
  c.fill(0);
  const row = (i: number) => (allowed ? allowed[i] : i);
  if (m >= pool) { for (let i = 0; i < pool; i++) c[row(i)] = 1; return counts; }
  for (const i of rng.sampleSorted(pool, m)) c[row(i)] = 1;
  return counts;
}

/**
 * Raw thresholds halfway between the node's values on either side of each numeric cut, as
 * scikit-learn places them (the largest value in the last bin going left, the smallest in the
 * node's first bin going right; x <= halfway goes left, as x < the next float32 above it). Sets, and returns,
 * p.binCut: per node the bin cut that sends rows where the raw threshold does (bins between the
 * two sides hold no rows of the node; out-of-bag rows in them go by their values), for
 * bin-space traversal. Nodes 0..n-1 only (the growSubtree kernel places its own nodes'), by the
 * kernel's rule (rawThresholdOf), so host and kernel nodes cannot disagree.
 */
function rawThresholds(engine: Engine, p: PackedTree, ranges: Ptr, n: number): Int32Array {
  const { arena, kernels } = engine;
  const cut = p.binCut;
  const cutOut = arena.alloc(words(1));
  for (let i = 0; i < n; i++) {
    if (p.left[i] < 0 || p.catIndex[i] >= 0) continue;
    const t = kernels.rawThresholdOf(ranges, p.feature[i], p.splitBin[i], p.nextBin[i], cutOut);
    if (Number.isNaN(t)) continue;
    p.threshold[i] = t;
    cut[i] = arena.i32(cutOut, 1)[0];
  }
  return cut;
}

/** Rows below which a tree's nodes grow in the subtree kernel by default: every node for class channels and data up to WHOLE_TREE_ROWS, else a threshold. */
export function defaultSubtreeRows(valueWidth: number, nRows: number): number {
  return valueWidth > 1 || nRows <= WHOLE_TREE_ROWS ? nRows : SUBTREE_ROWS;
}

/**
 * The gradient sums and hessian sum of the tree's rows, added in the order a root histogram of
 * feature 0 would add them (by bin, rows in order within a bin), so a tree grown whole by the
 * kernel starts from exactly the sums the histogram grower would have. gh: channel-0 pairs.
 */
function rootSums(engine: Engine, job: TreeJob, gh: Ptr, rows: Uint32Array): [Float64Array, number] {
  const { arena } = engine;
  const d = job.data, n = d.nRows, valueWidth = job.valueWidth;
  const bins0 = arena.u8(d.bins, n), ghv = arena.f32(gh, 2 * n), label = arena.f32(d.label, n);
  const bg = new Float64Array(256 * valueWidth), bh = new Float64Array(256);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i], b = bins0[r], h = ghv[2 * r + 1];
    bh[b] += h;
    if (valueWidth === 1) bg[b] += ghv[2 * r];
    else bg[b * valueWidth + label[r]] += -h;
  }
  const g = new Float64Array(valueWidth);
  let h = 0;
  for (let b = 0; b < 256; b++) {
    for (let c = 0; c < valueWidth; c++) g[c] += bg[b * valueWidth + c];
    h += bh[b];
  }
  return [g, h];
}

/** Grows tree `t` of the forest described by `job`, allocating from engine.arena (the caller resets it). */
export function growTree(engine: Engine, job: TreeJob, t: number, allowed?: Uint32Array): PackedTree {
  const { arena, kernels } = engine;
  const d = job.data;
  const n = d.nRows;
  const valueWidth = job.valueWidth;
  const rng = treeRng(job.seed, t);
  const counts = sampleCounts(engine, job, rng, allowed);

  const subtreeRows = Math.min(job.subtreeRows ?? defaultSubtreeRows(valueWidth, n), n);
  // The whole tree in the kernel: no histograms, so channel 0 (the row weights) is all it reads.
  const whole = subtreeRows > 0 && subtreeRows >= n;
  const gh = arena.alloc(ghBytes((whole ? 1 : valueWidth) * n));
  const splitter = new ForestSplitter(engine, d.info, d.nFeatures, {
    valueWidth, featuresPerNode: job.featuresPerNode, minSamplesLeaf: job.minSamplesLeaf,
    randomSplits: job.randomSplits, leafOffset: job.leafOffset, leafScale: job.leafScale,
  });
  const subs = subtreeRows > 0 ? new KernelSubtrees(engine, d, gh, {
    valueWidth, featuresPerNode: job.featuresPerNode, minSamplesLeaf: job.minSamplesLeaf, minSamplesSplit: job.minSamplesSplit,
    maxDepth: job.maxDepth, randomSplits: job.randomSplits, leafOffset: job.leafOffset, leafScale: job.leafScale,
  }, subtreeRows, 2 * Math.min(allowed ? allowed.length : n, job.rowsPerTree)) : null;
  // Gradient channels: g = -w * y_c, h = w, with w = count * class weight * sample weight.
  const cw = job.classWeights ? arena.put(Float64Array.from(job.classWeights)) : 0;
  let tree: BinTree;
  if (whole) {
    const rowsPtr = arena.alloc(words(n));
    const nUsed = kernels.forestGradients(n, 1, d.label, d.weight, cw, counts, gh, rowsPtr);
    const [g0, h0] = rootSums(engine, job, gh, arena.u32(rowsPtr, nUsed));
    tree = emptyBinTree();
    addNode(tree, 0, nUsed, 0, g0, h0);
    const out = splitter.leafOutput(g0, h0);
    tree.value[0] = out[0];
    if (valueWidth > 1) tree.vector = [out];
    // The grower's test for a root it could split (depth 0 is always below max_depth).
    if (nUsed >= 2 && h0 >= job.minSamplesSplit) subs!.grow(tree, 0, rowsPtr, rng);
  } else {
    const grower = new TreeGrower(engine, d, {
      maxDepth: job.maxDepth, maxLeaves: 0, lossguide: false, colsampleBynode: 1, minSplitCover: job.minSamplesSplit,
      subtree: subs ?? undefined,
    }, splitter);
    const nUsed = kernels.forestGradients(n, valueWidth, d.label, d.weight, cw, counts, gh, grower.rows);
    const features = Int32Array.from({ length: d.nFeatures }, (_, i) => i);
    tree = grower.grow(gh, nUsed, nUsed === n, features, rng);
  }

  const packed = packTree(tree, subs, valueWidth);
  const cut = d.ranges ? rawThresholds(engine, packed, d.ranges, tree.left.length) : packed.binCut;
  const nUsed = tree.end[0];
  if (job.oob && counts && nUsed < n) {
    const c = arena.u32(counts, n);
    const oobRows = new Uint32Array(n - nUsed);
    let m = 0;
    for (let r = 0; r < n; r++) if (c[r] === 0) oobRows[m++] = r;
    const nodes = arena.put(binNodes(packed, cut));
    const catWords = arena.put(packed.catWords.length ? packed.catWords : new Uint32Array(1));
    const list = arena.put(oobRows);
    const out = arena.alloc(words(oobRows.length));
    kernels.binTreeLeaves(d.binsRM, d.nFeatures, nodes, catWords, list, oobRows.length, out);
    packed.oobRows = oobRows;
    packed.oobLeaf = arena.i32(out, oobRows.length).slice();
  }
  return packed;
}
