/** Saving and loading thicket model files: JSON text with exact float32 values, fully validated on load. */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { inputError, modelError, ThicketError } from '../errors.js';
import { float32ArrayJson, intArrayJson, prettyJson } from './json-writer.js';
import { MODEL_FORMAT, MODEL_VERSION, type ForestModel, type GBDTModel, type Model, type TreeArrays } from './model.js';
import { modelFromJson } from './model-validator.js';

function schemaJson(model: Model) {
  return {
    features: model.schema.features.map((f) => ({ name: f.name, kind: f.kind, levels: f.levels })),
    target: { name: model.schema.target.name, task: model.schema.target.task, classes: model.schema.target.classes },
  };
}

function treesJson(t: TreeArrays) {
  return {
    treeRoot: intArrayJson(t.treeRoot),
    treeGroup: intArrayJson(t.treeGroup),
    feature: intArrayJson(t.feature),
    threshold: float32ArrayJson(t.threshold),
    left: intArrayJson(t.left),
    right: intArrayJson(t.right),
    flags: intArrayJson(t.flags),
    catOffset: intArrayJson(t.catOffset),
    catLen: intArrayJson(t.catLen),
    catWords: intArrayJson(t.catWords),
    value: float32ArrayJson(t.value),
    gain: float32ArrayJson(t.gain),
    cover: float32ArrayJson(t.cover),
  };
}

function gbdtDoc(model: GBDTModel) {
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
    trees: treesJson(model.trees),
  };
}

function forestDoc(model: ForestModel) {
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
    trees: treesJson(model.trees),
  };
}

/**
 * The model file text. GBDT:
 * `{format, version, learner, objective, nGroups, baseMargin, schema, params, training, trees}`;
 * forests (learner rf / extratrees):
 * `{format, version, learner, output, nGroups, valueWidth, schema, params, training, trees}`,
 * with each TreeArrays field as one JSON array. Float32 values are written as the shortest
 * decimal that reads back to the same float32; NaN / ±Infinity (JSON has none) as strings.
 */
export function modelToJson(model: Model): string {
  const doc = model.learner === 'gbdt' ? gbdtDoc(model) : forestDoc(model);
  return prettyJson(doc) + '\n';
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
  return modelFromJson(json, source);
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
 * leaves a truncated model). The text is validated first: a model that would not load again is
 * a bug, reported as a plain Error.
 */
export function saveModel(model: Model, path: string): void {
  const text = modelToJson(model);
  try {
    parseModel(text, path);
  } catch (e) {
    if (e instanceof ThicketError) throw new Error(`refusing to write an invalid model (${e.message})`);
    throw e;
  }
  writeFileAtomically(path, text, 'the model file');
}

/** Writes through a temporary file and a rename, so a failed write never leaves a truncated file. */
export function writeFileAtomically(path: string, text: string, what: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean up */
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(path, `cannot write ${what} (${code ?? (e as Error).message})`);
  }
}
