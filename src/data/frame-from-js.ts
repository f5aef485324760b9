/** Builds a Frame from in-memory JavaScript data: an object of columns or an array of row objects. */
import type { Frame, RawColumn } from './frame.js';
import { categoricalFromStrings } from './level-encoder.js';
import { inputError } from '../errors.js';

/** A cell: a number (NaN = missing), a string (categorical; '' = missing), a boolean, or null / undefined (missing). */
export type Cell = number | string | boolean | null | undefined;

/** One column of values, one per row. */
export type ColumnValues = ArrayLike<Cell>;

/** Column-oriented input: `{columns: {age: [31, 45], city: ['Oslo', null]}}`. */
export interface ColumnsInput {
  columns: Record<string, ColumnValues>;
}

/** Row-oriented input: `[{age: 31, city: 'Oslo'}, {age: 45}]` (absent keys are missing values). */
export type RowsInput = readonly Record<string, Cell>[];

export type TableInput = ColumnsInput | RowsInput;

export interface FrameFromJsOptions {
  /** Names the input in error messages (default 'X'). */
  source?: string;
  /** Columns made categorical even when they hold numbers (numbers become their decimal text). */
  categorical?: Iterable<string>;
}

function isTypedNumbers(v: ColumnValues): v is Float64Array | Float32Array | Int32Array {
  return ArrayBuffer.isView(v);
}

/** Turns row objects into columns (column order: first appearance). */
function rowsToColumns(rows: RowsInput, source: string): Record<string, Cell[]> {
  const cols: Record<string, Cell[]> = Object.create(null) as Record<string, Cell[]>;
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw inputError(`${source}, row ${i + 1}`, 'each row must be an object of column values');
    }
    for (const [name, v] of Object.entries(row)) {
      let col = cols[name];
      if (!col) {
        col = new Array<Cell>(rows.length).fill(null);
        cols[name] = col;
      }
      col[i] = v;
    }
  });
  return cols;
}

function cellText(v: Cell): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  return String(v);
}

function numericColumn(name: string, values: ColumnValues, source: string): RawColumn {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const x = v === null || v === undefined ? NaN : (v as number);
    if (x === Infinity || x === -Infinity) {
      throw inputError(`${source}, row ${i + 1}, column '${name}'`, `value ${x} is not a finite number; use NaN or null for a missing value`);
    }
    out[i] = x;
  }
  return { name, kind: 'numeric', values: out };
}

function toColumn(name: string, values: ColumnValues, forceCategorical: boolean, source: string): RawColumn {
  if (!forceCategorical) {
    if (isTypedNumbers(values)) return numericColumn(name, values, source);
    let numeric = true;
    for (let i = 0; i < values.length && numeric; i++) {
      const v = values[i];
      if (v !== null && v !== undefined && typeof v !== 'number') numeric = false;
    }
    if (numeric) return numericColumn(name, values, source);
  }
  const text = new Array<string | null>(values.length);
  for (let i = 0; i < values.length; i++) text[i] = cellText(values[i]);
  return categoricalFromStrings(name, text);
}

/**
 * A Frame from columns or rows. A column is numeric when every present value is a number (or it
 * is a typed array), otherwise categorical (numbers and booleans become text). Missing: null,
 * undefined, NaN, ''. ±Infinity is rejected, as in files.
 */
export function frameFromJs(input: TableInput, opts: FrameFromJsOptions = {}): Frame {
  const source = opts.source ?? 'X';
  const categorical = new Set(opts.categorical ?? []);
  let cols: Record<string, ColumnValues>;
  if (Array.isArray(input)) {
    cols = rowsToColumns(input as RowsInput, source);
  } else if (input !== null && typeof input === 'object' && 'columns' in input && input.columns !== null && typeof input.columns === 'object') {
    cols = input.columns;
  } else {
    throw inputError(source, 'expected {columns: {name: values}} or an array of row objects');
  }
  const names = Object.keys(cols);
  if (names.length === 0) throw inputError(source, 'has no columns');
  let nRows = -1;
  const columns = names.map((name) => {
    const values = cols[name]!;
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw inputError(`${source}, column '${name}'`, 'must be an array of values');
    }
    if (nRows < 0) nRows = values.length;
    else if (values.length !== nRows) {
      throw inputError(`${source}, column '${name}'`, `has ${values.length} values but column '${names[0]}' has ${nRows}`);
    }
    return toColumn(name, values, categorical.has(name), source);
  });
  for (const name of categorical) {
    if (!names.includes(name)) throw inputError(source, `categorical column '${name}' is not in the input`);
  }
  return { source, nRows, columns };
}

/** Adds a target column `name` holding `y`: numbers stay numeric; text (or mixed) labels become categorical (classification only). */
export function withTarget(frame: Frame, name: string, y: ArrayLike<Cell>, classification: boolean): Frame {
  if (frame.columns.some((c) => c.name === name)) {
    throw inputError(frame.source, `already has a column '${name}'; pass another target name in the fit options`);
  }
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') throw inputError('y', 'must be an array of labels or values');
  if (y.length !== frame.nRows) throw inputError('y', `has ${y.length} values but ${frame.source} has ${frame.nRows} rows`);
  let allNumbers = true;
  for (let i = 0; i < y.length && allNumbers; i++) {
    const v = y[i];
    if (v !== null && v !== undefined && typeof v !== 'number') allNumbers = false;
  }
  let column: RawColumn;
  if (allNumbers) {
    // Numeric labels stay numbers, so classes sort by value ('2' before '10'), as when read from a file.
    column = numericColumn(name, y, 'y');
  } else if (classification) {
    const text = new Array<string | null>(y.length);
    for (let i = 0; i < y.length; i++) text[i] = cellText(y[i]);
    column = categoricalFromStrings(name, text);
  } else {
    const bad = Array.from(y).findIndex((v) => v !== null && v !== undefined && typeof v !== 'number');
    throw inputError(`y, row ${bad + 1}`, `regression target ${JSON.stringify(y[bad])} is not a number`);
  }
  return { ...frame, columns: [...frame.columns, column] };
}
