/** Streaming `predict` and `evaluate` over large CSV, Arrow IPC and Parquet files (by row group): rows are read, scored and written in batches, so memory does not grow with the file. */
import { applySchema } from '../data/apply-schema.js';
import { readCsvBatches, type Batch } from '../data/csv-batches.js';
import { checkFile } from '../data/file-source.js';
import type { Dataset, Schema } from '../data/frame.js';
import { unseenLevelsWarning } from '../data/messages.js';
import { formatOf } from '../data/read-frame.js';
import type { Prediction } from '../predict/predictor.js';
import type { Scorer } from '../api/scorer.js';
import { STREAM_MIN_BYTES } from './train.js';
import { warn, type CliIO } from './io.js';
import { readProgress } from './read-progress.js';
import { scoreData } from './score-data.js';

/** Rows per batch: large enough that per-batch costs vanish, small enough to keep memory flat (~30 MB at 28 features). */
export const SCORE_BATCH_ROWS = 131072;

/** Whether `path` is scored in batches: a CSV (or .csv.gz), Arrow IPC or Parquet file of at least STREAM_MIN_BYTES for a single model; THICKET_STREAM=1 / 0 forces it on / off. */
export async function streamsScoring(path: string, scorer: Scorer): Promise<boolean> {
  const force = process.env.THICKET_STREAM;
  const format = formatOf(path);
  // Streaming reads comma-separated files only (.tsv and --delimiter read whole).
  if (force === '0' || scorer.kind !== 'single' || (format !== 'csv' && format !== 'arrow' && format !== 'parquet') || /\.tsv(\.gz)?$/i.test(path)) return false;
  return force === '1' || (await checkFile(path)) >= STREAM_MIN_BYTES;
}

/**
 * Reads `path` in batches encoded with `schema`, scores each and hands it to `each` with its
 * first row. Unseen categorical levels give one warning per column at the end, as for a whole
 * file. Returns the rows and the seconds spent scoring.
 */
export async function scoreInBatches(path: string, schema: Schema, scorer: Scorer, _nthread: number, requireTarget: boolean, io: CliIO,
  each: (data: Dataset, pred: Prediction, batch: Batch) => void, rowsPerBatch = SCORE_BATCH_ROWS): Promise<{ nRows: number; predictSeconds: number }> {
  const keep = new Set(schema.features.map((f) => f.name));
  if (requireTarget) keep.add(schema.target.name);
  const unseen = new Map<string, { rows: number; examples: string[] }>();
  const progress = readProgress(path, (line) => io.stderr(line + '\n'));
  let total = 0;
  try { total = await checkFile(path); } catch { /* reported by the reader */ }
  let nRows = 0;
  let scoring = 0;
  const format = formatOf(path);
  const batches = format === 'arrow' ? (await import('../data/arrow-reader.js')).readArrowBatches(path)
    : format === 'parquet' ? (await import('../data/parquet-reader.js')).readParquetBatches(path)
      : readCsvBatches(path, rowsPerBatch, { keep, onProgress: (bytes, rows) => progress(bytes, rows, total) });
  for await (const batch of batches) {
    const data = applySchema(scorer.prepare(batch.frame), schema, { requireTarget, rowOffset: batch.firstRow, unseen });
    const t = performance.now();
    // A batch predicts on this thread: starting a worker pool per batch costs more than it saves.
    const pred = await scoreData(scorer, data, 1);
    scoring += performance.now() - t;
    each(data, pred, batch);
    nRows += data.nRows;
  }
  for (const [column, u] of unseen) warn(io, unseenLevelsWarning(path, column, u.rows, u.examples));
  return { nRows, predictSeconds: Number((scoring / 1000).toFixed(4)) };
}
