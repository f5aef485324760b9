/** The model `thicket fit` writes: preprocessing, then a weighted ensemble of bagged fold models. */
import type { Dataset, Frame, Schema } from '../data/frame.js';
import { MODEL_FORMAT, MODEL_VERSION } from '../model/model.js';
import { predictLinear } from '../linear/linear-model.js';
import type { FoldModel } from './trial.js';
import { predictStack, type Stacker } from '../ensemble/stacking.js';
import { predictDataset } from '../predict/predictor.js';
import type { PreprocessSpec } from './preprocess.js';
import { applyPreprocess } from './preprocess.js';
import type { Config } from './space.js';
import type { LearnerName } from './learners/learner.js';

export interface LeaderboardRow {
  rank: number;
  trial: number;
  learner: LearnerName | 'ensemble';
  metric: string;
  /** Validation (out-of-fold) value of the metric. */
  value: number;
  seconds: number;
  /** Training rows per fold of the sample the trial ran on. */
  sample?: number;
  config?: Config;
}

export interface AutoMLMember {
  trial: number;
  learner: LearnerName;
  config: Config;
  /** Share of the ensemble output (weights sum to 1). */
  weight: number;
  /** One model per validation fold; the member's output is their mean (bagging, no refit). */
  folds: FoldModel[];
}

export interface AutoMLModel {
  format: typeof MODEL_FORMAT;
  version: number;
  learner: 'automl';
  /** Features after preprocessing, and the target. */
  schema: Schema;
  preprocess: PreprocessSpec;
  metric: string;
  validation: { kind: 'cv' | 'holdout'; folds: number; rows: number; value: number };
  /** How members combine: weighted average (single, greedy) or a stacked meta-learner. */
  ensemble: { kind: string; reason: string; stacker?: Stacker };
  members: AutoMLMember[];
  leaderboard: LeaderboardRow[];
}

export function makeAutoMLModel(parts: Omit<AutoMLModel, 'format' | 'version' | 'learner'>): AutoMLModel {
  return { format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'automl', ...parts };
}

/** The frame as the members see it (preprocessing replayed). */
export function preprocessFrame(model: AutoMLModel, frame: Frame): Frame {
  return applyPreprocess(frame, model.preprocess);
}

/** Ensemble output for a dataset already encoded with model.schema (predictor's output convention). */
export function predictAutoML(model: AutoMLModel, data: Dataset): Float64Array {
  return combineMembers(model, model.members.map((m) => meanOfFolds(m.folds.map((fold) => foldOutput(fold, data)))));
}

/** A fold model's output on the main thread. */
export function foldOutput(fold: FoldModel, data: Dataset): Float64Array {
  return fold.learner === 'linear' ? predictLinear(fold, data) : predictDataset(fold, data).output;
}

/** A member's output: the mean of its fold models' outputs (bagging). */
export function meanOfFolds(outputs: Float64Array[]): Float64Array {
  const out = new Float64Array(outputs[0].length);
  for (const o of outputs) for (let i = 0; i < o.length; i++) out[i] += o[i] / outputs.length;
  return out;
}

/** The ensemble output from its members' outputs (weighted average or the stacker). */
export function combineMembers(model: AutoMLModel, outputs: Float64Array[]): Float64Array {
  if (model.ensemble.stacker) return predictStack(model.ensemble.stacker, outputs);
  const out = new Float64Array(outputs[0].length);
  model.members.forEach((m, j) => { for (let i = 0; i < out.length; i++) out[i] += m.weight * outputs[j][i]; });
  return out;
}
