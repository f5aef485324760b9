/**
 * The prediction-node record (16 bytes a node, read by assembly/forest-predict.ts) written from a
 * model's node arrays, and the row blocking of the predictForest kernels with its scratch size.
 */
import type { Arena } from './arena.js';
import type { Ptr } from './kernels.js';
import type { TreeArrays } from '../model/model.js';
import { NODE_CATEGORICAL, PNODE_BYTES, PNODE_FEATURE_MASK, PNODE_FLAG_SHIFT, PNODE_LEFT, PNODE_META, PNODE_RIGHT, PNODE_SPLIT } from './layout.js';

/** i32 slots per record. */
const SLOTS = PNODE_BYTES / 4;

/** Writes record j of p: children, feature and flags, split (threshold bits, bin cut or bitset offset). */
function writeRecord(p: Int32Array, j: number, left: number, right: number, feature: number, flags: number, split: number): void {
  const o = SLOTS * j;
  p[o + PNODE_LEFT / 4] = left;
  p[o + PNODE_RIGHT / 4] = right;
  p[o + PNODE_META / 4] = (feature & PNODE_FEATURE_MASK) | (flags << PNODE_FLAG_SHIFT);
  p[o + PNODE_SPLIT / 4] = split;
}

/** Whole-model packings, cached: a model predicted many times is packed once. */
const packedNodes = new WeakMap<PackSource, Int32Array>();

/** The node arrays packing reads. */
export type PackSource = Pick<TreeArrays, 'left' | 'right' | 'feature' | 'flags' | 'catOffset' | 'threshold'>;

/**
 * Nodes [begin, end) as prediction node records (layout PNODE_*): left (-1: leaf), right,
 * feature | flags << 28, threshold bits (numeric split) or catOffset (categorical split); child
 * indices relative to begin. The same records as the kernels' packNodes (assembly/forest-predict.ts).
 */
export function packNodes(t: PackSource, begin = 0, end = t.left.length): Int32Array {
  const whole = begin === 0 && end === t.left.length;
  let p = whole ? packedNodes.get(t) : undefined;
  if (p) return p;
  const n = end - begin;
  p = new Int32Array(n * SLOTS);
  const thresholdBits = new Int32Array(t.threshold.buffer, t.threshold.byteOffset, t.threshold.length);
  for (let j = 0; j < n; j++) {
    const i = begin + j;
    const l = t.left[i]!, fl = t.flags[i]!;
    writeRecord(p, j, l < 0 ? -1 : l - begin, l < 0 ? -1 : t.right[i]! - begin, t.feature[i]!, fl, fl & NODE_CATEGORICAL ? t.catOffset[i]! : thresholdBits[i]!);
  }
  if (whole) packedNodes.set(t, p);
  return p;
}

/** The bin-space node arrays binNodes reads (a forest tree before its raw thresholds). */
export interface BinNodeSource {
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  feature: ArrayLike<number>;
  defaultLeft: ArrayLike<number>;
  /** Categorical bitset index (-1: numeric split). */
  catIndex: ArrayLike<number>;
}

/**
 * Bin-space prediction node records for binTreeLeaves: left, right, feature | flags << 28, and
 * the split bin cut (numeric: bins below it go left) or the categorical bitset index.
 */
export function binNodes(t: BinNodeSource, cut: ArrayLike<number>): Int32Array {
  const n = t.left.length;
  const p = new Int32Array(n * SLOTS);
  for (let i = 0; i < n; i++) {
    const cat = t.catIndex[i]!;
    writeRecord(p, i, t.left[i]!, t.right[i]!, t.feature[i]!, t.defaultLeft[i]! | (cat >= 0 ? NODE_CATEGORICAL : 0), cat >= 0 ? cat : cut[i]!);
  }
  return p;
}

/** The row blocking of predictForest calls: rows per block and the scratch buffer a block needs. */
export interface ForestBlocks {
  blockRows: number;
  scratch: Ptr;
}

/**
 * Rows per block: up to 1 MiB of row-major f32 and 32768 rows. Every tree walks a whole block, so
 * a bigger block reads each tree's nodes into the cache for more rows; the block itself is read
 * in order (CPU per block size: BENCHMARKS.md section 11).
 */
export function forestBlockRows(nFeatures: number): number {
  return Math.max(64, Math.min(32768, Math.floor((1024 * 1024) / (4 * Math.max(1, nFeatures)))));
}

/** Bytes of the scratch a block of forestBlockRows(nFeatures) rows needs (the padded block, then eight leaf indices). */
export function forestScratchBytes(nFeatures: number): number {
  return (forestBlockRows(nFeatures) + 8) * Math.max(1, nFeatures) * 4 + 64;
}

/** Block rows and their scratch, allocated in `arena`. */
export function forestBlocks(arena: Arena, nFeatures: number): ForestBlocks {
  return { blockRows: forestBlockRows(nFeatures), scratch: arena.alloc(forestScratchBytes(nFeatures)) };
}
