/**
 * The prediction-node record (16 bytes a node, read by assembly/forest-predict.ts) written from a
 * model's node arrays, and the row blocking of the predictForest kernels with its scratch size.
 */
import type { Arena } from './arena.js';
import type { Ptr } from './kernels.js';
import type { TreeArrays } from '../model/model.js';
import { NODE_CATEGORICAL } from './layout.js';

/** Whole-model packings, cached: a model predicted many times is packed once. */
const packedNodes = new WeakMap<PackSource, Int32Array>();

/** The node arrays packing reads. */
export type PackSource = Pick<TreeArrays, 'left' | 'right' | 'feature' | 'flags' | 'catOffset' | 'threshold'>;

/**
 * Nodes [begin, end) packed 16 bytes each: left (-1: leaf), right, feature | flags << 28,
 * threshold bits (numeric split) or catOffset (categorical split); child indices relative to begin.
 */
export function packNodes(t: PackSource, begin = 0, end = t.left.length): Int32Array {
  const whole = begin === 0 && end === t.left.length;
  let p = whole ? packedNodes.get(t) : undefined;
  if (p) return p;
  const n = end - begin;
  p = new Int32Array(n * 4);
  const thresholdBits = new Int32Array(t.threshold.buffer, t.threshold.byteOffset, t.threshold.length);
  for (let j = 0; j < n; j++) {
    const i = begin + j;
    const l = t.left[i];
    p[4 * j] = l < 0 ? -1 : l - begin;
    p[4 * j + 1] = l < 0 ? -1 : t.right[i] - begin;
    p[4 * j + 2] = (t.feature[i] & 0x0fffffff) | (t.flags[i] << 28);
    p[4 * j + 3] = t.flags[i] & NODE_CATEGORICAL ? t.catOffset[i] : thresholdBits[i];
  }
  if (whole) packedNodes.set(t, p);
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
 * in order. On airline_100k's forest (8 features, ~31k nodes per tree) one thread took 1.9 s of
 * CPU with blocks of 8192 rows, 1.5 s with 16384, 1.4 s with 32768, 1.33 s with 65536.
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
