/**
 * Cut points of a spilled training CSV (src/data/csv-spill.ts), equal to computeBins' on the same
 * rows: the same seeded row sample, read from the spill span by span, sorted and cut per numeric
 * feature. On several threads (spilledCutsOnThreads) the samples are gathered into kernel memory
 * and the per-feature sorts and cuts are claimed one feature at a time by every thread; a
 * feature's cuts depend only on its sample, so they are the same for any thread count.
 */
import { closeSync, openSync } from 'node:fs';
import type { SpilledCsv } from '../data/csv-spill.js';
import { readSpilledRows } from '../data/spill-rows.js';
import { words } from '../wasm/addressing.js';
import type { Ptr } from '../wasm/kernels.js';
import type { Engine } from '../wasm/load.js';
import { CLAIM_FAILED, CLAIM_NEXT, CLAIM_WORDS, claimWords } from '../wasm/spill-binner.js';
import { categoricalBinsFromCounts, MAX_VALUE_BINS, numericCuts, sampleRows, type FeatureBins } from './bin-mapper.js';
import type { Binners } from './binners.js';
import { sortFloat32In } from './float-sort.js';

/**
 * Reads of the cut sample: sampled rows fewer than GAP_BYTES apart share one read of at most
 * SPAN_BYTES (a read call costs about as much as copying a few kilobytes more).
 */
const SPAN_BYTES = 1 << 20;
const GAP_BYTES = 16 << 10;

/** The sampled rows' values of the numeric features: into[j] gets feature numeric[j]'s non-missing values in row order; returns how many each. */
function readCutSample(data: SpilledCsv, sample: Uint32Array | null, numeric: number[], into: Float32Array[]): Int32Array {
  const nF = data.schema.features.length;
  const m = sample ? sample.length : data.nRows;
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
              if (v === v) into[j]![filled[j]!++] = v;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    }
    first = end;
  }
  return filled;
}

/** Indices of the numeric features. */
function numericFeatures(data: SpilledCsv): number[] {
  return data.schema.features.map((f, k) => (f.kind === 'numeric' ? k : -1)).filter((k) => k >= 0);
}

/** Every feature's bins, from the numeric features' cuts (in `numeric` order) and the categorical level counts. */
function featureBins(data: SpilledCsv, maxBins: number, numeric: number[], cutsOf: (j: number) => Float32Array): FeatureBins[] {
  return data.schema.features.map((spec, f): FeatureBins => {
    if (spec.kind === 'categorical') return categoricalBinsFromCounts(data.levelCounts[f]!, spec.levels!.length, maxBins);
    const cuts = cutsOf(numeric.indexOf(f));
    const min = data.min[f]!;
    return { kind: 'numeric', nBins: cuts.length + 1, cuts, min: Number.isFinite(min) ? min : 0 };
  });
}

/** Bin boundaries of every feature on the calling thread; the engine's kernels sort the samples. */
export function spilledCuts(engine: Engine, data: SpilledCsv, maxBin: number, seed: number): FeatureBins[] {
  const maxBins = Math.min(maxBin, MAX_VALUE_BINS);
  const sample = sampleRows(data.nRows, seed);
  const m = sample ? sample.length : data.nRows;
  const numeric = numericFeatures(data);
  const vals = numeric.map(() => new Float32Array(m));
  const filled = readCutSample(data, sample, numeric, vals);
  return featureBins(data, maxBins, numeric, (j) => {
    const column = vals[j]!.subarray(0, filled[j]!);
    return numericCuts(sortFloat32In(engine, column), maxBins, 'quantile');
  });
}

/** One sorting job: per numeric feature, its sample column in kernel memory, its values, and room for its cuts (f32 x MAX_VALUE_BINS; nCuts of them are written). */
export interface CutSortJob {
  columns: Ptr[];
  counts: number[];
  tables: Ptr[];
  /** i32 per column: cuts written to its table. */
  nCuts: Ptr;
  maxBins: number;
  ctl: Ptr;
}

/** Claims features and sorts and cuts their samples until none is left (or another thread failed). scratch: sortScratchBytes of the longest column. */
export function runCutSorting(engine: Engine, job: CutSortJob, scratch: Ptr): void {
  const { arena, kernels } = engine;
  const nCols = job.columns.length;
  for (;;) {
    const ctl = claimWords(arena.memory, job.ctl);
    if (Atomics.load(ctl, CLAIM_FAILED)) break;
    const j = Atomics.add(ctl, CLAIM_NEXT, 1);
    if (j >= nCols) break;
    const n = job.counts[j]!;
    kernels.sortF32(job.columns[j]!, n, scratch);
    const cuts = numericCuts(arena.f32(job.columns[j]!, n), job.maxBins, 'quantile');
    arena.f32(job.tables[j]!, cuts.length).set(cuts);
    arena.i32(job.nCuts, nCols)[j] = cuts.length;
  }
}

/**
 * spilledCuts with the sorts and cuts shared by the calling thread and `binners`: the same bins.
 * The samples live in kernel memory only for the call.
 */
export function spilledCutsOnThreads(engine: Engine, data: SpilledCsv, maxBin: number, seed: number, binners: Binners): FeatureBins[] {
  const { arena, kernels } = engine;
  const maxBins = Math.min(maxBin, MAX_VALUE_BINS);
  const sample = sampleRows(data.nRows, seed);
  const m = sample ? sample.length : data.nRows;
  const numeric = numericFeatures(data);
  const mark = arena.mark();
  const columns = numeric.map(() => arena.alloc(words(m)));
  const tables = numeric.map(() => arena.alloc(words(MAX_VALUE_BINS)));
  const nCuts = arena.alloc(words(numeric.length));
  const ctl = arena.put(new Int32Array(CLAIM_WORDS));
  const scratch = Array.from({ length: binners.size + 1 }, () => arena.alloc(kernels.sortScratchBytes(m)));
  // Views made after the last allocation: growing the memory would detach them.
  const filled = readCutSample(data, sample, numeric, columns.map((c) => arena.f32(c, m)));
  const job: CutSortJob = { columns, counts: Array.from(filled), tables, nCuts, maxBins, ctl };
  binners.run('cuts', job, ctl, scratch, () => runCutSorting(engine, job, scratch[0]!));
  const counts = Int32Array.from(arena.i32(nCuts, numeric.length));
  const out = featureBins(data, maxBins, numeric, (j) => Float32Array.from(arena.f32(tables[j]!, counts[j]!)));
  arena.reset(mark);
  return out;
}
