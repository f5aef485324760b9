/** The model `thicket fit` writes: preprocessing, then a weighted ensemble of bagged fold models. */
import type { Dataset, Frame } from '../data/frame.js';
import { MODEL_FORMAT, MODEL_VERSION } from '../model/model.js';
import type { AutoMLMember, AutoMLModel, FoldModel } from '../inference/automl-model.js';
import { predictLinear } from '../inference/linear-model.js';
import { predictStack } from '../inference/stacking.js';
import { predictDataset } from '../predict/predictor.js';
import { applyPreprocess } from '../inference/preprocess.js';

export type { AutoMLMember, AutoMLModel, LeaderboardRow } from '../inference/automl-model.js';

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
