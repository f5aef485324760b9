/**
 * The linear learner's preprocessing as applied at prediction time: numeric features standardised
 * (with a missing indicator), categorical features one-hot over their most frequent levels,
 * turned into a dense row-major design matrix. Fitted by linear/design-matrix.ts.
 */
import type { Dataset, Schema } from '../data/frame.js';
import { inputError } from '../errors.js';

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
export function levelOf(v: number): number {
  return Number.isInteger(v) && v >= 0 ? v : -1;
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
