/**
 * Bins a spilled training CSV (csv-spill.ts) straight into kernel memory, block by block: cut
 * points from the same seeded row sample computeBins uses (so the bins equal the in-memory
 * path's), then each block's float32 columns are coded into the u8 matrix; the float matrix is
 * never held whole.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { SpilledCsv } from '../data/csv-spill.js';
import { binnedTraining, type TrainingData } from './training-data.js';
import type { Engine } from '../wasm/load.js';
import {
  categoricalBinsFromCounts, MAX_VALUE_BINS, numericCuts, sampleRows, type FeatureBins,
} from '../binning/bin-mapper.js';

/** Calls `each(block, rows, firstRow, range)` for every spilled block in row order; `block` is column-major (rows per column). */
export function forEachBlock(data: SpilledCsv, each: (block: Float32Array, rows: number, firstRow: number, range: number) => void): void {
  const nF = data.schema.features.length;
  const B = data.blockRows;
  const buf = new Float32Array(B * nF);
  const bytes = new Uint8Array(buf.buffer);
  let firstRow = 0;
  data.ranges.forEach((range, k) => {
    const fd = openSync(range.spill, 'r');
    try {
      for (let at = 0; at < range.rows; at += B) {
        const rows = Math.min(B, range.rows - at);
        const want = rows * nF * 4;
        let got = 0;
        while (got < want) {
          const n = readSync(fd, bytes, got, want - got, at * nF * 4 + got);
          if (n <= 0) throw new Error(`spill file ${range.spill} ended early`);
          got += n;
        }
        each(buf.subarray(0, rows * nF), rows, firstRow + at, k);
      }
    } finally {
      closeSync(fd);
    }
    firstRow += range.rows;
  });
}

/** Bin boundaries of every feature, equal to computeBins' on the same rows (the sample is read from the spill). */
export function spilledBins(data: SpilledCsv, maxBin: number, seed: number): FeatureBins[] {
  const { schema, nRows } = data;
  const maxBins = Math.min(maxBin, MAX_VALUE_BINS);
  const sample = sampleRows(nRows, seed);
  const m = sample ? sample.length : nRows;
  const numeric = schema.features.map((f, k) => (f.kind === 'numeric' ? k : -1)).filter((k) => k >= 0);
  const vals = numeric.map(() => new Float32Array(m));
  const filled = new Int32Array(numeric.length);
  let p = 0;
  forEachBlock(data, (block, rows, firstRow) => {
    const end = firstRow + rows;
    for (; sample ? p < m && sample[p]! < end : p < end; p++) {
      const r = (sample ? sample[p]! : p) - firstRow;
      numeric.forEach((f, j) => {
        const v = block[f * rows + r]!;
        if (v === v) vals[j]![filled[j]!++] = v;
      });
    }
  });
  return schema.features.map((spec, f): FeatureBins => {
    if (spec.kind === 'categorical') return categoricalBinsFromCounts(data.levelCounts[f]!, spec.levels!.length, maxBins);
    const j = numeric.indexOf(f);
    const cuts = numericCuts(vals[j]!.subarray(0, filled[j]!).sort(), maxBins, 'quantile');
    const min = data.min[f]!;
    return { kind: 'numeric', nBins: cuts.length + 1, cuts, min: Number.isFinite(min) ? min : 0 };
  });
}

/** The training data prepareTraining would give for the same file, built block by block from the spill. */
export function prepareSpilled(engine: Engine, data: SpilledCsv, maxBin: number, seed: number): TrainingData {
  const { schema, nRows: n } = data;
  const nF = schema.features.length;
  const { arena, kernels } = engine;
  const fbins = spilledBins(data, maxBin, seed);
  const bins = arena.alloc(n * nF);
  const mark = arena.mark();
  const col = arena.alloc(data.blockRows * 4);
  const table = arena.alloc(4 * MAX_VALUE_BINS);
  const maps = data.ranges.map((range) => range.levelMap.map((local, f) => {
    if (!local) return 0;
    // Local code -> bin, through the sorted level index.
    const toBin = Int32Array.from(local, (level) => fbins[f]!.levelToBin![level]!);
    return arena.put(toBin.length > 0 ? toBin : new Int32Array(1));
  }));
  forEachBlock(data, (block, rows, firstRow, k) => {
    fbins.forEach((b, f) => {
      arena.f32(col, rows).set(block.subarray(f * rows, (f + 1) * rows));
      const out = bins + f * n + firstRow;
      if (b.kind === 'numeric') {
        const t = arena.f32(table, MAX_VALUE_BINS);
        t.fill(NaN);
        t.set(b.cuts);
        kernels.binNumeric(col, rows, table, out);
      } else {
        kernels.binCategorical(col, rows, maps[k]![f]!, data.ranges[k]!.levelMap[f]!.length, out);
      }
    });
  });
  arena.reset(mark);
  return binnedTraining(engine, schema, fbins, bins, n, data.target);
}
