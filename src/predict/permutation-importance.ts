/** Permutation feature importance of any model on a labelled dataset: how much a metric worsens when one feature's column is shuffled. */
import type { Dataset, Task } from '../data/frame.js';
import { usageError, inputError } from '../errors.js';
import { evaluateTask } from '../metric/metrics.js';
import type { Model } from '../model/model.js';
import { Rng } from '../util/rng.js';
import { predictDataset, type Prediction } from './predictor.js';

export const PERMUTATION_METRICS = ['auc', 'logloss', 'accuracy', 'rmse', 'mae', 'r2'] as const;
export type PermutationMetric = (typeof PERMUTATION_METRICS)[number];
const LOWER_IS_BETTER = new Set<PermutationMetric>(['logloss', 'rmse', 'mae']);

export interface PermutationOptions {
  /** Shuffles per feature (default 5). */
  repeats?: number;
  seed?: number;
  /** Default: auc (binary), accuracy (multiclass), r2 (regression). */
  metric?: PermutationMetric;
}

export interface PermutationImportance {
  metric: PermutationMetric;
  /** The metric on the unshuffled data. */
  baseline: number;
  repeats: number;
  rows: number;
  /** Per schema feature: the metric's mean and standard deviation of worsening (positive = the feature matters). */
  features: { feature: string; mean: number; std: number; drops: number[] }[];
}

function defaultMetric(task: Task): PermutationMetric {
  return task === 'binary' ? 'auc' : task === 'multiclass' ? 'accuracy' : 'r2';
}

/** Permutation importance of `model` on `data` (which must hold the target; features follow model.schema). */
export function permutationImportance(model: Model, data: Dataset, opts: PermutationOptions = {}): PermutationImportance {
  return permutationImportanceOf((d) => predictDataset(model, d), data, opts);
}

/**
 * Permutation importance of any scorer (a single model, an AutoML ensemble) on `data`, encoded
 * with the scorer's schema and holding the target.
 */
export function permutationImportanceOf(predict: (d: Dataset) => Prediction, data: Dataset, opts: PermutationOptions = {}): PermutationImportance {
  const task = data.schema.target.task;
  const metric = opts.metric ?? defaultMetric(task);
  const repeats = opts.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) throw usageError(`permutation importance: repeats must be a positive integer, got ${repeats}`);
  const available = task === 'regression' ? ['rmse', 'mae', 'r2'] : task === 'binary' ? ['auc', 'logloss', 'accuracy'] : ['logloss', 'accuracy'];
  if (!available.includes(metric)) throw usageError(`permutation importance: metric ${metric} does not apply to a ${task} model (use ${available.join(', ')})`);
  const y = data.target;
  if (!y) throw inputError('permutation importance', `the data has no target column ${data.schema.target.name}`);
  const n = data.nRows;
  if (n === 0) throw inputError('permutation importance', 'the data has no rows');
  const score = (d: Dataset): number => evaluateTask(task, y, predict(d))[metric]!;
  const worse = (s: number, base: number): number => (LOWER_IS_BETTER.has(metric) ? s - base : base - s);
  const baseline = score(data);
  const rng = new Rng(opts.seed ?? 0);
  const features = new Float32Array(data.features);
  const shuffled: Dataset = { ...data, features };
  const perm = new Uint32Array(n);
  const out = data.schema.features.map((spec, f) => {
    const col = data.features.subarray(f * n, (f + 1) * n);
    const dst = features.subarray(f * n, (f + 1) * n);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); const t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
      for (let i = 0; i < n; i++) dst[i] = col[perm[i]];
      drops.push(worse(score(shuffled), baseline));
    }
    dst.set(col);
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
    return { feature: spec.name, mean, std, drops };
  });
  return { metric, baseline, repeats, rows: n, features: out };
}
