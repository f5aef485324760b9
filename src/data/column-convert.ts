/** Converts a RawColumn between kinds, for files whose column kind differs from what is asked of it. */

import type { ThicketError } from '../errors.js';
import type { RawColumn } from './frame.js';
import { LevelEncoder } from './level-encoder.js';
import { isMissingWord, parseNumericText } from './number-parser.js';

type Categorical = Extract<RawColumn, { kind: 'categorical' }>;
type Numeric = Extract<RawColumn, { kind: 'numeric' }>;

/**
 * Numbers to levels via their shortest string form (String(v): 3 -> '3', 0.5 -> '0.5'), so a
 * test file whose categorical column happens to hold only digits matches training levels.
 */
export function numericToCategorical(column: Numeric): Categorical {
  const encoder = new LevelEncoder();
  const codes = new Int32Array(column.values.length);
  for (let i = 0; i < codes.length; i++) {
    const v = column.values[i]!;
    codes[i] = Number.isNaN(v) ? -1 : encoder.code(String(v));
  }
  return { name: column.name, kind: 'categorical', codes, levels: encoder.levels };
}

/**
 * Levels to numbers: every level a row uses must be a decimal number, else `onBad` builds the
 * error for the first row (1-based) holding a non-number. Missing cells and missing-value words become NaN.
 */
export function levelsAsNumbers(column: Categorical, onBad: (row: number, level: string) => ThicketError): Float64Array {
  // Missing-value words (NA, null, ...) are missing, as the CSV reader reads them among numbers.
  const parsed = column.levels.map((l) => (isMissingWord(l) ? NaN : parseNumericText(l)));
  const values = new Float64Array(column.codes.length);
  for (let i = 0; i < values.length; i++) {
    const code = column.codes[i]!;
    if (code < 0) {
      values[i] = NaN;
      continue;
    }
    const v = parsed[code];
    if (v === undefined) throw onBad(i + 1, column.levels[code]!);
    values[i] = v;
  }
  return values;
}
