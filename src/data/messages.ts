/** Builders of every error message the data layer raises, so their wording stays consistent and reviewable in one place. */

import { closestName, inputError, ThicketError } from '../errors.js';

/** Names a place in a file: `data.csv, line 12, column 'age'` (line and column optional). */
export function at(file: string, line?: number, column?: string): string {
  let where = file;
  if (line !== undefined) where += `, line ${line}`;
  if (column !== undefined) where += `, column '${column}'`;
  return where;
}

/** Names a data row (1-based, the header not counted) when the line is no longer known. */
export function atRow(file: string, row: number, column?: string): string {
  let where = `${file}, data row ${row}`;
  if (column !== undefined) where += `, column '${column}'`;
  return where;
}

/** Shortens a cell for display so one long value cannot flood the terminal. */
export function shown(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`;
}

export const fileNotFound = (path: string): ThicketError => new ThicketError(`file not found: ${path}`, 1);

export const notAFile = (path: string): ThicketError => inputError(path, 'is a directory, not a data file');

export const unreadable = (path: string, why: string): ThicketError => inputError(path, `cannot be read (${why})`);

export const unknownExtension = (path: string): ThicketError =>
  inputError(path, 'unknown file type; expected .csv, .csv.gz, .arrow, .feather, .ipc or .parquet');

export const emptyFile = (path: string): ThicketError => inputError(path, 'the file is empty; a header row is required');

export const headerOnly = (path: string): ThicketError => inputError(path, 'has a header row but no data rows');

export const noRows = (path: string): ThicketError => inputError(path, 'has columns but no data rows');

export const noColumns = (path: string): ThicketError => inputError(path, 'has no columns');

export const emptyColumnName = (path: string, index: number): ThicketError =>
  inputError(at(path, 1), `column ${index + 1} of the header has an empty name`);

export const duplicateColumnName = (path: string, name: string, first: number, second: number): ThicketError =>
  inputError(at(path, 1), `column name '${name}' appears twice in the header (columns ${first + 1} and ${second + 1})`);

export const emptyFieldName = (path: string, index: number): ThicketError =>
  inputError(path, `column ${index + 1} has an empty name`);

export const duplicateField = (path: string, name: string, first: number, second: number): ThicketError =>
  inputError(path, `column name '${name}' appears twice (columns ${first + 1} and ${second + 1})`);

/** A delimiter as a user types it for --delimiter. */
const delimiterArg = (d: string): string => (d === '\t' ? "$'\\t'" : `'${d}'`);

export const wrongDelimiter = (path: string, header: string, used: string, other: string): ThicketError =>
  inputError(
    at(path, 1),
    `the header ${shown(header)} is one column when split on ${delimiterArg(used)}, but it holds ${delimiterArg(other)}: give --delimiter ${delimiterArg(other)} to read this file`,
  );

export const raggedRow = (path: string, line: number, actual: number, expected: number): ThicketError =>
  inputError(at(path, line), `row has ${actual} fields, expected ${expected} (the header has ${expected} columns)`);

export const unterminatedQuote = (path: string, line: number): ThicketError =>
  inputError(at(path, line), 'a quoted field opened on this line is never closed (missing closing ")');

export const textAfterQuote = (path: string, line: number): ThicketError =>
  inputError(at(path, line), 'a closing quote must be followed by a comma or the end of the line (write "" for a quote inside a quoted field)');

export const invalidGzip = (path: string, why: string): ThicketError =>
  inputError(path, `is not a valid gzip file (${why})`);

export const notNumeric = (path: string, line: number, column: string, value: string): ThicketError =>
  inputError(at(path, line, column), `value ${shown(value)} is not a number, but the column was declared numeric`);

export const notNumericInRow = (path: string, row: number, column: string, value: string): ThicketError =>
  inputError(atRow(path, row, column), `value ${shown(value)} is not a number, but the column was declared numeric`);

/** Bytes that are not UTF-8 in a cell or header name (`text`: as a lenient decoder reads it, bad bytes as U+FFFD). */
export const invalidUtf8 = (path: string, line: number | undefined, column: string | undefined, text: string): ThicketError =>
  inputError(at(path, line, column), `${line === undefined ? 'header name' : 'value'} ${shown(text)} holds bytes that are not valid UTF-8 (shown as \uFFFD); save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)`);

export const nonFiniteText = (path: string, line: number, column: string, value: string): ThicketError =>
  inputError(
    at(path, line, column),
    `value ${shown(value)} is not a finite number; missing values must be empty fields (write nothing between the commas)`,
  );

export const unknownOverrideColumn = (path: string, option: string, column: string): ThicketError =>
  inputError(path, `${option} names column '${column}', which is not in the header`);

export const conflictingOverride = (path: string, column: string): ThicketError =>
  inputError(path, `column '${column}' is declared both categorical and numeric`);

export const unsupportedColumnType = (path: string, column: string, type: string): ThicketError =>
  inputError(at(path, undefined, column), `unsupported column type ${type}; thicket reads numbers, booleans, dates, timestamps and strings`);

export const invalidArrow = (path: string, why: string): ThicketError =>
  inputError(path, `is not a readable Arrow IPC file or stream (${why})`);

export const invalidParquet = (path: string, why: string): ThicketError =>
  inputError(path, `is not a readable Parquet file (${why})`);

export const missingTargetColumn = (path: string, target: string, available: string[]): ThicketError => {
  const guess = closestName(target, available);
  const shownColumns = available.slice(0, 50).map((c) => shown(c)).join(', ') + (available.length > 50 ? `, ... (${available.length} columns)` : '');
  return inputError(path, `has no target column '${target}'${guess !== undefined ? ` (did you mean '${guess}'?)` : ''}; available columns: ${shownColumns}`);
};

export const missingFeatureColumn = (path: string, column: string): ThicketError =>
  inputError(path, `has no column '${column}', which the model uses as a feature`);

export const missingTargetValue = (path: string, row: number, target: string): ThicketError =>
  inputError(atRow(path, row, target), 'the target is missing (an empty field or a missing-value word such as NA or NaN); every training or evaluation row needs a target');

export const nonFiniteTarget = (path: string, row: number, target: string, value: number): ThicketError =>
  inputError(atRow(path, row, target), `regression target ${value} is not a finite number`);

export const onlyMissingTarget = (path: string, target: string): ThicketError =>
  inputError(path, `target column '${target}' has only missing values`);

export const oneClass = (path: string, target: string, value: string): ThicketError =>
  inputError(path, `target column ${target} has only one class (value ${shown(value)}); at least two are needed`);

export const spacedClasses = (path: string, target: string, a: string, b: string): ThicketError =>
  inputError(path, `target column '${target}' has classes ${shown(a)} and ${shown(b)}, which differ only in spaces around them; write every label the same way (e.g. strip the spaces)`);

export const everyRowOwnClass = (path: string, target: string, rows: number): ThicketError =>
  inputError(path, `target column '${target}' has a different label on every one of its ${rows} rows, so no class can be learned; is it an identifier? (a numeric quantity: --task regression)`);

export const textAmongNumbers = (path: string, row: number, column: string, value: string, numbers: number, rows: number): ThicketError =>
  inputError(
    atRow(path, row, column),
    `value ${shown(value)} is text, but ${numbers} of the column's ${rows} values are numbers; correct it, leave the cell empty for a missing value, or declare it categorical (--categorical ${column}) to read the column as text`,
  );

export const taskMismatch = (path: string, target: string, task: string, why: string): ThicketError =>
  inputError(path, `target column '${target}' cannot be used for task '${task}': ${why}`);

export const unknownClass = (path: string, row: number, target: string, label: string, classes: string[]): ThicketError =>
  inputError(
    atRow(path, row, target),
    `class ${shown(label)} was not seen in training (known classes: ${classes.slice(0, 10).map(shown).join(', ')}${classes.length > 10 ? ', ...' : ''})`,
  );

export const textInNumericColumn = (path: string, row: number, column: string, value: string): ThicketError =>
  inputError(atRow(path, row, column), `value ${shown(value)} is not a number, but the model treats this column as numeric`);

export const outOfFloat32 = (path: string, row: number, column: string, value: number): ThicketError =>
  inputError(atRow(path, row, column), `value ${value} is outside the range of 32-bit floats (about ±3.4e38)`);

/** The warning (not an error) for categorical levels that training never saw. */
export function unseenLevelsWarning(path: string, column: string, rows: number, examples: string[]): string {
  const plural = rows === 1 ? 'row has a level' : 'rows have levels';
  return `${path}, column '${column}': ${rows} ${plural} not seen in training (e.g. ${examples.map(shown).join(', ')}); treated as missing`;
}
