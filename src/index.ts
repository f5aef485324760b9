/** The public library API of thicket: estimators, training and prediction functions, data and model I/O, types. */
export { GBDTClassifier } from './api/classifier.js';
export { GBDTRegressor } from './api/regressor.js';
export {
  RandomForestClassifier, RandomForestRegressor, ExtraTreesClassifier, ExtraTreesRegressor, ForestEstimator,
} from './api/forest-estimators.js';
export { ModelEstimator } from './api/model-estimator.js';
export { fit, AutoMLEstimator } from './api/automl-estimator.js';
export type { AutoMLFitOptions, AutoMLFitResult, AutoMLProgress } from './api/automl-estimator.js';
export { load, loadModel, predictDataset, predictFrame } from './api/load.js';
export type { AnyModel, AnyEstimator } from './api/load.js';
export type { AutoMLModel, AutoMLMember, LeaderboardRow } from './automl/automl-model.js';
export type { TrialRecord } from './automl/trial-runner.js';
export { buildReport } from './report/html-report.js';
export type { ReportInput } from './report/html-report.js';
export type { FitOptions, PredictOptions } from './api/estimator.js';
export { frameFromJs } from './data/frame-from-js.js';
export type { Cell, ColumnValues, ColumnsInput, RowsInput, TableInput, FrameFromJsOptions } from './data/frame-from-js.js';

export { trainGBDT } from './boosting/train.js';
export type { TrainOptions } from './boosting/train.js';
export { trainForest } from './forest/forest-trainer.js';
export type { ForestTrainOptions, ForestResult } from './forest/forest-trainer.js';
export type { ForestLearner, ForestSettings } from './forest/forest-params.js';
export type { OobPrediction } from './forest/oob.js';
export { predictDatasetParallel, predictThreads, type ParallelPredictOptions } from './predict/parallel-predict.js';
export { permutationImportance, PERMUTATION_METRICS } from './predict/permutation-importance.js';
export type { PermutationImportance, PermutationOptions, PermutationMetric } from './predict/permutation-importance.js';
export { featureImportance } from './model/feature-importance.js';
export type { FeatureImportance } from './model/feature-importance.js';
export type { Prediction } from './predict/predictor.js';
export { evaluateTask } from './metric/metrics.js';

export { readFrame } from './data/read-frame.js';
export { inferSchema } from './data/schema.js';
export { applySchema } from './data/apply-schema.js';
export type { Frame, RawColumn, Schema, FeatureSpec, TargetSpec, Dataset, Task } from './data/frame.js';

export { saveModel, modelToJson, parseModel } from './model/model-file.js';
export { importXGBoost } from './xgboost/import.js';
export { modelToXGBoostJson } from './xgboost/xgb-export.js';
export { summarizeModel } from './model/model-info.js';
export type { ModelSummary } from './model/model-info.js';
export { MODEL_FORMAT, MODEL_VERSION } from './model/model.js';
export { isForest } from './model/model.js';
export type { GBDTModel, ForestModel, Model, TreeArrays, TrainingInfo, ForestTrainingInfo } from './model/model.js';

export { PARAMS, validateParams, defaultOf } from './params.js';
export type { ParamMap, ParamValue, ParamSpec, Objective, Learner, ParamsFor, GBDTParams, RandomForestParams, ExtraTreesParams } from './params.js';
export { ThicketError } from './errors.js';
export type { ExitCode } from './errors.js';
