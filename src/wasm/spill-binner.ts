/**
 * One thread's share of binning a spilled training file into the shared u8 matrix: blocks of
 * spilled rows are claimed with an atomic counter, read straight into this thread's scratch in
 * kernel memory and coded column by column into the column-major matrix, then copied into the
 * row-major one while still in cache. Every block's codes
 * depend only on its rows and the cut tables, so the matrix is the same for any thread count and
 * block size. Run by the main thread and by the workers of src/binning/spill-bin-worker.ts.
 */
import { closeSync, openSync } from 'node:fs';
import { readSpilledRows } from '../data/spill-rows.js';
import type { Kernels, Ptr } from './kernels.js';

/** What every binning thread gets (plain data: posted to workers). */
export interface SpillBinJob {
  /** Per range: its spill file and the rows to bin from it, in row order. */
  spills: string[];
  rangeRows: number[];
  /** Per range: its first row to bin (a shard's window of the file; all 0 when omitted). */
  rangeAt?: number[];
  nFeatures: number;
  /** Rows binned (the matrix's column length): the sum of rangeRows. */
  nRows: number;
  /** Rows per claimed block. */
  blockRows: number;
  /** The column-major u8 matrix, nRows x nFeatures, and its row-major copy (filled block by block; 0: none). */
  bins: Ptr;
  binsRM: Ptr;
  /** Per feature: its f32 cut table (255 entries, NaN padded) and the table's binGuide, 0 for categorical features. */
  tables: Ptr[];
  guides: Ptr[];
  /** Per range, per feature: the i32 map from the range's local level code to a bin, and its length (0 / 0 for numeric). */
  maps: Ptr[][];
  levels: number[][];
  /** Three i32: next block, threads done, failed flag (see CLAIM_*). */
  ctl: Ptr;
}

/** Word indices in the job's control block. */
export const CLAIM_NEXT = 0;
export const CLAIM_DONE = 1;
export const CLAIM_FAILED = 2;
export const CLAIM_WORDS = 4;

/** Bytes of one thread's scratch: a block of spilled rows. */
export function spillBlockBytes(blockRows: number, nFeatures: number): number {
  return blockRows * nFeatures * Float32Array.BYTES_PER_ELEMENT;
}

/** The control block's words. */
export function claimWords(memory: WebAssembly.Memory, ctl: Ptr): Int32Array {
  return new Int32Array(memory.buffer, ctl, CLAIM_WORDS);
}

interface Block { range: number; at: number; rows: number; first: number }

function blocksOf(job: SpillBinJob): Block[] {
  const out: Block[] = [];
  let first = 0;
  job.rangeRows.forEach((rows, range) => {
    const from = job.rangeAt?.[range] ?? 0;
    for (let at = 0; at < rows; at += job.blockRows) out.push({ range, at: from + at, rows: Math.min(job.blockRows, rows - at), first: first + at });
    first += rows;
  });
  return out;
}

/** Claims and bins blocks until none is left (or another thread failed); returns the blocks this thread binned. */
export function runSpillBinning(kernels: Kernels, memory: WebAssembly.Memory, job: SpillBinJob, scratch: Ptr): number {
  const blocks = blocksOf(job);
  const nF = job.nFeatures;
  const fds: number[] = job.spills.map(() => -1);
  let done = 0;
  try {
    for (;;) {
      const ctl = claimWords(memory, job.ctl);
      if (Atomics.load(ctl, CLAIM_FAILED)) break;
      const b = Atomics.add(ctl, CLAIM_NEXT, 1);
      if (b >= blocks.length) break;
      const { range, at, rows, first } = blocks[b]!;
      if (fds[range]! < 0) fds[range] = openSync(job.spills[range]!, 'r');
      readSpilledRows(fds[range]!, job.spills[range]!, new Float32Array(memory.buffer, scratch, rows * nF), at, nF);
      for (let f = 0; f < nF; f++) {
        const values = scratch + f * Float32Array.BYTES_PER_ELEMENT;
        const out = job.bins + f * job.nRows + first;
        const map = job.maps[range]![f]!;
        if (map !== 0) kernels.binCategorical(values, rows, nF, map, job.levels[range]![f]!, out);
        else kernels.binNumeric(values, rows, nF, job.tables[f]!, job.guides[f]!, out);
      }
      if (job.binsRM !== 0) kernels.binsToRowMajorRows(job.bins, job.nRows, nF, first, first + rows, job.binsRM);
      done++;
    }
  } finally {
    for (const fd of fds) if (fd >= 0) closeSync(fd);
  }
  return done;
}
