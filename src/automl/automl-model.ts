/** The model `thicket fit` writes: preprocessing, then a weighted ensemble of bagged fold models. */
import type { Dataset, Frame, Schema } from '../data/frame.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel } from '../model/model.js';
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
  config?: Config;
}

export interface AutoMLMember {
  trial: number;
  learner: LearnerName;
  config: Config;
  /** Share of the ensemble output (weights sum to 1). */
  weight: number;
  /** One model per validation fold; the member's output is their mean (bagging, no refit). */
  folds: GBDTModel[];
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
  ensemble: { kind: string; reason: string };
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
  let out: Float64Array | null = null;
  for (const m of model.members) {
    for (const fold of m.folds) {
      const o = predictDataset(fold, data).output;
      out ??= new Float64Array(o.length);
      const w = m.weight / m.folds.length;
      for (let i = 0; i < o.length; i++) out[i] += w * o[i];
    }
  }
  return out ?? new Float64Array(0);
}
