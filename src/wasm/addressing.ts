/**
 * Sizes and addresses in kernel memory, for the host: the element sizes of the kernels' arrays and
 * the strides of the records in assembly/layout.ts. Outside assembly/ and src/wasm/ no code
 * multiplies by an element size (test/architecture/byte-arithmetic.test.ts): it asks here.
 */
import type { Ptr } from './kernels.js';
import { BIN_RANGES_BYTES, CAT_WORDS, FEATURE_HIST_BYTES, GH_PAIR_BYTES, ITEM_BYTES, PNODE_BYTES, SPLIT_BYTES } from './layout.js';

/** Bytes of an i32, u32 or f32. */
const WORD = 4;
/** Bytes of an f64. */
const DOUBLE = 8;

/** Bytes of n i32 / u32 / f32 elements. */
export const words = (n: number): number => n * WORD;
/** Bytes of n f64 elements. */
export const doubles = (n: number): number => n * DOUBLE;
/** Address of element i of an i32 / u32 / f32 array. */
export const wordAt = (ptr: Ptr, i: number): Ptr => ptr + i * WORD;
/** Address of element i of an f64 array. */
export const doubleAt = (ptr: Ptr, i: number): Ptr => ptr + i * DOUBLE;

/** Bytes of the gradient pairs (f32 gradient, f32 hessian) of n rows. */
export const ghBytes = (n: number): number => n * GH_PAIR_BYTES;
/** Address of row `row`'s gradient pair in a block of pairs. */
export const ghAt = (gh: Ptr, row: number): Ptr => gh + row * GH_PAIR_BYTES;
/** Block c of channel-major gradient pairs with `stride` rows per block (GBDT: one block per group; forests: per class). */
export const ghBlock = (gh: Ptr, c: number, stride: number): Ptr => gh + c * stride * GH_PAIR_BYTES;

/** Bytes of one channel's histograms over n features. */
export const histBytes = (nFeatures: number): number => nFeatures * FEATURE_HIST_BYTES;
/** Histograms of channel c (each channel holds nFeatures feature histograms). */
export const histChannel = (hist: Ptr, c: number, nFeatures: number): Ptr => hist + c * nFeatures * FEATURE_HIST_BYTES;

/** Bytes of n split records. */
export const splitBytes = (n: number): number => n * SPLIT_BYTES;
/** Address of split record i. */
export const splitAt = (out: Ptr, i: number): Ptr => out + i * SPLIT_BYTES;

/** Bytes of n categorical bitsets (CAT_WORDS u32 each). */
export const catBitsBytes = (n: number): number => n * CAT_WORDS * WORD;
/** Address of categorical bitset i. */
export const catBitsAt = (ptr: Ptr, i: number): Ptr => ptr + i * CAT_WORDS * WORD;

/** Bytes of n prediction node records. */
export const pnodeBytes = (n: number): number => n * PNODE_BYTES;

/** Bytes of the bin-ranges records of n features. */
export const binRangesBytes = (nFeatures: number): number => nFeatures * BIN_RANGES_BYTES;
/** Address of the bin-ranges records of block i (each block holds nFeatures records: one fold's ranges). */
export const binRangesAt = (ptr: Ptr, i: number, nFeatures: number): Ptr => ptr + i * nFeatures * BIN_RANGES_BYTES;

/** Bytes of n team work items. */
export const itemBytes = (n: number): number => n * ITEM_BYTES;

/** Scratch of splitFindMulti (assembly/split-multi.ts): bin order and keys, then 4 f64 accumulators per channel. */
export const splitMultiScratchBytes = (valueWidth: number): number => 4096 + 4 * doubles(valueWidth);

/** Rows histBuildRows gathers per chunk (assembly/histogram.ts CHUNK). */
const GATHER_ROWS = 2048;
/** Gather scratch of histBuildRows: a chunk of rows' bins (nFeatures bytes each) and gradient pairs, plus alignment. */
export const histGatherBytes = (nFeatures: number): number => GATHER_ROWS * (nFeatures + GH_PAIR_BYTES) + 16;

/** Index of the 4-byte element at ptr in a view of the whole memory (Int32Array / Float32Array over the buffer). */
export const wordIndex = (ptr: Ptr): number => ptr / WORD;
