/**
 * Grows one forest tree from the binned data in kernel memory: draws the tree's rows, fills the
 * per-class gradient channels, runs the shared TreeGrower with a ForestSplitter, and finds the
 * leaf of every out-of-bag row. The same function runs on the main thread and in pool workers,
 * and everything random comes from (seed, tree index), so a forest does not depend on threads.
 */
import type { Engine } from '../wasm/load.js';
import type { Kernels, Ptr } from '../wasm/kernels.js';
import { FEATURE_HIST_BYTES } from '../wasm/layout.js';
import { TreeGrower } from '../tree/tree-grower.js';
import { Rng } from '../util/rng.js';
import { ForestSplitter } from './forest-splitter.js';
import { leavesOf, packTree, type PackedTree } from './packed-tree.js';
import { KernelSubtrees } from './subtree.js';

/**
 * Default row threshold below which a node's subtree grows in one growSubtree kernel call
 * (grouping its rows by bin) instead of node by node with 256-bin histograms.
 */
export const SUBTREE_ROWS = 4096;

/** Where the binned training data lies in the (shared) kernel memory; plain JSON. */
export interface ForestData {
  /** u8 column-major bins, nRows per feature. */
  bins: Ptr;
  /** u8 row-major bins, nFeatures per row (+16 bytes of slack). */
  binsRM: Ptr;
  /** i32 per feature: nBins | FEATURE_CAT_FLAG. */
  info: Ptr;
  nRows: number;
  nFeatures: number;
  /** f32 per row: class index (classification) or the centred target (regression). */
  label: Ptr;
  /** f32 per row: sample weights; 0 when there are none. */
  weight: Ptr;
}

/** Everything a tree needs besides its index; plain JSON, the same for every tree of a forest. */
export interface TreeJob {
  data: ForestData;
  /** Gradient channels: classes for multiclass, else 1 (binary: the 0/1 label; regression: the target). */
  channels: number;
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
export function treeScratchBytes(kernels: Kernels, nRows: number, nFeatures: number, channels: number, subtreeRows = SUBTREE_ROWS): number {
  const hist = channels * nFeatures * FEATURE_HIST_BYTES;
  const live = Math.ceil(Math.log2(Math.max(nRows, 2))) + 4;
  const grower = 8 * nRows + 4 * nFeatures + 2048 * (nFeatures + 8) + 1024;
  const splitter = 48 + nFeatures * (4 + 80 + 8 * channels + 8) + 4096 + 40 * channels;
  const m = Math.min(subtreeRows, nRows);
  const subtree = m > 0 ? KernelSubtrees.bytes(m, nFeatures, channels, kernels.subtreeScratchBytes(m, nFeatures, channels, nFeatures)) : 0;
  return channels * nRows * 8 + grower + splitter + subtree + live * hist + (1 << 20);
}

/**
 * Draws the tree's row counts (bootstrap) or 0/1 flags (subsample); null when every row is
 * used once. `allowed` (ascending row indices) restricts the draw to those rows (AutoML folds).
 */
function sampleCounts(job: TreeJob, rng: Rng, allowed?: Uint32Array): Uint32Array | null {
  const n = job.data.nRows;
  const m = job.rowsPerTree;
  const pool = allowed ? allowed.length : n;
  const row = (i: number) => (allowed ? allowed[i] : i);
  if (job.bootstrap) {
    const counts = new Uint32Array(n);
    for (let i = 0; i < m; i++) counts[row(Math.floor(rng.next() * pool))]++;
    return counts;
  }
  if (m >= pool && !allowed) return null;
  const counts = new Uint32Array(n);
  if (m >= pool) { for (let i = 0; i < pool; i++) counts[row(i)] = 1; return counts; }
  for (const i of rng.sampleSorted(pool, m)) counts[row(i)] = 1;
  return counts;
}

/** Grows tree `t` of the forest described by `job`, allocating from engine.arena (the caller resets it). */
export function growTree(engine: Engine, job: TreeJob, t: number, allowed?: Uint32Array): PackedTree {
  const { arena } = engine;
  const d = job.data;
  const n = d.nRows;
  const K = job.channels;
  const rng = treeRng(job.seed, t);
  const counts = sampleCounts(job, rng, allowed);

  // Gradient channels: g = -w * y_c, h = w, with w = count * class weight * sample weight.
  const gh = arena.alloc(K * n * 8);
  const ghv = arena.f32(gh, K * n * 2);
  const label = arena.f32(d.label, n);
  const weight = d.weight ? arena.f32(d.weight, n) : null;
  const cw = job.classWeights;
  const splitter = new ForestSplitter(engine, d.info, d.nFeatures, {
    channels: K, featuresPerNode: job.featuresPerNode, minSamplesLeaf: job.minSamplesLeaf,
    randomSplits: job.randomSplits, leafOffset: job.leafOffset, leafScale: job.leafScale,
  });
  const subtreeRows = Math.min(job.subtreeRows ?? SUBTREE_ROWS, n);
  const subs = subtreeRows > 0 ? new KernelSubtrees(engine, d, gh, {
    channels: K, featuresPerNode: job.featuresPerNode, minSamplesLeaf: job.minSamplesLeaf, minSamplesSplit: job.minSamplesSplit,
    maxDepth: job.maxDepth, randomSplits: job.randomSplits, leafOffset: job.leafOffset, leafScale: job.leafScale,
  }, subtreeRows) : null;
  const grower = new TreeGrower(engine, d, {
    maxDepth: job.maxDepth, maxLeaves: 0, lossguide: false, colsampleBynode: 1, minSplitCover: job.minSamplesSplit,
    subtree: subs ?? undefined,
  }, splitter);
  const rows = arena.u32(grower.rows, n);
  let nUsed = 0;
  for (let r = 0; r < n; r++) {
    const c = counts ? counts[r] : 1;
    if (c === 0) {
      for (let k = 0; k < K; k++) { ghv[2 * (k * n + r)] = 0; ghv[2 * (k * n + r) + 1] = 0; }
      continue;
    }
    rows[nUsed++] = r;
    const y = label[r];
    let w = c;
    if (cw) w *= cw[y];
    if (weight) w *= weight[r];
    if (K === 1) {
      ghv[2 * r] = -w * y;
      ghv[2 * r + 1] = w;
    } else {
      for (let k = 0; k < K; k++) {
        const o = 2 * (k * n + r);
        ghv[o] = k === y ? -w : 0;
        ghv[o + 1] = w;
      }
    }
  }
  const features = Int32Array.from({ length: d.nFeatures }, (_, i) => i);
  const tree = grower.grow(gh, nUsed, nUsed === n, features, rng);

  const packed = packTree(tree, subs, K);
  if (job.oob && counts && nUsed < n) {
    const oobRows = new Uint32Array(n - nUsed);
    let m = 0;
    for (let r = 0; r < n; r++) if (counts[r] === 0) oobRows[m++] = r;
    packed.oobRows = oobRows;
    packed.oobLeaf = leavesOf(packed, arena.u8(d.bins, n * d.nFeatures), n, oobRows);
  }
  return packed;
}
