/** Turns a Frame into a Dataset laid out as a Schema says: features in model order, levels and classes as indices. */

import type { Dataset, FeatureSpec, Frame, RawColumn, Schema, TargetSpec } from './frame.js';
import { levelsAsNumbers, numericToCategorical } from './column-convert.js';
import {
  missingFeatureColumn,
  missingTargetColumn,
  missingTargetValue,
  nonFiniteTarget,
  outOfFloat32,
  textInNumericColumn,
  unknownClass,
  unseenLevelsWarning,
} from './messages.js';

export interface ApplyOptions {
  /** Training and evaluation need the target on every row; prediction does not. */
  requireTarget: boolean;
  /** Receives non-fatal notes, such as categorical levels that training never saw. */
  onWarning?: (message: string) => void;
  /** Rows of the file before this frame (a batch of a streamed file): added to the row numbers in messages. */
  rowOffset?: number;
  /** When given, unseen levels are counted here per column (for one warning after the last batch) instead of warned about. */
  unseen?: Map<string, { rows: number; examples: string[] }>;
}

/**
 * Builds the Dataset. Columns are matched by name; extra columns are ignored. Unseen
 * categorical levels become NaN (missing) with one warning per column. When `requireTarget`
 * is false, target cells that are missing or hold an unknown class become NaN instead of an error.
 */
export function applySchema(frame: Frame, schema: Schema, opts: ApplyOptions): Dataset {
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const n = frame.nRows;
  const off = opts.rowOffset ?? 0;
  const features = new Float32Array(n * schema.features.length);
  schema.features.forEach((spec, f) => {
    const column = byName.get(spec.name);
    if (!column) throw missingFeatureColumn(frame.source, spec.name);
    const out = features.subarray(f * n, (f + 1) * n);
    if (spec.kind === 'numeric') fillNumeric(frame.source, column, out, off);
    else fillCategorical(frame.source, column, spec, out, opts);
  });
  const dataset: Dataset = { schema, nRows: n, features };
  const targetColumn = byName.get(schema.target.name);
  if (targetColumn) {
    dataset.target = targetValues(frame.source, targetColumn, schema.target, opts.requireTarget, off);
  } else if (opts.requireTarget) {
    throw missingTargetColumn(frame.source, schema.target.name, frame.columns.map((c) => c.name));
  }
  return dataset;
}

/** Column values as numbers; a categorical column must hold only numeric text. */
function asNumbers(source: string, column: RawColumn, off: number): Float64Array {
  if (column.kind === 'numeric') return column.values;
  return levelsAsNumbers(column, (row, level) => textInNumericColumn(source, row + off, column.name, level));
}

function fillNumeric(source: string, column: RawColumn, out: Float32Array, off: number): void {
  const values = asNumbers(source, column, off);
  for (let i = 0; i < out.length; i++) {
    out[i] = values[i]!;
    // Assignment rounds to float32; a finite double beyond ±3.4e38 (or an Infinity from Arrow) lands on ±Infinity.
    const stored = out[i]!;
    if (stored === Infinity || stored === -Infinity) throw outOfFloat32(source, i + 1 + off, column.name, values[i]!);
  }
}

function fillCategorical(
  source: string,
  column: RawColumn,
  spec: FeatureSpec,
  out: Float32Array,
  opts: ApplyOptions,
): void {
  const cat = column.kind === 'categorical' ? column : numericToCategorical(column);
  const index = new Map((spec.levels ?? []).map((level, k) => [level, k]));
  // Frame code -> model level index (-1: unseen in training).
  const remap = Int32Array.from(cat.levels, (level) => index.get(level) ?? -1);
  let unseenRows = 0;
  const examples: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const code = cat.codes[i]!;
    if (code < 0) {
      out[i] = NaN;
      continue;
    }
    const k = remap[code]!;
    if (k >= 0) {
      out[i] = k;
      continue;
    }
    out[i] = NaN;
    unseenRows++;
    const level = cat.levels[code]!;
    if (examples.length < 3 && !examples.includes(level)) examples.push(level);
  }
  if (unseenRows === 0) return;
  if (!opts.unseen) {
    opts.onWarning?.(unseenLevelsWarning(source, column.name, unseenRows, examples));
    return;
  }
  const seen = opts.unseen.get(column.name) ?? { rows: 0, examples: [] };
  seen.rows += unseenRows;
  for (const level of examples) if (seen.examples.length < 3 && !seen.examples.includes(level)) seen.examples.push(level);
  opts.unseen.set(column.name, seen);
}

/** Float64Array, length nRows: class index or regression value; NaN where tolerated as unknown. */
function targetValues(source: string, column: RawColumn, spec: TargetSpec, required: boolean, off: number): Float64Array {
  const n = column.kind === 'numeric' ? column.values.length : column.codes.length;
  const out = new Float64Array(n);
  if (spec.task === 'regression') {
    const values = asNumbers(source, column, off);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (Number.isNaN(v) && required) throw missingTargetValue(source, i + 1 + off, column.name);
      if (v === Infinity || v === -Infinity) throw nonFiniteTarget(source, i + 1 + off, column.name, v);
      out[i] = v;
    }
    return out;
  }
  const classes = spec.classes ?? [];
  const index = new Map(classes.map((label, k) => [label, k]));
  // Numeric labels are looked up by their string form, the form inferSchema stored them in.
  const cat = column.kind === 'categorical' ? column : numericToCategorical(column);
  const remap = Int32Array.from(cat.levels, (label) => index.get(label) ?? -1);
  for (let i = 0; i < n; i++) {
    const code = cat.codes[i]!;
    if (code < 0) {
      if (required) throw missingTargetValue(source, i + 1 + off, column.name);
      out[i] = NaN;
      continue;
    }
    const k = remap[code]!;
    if (k < 0 && required) throw unknownClass(source, i + 1 + off, column.name, cat.levels[code]!, classes);
    out[i] = k < 0 ? NaN : k;
  }
  return out;
}
