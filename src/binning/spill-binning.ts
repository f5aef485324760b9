/**
 * Binning a spilled training CSV (src/data/csv-spill.ts) on several threads straight into the
 * shared u8 matrix: cut points from the same seeded row sample computeBins uses (read span by span
 * from the spill, so the bins equal the in-memory path's), then the spill is read once, block by
 * block, by every thread. The float matrix is never held whole.
 */
import { closeSync, openSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { readSpilledRows, type SpilledCsv } from '../data/csv-spill.js';
import { ThicketError } from '../errors.js';
import { compiledFile } from '../util/compiled-file.js';
import type { Ptr } from '../wasm/kernels.js';
import { ROW_MAJOR_SLACK } from '../wasm/memory-budget.js';
import { kernelModule, type Engine } from '../wasm/load.js';
import {
  CLAIM_DONE, CLAIM_FAILED, CLAIM_WORDS, claimWords, runSpillBinning, spillBlockBytes, type SpillBinJob,
} from '../wasm/spill-binner.js';
import { categoricalBinsFromCounts, MAX_VALUE_BINS, numericCuts, sampleRows, type FeatureBins } from './bin-mapper.js';
import type { SpillBinWorkerData } from './spill-bin-worker.js';
import { sortFloat32, sortFloat32In } from './float-sort.js';

/**
 * Reads of the cut sample: sampled rows fewer than GAP_BYTES apart share one read of at most
 * SPAN_BYTES (a read call costs about as much as copying a few kilobytes more).
 */
const SPAN_BYTES = 1 << 20;
const GAP_BYTES = 16 << 10;

/** A binning thread that makes no progress for this long is taken as lost. */
const STALL_LIMIT_MS = 120_000;

/**
 * Bin boundaries of every feature, equal to computeBins' on the same rows (the sampled rows are
 * read from the spill). engine: the samples are sorted by its kernels (else in JS, same order).
 */
export function spilledCuts(data: SpilledCsv, maxBin: number, seed: number, engine?: Engine): FeatureBins[] {
  const { schema, nRows } = data;
  const nF = schema.features.length;
  const maxBins = Math.min(maxBin, MAX_VALUE_BINS);
  const sample = sampleRows(nRows, seed);
  const m = sample ? sample.length : nRows;
  const numeric = schema.features.map((f, k) => (f.kind === 'numeric' ? k : -1)).filter((k) => k >= 0);
  const vals = numeric.map(() => new Float32Array(m));
  const filled = new Int32Array(numeric.length);
  const rowBytes = nF * Float32Array.BYTES_PER_ELEMENT;
  const spanRows = Math.max(1, Math.floor(SPAN_BYTES / rowBytes));
  const gapRows = Math.max(1, Math.floor(GAP_BYTES / rowBytes));
  const span = new Float32Array(spanRows * nF);
  const at = (q: number) => (sample ? sample[q]! : q);
  let p = 0;
  let first = 0;
  for (const range of data.ranges) {
    const end = first + range.rows;
    if (p < m && at(p) < end) {
      const fd = openSync(range.spill, 'r');
      try {
        while (p < m && at(p) < end) {
          const from = at(p);
          let q = p + 1;
          while (q < m && at(q) < end && at(q) - from < spanRows && at(q) - at(q - 1) <= gapRows) q++;
          const rows = at(q - 1) - from + 1;
          readSpilledRows(fd, range.spill, span.subarray(0, rows * nF), from - first, nF);
          for (; p < q; p++) {
            const base = (at(p) - from) * nF;
            for (let j = 0; j < numeric.length; j++) {
              const v = span[base + numeric[j]!]!;
              if (v === v) vals[j]![filled[j]!++] = v;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    }
    first = end;
  }
  return schema.features.map((spec, f): FeatureBins => {
    if (spec.kind === 'categorical') return categoricalBinsFromCounts(data.levelCounts[f]!, spec.levels!.length, maxBins);
    const j = numeric.indexOf(f);
    const column = vals[j]!.subarray(0, filled[j]!);
    const cuts = numericCuts(engine ? sortFloat32In(engine, column) : sortFloat32(column), maxBins, 'quantile');
    const min = data.min[f]!;
    return { kind: 'numeric', nBins: cuts.length + 1, cuts, min: Number.isFinite(min) ? min : 0 };
  });
}

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

/**
 * Codes every spilled row (or a window of them) into new column-major and row-major u8 matrices
 * in kernel memory on `threads` threads (the calling one included). blockRows: rows per claimed
 * block (default the spill's own); the matrices do not depend on it or on the thread count.
 */
export function binSpilled(engine: Engine, data: SpilledCsv, fbins: FeatureBins[], threads: number,
  blockRows = data.blockRows, window: SpillWindow = { first: 0, rows: data.nRows, rowMajor: true }): { bins: Ptr; binsRM: Ptr } {
  const { arena, kernels } = engine;
  const n = window.rows;
  const nF = data.schema.features.length;
  const bins = arena.alloc(n * nF);
  const binsRM = window.rowMajor ? arena.alloc(n * nF + ROW_MAJOR_SLACK) : 0;
  const mark = arena.mark();
  const tables = fbins.map((b) => {
    if (b.kind !== 'numeric') return 0;
    // NaN padding compares false, so even +Infinity counts only real cuts.
    const t = new Float32Array(MAX_VALUE_BINS).fill(NaN);
    t.set(b.cuts);
    return arena.put(t);
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
  const blocks = parts.reduce((s, p) => s + Math.ceil(p.rows / blockRows), 0);
  const nThreads = Math.max(1, Math.min(threads, blocks));
  const scratch = Array.from({ length: nThreads }, () => arena.alloc(spillBlockBytes(blockRows, nF)));
  const job: SpillBinJob = {
    spills: ranges.map((r) => r.spill), rangeRows: parts.map((p) => p.rows), rangeAt: parts.map((p) => p.at), nFeatures: nF, nRows: n, blockRows,
    bins, binsRM, tables, maps, levels: ranges.map((r) => r.levelMap.map((l) => (l ? Math.max(l.length, 1) : 0))), ctl,
  };
  const workers = startWorkers(engine, job, scratch.slice(1));
  let failure: unknown = null;
  try {
    runSpillBinning(kernels, arena.memory, job, scratch[0]!);
  } catch (err) {
    Atomics.store(claimWords(arena.memory, ctl), CLAIM_FAILED, 1);
    failure = err;
  }
  const errors = awaitWorkers(engine, ctl, workers);
  arena.reset(mark);
  if (failure) throw failure;
  if (errors.length > 0 || Atomics.load(claimWords(arena.memory, ctl), CLAIM_FAILED)) {
    throw new ThicketError(`binning the spilled rows failed: ${errors.join('; ') || 'a binning thread failed'}`);
  }
  return { bins, binsRM };
}

interface Started { worker: Worker; port: MessagePort }

function startWorkers(engine: Engine, job: SpillBinJob, scratch: Ptr[]): Started[] {
  const file = compiledFile(import.meta.url, 'binning', 'spill-bin-worker.js');
  const module = kernelModule();
  return scratch.map((s) => {
    const { port1, port2 } = new MessageChannel();
    const workerData: SpillBinWorkerData = { memory: engine.arena.memory, module, job, scratch: s, port: port2 };
    const worker = new Worker(file, { workerData, transferList: [port2] });
    worker.unref();
    return { worker, port: port1 };
  });
}

/** Blocks the calling thread until every worker has finished; returns their error messages. */
function awaitWorkers(engine: Engine, ctl: Ptr, workers: Started[]): string[] {
  const words = claimWords(engine.arena.memory, ctl);
  let last = -1;
  let since = Date.now();
  for (;;) {
    const done = Atomics.load(words, CLAIM_DONE);
    if (done >= workers.length) break;
    if (done !== last) { last = done; since = Date.now(); }
    if (Date.now() - since > STALL_LIMIT_MS) {
      Atomics.store(words, CLAIM_FAILED, 1);
      workers.forEach((w) => void w.worker.terminate());
      return [`a binning thread made no progress for ${STALL_LIMIT_MS / 1000} s`];
    }
    Atomics.wait(words, CLAIM_DONE, done, 1000);
  }
  const errors: string[] = [];
  for (const w of workers) {
    for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) errors.push(String(m.message));
    w.port.close();
    void w.worker.terminate();
  }
  return errors;
}
