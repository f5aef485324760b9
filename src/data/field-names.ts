/** Checks the column names of a columnar file (Arrow, Parquet): each must be non-empty and unique. */

import { duplicateField, emptyFieldName } from './messages.js';

/** Throws a ThicketError naming the file and the offending column. */
export function checkFieldNames(path: string, names: string[]): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.trim() === '') throw emptyFieldName(path, i);
    const first = seen.get(name);
    if (first !== undefined) throw duplicateField(path, name, first, i);
    seen.set(name, i);
  });
}
