/** Resolves validated user parameters (scikit-learn names) into the full settings of a random forest or extra-trees run. */
import type { Task } from '../data/frame.js';
import { usageError } from '../errors.js';
import { defaultOf, validateParams, type ParamMap, type ParamValue } from '../params.js';

export type ForestLearner = 'rf' | 'extratrees';

export interface ForestSettings {
  learner: ForestLearner;
  nEstimators: number;
  /** 0: unlimited. */
  maxDepth: number;
  /** max_features as given: 'sqrt' | 'log2' | a fraction in (0, 1] | a count > 1 (resolved per dataset by featuresPerSplit). */
  maxFeatures: ParamValue;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  bootstrap: boolean;
  /** undefined: as many rows as the training set. */
  maxSamples?: number;
  classWeight: 'none' | 'balanced';
  /** ordinal: categorical features split by level order (as integer codes), never by mean-ordered partitions. */
  categoricalSplit: 'partition' | 'ordinal';
  oobScore: boolean;
  /** Extra trees: one random threshold per feature instead of the best one. */
  randomSplits: boolean;
  seed: number;
  /** 0: all cores. */
  nthread: number;
  maxBin: number;
}

/** Validates `given` for `learner` and fills the per-learner and per-task defaults. */
export function resolveForest(learner: ForestLearner, given: ParamMap, task: Task): { settings: ForestSettings; canonical: ParamMap } {
  const v = validateParams(learner, given);
  const get = (name: string): ParamValue | undefined => v[name] ?? defaultOf(name, learner);
  const num = (name: string): number => Number(get(name));
  const settings: ForestSettings = {
    learner,
    nEstimators: num('n_estimators'),
    maxDepth: num('max_depth'),
    // scikit-learn >= 1.1: sqrt for classifiers, all features (1.0) for regressors.
    maxFeatures: get('max_features') ?? (task === 'regression' ? 1 : 'sqrt'),
    minSamplesLeaf: num('min_samples_leaf'),
    minSamplesSplit: num('min_samples_split'),
    bootstrap: get('bootstrap') === true,
    maxSamples: v.max_samples === undefined ? undefined : Number(v.max_samples),
    classWeight: get('class_weight') === 'balanced' ? 'balanced' : 'none',
    categoricalSplit: get('categorical_split') === 'ordinal' ? 'ordinal' : 'partition',
    oobScore: get('oob_score') === true,
    randomSplits: learner === 'extratrees',
    seed: num('seed'),
    nthread: num('nthread'),
    maxBin: num('max_bin'),
  };
  if (settings.classWeight === 'balanced' && task === 'regression') {
    throw usageError('parameter class_weight=balanced: only for classification (the target is numeric)');
  }
  return { settings, canonical: { ...v } };
}

/** Features tried per split for a dataset of `nFeatures` features (scikit-learn's rounding: floor, at least 1). */
export function featuresPerSplit(maxFeatures: ParamValue, nFeatures: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  const x = Number(maxFeatures);
  if (x <= 1) return Math.max(1, Math.floor(x * nFeatures));
  if (x > nFeatures) {
    throw usageError(`parameter max_features=${x}: the data has only ${nFeatures} features (use a count <= ${nFeatures} or a fraction)`);
  }
  return x;
}

/** Rows drawn per tree for a training set of `nRows` rows. */
export function rowsPerTree(s: ForestSettings, nRows: number): number {
  if (s.maxSamples === undefined) return nRows;
  const x = s.maxSamples;
  if (x <= 1) return Math.max(1, Math.round(x * nRows));
  if (x > nRows) throw usageError(`parameter max_samples=${x}: the training data has only ${nRows} rows (use a count <= ${nRows} or a fraction)`);
  return x;
}
