/**
 * Turns rows (objects keyed by column name) or columns (`{columns: {name: values}}`) into the
 * model's float32 feature matrix, row-major, cell by cell. The rules are the full package's
 * (frameFromJs then applySchema), applied per cell so one row costs no Frame: missing is
 * null, undefined, NaN, '' or an absent key; a numeric feature takes numbers or numeric text
 * and rejects other text, ±Infinity and values beyond float32; a categorical feature looks up
 * the cell's text (numbers and booleans by their String form), and levels training never saw
 * become missing with one warning per column; a feature column absent from every row is an error.
 */
import type { Cell, ColumnValues, TableInput } from '../data/frame-from-js.js';
import type { Schema } from '../data/frame.js';
import { missingFeatureColumn, outOfFloat32, textInNumericColumn, unseenLevelsWarning } from '../data/messages.js';
import { isMissingWord, parseNumericText } from '../data/number-parser.js';
import { inputError } from '../errors.js';

export interface EncodeOptions {
  /** Names the input in error messages (default 'X', as the full package's API). */
  source?: string;
  /** Receives non-fatal notes: categorical levels that training never saw (treated as missing). */
  onWarning?: (message: string) => void;
}

/** Rows of one categorical feature holding levels training never saw, and up to three examples. */
interface Unseen {
  rows: number;
  examples: string[];
}

const hasOwn = Object.prototype.hasOwnProperty;

function notFinite(source: string, row: number, name: string, v: number) {
  return inputError(`${source}, row ${row + 1}, column '${name}'`, `value ${v} is not a finite number; use NaN or null for a missing value`);
}

/** A cell's text as frameFromJs makes it (null: missing). */
function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  const s = String(v);
  return s === '' ? null : s;
}

export class RowEncoder {
  readonly nFeatures: number;
  private readonly names: string[];
  /** Per feature: level -> index (categorical) or null (numeric). */
  private readonly levels: (Map<string, number> | null)[];
  /** Per feature: rows with unseen levels in the current call (categorical only). */
  private unseen: (Unseen | null)[] = [];
  /** Per feature: whether some row of the current batch has its key (reused between batches). */
  private readonly present: Uint8Array;
  /** Features no row of the current batch has had a key for. */
  private missingColumns = 0;

  constructor(schema: Schema) {
    this.names = schema.features.map((f) => f.name);
    this.levels = schema.features.map((f) => (f.kind === 'categorical' ? new Map((f.levels ?? []).map((l, k) => [l, k])) : null));
    this.nFeatures = this.names.length;
    this.present = new Uint8Array(this.nFeatures);
  }

  /** Rows of X, after checking its shape as frameFromJs does (an empty row list has 0 rows). */
  rowCount(X: TableInput, source: string): number {
    if (Array.isArray(X)) return X.length;
    if (X !== null && typeof X === 'object' && 'columns' in X && X.columns !== null && typeof X.columns === 'object') {
      const cols = X.columns;
      const names = Object.keys(cols);
      if (names.length === 0) throw inputError(source, 'has no columns');
      let n = -1;
      for (const name of names) {
        const values = cols[name];
        if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
          throw inputError(`${source}, column '${name}'`, 'must be an array of values');
        }
        if (n < 0) n = values.length;
        else if (values.length !== n) throw inputError(`${source}, column '${name}'`, `has ${values.length} values but column '${names[0]}' has ${n}`);
      }
      return n;
    }
    throw inputError(source, 'expected {columns: {name: values}} or an array of row objects');
  }

  /**
   * Writes the features of rows [r0, r1) of X (which has nRows rows, see rowCount) into
   * out[offset + (r - r0) * nFeatures + f]. A batch is encoded range by range between begin()
   * and end(X, nRows, opts). Throws a ThicketError naming the row and column of the first bad cell.
   */
  encode(X: TableInput, nRows: number, r0: number, r1: number, out: Float32Array, offset: number, source: string): void {
    if (Array.isArray(X)) this.encodeRows(X as readonly Record<string, Cell>[], r0, r1, out, offset, source);
    else this.encodeColumns((X as { columns: Record<string, ColumnValues> }).columns, nRows, r0, r1, out, offset, source);
  }

  /** Starts a batch: no column seen, no unseen levels counted. */
  begin(): void {
    if (this.unseen.length > 0) this.unseen = [];
    this.present.fill(0);
    this.missingColumns = this.nFeatures;
  }

  /** Ends a batch: a feature column no row had is an error (row input); unseen levels are reported. */
  end(X: TableInput, nRows: number, opts: EncodeOptions = {}): void {
    const source = opts.source ?? 'X';
    if (Array.isArray(X) && nRows > 0 && this.missingColumns > 0) {
      for (let f = 0; f < this.nFeatures; f++) if (this.present[f] === 0) throw missingFeatureColumn(source, this.names[f]!);
    }
    if (opts.onWarning) {
      this.unseen.forEach((u, f) => {
        if (u) opts.onWarning!(unseenLevelsWarning(source, this.names[f]!, u.rows, u.examples));
      });
    }
  }

  private encodeRows(rows: readonly Record<string, Cell>[], r0: number, r1: number, out: Float32Array, offset: number, source: string): void {
    const nF = this.nFeatures;
    const names = this.names;
    const levels = this.levels;
    // Features no row has had a key for yet (frameFromJs: a column exists when some row has the key).
    const present = this.present;
    let missingColumns = this.missingColumns;
    for (let r = r0; r < r1; r++) {
      const row = rows[r];
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        throw inputError(`${source}, row ${r + 1}`, 'each row must be an object of column values');
      }
      const o = offset + (r - r0) * nF;
      for (let f = 0; f < nF; f++) {
        const name = names[f]!;
        let v: unknown = row[name];
        if (typeof v === 'number' && levels[f] === null) {
          // The common case: a number for a numeric feature.
          if (v - v !== 0 && v === v) throw notFinite(source, r, name, v);
          out[o + f] = v;
          if (out[o + f] - out[o + f] !== 0 && v === v) throw outOfFloat32(source, r + 1, name, v);
        } else {
          // Only own keys count (a feature named 'constructor' must not read Object.prototype's).
          if ((v === undefined || typeof v === 'object' || typeof v === 'function') && !hasOwn.call(row, name)) v = undefined;
          else if (present[f] === 0) { present[f] = 1; missingColumns--; }
          out[o + f] = this.cell(v, f, r, source);
          continue;
        }
        if (present[f] === 0) { present[f] = 1; missingColumns--; }
      }
    }
    this.missingColumns = missingColumns;
  }

  private encodeColumns(cols: Record<string, ColumnValues>, n: number, r0: number, r1: number, out: Float32Array, offset: number, source: string): void {
    const nF = this.nFeatures;
    void n;
    for (let f = 0; f < nF; f++) {
      const name = this.names[f]!;
      if (!hasOwn.call(cols, name)) throw missingFeatureColumn(source, name);
      const values = cols[name]!;
      if (ArrayBuffer.isView(values) && this.levels[f] === null) {
        // Typed numbers for a numeric feature.
        for (let r = r0, o = offset + f; r < r1; r++, o += nF) {
          const v = values[r] as number;
          if (v - v !== 0 && v === v) throw notFinite(source, r, name, v);
          out[o] = v;
          if (out[o]! - out[o]! !== 0 && v === v) throw outOfFloat32(source, r + 1, name, v);
        }
        continue;
      }
      for (let r = r0, o = offset + f; r < r1; r++, o += nF) out[o] = this.cell(values[r], f, r, source);
    }
  }

  /** One cell of feature f, row r (0-based), by the full package's rules. */
  private cell(v: unknown, f: number, r: number, source: string): number {
    const name = this.names[f]!;
    if (typeof v === 'number' && (v === Infinity || v === -Infinity)) throw notFinite(source, r, name, v);
    const map = this.levels[f];
    if (map === null) {
      if (typeof v === 'number') {
        if (Math.abs(Math.fround(v)) === Infinity) throw outOfFloat32(source, r + 1, name, v);
        return v;
      }
      const text = cellText(v);
      if (text === null || isMissingWord(text)) return NaN;
      const x = parseNumericText(text);
      if (x === undefined) throw textInNumericColumn(source, r + 1, name, text);
      if (Math.abs(Math.fround(x)) === Infinity) throw outOfFloat32(source, r + 1, name, x);
      return x;
    }
    const text = cellText(v);
    if (text === null) return NaN;
    const k = map.get(text);
    if (k !== undefined) return k;
    let u = this.unseen[f];
    if (!u) {
      u = { rows: 0, examples: [] };
      this.unseen[f] = u;
    }
    u.rows++;
    if (u.examples.length < 3 && !u.examples.includes(text)) u.examples.push(text);
    return NaN;
  }
}
