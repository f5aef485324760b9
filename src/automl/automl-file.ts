/** Saving and validating AutoML model files: the ensemble's fold models are ordinary model documents. */
import { modelToJson } from '../model/model-file.js';
import type { AutoMLModel } from './automl-model.js';

export { automlFromJson } from './automl-validator.js';

/** The file text: the AutoML fields, each member's fold models as model documents. */
export function automlToJson(model: AutoMLModel): string {
  const doc = {
    ...model,
    members: model.members.map((m) => ({ ...m, folds: m.folds.map((f) => (f.learner === 'linear' ? f : JSON.parse(modelToJson(f)))) })),
  };
  return JSON.stringify(doc) + '\n';
}
