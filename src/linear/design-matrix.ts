/**
 * The linear learner's fitted preprocessing: numeric features standardised (with a missing
 * indicator), categorical features one-hot over their most frequent levels, constant columns
 * dropped, turned into a dense row-major design matrix.
 */
import type { Dataset, Schema } from '../data/frame.js';
import { inputError } from '../errors.js';

/** Levels of one categorical feature that get a column of their own; the rest share "other". */
export const MAX_ONE_HOT_LEVELS = 30;

/**
 * How one dataset feature becomes design columns. Columns appear in `DesignSpec.features`
 * order; within a feature: value, missing indicator (numeric) or levels..., other (categorical).
 */
export type DesignFeature =
  | {
      kind: 'numeric';
      /** Index into schema.features. */
      feature: number;
      name: string;
      /** Mean and population standard deviation of the finite training values. */
      mean: number;
      std: number;
      /** Whether the standardised value has a column (false when constant in training). */
      value: boolean;
      /** Whether a 0/1 "was missing" column follows (true when some, not all, training rows were missing). */
      missing: boolean;
    }
  | {
      kind: 'categorical';
      feature: number;
      name: string;
      /** Level indices (into schema levels) with a column each, most frequent first. */
      levels: number[];
      /** Level indices seen in training but not in `levels`: they share one "other" column (none when empty). */
      other: number[];
    };

/** A fitted, JSON-serialisable preprocessing spec. */
export interface DesignSpec {
  /** Number of features of the schema it was fitted on (checked when applied). */
  nFeatures: number;
  /** Columns of the design matrix. */
  nCols: number;
  /** Features contributing at least one column, in schema order. */
  features: DesignFeature[];
}

/** Number of design columns one feature contributes. */
export function featureWidth(d: DesignFeature): number {
  if (d.kind === 'numeric') return (d.value ? 1 : 0) + (d.missing ? 1 : 0);
  return d.levels.length + (d.other.length > 0 ? 1 : 0);
}

/** Level index of a categorical cell, or -1 when missing / not a valid index. */
function levelOf(v: number): number {
  return Number.isInteger(v) && v >= 0 ? v : -1;
}

function fitNumeric(col: Float32Array, feature: number, name: string): DesignFeature | null {
  const n = col.length;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (!Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count > 0 ? sum / count : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
  }
  const std = count > 0 ? Math.sqrt(ss / count) : 0;
  // Exactly equal values (min === max) are constant; a tiny std from rounding would otherwise blow up.
  const value = count > 0 && max > min && std > 0;
  const missing = count > 0 && count < n;
  if (!value && !missing) return null;
  return { kind: 'numeric', feature, name, mean, std: value ? std : 1, value, missing };
}

function fitCategorical(col: Float32Array, feature: number, name: string): DesignFeature | null {
  const n = col.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const level = levelOf(col[i]!);
    if (level >= 0) counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  // Most frequent first; ties by level index, so the spec does not depend on row order.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const top = ranked.slice(0, MAX_ONE_HOT_LEVELS);
  const rest = ranked.slice(MAX_ONE_HOT_LEVELS);
  // A level present on every row is a constant column; "other" can never be (the top levels occur).
  const levels = top.filter(([, c]) => c < n).map(([level]) => level);
  const other = rest.map(([level]) => level).sort((a, b) => a - b);
  if (levels.length === 0 && other.length === 0) return null;
  return { kind: 'categorical', feature, name, levels, other };
}

/** Fits the preprocessing on a training dataset (unweighted statistics). */
export function fitDesign(ds: Dataset): DesignSpec {
  const n = ds.nRows;
  const features: DesignFeature[] = [];
  ds.schema.features.forEach((spec, f) => {
    const col = ds.features.subarray(f * n, (f + 1) * n);
    const d = spec.kind === 'numeric' ? fitNumeric(col, f, spec.name) : fitCategorical(col, f, spec.name);
    if (d) features.push(d);
  });
  const nCols = features.reduce((s, d) => s + featureWidth(d), 0);
  return { nFeatures: ds.schema.features.length, nCols, features };
}

/** Throws unless `ds` has the features (count, names, kinds) the spec was fitted on. */
function checkSchema(spec: DesignSpec, ds: Dataset): void {
  const feats = ds.schema.features;
  if (feats.length !== spec.nFeatures) {
    throw inputError('linear model', `expects ${spec.nFeatures} features, the data has ${feats.length}`);
  }
  if (ds.features.length !== ds.nRows * feats.length) {
    throw inputError('linear model', `feature array holds ${ds.features.length} values, expected ${ds.nRows} x ${feats.length}`);
  }
  for (const d of spec.features) {
    const f = feats[d.feature]!;
    if (f.name !== d.name || f.kind !== d.kind) {
      throw inputError('linear model', `feature ${d.feature} should be ${d.kind} '${d.name}', the data has ${f.kind} '${f.name}'`);
    }
  }
}

/**
 * The design matrix of `ds`: Float64Array, nRows x spec.nCols, row-major. Missing numeric
 * values become 0 (the training mean) with their indicator set; missing or unseen levels
 * give all-zero one-hot columns.
 */
export function applyDesign(spec: DesignSpec, ds: Dataset): Float64Array {
  checkSchema(spec, ds);
  const n = ds.nRows;
  const p = spec.nCols;
  const X = new Float64Array(n * p);
  // Per categorical feature: level index -> column offset within the feature (-1: no column).
  const slots = spec.features.map((d) => {
    if (d.kind !== 'categorical') return null;
    let size = 0;
    for (const level of d.levels) size = Math.max(size, level + 1);
    for (const level of d.other) size = Math.max(size, level + 1);
    const slot = new Int32Array(size).fill(-1);
    d.levels.forEach((level, k) => { slot[level] = k; });
    for (const level of d.other) slot[level] = d.levels.length;
    return slot;
  });
  // Blocks of rows, so the block's rows of X stay in cache while every feature is written.
  const BLOCK = 256;
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const r1 = Math.min(n, r0 + BLOCK);
    let c = 0;
    spec.features.forEach((d, t) => {
      const base = d.feature * n;
      if (d.kind === 'numeric') {
        const vc = d.value ? c++ : -1;
        const mc = d.missing ? c++ : -1;
        for (let i = r0; i < r1; i++) {
          const v = ds.features[base + i]!;
          if (Number.isFinite(v)) {
            if (vc >= 0) X[i * p + vc] = (v - d.mean) / d.std;
          } else if (mc >= 0) {
            X[i * p + mc] = 1;
          }
        }
      } else {
        const slot = slots[t]!;
        for (let i = r0; i < r1; i++) {
          const level = levelOf(ds.features[base + i]!);
          const k = level >= 0 && level < slot.length ? slot[level]! : -1;
          if (k >= 0) X[i * p + c + k] = 1;
        }
        c += featureWidth(d);
      }
    });
  }
  return X;
}

/** Human-readable name of every design column ("age", "age=missing", "city=Paris", "city=other"). */
export function designColumnNames(spec: DesignSpec, schema?: Schema): string[] {
  const names: string[] = [];
  for (const d of spec.features) {
    if (d.kind === 'numeric') {
      if (d.value) names.push(d.name);
      if (d.missing) names.push(`${d.name}=missing`);
    } else {
      const levelNames = schema?.features[d.feature]?.levels;
      for (const level of d.levels) names.push(`${d.name}=${levelNames?.[level] ?? `#${level}`}`);
      if (d.other.length > 0) names.push(`${d.name}=other`);
    }
  }
  return names;
}
