/** Infers the model's Schema (feature kinds and levels, target task and classes) from a training Frame. */

import type { FeatureSpec, Frame, RawColumn, Schema, TargetSpec, Task } from './frame.js';
import { levelsAsNumbers } from './column-convert.js';
import { inferNumericTask } from './task-rule.js';
import {
  everyRowOwnClass, missingTargetColumn, noRows, missingTargetValue, nonFiniteTarget, oneClass, onlyMissingTarget, spacedClasses, taskMismatch, textAmongNumbers,
} from './messages.js';
import { isMissingWord, parseNumericText } from './number-parser.js';

export interface InferOptions {
  /** 'auto' (default) picks binary, multiclass or regression from the target's values. */
  task?: Task | 'auto';
  /** Columns declared categorical (--categorical): text among their numbers is expected. */
  categorical?: readonly string[];
}

/**
 * Every column except `target` becomes a feature, in file order. Categorical levels are the
 * distinct training levels sorted by code unit, so level indices do not depend on row order.
 */
export function inferSchema(frame: Frame, target: string, opts: InferOptions = {}): Schema {
  const column = frame.columns.find((c) => c.name === target);
  if (!column) throw missingTargetColumn(frame.source, target, frame.columns.map((c) => c.name));
  if (frame.nRows === 0) throw noRows(frame.source);
  checkColumnKinds(frame, target, opts.categorical);
  const features = frame.columns.filter((c) => c !== column).map(featureSpec);
  return { features, target: targetSpec(frame.source, column, opts.task ?? 'auto') };
}

/**
 * A feature column that is mostly numbers but holds a little text ("oops", "NA" among 300
 * numbers) would silently become categorical, each number a level of its own: an error naming
 * the first text cell and how to fix it. Columns in `declared` (--categorical) are left alone.
 */
export function checkColumnKinds(frame: Frame, target: string, declared: readonly string[] = []): void {
  for (const c of frame.columns) {
    if (c.kind !== 'categorical' || c.name === target || declared.includes(c.name)) continue;
    const kinds = levelKinds(c.levels);
    if (!kinds.includes(LevelKind.Number)) continue;
    let numbers = 0, text = 0, first = -1;
    for (let i = 0; i < c.codes.length; i++) {
      const code = c.codes[i]!;
      if (code < 0) continue;
      if (kinds[code] === LevelKind.Number) numbers++;
      else if (kinds[code] === LevelKind.Text && text++ === 0) first = i;
    }
    if (textAmongMostlyNumbers(numbers, text)) throw textAmongNumbers(frame.source, first + 1, c.name, c.levels[c.codes[first]!]!, numbers, numbers + text);
  }
}

/** What a categorical level holds: a number, a missing-value word (neither number nor text), or text. */
export const LevelKind = { Text: 0, Number: 1, Missing: 2 } as const;

export function levelKinds(levels: readonly string[]): Uint8Array {
  return Uint8Array.from(levels, (l) => (parseNumericText(l) !== undefined ? LevelKind.Number : isMissingWord(l) ? LevelKind.Missing : LevelKind.Text));
}

/** The share of numbers from which a column with some text is taken for a numeric column with bad cells. */
const MOSTLY_NUMBERS = 0.9;

/** Whether `text` cells among `numbers` make a numeric column with bad cells (an error) rather than a text column. */
export function textAmongMostlyNumbers(numbers: number, text: number): boolean {
  return text > 0 && numbers >= MOSTLY_NUMBERS * (numbers + text);
}

function featureSpec(column: RawColumn): FeatureSpec {
  if (column.kind === 'numeric') return { name: column.name, kind: 'numeric' };
  return { name: column.name, kind: 'categorical', levels: usedLevels(column).sort() };
}

/** Levels that at least one row holds (readers drop unused ones, but a Frame may come from elsewhere). */
function usedLevels(column: Extract<RawColumn, { kind: 'categorical' }>): string[] {
  const used = new Uint8Array(column.levels.length);
  for (const code of column.codes) if (code >= 0) used[code] = 1;
  return column.levels.filter((_, k) => used[k] === 1);
}

function targetSpec(source: string, column: RawColumn, task: Task | 'auto'): TargetSpec {
  const name = column.name;
  checkNoneMissing(source, column);
  if (column.kind === 'categorical') {
    if (task === 'regression') {
      const why = (_row: number, level: string) => taskMismatch(source, name, task, `it holds text such as '${level}'; regression needs numbers`);
      return numericTarget(source, name, levelsAsNumbers(column, why), task);
    }
    const classes = usedLevels(column).sort();
    const spec = classify(source, name, classes, task);
    // More than two labels, each on one row: an identifier, not a class (two rows of two classes is a tiny but fair binary set).
    if (classes.length > 2 && classes.length === column.codes.length) throw everyRowOwnClass(source, name, classes.length);
    return spec;
  }
  return numericTarget(source, name, column.values, task);
}

/** Every training row needs a target; names the first that lacks one. */
function checkNoneMissing(source: string, column: RawColumn): void {
  const n = column.kind === 'numeric' ? column.values.length : column.codes.length;
  let first = -1;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const absent = column.kind === 'numeric' ? Number.isNaN(column.values[i]!) : column.codes[i]! < 0;
    if (absent) {
      if (first < 0) first = i;
      missing++;
    }
  }
  if (n > 0 && missing === n) throw onlyMissingTarget(source, column.name);
  if (first >= 0) throw missingTargetValue(source, first + 1, column.name);
}

function numericTarget(source: string, name: string, values: Float64Array, task: Task | 'auto'): TargetSpec {
  const distinct = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw nonFiniteTarget(source, i + 1, name, v);
    if (distinct.size <= 2 || task === 'multiclass' || task === 'binary') distinct.add(v);
  }
  if (task === 'regression') return { name, task: 'regression' };
  if (task === 'auto' && distinct.size > 2) {
    // Few distinct integers are classes (task-rule.ts); anything else is a quantity.
    const guess = inferNumericTask(values);
    if (guess.task === 'regression') return { name, task: 'regression' };
    return classify(source, name, guess.classes!.map(String), 'multiclass');
  }
  // Numeric class labels are kept as the numbers' string forms, sorted by value (so '2' < '10').
  const classes = [...distinct].sort((a, b) => a - b).map(String);
  return classify(source, name, classes, task);
}

function classify(source: string, name: string, classes: string[], task: Task | 'auto'): TargetSpec {
  if (classes.length === 0) throw onlyMissingTarget(source, name);
  if (classes.length === 1) throw oneClass(source, name, classes[0]!);
  checkSpacedClasses(source, name, classes);
  if (task === 'binary' && classes.length !== 2) {
    throw taskMismatch(source, name, task, `binary needs exactly 2 classes, found ${classes.length}`);
  }
  const chosen: Task = task === 'auto' ? (classes.length === 2 ? 'binary' : 'multiclass') : task;
  return { name, task: chosen, classes };
}

/** Class labels equal but for spaces around them (" yes" and "yes") are one class written two ways: an error naming both. */
function checkSpacedClasses(source: string, name: string, classes: string[]): void {
  const seen = new Map<string, string>();
  for (const c of classes) {
    const key = c.trim();
    const other = seen.get(key);
    if (other !== undefined) throw spacedClasses(source, name, other, c);
    seen.set(key, c);
  }
}
