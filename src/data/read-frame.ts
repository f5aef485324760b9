/** Reads any supported data file into a Frame, choosing the reader from the file name's extension. */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, RawColumn } from './frame.js';
import { usageError } from '../errors.js';
import { levelsAsNumbers, numericToCategorical } from './column-convert.js';
import { readCsv, type ReadOptions } from './csv-reader.js';
import { LevelKind, levelKinds } from './schema.js';
import { checkFile } from './file-source.js';
import { conflictingOverride, notNumericInRow, unknownExtension, unknownOverrideColumn } from './messages.js';

export type { ReadOptions } from './csv-reader.js';

type Format = 'csv' | 'arrow' | 'parquet';

/** The format implied by a file name, or undefined when thicket does not read it. */
export function formatOf(path: string): Format | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz') || lower.endsWith('.tsv') || lower.endsWith('.tsv.gz')) return 'csv';
  if (lower.endsWith('.arrow') || lower.endsWith('.feather') || lower.endsWith('.ipc')) return 'arrow';
  if (lower.endsWith('.parquet')) return 'parquet';
  return undefined;
}

/**
 * Reads .csv, .csv.gz, .arrow, .feather, .ipc or .parquet. A missing file is reported as
 * "file not found: <path>" before anything else. `opts.categorical` / `opts.numeric` apply to
 * every format: columnar files carry their own types, which are converted when overridden.
 */
export async function readFrame(path: string, opts: ReadOptions = {}): Promise<Frame> {
  checkDelimiter(opts.delimiter);
  if (path === '-') return readStdin(opts);
  await checkFile(path);
  // With --delimiter any file name is read as delimited text (.txt, .dat, ...).
  const format = formatOf(path) ?? (opts.delimiter !== undefined ? 'csv' : undefined);
  if (format === undefined) throw unknownExtension(path);
  if (format === 'csv') return readCsv(path, opts);
  // Arrow and Parquet readers load on demand: apache-arrow alone slows every start (BENCHMARKS.md section 11).
  const frame = format === 'arrow'
    ? await (await import('./arrow-reader.js')).readArrow(path)
    : await (await import('./parquet-reader.js')).readParquet(path);
  return applyOverrides(numbersWithMissingWords(frame, opts.categorical ?? []), opts);
}

/**
 * Columnar formats: a text column whose values are numbers and missing-value words (NA, null,
 * ...; a CSV written to Parquet as strings) is read as numbers with missing values, as the CSV
 * reader reads the same text. Text columns of numbers alone keep their type; --categorical wins.
 */
function numbersWithMissingWords(frame: Frame, declared: readonly string[]): Frame {
  const columns = frame.columns.map((column): RawColumn => {
    if (column.kind !== 'categorical' || declared.includes(column.name)) return column;
    const used = new Uint8Array(column.levels.length);
    for (const code of column.codes) if (code >= 0) used[code] = 1;
    const kinds = levelKinds(column.levels).filter((_, k) => used[k] === 1);
    if (!kinds.includes(LevelKind.Missing) || !kinds.includes(LevelKind.Number) || kinds.includes(LevelKind.Text)) return column;
    return { name: column.name, kind: 'numeric', values: levelsAsNumbers(column, (row, level) => notNumericInRow(frame.source, row, column.name, level)) };
  });
  return { ...frame, columns };
}

/** Columnar formats: a numeric column named categorical gets its numbers' string forms as levels; the reverse must parse. */
function applyOverrides(frame: Frame, opts: ReadOptions): Frame {
  const categorical = new Set(opts.categorical ?? []);
  const numeric = new Set(opts.numeric ?? []);
  if (categorical.size === 0 && numeric.size === 0) return frame;
  const names = new Set(frame.columns.map((c) => c.name));
  for (const name of categorical) {
    if (!names.has(name)) throw unknownOverrideColumn(frame.source, 'categorical', name);
    if (numeric.has(name)) throw conflictingOverride(frame.source, name);
  }
  for (const name of numeric) if (!names.has(name)) throw unknownOverrideColumn(frame.source, 'numeric', name);
  const columns = frame.columns.map((column): RawColumn => {
    if (column.kind === 'numeric' && categorical.has(column.name)) return numericToCategorical(column);
    if (column.kind === 'categorical' && numeric.has(column.name)) {
      const values = levelsAsNumbers(column, (row, level) => notNumericInRow(frame.source, row, column.name, level));
      return { name: column.name, kind: 'numeric', values };
    }
    return column;
  });
  return { ...frame, columns };
}

/** --delimiter: one character that is not a quote or a line ending. */
function checkDelimiter(d: string | undefined): void {
  if (d === undefined) return;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw usageError(`--delimiter must be one character other than a quote or a line ending, got ${JSON.stringify(d)}`);
  }
}

/**
 * Standard input (the data argument `-`): read whole, then parsed as its first bytes say: gzip,
 * Arrow IPC, Parquet, else CSV (tab-separated with --delimiter '\t'). Messages name it "stdin".
 */
async function readStdin(opts: ReadOptions): Promise<Frame> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(0);
  } catch (e) {
    throw usageError(`cannot read standard input (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const magic = bytes.subarray(0, 6).toString('latin1');
  const ext = bytes[0] === 0x1f && bytes[1] === 0x8b ? '.csv.gz' : magic === 'ARROW1' ? '.arrow' : magic.startsWith('PAR1') ? '.parquet' : '.csv';
  const dir = mkdtempSync(join(tmpdir(), 'thicket-stdin-'));
  const file = join(dir, `stdin${ext}`);
  try {
    writeFileSync(file, bytes);
    if (ext === '.csv' || ext === '.csv.gz') return await readCsv(file, { ...opts, source: 'stdin' });
    const frame = await readFrame(file, opts);
    return { ...frame, source: 'stdin' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
