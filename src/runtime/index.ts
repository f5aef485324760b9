/**
 * thicket/runtime: a small inference entry for serverless functions, browsers and workers. No
 * Node built-ins, no file or thread access; the WebAssembly kernel is embedded. Loads thicket
 * models (gbdt, rf, extratrees, AutoML ensembles) and XGBoost JSON / UBJ models, and predicts
 * rows given as objects keyed by column name, or columns given as `{columns: {name: values}}`.
 *
 *   import { loadModel } from 'thicket/runtime';
 *   const model = loadModel(modelJsonText);
 *   model.predict([{ age: 41, city: 'Oslo' }]);   // labels or values; predictProba for classes
 */
export { loadModel } from './load-model.js';
export type { LoadOptions, ModelInput } from './load-model.js';
export type { SchemaHint } from './xgboost-adapter.js';
export type { RuntimeModel, InputColumn, PredictOptions } from './runtime-model.js';
export type { RawPrediction } from './prediction.js';
export type { Cell, ColumnValues, ColumnsInput, RowsInput, TableInput } from '../data/frame-from-js.js';
export type { Task } from '../data/frame.js';
export { ThicketError } from '../errors.js';
