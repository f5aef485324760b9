/** Reads a .csv or .csv.gz file into a Frame, inferring each column's kind (numeric or categorical). */

import type { Frame } from './frame.js';
import { CsvColumn, fieldText, validText, type ColumnMode } from './csv-column.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { checkFile, readChunks } from './file-source.js';
import {
  conflictingOverride,
  duplicateColumnName,
  emptyColumnName,
  invalidUtf8,
  emptyFile,
  headerOnly,
  raggedRow,
  wrongDelimiter,
  unknownOverrideColumn,
} from './messages.js';

export interface ReadOptions {
  /** Columns read as categorical even when every value is a number (zip codes, ids). */
  categorical?: string[];
  /** Columns that must be numeric: a non-numeric value is an error rather than a switch to categorical. */
  numeric?: string[];
  /** Bytes per read; tests shrink it to put chunk boundaries inside records. Default 1 MiB. */
  chunkBytes?: number;
  /** CSV field separator, one character (default ',', or a tab for .tsv / .tsv.gz files). */
  delimiter?: string;
  /** The name messages and the frame give the input (default: the path; 'stdin' for `-`). */
  source?: string;
}

const INITIAL_CAPACITY = 1024;
/** Cells allocated before the first rows arrive: a file of a million columns must not start with 8 GB of column storage. */
const INITIAL_CELLS = 1 << 20;

/** Rows to allocate per column at first (columns grow by doubling). */
export function initialRows(nColumns: number, most = INITIAL_CAPACITY): number {
  return Math.max(1, Math.min(most, Math.floor(INITIAL_CELLS / Math.max(1, nColumns))));
}

/**
 * Reads a CSV file: header row required, RFC 4180 quoting, \n or \r\n line endings, UTF-8
 * (a BOM is skipped), gzip when the name ends in .gz. Empty fields are missing values, and
 * missing-value words (number-parser.ts) in a column of numbers.
 * Blank lines are skipped. A column is numeric when every non-empty field is a finite
 * decimal number, otherwise categorical with levels in first-seen order.
 */
export async function readCsv(file: string, opts: ReadOptions = {}): Promise<Frame> {
  // `file` is read, `path` named in messages.
  const path = opts.source ?? file;
  if ((await checkFile(file)) === 0) throw emptyFile(path);
  const gzip = file.toLowerCase().endsWith('.gz');
  const chunkBytes = opts.chunkBytes ?? 1 << 20;
  const delimiter = csvDelimiter(file, opts);

  let columns: CsvColumn[] | undefined;
  let nCols = 0;
  let nRows = 0;
  let capacity = INITIAL_CAPACITY;
  let bytes = 0;

  const tokenizer: CsvTokenizer = new CsvTokenizer(path, (buf, nFields, line) => {
    const { starts, ends, flags } = tokenizer;
    if (nFields === 1 && starts[0] === ends[0] && flags[0] === 0) return; // blank line
    if (columns === undefined) {
      capacity = initialRows(nFields);
      columns = headerColumns(path, buf, nFields, tokenizer, opts, capacity);
      nCols = nFields;
      return;
    }
    if (nFields !== nCols) throw raggedRow(path, line, nFields, nCols);
    if (nRows === capacity) {
      capacity *= 2;
      for (const column of columns) column.grow(capacity);
    }
    for (let c = 0; c < nCols; c++) columns[c]!.add(buf, starts[c]!, ends[c]!, flags[c]!, nRows, line);
    nRows++;
  }, true, delimiter);

  for await (const chunk of readChunks(file, gzip, chunkBytes)) {
    bytes += chunk.length;
    tokenizer.push(chunk);
  }
  tokenizer.end();
  if (bytes === 0 || columns === undefined) throw emptyFile(path);
  if (nRows === 0) throw headerOnly(path);

  const toRecover = columns.filter((column) => column.recoverBefore > 0);
  if (toRecover.length > 0) await recoverText(file, gzip, chunkBytes, columns, toRecover, delimiter);
  return { source: path, nRows, columns: columns.map((column) => column.finish(nRows)) };
}

/** The field separator of a CSV read: --delimiter, else a tab for .tsv / .tsv.gz, else a comma. */
export function csvDelimiter(file: string, opts: ReadOptions): string {
  if (opts.delimiter !== undefined) return opts.delimiter;
  return /\.tsv(\.gz)?$/i.test(file) ? '\t' : ',';
}

/** Separators other files use: a one-column header holding one of them was split on the wrong one. */
const OTHER_SEPARATORS = [';', '\t', '|', ','];

/** A header read as a single column although it holds another separator ("a;b;c"): say which --delimiter to give. */
function checkOneColumnHeader(path: string, name: string, delimiter: string | undefined): void {
  const used = delimiter ?? ',';
  const other = OTHER_SEPARATORS.find((d) => d !== used && name.includes(d));
  if (other !== undefined) throw wrongDelimiter(path, name, used, other);
}

/** Validates the header row and creates one column builder per name. */
export function headerColumns(
  path: string,
  buf: Buffer,
  nFields: number,
  tokenizer: CsvTokenizer,
  opts: ReadOptions,
  capacity: number,
): CsvColumn[] {
  const names: string[] = [];
  const seen = new Map<string, number>();
  if (nFields === 1) checkOneColumnHeader(path, fieldText(buf, tokenizer.starts[0]!, tokenizer.ends[0]!, tokenizer.flags[0]!), opts.delimiter);
  for (let c = 0; c < nFields; c++) {
    const name = fieldText(buf, tokenizer.starts[c]!, tokenizer.ends[c]!, tokenizer.flags[c]!);
    if (!validText(name, buf, tokenizer.starts[c]!, tokenizer.ends[c]!)) throw invalidUtf8(path, undefined, undefined, name);
    if (name.trim() === '') throw emptyColumnName(path, c);
    const first = seen.get(name);
    if (first !== undefined) throw duplicateColumnName(path, name, first, c);
    seen.set(name, c);
    names.push(name);
  }
  const categorical = new Set(opts.categorical ?? []);
  const numeric = new Set(opts.numeric ?? []);
  for (const name of categorical) {
    if (!seen.has(name)) throw unknownOverrideColumn(path, 'categorical', name);
    if (numeric.has(name)) throw conflictingOverride(path, name);
  }
  for (const name of numeric) if (!seen.has(name)) throw unknownOverrideColumn(path, 'numeric', name);
  return names.map((name) => {
    const mode: ColumnMode = categorical.has(name) ? 'categorical' : numeric.has(name) ? 'numeric' : 'infer';
    return new CsvColumn(name, mode, path, capacity);
  });
}

/**
 * Second pass, only when a column turned categorical after rows holding numbers: re-reads
 * those rows to recover their original text ("007" must stay "007", not become "7"). Stops
 * at the last row that needs it, so a column that switches early costs little.
 */
async function recoverText(
  path: string,
  gzip: boolean,
  chunkBytes: number,
  columns: CsvColumn[],
  toRecover: CsvColumn[],
  delimiter: string,
): Promise<void> {
  const indices = toRecover.map((column) => columns.indexOf(column));
  const lastRow = Math.max(...toRecover.map((column) => column.recoverBefore));
  let row = -1; // -1: the header is still ahead
  const tokenizer: CsvTokenizer = new CsvTokenizer(path, (buf, nFields) => {
    const { starts, ends, flags } = tokenizer;
    if (nFields === 1 && starts[0] === ends[0] && flags[0] === 0) return true;
    if (row >= 0) {
      for (let k = 0; k < indices.length; k++) {
        const c = indices[k]!;
        const column = toRecover[k]!;
        if (row < column.recoverBefore) column.recover(buf, starts[c]!, ends[c]!, flags[c]!, row);
      }
    }
    row++;
    return row < lastRow;
  }, true, delimiter);
  for await (const chunk of readChunks(path, gzip, chunkBytes)) {
    tokenizer.push(chunk);
    if (tokenizer.stopped) break;
  }
  tokenizer.end();
}
