/**
 * Fits the linear learner's preprocessing on training data: which numeric features are
 * standardised (with a missing indicator), which categorical levels get one-hot columns, which
 * constant columns are dropped. inference/linear-design.ts applies the fitted spec.
 */
import type { Dataset } from '../data/frame.js';
import { featureWidth, levelOf, type DesignFeature, type DesignSpec } from '../inference/linear-design.js';

/** Levels of one categorical feature that get a column of their own; the rest share "other". */
export const MAX_ONE_HOT_LEVELS = 30;

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
