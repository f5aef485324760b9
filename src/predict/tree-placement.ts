/** Copies a model's trees into kernel memory in the packed layout predictForest (assembly/forest-predict.ts) reads. */
import type { Arena } from '../wasm/arena.js';
import type { Kernels, Ptr } from '../wasm/kernels.js';
import type { TreeArrays } from '../model/model.js';
import { NODE_CATEGORICAL } from '../wasm/layout.js';

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

/** A model placed for predictForestRows: the features (column-major, `stride` rows) and the packed trees. */
export interface PlacedTrees {
  data: Ptr;
  stride: number;
  nFeatures: number;
  nodes: Ptr;
  catLen: Ptr;
  catWords: Ptr;
  value: Ptr;
}

/** Rows of the first kernel call of a walk (see walkRows). */
const WARM_ROWS = 1024;

/**
 * Adds trees [0, nRoots) of `roots` to rows [rowBegin, rowEnd) of out (width outputs per row):
 * first WARM_ROWS rows, then a block per kernel call (the same sums as one call: a row's sum
 * never depends on the other rows of its block). Why several calls: V8 runs a wasm function's
 * first call to its end in the baseline tier (Liftoff: no switch mid-call), and the optimised code
 * it compiles once the function runs hot only serves later calls. On airline_100k's forest the
 * first prediction of a process took 2.8 s of CPU in one call and 2.0 s in calls of a block.
 */
export function walkRows(kernels: Kernels, p: PlacedTrees, width: number, roots: Ptr, nRoots: number, out: Ptr,
  rowBegin: number, rowEnd: number, blockRows: number, scratch: Ptr): void {
  for (let r = rowBegin; r < rowEnd;) {
    const end = Math.min(rowEnd, r + (r === rowBegin ? Math.min(WARM_ROWS, blockRows) : blockRows));
    kernels.predictForestRows(p.data, p.stride, r, end, p.nFeatures, p.nodes, p.catLen, p.catWords, p.value,
      width, roots, 0, nRoots, out, blockRows, scratch);
    r = end;
  }
}
