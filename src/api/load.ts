/** Loading and predicting any model file from the library: thicket GBDT and forest models, `thicket fit` ensembles and XGBoost JSON / UBJSON models. */
import { applySchema } from '../data/apply-schema.js';
import { usageError } from '../errors.js';
import type { Dataset, Frame } from '../data/frame.js';
import { predictAutoML, preprocessFrame, type AutoMLModel } from '../automl/automl-model.js';
import type { Model } from '../model/model.js';
import { predictDataset as predictSingle, type Prediction } from '../predict/predictor.js';
import { loadScorer, predictionFromOutput } from './scorer.js';
import { AutoMLEstimator } from './automl-estimator.js';
import { GBDTClassifier } from './classifier.js';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from './forest-estimators.js';
import { GBDTRegressor } from './regressor.js';

/** Every kind of model the library predicts. */
export type AnyModel = Model | AutoMLModel;

/**
 * Reads and validates a model file of any kind: a thicket GBDT or forest (`thicket train`, the
 * estimators), an AutoML ensemble (`thicket fit`, `fit()`), or an XGBoost JSON / UBJSON model.
 */
export function loadModel(path: string): AnyModel {
  if (typeof path !== 'string' || path === '') throw usageError(`loadModel / load: expected the path of a model file, got ${path === '' ? 'an empty string' : typeof path}`);
  return loadScorer(path).model;
}

/**
 * Predicts a dataset encoded with `model.schema` (see applySchema). For an AutoML model the
 * dataset must have gone through its preprocessing first: predictFrame does both.
 */
export function predictDataset(model: AnyModel, data: Dataset): Prediction {
  if (model.learner === 'automl') return predictionFromOutput(model.schema, predictAutoML(model, data), data.nRows);
  return predictSingle(model, data);
}

/** Predicts a frame as read from a file (readFrame): the model's preprocessing (AutoML) and schema are applied first. */
export function predictFrame(model: AnyModel, frame: Frame, opts: { onWarning?: (message: string) => void } = {}): Prediction {
  const prepared = model.learner === 'automl' ? preprocessFrame(model, frame) : frame;
  const data = applySchema(prepared, model.schema, { requireTarget: false, onWarning: opts.onWarning ?? (() => {}) });
  return predictDataset(model, data);
}

export type AnyEstimator = GBDTClassifier | GBDTRegressor | RandomForestClassifier | RandomForestRegressor
  | ExtraTreesClassifier | ExtraTreesRegressor | AutoMLEstimator;

/** The estimator for a model file of any kind (its class follows the learner and task), ready to predict. */
export function load(path: string): AnyEstimator {
  const model = loadModel(path);
  if (model.learner === 'automl') return new AutoMLEstimator(model);
  const regression = model.schema.target.task === 'regression';
  if (model.learner === 'gbdt') return (regression ? new GBDTRegressor() : new GBDTClassifier()).adopt(model, path);
  if (model.learner === 'rf') return (regression ? new RandomForestRegressor() : new RandomForestClassifier()).adopt(model, path);
  return (regression ? new ExtraTreesRegressor() : new ExtraTreesClassifier()).adopt(model, path);
}
