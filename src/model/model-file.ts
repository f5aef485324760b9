/** Saving and loading thicket model files: JSON text with exact float32 values, fully validated on load. */
import { readFileSync } from 'node:fs';
import { modelError, ThicketError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { prettyJsonChunks } from './json-writer.js';
import { sealChunks, verifyChecksum } from './checksum.js';
import { MODEL_FORMAT, MODEL_VERSION, type ForestModel, type GBDTModel, type Model } from './model.js';
import { modelFromJson } from './model-validator.js';
import { treesV2 } from './trees-v2-writer.js';

export interface ModelWriteOptions {
  /**
   * Keep the training statistics, split gain and node cover (default true): feature importance
   * and XGBoost export read them, prediction does not. AutoML ensembles leave them out of their
   * members (a third of a forest's nodes' bytes).
   */
  stats?: boolean;
}

function schemaJson(model: Model) {
  return {
    features: model.schema.features.map((f) => ({ name: f.name, kind: f.kind, levels: f.levels })),
    target: { name: model.schema.target.name, task: model.schema.target.task, classes: model.schema.target.classes },
  };
}

function gbdtDoc(model: GBDTModel, stats: boolean) {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    learner: model.learner,
    objective: model.objective,
    nGroups: model.nGroups,
    baseMargin: model.baseMargin,
    schema: schemaJson(model),
    params: model.params,
    training: {
      evalMetric: model.training.evalMetric,
      rounds: model.training.rounds,
      bestIteration: model.training.bestIteration,
      history: model.training.history,
      metrics: model.training.metrics,
    },
    trees: treesV2(model.trees, 1, stats),
  };
}

function forestDoc(model: ForestModel, stats: boolean) {
  const t = model.training;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    learner: model.learner,
    output: model.output,
    nGroups: model.nGroups,
    valueWidth: model.valueWidth,
    schema: schemaJson(model),
    params: model.params,
    training: { nTrees: t.nTrees, oobMetric: t.oobMetric, oobScore: t.oobScore, oobRows: t.oobRows, oobMetrics: t.oobMetrics, metrics: t.metrics },
    trees: treesV2(model.trees, model.valueWidth, stats),
  };
}

/**
 * The model file document. GBDT:
 * `{format, version, learner, objective, nGroups, baseMargin, schema, params, training, trees}`;
 * forests (learner rf / extratrees):
 * `{format, version, learner, output, nGroups, valueWidth, schema, params, training, trees}`,
 * with the node arrays packed as base64 text (trees-v2-writer.ts). NaN / ±Infinity in the
 * other fields (JSON has none) are written as strings.
 */
export function modelDoc(model: Model, opts: ModelWriteOptions = {}): Record<string, unknown> {
  const stats = opts.stats ?? true;
  return model.learner === 'gbdt' ? gbdtDoc(model, stats) : forestDoc(model, stats);
}

/** The file text of a document: pretty JSON sealed with its checksum (checksum.ts). */
function* fileChunks(doc: Record<string, unknown>): Generator<string> {
  yield* sealChunks(prettyJsonChunks(doc));
}

/** The model file text in pieces (a large forest's text may exceed one JavaScript string). */
export function modelJsonChunks(model: Model, opts: ModelWriteOptions = {}): Generator<string> {
  return fileChunks(modelDoc(model, opts));
}

/** The model file text. */
export function modelToJson(model: Model, opts: ModelWriteOptions = {}): string {
  return Array.from(modelJsonChunks(model, opts)).join('');
}

/** Parses and validates model-file text; `source` names the file in error messages. */
export function parseModel(text: string, source: string): Model {
  if (text.trim() === '') throw modelError(source, 'the file is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw modelError(source, 'not valid JSON (truncated or corrupted?)');
  }
  const model = modelFromJson(json, source);
  verifyChecksum(json as Record<string, unknown>, text, source);
  return model;
}

/** Reads and validates a model file. */
export function loadModel(path: string): Model {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw modelError(path, 'file not found');
    if (code === 'EISDIR') throw modelError(path, 'is a directory, not a model file');
    throw modelError(path, `cannot be read (${code ?? (e as Error).message})`);
  }
  return parseModel(text, path);
}

/**
 * Writes `model` to `path` (through a temporary file and a rename, so a failed write never
 * leaves a truncated model). The document is validated first, as loading would (JSON text
 * holds exactly what the document does): a model that would not load again is a bug,
 * reported as a plain Error.
 */
export function saveModel(model: Model, path: string, opts: ModelWriteOptions = {}): void {
  const doc = modelDoc(model, opts);
  try {
    modelFromJson(doc, path);
  } catch (e) {
    if (e instanceof ThicketError) throw new Error(`refusing to write an invalid model (${e.message})`);
    throw e;
  }
  writeFileAtomically(path, fileChunks(doc), 'the model file');
}

/** Writes text (or its pieces) atomically (see src/util/atomic-write.ts): a failed write never leaves a truncated file. */
export function writeFileAtomically(path: string, text: string | Iterable<string>, what: string): void {
  writeFileAtomic(path, text, what);
}
