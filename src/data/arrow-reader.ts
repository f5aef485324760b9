/** Reads Arrow IPC files and streams (.arrow, .feather v2, .ipc) into a Frame via apache-arrow. */

import { createReadStream } from 'node:fs';
import { DataType, makeVector, Precision, RecordBatchReader, tableFromIPC, util, type Data, type Field, type Table, type Vector } from 'apache-arrow';
import type { Frame, RawColumn } from './frame.js';
import { checkFile, readWhole } from './file-source.js';
import { checkFieldNames } from './field-names.js';
import { LevelEncoder } from './level-encoder.js';
import { invalidArrow, noColumns, noRows, unsupportedColumnType } from './messages.js';

/**
 * Reads an Arrow IPC file or stream. Ints, floats, 64-bit ints, booleans (0/1), decimals,
 * dates and timestamps (ms since the epoch) become numeric columns with nulls as NaN;
 * Utf8 and dictionary-encoded Utf8 become categorical. Other types are an error naming the
 * column, so a user learns which column to cast rather than getting a silent wrong value.
 */
export async function readArrow(path: string): Promise<Frame> {
  const bytes = await readWhole(path);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw invalidArrow(path, arrowWhy(err));
  }
  const fields = table.schema.fields;
  checkFieldNames(path, fields.map((f) => f.name));
  if (fields.length === 0) throw noColumns(path);
  if (table.numRows === 0) throw noRows(path);
  const columns = fields.map((field, i) => convertColumn(path, field, table.getChildAt(i)!, table.numRows));
  return { source: path, nRows: table.numRows, columns };
}

/**
 * Reads an Arrow IPC file or stream one record batch at a time (for scoring files larger than
 * memory): each batch becomes the Frame readArrow would give for a table of that batch alone,
 * with `firstRow` rows before it.
 */
export async function* readArrowBatches(path: string): AsyncGenerator<{ frame: Frame; firstRow: number }> {
  await checkFile(path);
  let reader: RecordBatchReader;
  try {
    reader = await RecordBatchReader.from(createReadStream(path));
    await reader.open();
  } catch (err) {
    throw invalidArrow(path, arrowWhy(err));
  }
  const fields = reader.schema.fields;
  checkFieldNames(path, fields.map((f) => f.name));
  if (fields.length === 0) throw noColumns(path);
  let firstRow = 0;
  const batches = reader[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<import('apache-arrow').RecordBatch>;
    try {
      next = await batches.next();
    } catch (err) {
      throw invalidArrow(path, arrowWhy(err));
    }
    if (next.done) break;
    const batch = next.value;
    if (batch.numRows === 0) continue;
    const columns = fields.map((field, i) => convertColumn(path, field, batch.getChildAt(i)!, batch.numRows));
    yield { frame: { source: path, nRows: batch.numRows, columns }, firstRow };
    firstRow += batch.numRows;
  }
  if (firstRow === 0) throw noRows(path);
}

function convertColumn(path: string, field: Field, vector: Vector, nRows: number): RawColumn {
  const type = field.type;
  if (isNumericType(type)) return { name: field.name, kind: 'numeric', values: numericValues(vector, nRows) };
  if (isStringType(type)) return stringColumn(field.name, vector, nRows);
  if (DataType.isDictionary(type) && isStringType(type.dictionary)) return dictionaryColumn(field.name, vector, nRows);
  throw unsupportedColumnType(path, field.name, String(type));
}

function isNumericType(type: DataType): boolean {
  return (
    DataType.isInt(type) ||
    DataType.isFloat(type) ||
    DataType.isBool(type) ||
    DataType.isDecimal(type) ||
    DataType.isDate(type) ||
    DataType.isTimestamp(type) ||
    DataType.isNull(type)
  );
}

function isStringType(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type);
}

/** Float64Array, length nRows, NaN for null. */
function numericValues(vector: Vector, nRows: number): Float64Array {
  const out = new Float64Array(nRows);
  let offset = 0;
  for (const data of vector.data) {
    const n = data.length;
    const hasNulls = data.nullCount > 0;
    const type = data.type as DataType;
    const values = data.values as unknown;
    // Fast path: plain ints and floats are stored as a typed array already sliced to this chunk.
    const plain = DataType.isInt(type) || (DataType.isFloat(type) && type.precision !== Precision.HALF);
    if (plain && (values instanceof BigInt64Array || values instanceof BigUint64Array)) {
      for (let i = 0; i < n; i++) out[offset + i] = !hasNulls || data.getValid(i) ? Number(values[i]!) : NaN;
    } else if (plain && ArrayBuffer.isView(values) && !(values instanceof DataView)) {
      const typed = values as unknown as ArrayLike<number>;
      for (let i = 0; i < n; i++) out[offset + i] = !hasNulls || data.getValid(i) ? typed[i]! : NaN;
    } else {
      slowNumeric(data, out, offset);
    }
    offset += n;
  }
  return out;
}

/** Booleans, decimals, dates, timestamps, half floats: let apache-arrow decode each cell. */
function slowNumeric(data: Data, out: Float64Array, offset: number): void {
  const chunk = makeVector(data);
  const scale = DataType.isDecimal(data.type) ? data.type.scale : undefined;
  for (let i = 0; i < data.length; i++) {
    const v: unknown = chunk.get(i);
    let x: number;
    if (v === null || v === undefined) x = NaN;
    else if (typeof v === 'number') x = v;
    else if (typeof v === 'bigint') x = Number(v);
    else if (typeof v === 'boolean') x = v ? 1 : 0;
    else if (v instanceof Date) x = v.getTime();
    else if (scale !== undefined) x = util.bigNumToNumber(v as Parameters<typeof util.bigNumToNumber>[0], scale);
    else x = Number(v);
    out[offset + i] = x;
  }
}

function stringColumn(name: string, vector: Vector, nRows: number): RawColumn {
  const encoder = new LevelEncoder();
  const codes = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const v = vector.get(i) as string | null;
    codes[i] = v === null || v === '' ? -1 : encoder.code(v);
  }
  return { name, kind: 'categorical', codes, levels: encoder.levels };
}

/**
 * Dictionary-encoded strings: decode each dictionary entry once per chunk, not once per row.
 * Codes are assigned as rows are met, so levels come out in first-seen order like the CSV
 * reader's (and unused dictionary entries are dropped).
 */
function dictionaryColumn(name: string, vector: Vector, nRows: number): RawColumn {
  const encoder = new LevelEncoder();
  const codes = new Int32Array(nRows);
  let offset = 0;
  for (const data of vector.data) {
    const dictionary = data.dictionary as Vector | undefined;
    const indices = data.values as ArrayLike<number | bigint>;
    const remap = new Int32Array(dictionary?.length ?? 0).fill(-2);
    const hasNulls = data.nullCount > 0;
    for (let i = 0; i < data.length; i++) {
      if (hasNulls && !data.getValid(i)) {
        codes[offset + i] = -1;
        continue;
      }
      const k = Number(indices[i]!);
      let code = remap[k]!;
      if (code === -2) {
        const level = dictionary!.get(k) as string | null;
        code = level === null || level === '' ? -1 : encoder.code(level);
        remap[k] = code;
      }
      codes[offset + i] = code;
    }
    offset += data.length;
  }
  return { name, kind: 'categorical', codes, levels: encoder.levels };
}

/** Why apache-arrow refused a file: its own message, or for a JavaScript error inside it (a truncated or damaged file read past its end), that. */
function arrowWhy(err: unknown): string {
  if (err instanceof TypeError || err instanceof RangeError) return 'truncated or damaged';
  return err instanceof Error ? err.message : String(err);
}
