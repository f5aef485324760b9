/** Parses one byte range of a CSV file (whole records only) into float32 rows spilled to disk (row-major: a row's features side by side), for training without the float matrix in memory. */

import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { CsvTokenizer, ESCAPED, QUOTED } from './csv-tokenizer.js';
import { fieldText, validText } from './csv-column.js';
import { LevelEncoder } from './level-encoder.js';
import { NumberParser, NumberStatus } from './number-parser.js';
import type { ColumnMode } from './csv-column.js';

const LF = 10;
const QUOTE = 34;

/** What a worker is asked to parse. */
export interface RangeTask {
  path: string;
  /** Nominal byte range; the worker moves both ends to the record start after the first \n at or after offset - 1. */
  start: number;
  end: number;
  /** Offset of the first data record (after the header); the range starting there is not moved. */
  dataStart: number;
  /** Column modes in file order (the header's columns). */
  modes: ColumnMode[];
  /** Index of the target column, stored as float64 rather than spilled. */
  target: number;
  /** Rows per write to the spill file. */
  blockRows: number;
  /** Where the float32 rows go (one file per range, row-major). */
  spill: string;
  /** Bytes per read. */
  readBytes: number;
}

/** Per-column outcome of one range. */
export interface RangeColumn {
  /** Categorical from its first non-empty field (codes spilled as floats), else numeric. */
  categorical: boolean;
  /** Fields that parsed as numbers (or Inf or missing-value words) while the column was numeric. */
  numbers: number;
  /** An Inf word, a number beyond float32, or text in a --numeric column: the serial reader must report it. */
  bad: boolean;
  /** Turned categorical after numbers: the original text of those rows would need a second pass. */
  dirty: boolean;
  /** Smallest float32 value (numeric). */
  min: number;
  /** Categorical: levels in first-seen order within this range, and rows per level. */
  levels: string[];
  counts: number[];
}

/** What a range reports back. */
export interface RangeResult {
  rows: number;
  bytes: number;
  /** Quote bytes in the range, and how many of them opened, closed or escaped quoted fields. */
  quotes: number;
  structuralQuotes: number;
  /** A record failed to parse (ragged row, text after a quote, unterminated quote): the serial reader reports it. */
  failed: string | null;
  columns: RangeColumn[];
  /** Float64Array, length rows: the target's values, or its codes into columns[target].levels (-1 missing). */
  target: Float64Array;
}

/** The first record start at or after `offset`: just past the first \n at or after offset - 1. */
export function alignedStart(fd: number, offset: number, size: number, dataStart: number): number {
  if (offset <= dataStart) return dataStart;
  if (offset >= size) return size;
  const buf = Buffer.allocUnsafe(64 * 1024);
  let pos = offset - 1;
  while (pos < size) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    if (n <= 0) break;
    const k = buf.subarray(0, n).indexOf(LF);
    if (k >= 0) return pos + k + 1;
    pos += n;
  }
  return size;
}

function countQuotes(buf: Buffer): number {
  let n = 0;
  for (let k = buf.indexOf(QUOTE); k >= 0; k = buf.indexOf(QUOTE, k + 1)) n++;
  return n;
}

/** Parses the task's records; never throws for bad data (it sets `failed` so the caller can fall back to the serial reader). */
export function parseRange(task: RangeTask, size: number, onBytes?: (bytes: number, rows: number) => void): RangeResult {
  const fd = openSync(task.path, 'r');
  const out = openSync(task.spill, 'w');
  try {
    const from = alignedStart(fd, task.start, size, task.dataStart);
    const to = alignedStart(fd, task.end, size, task.dataStart);
    return parseBytes(task, fd, out, from, Math.max(from, to), onBytes);
  } finally {
    closeSync(fd);
    closeSync(out);
  }
}

function parseBytes(task: RangeTask, fd: number, out: number, from: number, to: number,
  onBytes?: (bytes: number, rows: number) => void): RangeResult {
  const parser = new RangeParser(task, out);
  let pos = from;
  while (pos < to && parser.running) {
    const chunk = Buffer.allocUnsafe(Math.min(task.readBytes, to - pos));
    const n = readSync(fd, chunk, 0, chunk.length, pos);
    if (n <= 0) break;
    parser.push(n < chunk.length ? chunk.subarray(0, n) : chunk);
    pos += n;
    onBytes?.(n, parser.newRows());
  }
  return parser.finish(to - from);
}

/**
 * Parses a whole stream (a gunzipped file) on this thread, skipping its first `skip` bytes (the
 * header), into `task.spill`.
 */
export async function parseStream(task: RangeTask, chunks: AsyncIterable<Buffer>, skip: number,
  onBytes?: (bytes: number, rows: number) => void): Promise<RangeResult> {
  const out = openSync(task.spill, 'w');
  try {
    const parser = new RangeParser(task, out);
    let seen = 0;
    for await (const chunk of chunks) {
      const from = Math.max(0, Math.min(chunk.length, skip - seen));
      seen += chunk.length;
      if (from < chunk.length) parser.push(from > 0 ? chunk.subarray(from) : chunk);
      onBytes?.(chunk.length, parser.newRows());
      if (!parser.running) break;
    }
    return parser.finish(seen - skip);
  } finally {
    closeSync(out);
  }
}

/** Tokenizes and parses records fed in chunks; float32 rows go to `out` a block at a time. Bad data stops it and is reported in the result. */
class RangeParser {
  private readonly nCols: number;
  private readonly B: number;
  private readonly nF: number;
  private readonly featureOf: Int32Array;
  private readonly block: Float32Array;
  private readonly columns: RangeColumn[];
  private readonly encoders: LevelEncoder[];
  private readonly numbers = new NumberParser();
  private readonly tokenizer: CsvTokenizer;
  private target = new Float64Array(1 << 16);
  private rows = 0;
  private inBlock = 0;
  private structural = 0;
  private quotes = 0;
  private failed: string | null = null;
  private reported = 0;

  constructor(private readonly task: RangeTask, private readonly out: number) {
    this.nCols = task.modes.length;
    this.B = task.blockRows;
    this.featureOf = new Int32Array(this.nCols).fill(-1);
    let nF = 0;
    for (let c = 0; c < this.nCols; c++) if (c !== task.target) this.featureOf[c] = nF++;
    this.nF = nF;
    this.block = new Float32Array(this.B * nF);
    this.columns = task.modes.map((mode) => ({
      categorical: mode === 'categorical', numbers: 0, bad: false, dirty: false, min: Infinity, levels: [], counts: [],
    }));
    this.encoders = task.modes.map(() => new LevelEncoder());
    this.tokenizer = new CsvTokenizer(task.path, (buf, nFields) => this.record(buf, nFields), false);
  }

  get running(): boolean {
    return !this.tokenizer.stopped && this.failed === null;
  }

  /** Rows parsed since the last call. */
  newRows(): number {
    const n = this.rows - this.reported;
    this.reported = this.rows;
    return n;
  }

  push(chunk: Buffer): void {
    if (!this.running) return;
    this.quotes += countQuotes(chunk);
    try {
      this.tokenizer.push(chunk);
    } catch (err) {
      this.failed = (err as Error).message;
    }
  }

  finish(bytes: number): RangeResult {
    try {
      if (this.running) this.tokenizer.end();
    } catch (err) {
      this.failed = (err as Error).message;
    }
    this.flush();
    this.columns.forEach((col, c) => { col.levels = this.encoders[c]!.levels; });
    return {
      rows: this.rows, bytes, quotes: this.quotes, structuralQuotes: this.structural, failed: this.failed,
      columns: this.columns, target: this.target.slice(0, this.rows),
    };
  }

  private flush(): void {
    const { nF, inBlock, block } = this;
    if (inBlock === 0) return;
    writeSync(this.out, block.subarray(0, inBlock * nF));
    this.inBlock = 0;
  }

  private record(buf: Buffer, nFields: number): boolean | void {
    const { starts, ends, flags } = this.tokenizer;
    const { nCols, columns, task, B, nF } = this;
    if (nFields === 1 && starts[0] === ends[0] && flags[0] === 0) return; // blank line
    if (nFields !== nCols) {
      this.failed = `record with ${nFields} fields, expected ${nCols}`;
      return false;
    }
    if (this.rows === this.target.length) {
      const grown = new Float64Array(this.target.length * 2);
      grown.set(this.target);
      this.target = grown;
    }
    const parser = this.numbers;
    const row = this.inBlock;
    for (let c = 0; c < nCols; c++) {
      const s = starts[c]!, e = ends[c]!, flag = flags[c]!;
      if (flag & QUOTED) {
        this.structural += 2;
        if (flag & ESCAPED) for (let k = s; k < e; k++) if (buf[k] === QUOTE) this.structural++;
      }
      const col = columns[c]!;
      let value = NaN;
      if (!col.categorical) {
        value = flag & ESCAPED ? NaN : parser.parse(buf, s, e);
        const status = flag & ESCAPED ? NumberStatus.Invalid : parser.status;
        if (status === NumberStatus.Ok) {
          col.numbers++;
          const f32 = Math.fround(value);
          if (f32 === Infinity || f32 === -Infinity) col.bad = true;
          if (f32 < col.min) col.min = f32;
        } else if (status === NumberStatus.NonFinite) {
          col.numbers++;
          col.bad = true;
          value = NaN;
        } else if (status === NumberStatus.Missing) {
          // Like a number: should the column turn out to be text, the serial reader recovers the word.
          col.numbers++;
        } else if (status === NumberStatus.Invalid) {
          if (task.modes[c] === 'numeric') col.bad = true;
          if (col.numbers > 0) col.dirty = true;
          col.categorical = true;
        }
      }
      if (col.categorical) {
        if (s === e) {
          value = -1;
        } else {
          const text = fieldText(buf, s, e, flag);
          // Bytes that are not UTF-8: the serial reader names the cell.
          if (!validText(text, buf, s, e)) col.bad = true;
          const code = this.encoders[c]!.code(text);
          if (code === col.counts.length) col.counts.push(0);
          col.counts[code]!++;
          value = code;
        }
        if (c !== task.target) value = value < 0 ? NaN : value;
      }
      if (c === task.target) this.target[this.rows] = value;
      else this.block[row * nF + this.featureOf[c]!] = value;
    }
    this.rows++;
    if (++this.inBlock === B) this.flush();
  }
}
