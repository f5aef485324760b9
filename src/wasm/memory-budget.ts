/**
 * What training keeps in kernel memory per row, and how many rows the 4 GiB wasm32 memory can
 * hold, so data that cannot fit is refused with the row count that would, before minutes of
 * binning end in a failed memory.grow.
 */

/** The wasm32 memory cap (65536 pages of 64 KiB). */
export const MAX_KERNEL_BYTES = 2 ** 32;
/** Kept for everything that does not grow with the rows (the first page, histograms, per-thread scratch, trees). */
export const FIXED_RESERVE_BYTES = 64 * 2 ** 20;

/** Training data shape that decides the per-row budget. */
export interface TrainingShape {
  nFeatures: number;
  /** Raw outputs per row (classes for multiclass, else 1). */
  nGroups: number;
  weighted: boolean;
}

/**
 * Kernel bytes per training row (src/boosting, src/tree): the bin codes twice (column-major for
 * the root histograms and partitions, row-major for node histograms), the f32 label and weight,
 * an f32 margin and an f32 (grad, hess) pair per group, and two u32 row lists (the node order and
 * the partition's scratch).
 */
export function trainingRowBytes(s: TrainingShape): number {
  const f32 = Float32Array.BYTES_PER_ELEMENT;
  const u32 = Uint32Array.BYTES_PER_ELEMENT;
  return 2 * s.nFeatures + f32 + (s.weighted ? f32 : 0) + s.nGroups * (f32 + 2 * f32) + 2 * u32;
}

/** The most training rows of this shape one kernel memory holds. */
export function maxTrainingRows(s: TrainingShape): number {
  return Math.floor((MAX_KERNEL_BYTES - FIXED_RESERVE_BYTES) / trainingRowBytes(s));
}

/** Bytes after the row-major bin matrix that the kernels' 16-byte row loads may read. */
export const ROW_MAJOR_SLACK = 16;

/**
 * Kernel bytes per row of sharded training (src/boosting/shards.ts), used when the rows do not fit
 * one memory: one bin layout (column-major), label, weight, margin and gradient pairs, two u32
 * row lists. The row-major copy is left out, so node histograms gather from the columns.
 */
export function shardRowBytes(s: TrainingShape): number {
  const f32 = Float32Array.BYTES_PER_ELEMENT;
  const u32 = Uint32Array.BYTES_PER_ELEMENT;
  return s.nFeatures + f32 + (s.weighted ? f32 : 0) + s.nGroups * (f32 + 2 * f32) + 2 * u32;
}

/** Kept per shard memory for what does not grow with its rows (bounded histogram blocks, team scratch, cut tables, binning blocks). */
export const SHARD_RESERVE_BYTES = 256 * 2 ** 20;

/** The most rows one shard's kernel memory holds. */
export function maxShardRows(s: TrainingShape): number {
  return Math.floor((MAX_KERNEL_BYTES - SHARD_RESERVE_BYTES) / shardRowBytes(s));
}

/** Kernel memory per shard for the block histograms one phase builds before the host adds them up (inside SHARD_RESERVE_BYTES). */
export const SHARD_PHASE_HIST_BYTES = 16 * 2 ** 20;

/** Host bytes per sharded training row outside kernel memory: the f64 target the reader keeps. */
export const SHARD_HOST_ROW_BYTES = Float64Array.BYTES_PER_ELEMENT;

/** Share of the machine's memory sharded training may plan to use (the rest: the runtime, parsing, the page cache). */
export const SHARD_MEMORY_SHARE = 0.75;

/** The most training rows sharded training takes on a machine with `memoryBytes` of RAM. */
export function maxShardedRows(s: TrainingShape, memoryBytes: number): number {
  return Math.floor((memoryBytes * SHARD_MEMORY_SHARE) / (shardRowBytes(s) + SHARD_HOST_ROW_BYTES));
}
