/** One CSV column being built: parsed as numbers until a non-number appears, then as categorical levels. */

import type { RawColumn } from './frame.js';
import { ESCAPED } from './csv-tokenizer.js';
import { firstSeenOrder, LevelEncoder } from './level-encoder.js';
import { invalidUtf8, nonFiniteText, notNumeric } from './messages.js';
import { NumberParser, NumberStatus } from './number-parser.js';

/** How a column's kind is decided. */
export type ColumnMode = 'infer' | 'numeric' | 'categorical';

const parser = new NumberParser();

/** Code marking a cell whose text was not kept and must be re-read by the recovery pass. */
const UNRECOVERED = -2;

/** Decodes a field's text; only fields that held "" pay for the unescaping. */
export function fieldText(buf: Buffer, start: number, end: number, flag: number): string {
  const text = buf.toString('utf8', start, end);
  return flag & ESCAPED ? text.replaceAll('""', '"') : text;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether the decoded `text` of bytes [start, end) is faithful: the lenient decoder turns
 * invalid UTF-8 into U+FFFD, so only text showing U+FFFD (rare: the file may hold the character
 * itself) pays for a strict decode of its bytes.
 */
export function validText(text: string, buf: Buffer, start: number, end: number): boolean {
  if (!text.includes('\uFFFD')) return true;
  try {
    strictUtf8.decode(buf.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Values of one column, grown as rows arrive. An 'infer' column stores numbers (no string per
 * cell) until its first non-number; it then turns categorical, and the rows before that which
 * held numbers are marked UNRECOVERED for a second pass over the file to fill in their text.
 */
export class CsvColumn {
  private values: Float64Array;
  private codes = new Int32Array(0);
  private readonly encoder = new LevelEncoder();
  private categorical: boolean;
  /** Numbers (and Inf or missing-value words) stored so far; zero means switching needs no recovery. */
  private numbersSeen = 0;
  /** First Inf word in a column that may still turn out numeric: an error only if it does. */
  private nonFinite: { line: number; text: string } | undefined;
  /** Rows [0, recoverBefore) may hold UNRECOVERED codes. */
  recoverBefore = 0;

  constructor(
    readonly name: string,
    private readonly mode: ColumnMode,
    private readonly file: string,
    capacity: number,
  ) {
    this.categorical = mode === 'categorical';
    this.values = this.categorical ? new Float64Array(0) : new Float64Array(capacity);
    if (this.categorical) this.codes = new Int32Array(capacity);
  }

  /** Reallocates storage for `capacity` rows, keeping the rows stored so far. */
  grow(capacity: number): void {
    if (this.categorical) {
      const codes = new Int32Array(capacity);
      codes.set(this.codes);
      this.codes = codes;
    } else {
      const values = new Float64Array(capacity);
      values.set(this.values);
      this.values = values;
    }
  }

  /** Stores field bytes [start, end) of `buf` as row `row` (found on line `line`). */
  add(buf: Buffer, start: number, end: number, flag: number, row: number, line: number): void {
    if (!this.categorical) {
      // A field with escaped quotes is text, never a number.
      const value = flag & ESCAPED ? NaN : parser.parse(buf, start, end);
      const status = flag & ESCAPED ? NumberStatus.Invalid : parser.status;
      if (status === NumberStatus.Ok) {
        this.values[row] = value;
        this.numbersSeen++;
        return;
      }
      if (status === NumberStatus.Empty) {
        this.values[row] = NaN;
        return;
      }
      if (status === NumberStatus.Missing) {
        // Missing among numbers; counted with the numbers so that, should the column turn out
        // to be text, the recovery pass gives the word back as a level.
        this.values[row] = NaN;
        this.numbersSeen++;
        return;
      }
      if (status === NumberStatus.NonFinite) {
        if (this.mode === 'numeric') throw nonFiniteText(this.file, line, this.name, fieldText(buf, start, end, flag));
        this.nonFinite ??= { line, text: fieldText(buf, start, end, flag) };
        this.values[row] = NaN;
        this.numbersSeen++;
        return;
      }
      if (this.mode === 'numeric') throw notNumeric(this.file, line, this.name, fieldText(buf, start, end, flag));
      this.becomeCategorical(row);
    }
    this.codes[row] = start === end ? -1 : this.encoder.code(this.text(buf, start, end, flag, line));
  }

  /** A text cell's string; bytes that are not UTF-8 are an error naming the cell (not silently U+FFFD). */
  private text(buf: Buffer, start: number, end: number, flag: number, line: number): string {
    const text = fieldText(buf, start, end, flag);
    if (!validText(text, buf, start, end)) throw invalidUtf8(this.file, line, this.name, text);
    return text;
  }

  /** Second pass: fills in the text of a row stored as a number before the column turned categorical. */
  recover(buf: Buffer, start: number, end: number, flag: number, row: number): void {
    if (this.codes[row] !== UNRECOVERED) return;
    this.codes[row] = start === end ? -1 : this.encoder.code(fieldText(buf, start, end, flag));
  }

  /**
   * The finished column, trimmed to `nRows`. Throws if a numeric column held Inf words. The
   * builder lets go of its storage (up to twice the rows, doubled as they came), so each
   * column's spare storage can be collected before the next is trimmed: on 10M rows x 29
   * columns the untrimmed buffers are ~3.9 GB beside the 2.3 GB trimmed.
   */
  finish(nRows: number): RawColumn {
    if (!this.categorical) {
      if (this.nonFinite) throw nonFiniteText(this.file, this.nonFinite.line, this.name, this.nonFinite.text);
      const values = this.values.slice(0, nRows);
      this.values = new Float64Array(0);
      return { name: this.name, kind: 'numeric', values };
    }
    const codes = this.codes.slice(0, nRows);
    this.codes = new Int32Array(0);
    if (this.recoverBefore === 0) return { name: this.name, kind: 'categorical', codes, levels: this.encoder.levels };
    // Recovered rows got codes after later rows did; restore first-seen order.
    const ordered = firstSeenOrder(codes, this.encoder.levels);
    return { name: this.name, kind: 'categorical', codes: ordered.codes, levels: ordered.levels };
  }

  private becomeCategorical(row: number): void {
    this.categorical = true;
    this.codes = new Int32Array(this.values.length);
    if (this.numbersSeen > 0) {
      this.codes.fill(UNRECOVERED, 0, row);
      this.recoverBefore = row;
    } else {
      this.codes.fill(-1, 0, row);
    }
    this.values = new Float64Array(0);
    this.nonFinite = undefined;
  }
}
