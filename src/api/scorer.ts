/** Any model file as something that scores frames: single models, and AutoML ensembles with their preprocessing. */
import { readFileSync } from 'node:fs';
import type { Dataset, Frame, Schema } from '../data/frame.js';
import { modelError } from '../errors.js';
import { parseModel } from '../model/model-file.js';
import { verifyChecksum, type ChecksumInfo } from '../model/checksum.js';
import { guarded } from '../util/guard.js';
import { modelFromJson } from '../model/model-validator.js';
import type { Model } from '../model/model.js';
import { automlFromJson } from '../automl/automl-file.js';
import { predictAutoML, preprocessFrame, type AutoMLModel } from '../automl/automl-model.js';
import { predictDataset, type Prediction } from '../predict/predictor.js';
import { importXGBoost, looksLikeXGBoost } from '../xgboost/import.js';
import { xgboostFramePreparer } from '../xgboost/feature-matching.js';

export interface Scorer {
  kind: 'single' | 'automl';
  /** Features and target the prepared frame must provide. */
  schema: Schema;
  /** Replays the model's preprocessing on a frame read from a file. */
  prepare(frame: Frame): Frame;
  predict(data: Dataset): Prediction;
  model: Model | AutoMLModel;
  /** thicket model files: the file's checksum and whether it was verified (absent for XGBoost files). */
  checksum?: ChecksumInfo;
}

/** The longest text V8 holds in one string (2^29 - 24 UTF-16 units); a UTF-8 file of fewer bytes always fits. */
const MAX_TEXT_BYTES = 2 ** 29 - 24;

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw modelError(path, 'file not found');
    if (code === 'EISDIR') throw modelError(path, 'is a directory, not a model file');
    throw modelError(path, `cannot be read (${code ?? (e as Error).message})`);
  }
}

/** Labels and the Prediction shape from ensemble outputs (predictor convention). */
export function predictionFromOutput(schema: Schema, output: Float64Array, nRows: number): Prediction {
  const task = schema.target.task;
  const k = task === 'regression' ? 1 : output.length / Math.max(nRows, 1);
  const pred: Prediction = { nRows, nGroups: task === 'multiclass' ? k : 1, margins: new Float32Array(0), output };
  if (task !== 'regression') {
    const labels = new Int32Array(nRows);
    for (let i = 0; i < nRows; i++) { let b = 0; for (let c = 1; c < k; c++) if (output[i * k + c] > output[i * k + b]) b = c; labels[i] = b; }
    pred.labels = labels;
  }
  return pred;
}

/** An imported XGBoost model (JSON or UBJSON file, or its parsed document) as a scorer. */
function xgboostScorer(input: Uint8Array | object, path: string): Scorer {
  const model = importXGBoost(input, path);
  return { kind: 'single', schema: model.schema, model, prepare: xgboostFramePreparer(model, path), predict: (d) => predictDataset(model, d) };
}

/**
 * The scorer of any model file: thicket (single or AutoML, checksum verified) or XGBoost (JSON
 * or UBJSON). Every failure is a ThicketError naming the file (an exception of another kind from
 * a hostile file is reported as the file's fault, not as an internal error).
 */
export function loadScorer(path: string): Scorer {
  return guarded(`model ${path}: cannot be loaded`, () => scorerOf(path));
}

function scorerOf(path: string): Scorer {
  const bytes = readBytes(path);
  if (looksLikeXGBoost(bytes)) return xgboostScorer(bytes, path);
  if (bytes.length > MAX_TEXT_BYTES) {
    throw modelError(path, `is ${(bytes.length / 2 ** 20).toFixed(0)} MB: a JSON model file must be below 512 MB (JavaScript's longest string); retrain with fewer or shallower trees, or split the ensemble`);
  }
  let text: string;
  try {
    text = new TextDecoder().decode(bytes);
  } catch (e) {
    throw modelError(path, `cannot be read as text (${(e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // XGBoost JSON with NaN literals whose first key is not "learner": its importer parses it.
    if (/"learner"\s*:\s*\{/.test(text)) return xgboostScorer(bytes, path);
    parseModel(text, path); // throws the empty-file or invalid-JSON message
  }
  // The document is parsed once (a forest file is large): the validators take it as it is.
  const learner = (doc as { learner?: unknown } | null)?.learner;
  // XGBoost's learner is an object (thicket's is a name); its usual key order is caught by looksLikeXGBoost.
  if (learner !== null && typeof learner === 'object' && (doc as { format?: unknown }).format === undefined) return xgboostScorer(doc as object, path);
  if (learner === 'automl') {
    const m = automlFromJson(doc, path);
    const checksum = verifyChecksum(doc as Record<string, unknown>, bytes, path);
    return {
      kind: 'automl', schema: m.schema, model: m, checksum,
      prepare: (f) => preprocessFrame(m, f),
      predict: (d) => predictionFromOutput(m.schema, predictAutoML(m, d), d.nRows),
    };
  }
  const model = modelFromJson(doc, path);
  const checksum = verifyChecksum(doc as Record<string, unknown>, bytes, path);
  return { kind: 'single', schema: model.schema, model, checksum, prepare: (f) => f, predict: (d) => predictDataset(model, d) };
}
