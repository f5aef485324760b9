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
