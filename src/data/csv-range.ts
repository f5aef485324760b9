/** Parses one byte range of a CSV file (whole records only) into float32 blocks spilled to disk, for training without the float matrix in memory. */

import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { CsvTokenizer, ESCAPED, QUOTED } from './csv-tokenizer.js';
import { fieldText } from './csv-column.js';
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
  /** Rows per spilled block. */
  blockRows: number;
  /** Where the float32 blocks go (one file per range). */
  spill: string;
  /** Bytes per read. */
  readBytes: number;
}

/** Per-column outcome of one range. */
export interface RangeColumn {
  /** Categorical from its first non-empty field (codes spilled as floats), else numeric. */
  categorical: boolean;
  /** Fields that parsed as numbers (or NaN/Inf words) while the column was numeric. */
  numbers: number;
  /** A NaN/Inf word, a number beyond float32, or text in a --numeric column: the serial reader must report it. */
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
  const nCols = task.modes.length;
  const B = task.blockRows;
  const featureOf = new Int32Array(nCols).fill(-1);
  let nF = 0;
  for (let c = 0; c < nCols; c++) if (c !== task.target) featureOf[c] = nF++;
  const block = new Float32Array(B * nF);
  const columns: RangeColumn[] = task.modes.map((mode) => ({
    categorical: mode === 'categorical', numbers: 0, bad: false, dirty: false, min: Infinity, levels: [], counts: [],
  }));
  const encoders = task.modes.map(() => new LevelEncoder());
  const parser = new NumberParser();
  let target = new Float64Array(1 << 16);
  let rows = 0;
  let inBlock = 0;
  let structural = 0;
  let quotes = 0;
  let failed: string | null = null;
  let reported = 0;

  const flush = () => {
    if (inBlock === 0) return;
    let bytes: Float32Array = block;
    if (inBlock < B) {
      bytes = new Float32Array(inBlock * nF);
      for (let f = 0; f < nF; f++) bytes.set(block.subarray(f * B, f * B + inBlock), f * inBlock);
    }
    writeSync(out, bytes);
    inBlock = 0;
  };

  const tokenizer: CsvTokenizer = new CsvTokenizer(task.path, (buf, nFields) => {
    const { starts, ends, flags } = tokenizer;
    if (nFields === 1 && starts[0] === ends[0] && flags[0] === 0) return; // blank line
    if (nFields !== nCols) {
      failed = `record with ${nFields} fields, expected ${nCols}`;
      return false;
    }
    if (rows === target.length) {
      const grown = new Float64Array(target.length * 2);
      grown.set(target);
      target = grown;
    }
    for (let c = 0; c < nCols; c++) {
      const s = starts[c]!, e = ends[c]!, flag = flags[c]!;
      if (flag & QUOTED) {
        structural += 2;
        if (flag & ESCAPED) for (let k = s; k < e; k++) if (buf[k] === QUOTE) structural++;
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
          const code = encoders[c]!.code(fieldText(buf, s, e, flag));
          if (code === col.counts.length) col.counts.push(0);
          col.counts[code]!++;
          value = code;
        }
        if (c !== task.target) value = value < 0 ? NaN : value;
      }
      if (c === task.target) target[rows] = value;
      else block[featureOf[c]! * B + inBlock] = value;
    }
    rows++;
    if (++inBlock === B) flush();
  }, false);

  try {
    let pos = from;
    while (pos < to && !tokenizer.stopped) {
      const chunk = Buffer.allocUnsafe(Math.min(task.readBytes, to - pos));
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n <= 0) break;
      const got = n < chunk.length ? chunk.subarray(0, n) : chunk;
      quotes += countQuotes(got);
      tokenizer.push(got);
      pos += n;
      onBytes?.(n, rows - reported);
      reported = rows;
    }
    if (!tokenizer.stopped) tokenizer.end();
  } catch (err) {
    failed = (err as Error).message;
  }
  flush();
  columns.forEach((col, c) => { col.levels = encoders[c]!.levels; });
  return { rows, bytes: to - from, quotes, structuralQuotes: structural, failed, columns, target: target.slice(0, rows) };
}
