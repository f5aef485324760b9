/**
 * Binning a spilled training CSV (src/data/csv-spill.ts) on several threads straight into the
 * shared u8 matrix: cut points from the same seeded row sample computeBins uses (read span by span
 * from the spill, so the bins equal the in-memory path's), then the spill is read once, block by
 * block, by every thread. The float matrix is never held whole.
 */
import type { SpilledCsv } from '../data/csv-spill.js';
import type { Ptr } from '../wasm/kernels.js';
import { ROW_MAJOR_SLACK } from '../wasm/memory-budget.js';
import type { Engine } from '../wasm/load.js';
import { CLAIM_WORDS, runSpillBinning, spillBlockBytes, type SpillBinJob } from '../wasm/spill-binner.js';
import { cutTable, type FeatureBins } from './bin-mapper.js';
import { Binners } from './binners.js';
import { spilledCutsOnThreads } from './spill-cuts.js';

/** Rows [first, first + rows) of a spilled file, binned into one shard's kernel memory; rowMajor: also the row-major copy. */
export interface SpillWindow {
  first: number;
  rows: number;
  rowMajor: boolean;
}

/** The spilled ranges overlapping a window of rows: index, first row inside the range, rows. */
function windowRanges(data: SpilledCsv, w: SpillWindow): { range: number; at: number; rows: number }[] {
  const out: { range: number; at: number; rows: number }[] = [];
  let start = 0;
  data.ranges.forEach((r, range) => {
    const lo = Math.max(w.first, start), hi = Math.min(w.first + w.rows, start + r.rows);
    if (hi > lo) out.push({ range, at: lo - start, rows: hi - lo });
    start += r.rows;
  });
  return out;
}

/** Blocks of rows a window of the file is binned in (binning threads beyond it would idle). */
function blockCount(data: SpilledCsv, window: SpillWindow, blockRows: number): number {
  return windowRanges(data, window).reduce((s, p) => s + Math.ceil(p.rows / blockRows), 0);
}

/** The column-major matrix and its row-major copy (0 without one) for a window, in kernel memory. */
function allocMatrices(engine: Engine, nF: number, window: SpillWindow): { bins: Ptr; binsRM: Ptr } {
  const { arena } = engine;
  const bins = arena.alloc(window.rows * nF);
  const binsRM = window.rowMajor ? arena.alloc(window.rows * nF + ROW_MAJOR_SLACK) : 0;
  return { bins, binsRM };
}

const WHOLE = (data: SpilledCsv): SpillWindow => ({ first: 0, rows: data.nRows, rowMajor: true });

/**
 * Codes every spilled row (or a window of them) into new column-major and row-major u8 matrices
 * in kernel memory on `threads` threads (the calling one included). blockRows: rows per claimed
 * block (default the spill's own); the matrices do not depend on it or on the thread count.
 */
export function binSpilled(engine: Engine, data: SpilledCsv, fbins: FeatureBins[], threads: number,
  blockRows = data.blockRows, window: SpillWindow = WHOLE(data)): { bins: Ptr; binsRM: Ptr } {
  const out = allocMatrices(engine, data.schema.features.length, window);
  const binners = new Binners(engine, Math.min(threads, blockCount(data, window, blockRows)) - 1);
  try {
    binInto(engine, data, fbins, out, binners, blockRows, window);
  } finally {
    binners.close();
  }
  return out;
}

/**
 * A whole spilled file's bins and matrices on `threads` threads: the binning workers start
 * first and boot while this thread reads the cut sample, then they sort and cut the samples with
 * it (spilledCutsOnThreads) and bin the rows. The same bins and matrices as spilledCuts and binSpilled.
 */
export function binSpilledFile(engine: Engine, data: SpilledCsv, maxBin: number, seed: number, threads: number): { fbins: FeatureBins[]; bins: Ptr; binsRM: Ptr } {
  const window = WHOLE(data);
  const binners = new Binners(engine, Math.min(threads, blockCount(data, window, data.blockRows)) - 1);
  try {
    const out = allocMatrices(engine, data.schema.features.length, window);
    const fbins = spilledCutsOnThreads(engine, data, maxBin, seed, binners);
    binInto(engine, data, fbins, out, binners, data.blockRows, window);
    return { fbins, ...out };
  } finally {
    binners.close();
  }
}

/** Bins the window into `out` on the calling thread and the binners. */
function binInto(engine: Engine, data: SpilledCsv, fbins: FeatureBins[], out: { bins: Ptr; binsRM: Ptr }, binners: Binners,
  blockRows: number, window: SpillWindow): void {
  const { arena, kernels } = engine;
  const n = window.rows;
  const nF = data.schema.features.length;
  const mark = arena.mark();
  const tables = fbins.map((b) => {
    return b.kind === 'numeric' ? arena.put(cutTable(b.cuts)) : 0;
  });
  const guides = tables.map((t) => {
    if (t === 0) return 0;
    const g = arena.alloc(kernels.binGuideBytes());
    kernels.binGuide(t, g);
    return g;
  });
  const parts = windowRanges(data, window);
  const ranges = parts.map((p) => data.ranges[p.range]!);
  const maps = ranges.map((range) => range.levelMap.map((local, f) => {
    if (!local) return 0;
    // Local code -> bin, through the sorted level index.
    const toBin = Int32Array.from(local, (level) => fbins[f]!.levelToBin![level]!);
    return arena.put(toBin.length > 0 ? toBin : new Int32Array(1));
  }));
  const ctl = arena.put(new Int32Array(CLAIM_WORDS));
  const scratch = Array.from({ length: binners.size + 1 }, () => arena.alloc(spillBlockBytes(blockRows, nF)));
  const job: SpillBinJob = {
    spills: ranges.map((r) => r.spill), rangeRows: parts.map((p) => p.rows), rangeAt: parts.map((p) => p.at), nFeatures: nF, nRows: n, blockRows,
    bins: out.bins, binsRM: out.binsRM, tables, guides, maps, levels: ranges.map((r) => r.levelMap.map((l) => (l ? Math.max(l.length, 1) : 0))), ctl,
  };
  try {
    binners.run('bin', job, ctl, scratch, () => { runSpillBinning(kernels, arena.memory, job, scratch[0]!); });
  } finally {
    arena.reset(mark);
  }
}
