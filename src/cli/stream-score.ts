/** Streaming `predict` and `evaluate` over large CSV, Arrow IPC and Parquet files (by row group): rows are read, scored and written in batches, so memory does not grow with the file. */
import { applySchema } from '../data/apply-schema.js';
import { readCsvBatches, type Batch } from '../data/csv-batches.js';
import { checkFile } from '../data/file-source.js';
import type { Dataset, Frame, Schema } from '../data/frame.js';
import { unseenLevelsWarning } from '../data/messages.js';
import { formatOf } from '../data/read-frame.js';
import type { Prediction } from '../predict/predictor.js';
import type { Scorer } from '../api/scorer.js';
import { warn, type CliIO } from './io.js';
import { readProgress } from './read-progress.js';
import { scoreData } from './score-data.js';

/** Files at least this large (bytes) are read by the parallel, streaming path (train) or in batches (predict, evaluate, train's --valid). THICKET_STREAM=1 / 0 forces it on / off. */
export const STREAM_MIN_BYTES = 64 << 20;

/** Rows per batch: large enough that per-batch costs vanish, small enough to keep memory flat (~30 MB at 28 features). */
export const SCORE_BATCH_ROWS = 131072;

/** Whether `path` is scored in batches: a CSV (or .csv.gz), Arrow IPC or Parquet file of at least STREAM_MIN_BYTES for a single model; THICKET_STREAM=1 / 0 forces it on / off. */
export async function streamsScoring(path: string, scorer: Scorer): Promise<boolean> {
  return scorer.kind === 'single' && streamsFile(path);
}

/** Whether `path` is read in batches: a CSV (or .csv.gz), Arrow IPC or Parquet file of at least STREAM_MIN_BYTES; THICKET_STREAM=1 / 0 forces it on / off. */
export async function streamsFile(path: string): Promise<boolean> {
  const force = process.env.THICKET_STREAM;
  const format = formatOf(path);
  // Streaming reads comma-separated files only (.tsv and --delimiter read whole).
  if (force === '0' || (format !== 'csv' && format !== 'arrow' && format !== 'parquet') || /\.tsv(\.gz)?$/i.test(path)) return false;
  return force === '1' || (await checkFile(path)) >= STREAM_MIN_BYTES;
}

/**
 * The batches of `path` encoded with `schema` (features, and the target when required). Unseen
 * categorical levels give one warning per column after the last batch, as for a whole file.
 */
async function* schemaBatches(path: string, schema: Schema, requireTarget: boolean, io: CliIO, rowsPerBatch: number,
  prepare: (frame: Frame) => Frame = (f) => f): AsyncGenerator<{ data: Dataset; batch: Batch }> {
  const keep = new Set(schema.features.map((f) => f.name));
  if (requireTarget) keep.add(schema.target.name);
  const unseen = new Map<string, { rows: number; examples: string[] }>();
  const progress = readProgress(path, (line) => io.stderr(line + '\n'));
  let total = 0;
  try { total = await checkFile(path); } catch { /* reported by the reader */ }
  const format = formatOf(path);
  const batches = format === 'arrow' ? (await import('../data/arrow-reader.js')).readArrowBatches(path)
    : format === 'parquet' ? (await import('../data/parquet-reader.js')).readParquetBatches(path)
      : readCsvBatches(path, rowsPerBatch, { keep, onProgress: (bytes, rows) => progress(bytes, rows, total) });
  for await (const batch of batches) {
    yield { data: applySchema(prepare(batch.frame), schema, { requireTarget, rowOffset: batch.firstRow, unseen }), batch };
  }
  for (const [column, u] of unseen) warn(io, unseenLevelsWarning(path, column, u.rows, u.examples));
}

/**
 * Reads `path` in batches encoded with `schema`, scores each and hands it to `each` with its
 * first row. Returns the rows and the seconds spent scoring.
 */
export async function scoreInBatches(path: string, schema: Schema, scorer: Scorer, _nthread: number, requireTarget: boolean, io: CliIO,
  each: (data: Dataset, pred: Prediction, batch: Batch) => void, rowsPerBatch = SCORE_BATCH_ROWS): Promise<{ nRows: number; predictSeconds: number }> {
  let nRows = 0;
  let scoring = 0;
  for await (const { data, batch } of schemaBatches(path, schema, requireTarget, io, rowsPerBatch, (f) => scorer.prepare(f))) {
    const t = performance.now();
    // A batch predicts on this thread: starting a worker pool per batch costs more than it saves.
    const pred = await scoreData(scorer, data, 1);
    scoring += performance.now() - t;
    each(data, pred, batch);
    nRows += data.nRows;
  }
  return { nRows, predictSeconds: Number((scoring / 1000).toFixed(4)) };
}

/**
 * A whole dataset (train's --valid) read in batches encoded with the training schema: the file is
 * never held as parsed text or float64 columns, only as the float32 batches and then the dataset.
 */
export async function readInBatches(path: string, schema: Schema, io: CliIO, rowsPerBatch = SCORE_BATCH_ROWS): Promise<Dataset> {
  const parts: (Dataset | undefined)[] = [];
  for await (const { data } of schemaBatches(path, schema, true, io, rowsPerBatch)) parts.push(data);
  const n = parts.reduce((a, p) => a + p!.nRows, 0);
  const nF = schema.features.length;
  const features = new Float32Array(n * nF);
  const target = new Float64Array(n);
  let at = 0;
  // Column-major: each batch's column f goes to rows [at, at + its rows) of column f; a batch is let go once copied.
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    parts[i] = undefined;
    for (let f = 0; f < nF; f++) features.set(p.features.subarray(f * p.nRows, (f + 1) * p.nRows), f * n + at);
    target.set(p.target!, at);
    at += p.nRows;
  }
  return { schema, nRows: n, features, target };
}
