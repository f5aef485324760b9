/** Reads a .csv or .csv.gz file as a stream of Frames of at most `rowsPerBatch` rows, so scoring a file needs memory for one batch, not the file. */

import type { Frame } from './frame.js';
import { CsvColumn, type ColumnMode } from './csv-column.js';
import { headerColumns, type ReadOptions } from './csv-reader.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { checkFile, readChunks } from './file-source.js';
import { emptyFile, headerOnly, raggedRow } from './messages.js';

/** Most values one batch stores (rows x kept columns): 128 MB of float64. */
const BATCH_CELLS = 1 << 24;

export interface BatchOptions extends ReadOptions {
  /** Columns to keep (others are tokenized but not stored); all when omitted. */
  keep?: ReadonlySet<string>;
  /** Called after each read with the bytes read and rows seen so far, for progress lines. */
  onProgress?: (bytes: number, rows: number) => void;
}

export interface Batch {
  /** The Frame readCsv would give for the header plus these rows (kinds inferred per batch; messages name the file's lines). */
  frame: Frame;
  /** Data rows before this batch. */
  firstRow: number;
}

/**
 * Yields the file's rows in batches. Rows of a column that turns categorical after numbers get
 * their text back from the batch's own bytes, which are held until the batch is done.
 */
export async function* readCsvBatches(path: string, rowsPerBatch: number, opts: BatchOptions = {}): AsyncGenerator<Batch> {
  if ((await checkFile(path)) === 0) throw emptyFile(path);
  const gzip = path.toLowerCase().endsWith('.gz');
  let columns: CsvColumn[] | undefined;
  let specs: { name: string; mode: ColumnMode }[] = [];
  let kept: number[] = [];
  let rows = 0; // in the current batch
  let firstRow = 0;
  let bytes = 0;
  let batchStart = 0; // input offset of the batch's first record
  let inputBase = 0; // input offset of held[0]
  const held: Buffer[] = [];
  const ready: Batch[] = [];

  const finishBatch = (end: number) => {
    const cols = columns!;
    const toRecover = kept.filter((c) => cols[c]!.recoverBefore > 0);
    if (toRecover.length > 0) {
      const bytesOfBatch = Buffer.concat(held).subarray(batchStart - inputBase, end - inputBase);
      recover(path, bytesOfBatch, cols, toRecover);
    }
    ready.push({ frame: { source: path, nRows: rows, columns: kept.map((c) => cols[c]!.finish(rows)) }, firstRow });
    firstRow += rows;
    rows = 0;
    batchStart = end;
    columns = newColumns();
  };
  // Storage for the kept columns only: a file of a million columns, of which the model reads a
  // few, must not allocate a batch of rows for each.
  const newColumns = () => {
    const unused = new CsvColumn('', 'infer', path, 0);
    return specs.map((s, k) => (keptSet.has(k) ? new CsvColumn(s.name, s.mode, path, capacity) : unused));
  };
  let keptSet = new Set<number>();
  let capacity = rowsPerBatch;

  const tokenizer: CsvTokenizer = new CsvTokenizer(path, (buf, nFields, line) => {
    const { starts, ends, flags } = tokenizer;
    if (nFields === 1 && starts[0] === ends[0] && flags[0] === 0) return; // blank line
    if (columns === undefined) {
      const named = headerColumns(path, buf, nFields, tokenizer, opts, 0);
      const cat = new Set(opts.categorical ?? []);
      const num = new Set(opts.numeric ?? []);
      specs = named.map((c) => ({ name: c.name, mode: cat.has(c.name) ? 'categorical' : num.has(c.name) ? 'numeric' : 'infer' }));
      kept = named.map((c, k) => (opts.keep === undefined || opts.keep.has(c.name) ? k : -1)).filter((k) => k >= 0);
      keptSet = new Set(kept);
      // A batch holds at most BATCH_CELLS values (a narrow file's batch is far below it).
      capacity = Math.max(1, Math.min(rowsPerBatch, Math.floor(BATCH_CELLS / Math.max(1, kept.length))));
      columns = newColumns();
      batchStart = tokenizer.recordEnd;
      return;
    }
    if (nFields !== specs.length) throw raggedRow(path, line, nFields, specs.length);
    for (const c of kept) columns[c]!.add(buf, starts[c]!, ends[c]!, flags[c]!, rows, line);
    rows++;
    // recordEnd is already this record's end: close a full batch right here.
    if (rows === capacity) finishBatch(tokenizer.recordEnd);
  });

  for await (const chunk of readChunks(path, gzip, 1 << 20)) {
    held.push(chunk);
    bytes += chunk.length;
    tokenizer.push(chunk);
    while (held.length > 1 && inputBase + held[0]!.length <= batchStart) inputBase += held.shift()!.length;
    opts.onProgress?.(bytes, firstRow + rows);
    while (ready.length > 0) yield ready.shift()!;
  }
  tokenizer.end();
  if (bytes === 0 || columns === undefined) throw emptyFile(path);
  if (rows > 0) finishBatch(tokenizer.recordEnd);
  if (firstRow === 0) throw headerOnly(path);
  while (ready.length > 0) yield ready.shift()!;
}

/** Fills in the text of rows stored as numbers before their column turned categorical, from the batch's bytes. */
function recover(path: string, bytes: Buffer, columns: CsvColumn[], indices: number[]): void {
  let row = 0;
  const tokenizer: CsvTokenizer = new CsvTokenizer(path, (buf, nFields) => {
    const { starts, ends, flags } = tokenizer;
    if (nFields === 1 && starts[0] === ends[0] && flags[0] === 0) return;
    for (const c of indices) {
      const column = columns[c]!;
      if (row < column.recoverBefore) column.recover(buf, starts[c]!, ends[c]!, flags[c]!, row);
    }
    row++;
  }, false);
  tokenizer.push(bytes);
  tokenizer.end();
}
