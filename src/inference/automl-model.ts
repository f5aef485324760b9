/** The AutoML model document: preprocessing, members (each a list of fold models) and how they combine. */
import type { Schema } from '../data/frame.js';
import type { MODEL_FORMAT, Model } from '../model/model.js';
import type { LinearModel } from './linear-model.js';
import type { PreprocessSpec } from './preprocess.js';
import { stackerShares, type Stacker } from './stacking.js';

/** The learners an AutoML model's members may come from. */
export type LearnerName = 'gbdt' | 'rf' | 'extratrees' | 'linear';

/** Dimension name -> value; a full config has exactly the space's keys. */
export type Config = Record<string, string | number | boolean>;

/** A fold's model, complete (it goes into the AutoML model file as is). */
export type FoldModel = Model | LinearModel;

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

/** What each member counts for: its averaging weight, or for a stacked ensemble its share of the stacker (stackerShares). */
export function memberWeights(model: Pick<AutoMLModel, 'members' | 'ensemble'>): number[] {
  return model.ensemble.stacker ? stackerShares(model.ensemble.stacker) : model.members.map((m) => m.weight);
}
