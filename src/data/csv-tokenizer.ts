/** Splits a stream of CSV bytes into records of field offsets (RFC 4180 quoting, \n or \r\n), without decoding text. */

import { textAfterQuote, unterminatedQuote } from './messages.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Field flag bits in `CsvTokenizer.flags`. */
export const QUOTED = 1;
/** The quoted field contains doubled quotes ("") that must be unescaped. */
export const ESCAPED = 2;

/**
 * Receives each complete record. Field k spans bytes [starts[k], ends[k]) of `buf` (quotes
 * already stripped). `line` is the 1-based line the record starts on. Return false to stop.
 */
export type RecordHandler = (buf: Buffer, nFields: number, line: number) => boolean | void;

/**
 * Incremental tokenizer. Each record is split into offsets first and handed on only when
 * complete, so a record cut by a chunk boundary is simply re-scanned with the next chunk.
 */
export class CsvTokenizer {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  /** True once the handler returned false; further input is ignored. */
  stopped = false;
  /** Byte offset in the input just past the last record handed on (where the next record starts). */
  recordEnd = 0;

  private pending: Buffer[] = [];
  private pendingBytes = 0;
  // Bytes needed before scanning again. Doubles while one record spans many chunks, so a huge
  // (or unterminated) quoted field costs O(n) copying rather than O(n^2).
  private needed = 4;
  private line = 1;
  private started = false;
  /** Input offset of the first byte of the buffer being scanned. */
  private base = 0;

  /** The field separator byte (default ','; '\t' for .tsv, ';' and others with --delimiter). */
  private readonly sep: number;

  /** `bom`: skip a UTF-8 byte order mark at the start (false for input that begins mid-file). */
  constructor(
    private readonly file: string,
    private readonly onRecord: RecordHandler,
    bom = true,
    delimiter = ',',
  ) {
    if (!bom) this.started = true;
    this.sep = delimiter.charCodeAt(0);
  }

  /** Feeds the next chunk of the file. */
  push(chunk: Buffer): void {
    if (this.stopped || chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needed) return;
    this.scan(false);
  }

  /** Signals end of input: flushes the last record (which may lack a line ending). */
  end(): void {
    if (this.stopped) return;
    this.scan(true);
  }

  private scan(atEof: boolean): void {
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let pos = 0;
    if (!this.started) {
      if (buf.length < 3 && !atEof) return this.keep(buf, 0);
      this.started = true;
      // A UTF-8 byte order mark (from Excel and friends) is not part of the first column name.
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    while (pos < buf.length) {
      const next = this.record(buf, pos, atEof);
      if (next < 0) return this.keep(buf, pos);
      pos = next;
      if (this.stopped) return;
    }
    this.base += buf.length;
    this.needed = 4;
  }

  /** Keeps the unfinished record for the next scan. */
  private keep(buf: Buffer, from: number): void {
    const rest = buf.subarray(from);
    this.base += from;
    this.pending = [rest];
    this.pendingBytes = rest.length;
    this.needed = Math.max(4, rest.length * 2);
  }

  /**
   * Scans one record starting at `pos`; hands it to the handler and returns the offset after
   * it, or returns -1 when the buffer ends before the record does (and more input may come).
   */
  private record(buf: Buffer, pos: number, atEof: boolean): number {
    const n = buf.length;
    const sep = this.sep;
    let nf = 0;
    let i = pos;
    let innerLines = 0;
    let ended = false;
    while (!ended) {
      if (nf === this.starts.length) this.grow();
      if (i < n && buf[i] === QUOTE) {
        let j = i + 1;
        let flag = QUOTED;
        const openLine = this.line + innerLines;
        for (;;) {
          if (j >= n) {
            if (atEof) throw unterminatedQuote(this.file, openLine);
            return -1;
          }
          const b = buf[j]!;
          if (b === QUOTE) {
            if (j + 1 >= n && !atEof) return -1;
            if (j + 1 < n && buf[j + 1] === QUOTE) {
              flag |= ESCAPED;
              j += 2;
              continue;
            }
            break;
          }
          if (b === LF) innerLines++;
          j++;
        }
        this.starts[nf] = i + 1;
        this.ends[nf] = j;
        this.flags[nf] = flag;
        nf++;
        i = j + 1;
        if (i >= n) {
          ended = true;
        } else if (buf[i] === sep) {
          i++;
        } else if (buf[i] === LF) {
          i++;
          ended = true;
        } else if (buf[i] === CR && (i + 1 >= n || buf[i + 1] === LF)) {
          if (i + 1 >= n && !atEof) return -1;
          i += i + 1 >= n ? 1 : 2;
          ended = true;
        } else {
          throw textAfterQuote(this.file, this.line + innerLines);
        }
      } else {
        let j = i;
        while (j < n) {
          const b = buf[j]!;
          if (b === sep || b === LF) break;
          j++;
        }
        if (j >= n && !atEof) return -1;
        // A \r right before the \n (or the end of the file) belongs to the line ending.
        const e = j > i && buf[j - 1] === CR && (j >= n || buf[j] === LF) ? j - 1 : j;
        this.starts[nf] = i;
        this.ends[nf] = e;
        this.flags[nf] = 0;
        nf++;
        if (j < n && buf[j] === sep) {
          i = j + 1;
        } else {
          i = j < n ? j + 1 : j;
          ended = true;
        }
      }
    }
    const line = this.line;
    this.line += 1 + innerLines;
    this.recordEnd = this.base + i;
    if (this.onRecord(buf, nf, line) === false) this.stopped = true;
    return i;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }
}
