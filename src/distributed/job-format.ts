/**
 * What crosses the queue, and the checks each side applies on receipt: plain JSON only (no
 * functions, no module paths, no data), validated field by field like a model file. A job names
 * its dataset by content hash and location; the dataset reference (schema, preprocessing, bin
 * cuts) is stored once in Redis under the hash of its own text; a result carries the fold's
 * out-of-fold outputs (float64, base64) and its model as a model-file document.
 */
import type { Schema } from '../data/frame.js';
import { ThicketError } from '../errors.js';
import type { PlainFeatureBins } from '../binning/plain-bins.js';
import { checkLinearFold, checkPreprocess } from '../inference/automl-validator.js';
import type { PreprocessSpec } from '../inference/preprocess.js';
import type { LearnerName } from '../automl/learners/learner.js';
import type { FoldModel, FoldOutcome, FoldTask } from '../automl/trial.js';
import { modelDoc } from '../model/model-file.js';
import { modelFromJson, schemaFromJson } from '../model/model-validator.js';
import { validateLinearModel } from '../inference/linear-validator.js';

export const JOB_FORMAT = 'thicket-job';
export const DATASET_FORMAT = 'thicket-dataset';
export const RESULT_FORMAT = 'thicket-fold-result';
export const QUEUE_VERSION = 1;
/** The only job name (and handler) a worker runs. */
export const FOLD_JOB = 'fold';
const LEARNERS: readonly LearnerName[] = ['gbdt', 'rf', 'extratrees', 'linear'];
const SHA256 = /^[0-9a-f]{64}$/;

/** Everything a worker needs to rebuild the coordinator's binned training data, bit for bit. */
export interface DatasetRef {
  format: typeof DATASET_FORMAT;
  version: number;
  /** sha256 of the data file's bytes. */
  sha256: string;
  /** Absolute path on shared storage or an http(s) URL. */
  location: string;
  /** The file name (its extension chooses the reader). */
  name: string;
  categorical: string[];
  target: string;
  preprocess: PreprocessSpec;
  schema: Schema;
  bins: PlainFeatureBins[];
  /** The fold plan's seed (makePlan, makeLadder). */
  seed: number;
  /** Training rows of the smallest sample (makeLadder; null: its default). */
  minSample: number | null;
  nRows: number;
  learners: LearnerName[];
  /** sha256 over the binned matrix, the fold assignment, the sample rungs and the target, as the coordinator placed them. */
  binnedSha256: string;
}

export interface JobData {
  format: typeof JOB_FORMAT;
  version: number;
  dataset: { sha256: string; location: string; ref: string };
  /** The same message the local pool's fold handler gets. */
  task: FoldTask;
  /** Date.now() time after which the fold counts as timed out (null: no limit). */
  deadlineAt: number | null;
}

export interface ResultData {
  format: typeof RESULT_FORMAT;
  version: number;
  trial: number;
  fold: number;
  size: number;
  seconds: number;
  /** Float64 little-endian, base64. */
  output: string;
  model: unknown;
  /** Further scalar fields of the fold outcome, carried as they are. */
  extra: Record<string, string | number | boolean | null>;
  /** Date.now() on the worker when the fold started and ended (queue latency figures). */
  startedAt?: number;
  finishedAt?: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isInt = (v: unknown, min = 0): v is number => Number.isSafeInteger(v) && (v as number) >= min;
const isScalar = (v: unknown) => v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number');

function bad(source: string, what: string): ThicketError {
  return new ThicketError(`${source}: ${what}`, 1);
}

function checkHead(x: unknown, format: string, source: string): Obj {
  if (!isObj(x)) throw bad(source, 'not a JSON object');
  if (x.format !== format) throw bad(source, `format must be "${format}"`);
  if (x.version !== QUEUE_VERSION) throw bad(source, `unsupported version ${JSON.stringify(x.version)} (this thicket speaks ${QUEUE_VERSION}; run the same thicket version on the coordinator and the workers)`);
  return x;
}

/** A location a worker may read: an absolute path or an http(s) URL. */
export function checkLocation(v: unknown, source: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096) throw bad(source, 'location must be a non-empty string');
  if (/^https?:\/\//i.test(v)) return v;
  if (!v.startsWith('/')) throw bad(source, `location ${JSON.stringify(v)} must be an absolute path or an http(s) URL`);
  return v;
}

/** The fold task, checked like a model file: known learners, integer ids, a config of scalars, other fields scalars. */
export function checkFoldTask(v: unknown, source: string): FoldTask {
  if (!isObj(v)) throw bad(source, 'task must be an object');
  if (!isInt(v.trial)) throw bad(source, 'task.trial must be an integer >= 0');
  if (!isInt(v.fold) || (v.fold as number) > 127) throw bad(source, 'task.fold must be an integer in [0, 127]');
  if (!Number.isSafeInteger(v.seed)) throw bad(source, 'task.seed must be an integer');
  if (!LEARNERS.includes(v.learner as LearnerName)) throw bad(source, `task.learner ${JSON.stringify(v.learner)} is not one of ${LEARNERS.join(', ')}`);
  if (!isObj(v.config)) throw bad(source, 'task.config must be an object');
  for (const [k, c] of Object.entries(v.config)) {
    if (!(typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c)))) throw bad(source, `task.config.${k} must be a finite number, a string or a boolean`);
  }
  for (const [k, c] of Object.entries(v)) {
    if (['trial', 'fold', 'seed', 'learner', 'config'].includes(k)) continue;
    if (!isScalar(c)) throw bad(source, `task.${k} must be a number, string, boolean or null`);
  }
  return v as unknown as FoldTask;
}

export function checkJobData(x: unknown, source: string): JobData {
  const j = checkHead(x, JOB_FORMAT, source);
  const d = j.dataset;
  if (!isObj(d) || typeof d.sha256 !== 'string' || !SHA256.test(d.sha256) || typeof d.ref !== 'string' || !SHA256.test(d.ref)) {
    throw bad(source, 'dataset must name sha256 and ref (hex sha256 digests)');
  }
  checkLocation(d.location, source);
  if (!(j.deadlineAt === null || (typeof j.deadlineAt === 'number' && Number.isFinite(j.deadlineAt)))) throw bad(source, 'deadlineAt must be a number or null');
  checkFoldTask(j.task, source);
  return j as unknown as JobData;
}

function checkBins(v: unknown, nFeatures: number, source: string): PlainFeatureBins[] {
  if (!Array.isArray(v) || v.length !== nFeatures) throw bad(source, `bins must list ${nFeatures} features`);
  const nums = (a: unknown, int: boolean) => Array.isArray(a) && a.every((x) => typeof x === 'number' && (int ? Number.isInteger(x) : !Number.isNaN(x)));
  v.forEach((b, i) => {
    if (!isObj(b) || (b.kind !== 'numeric' && b.kind !== 'categorical')) throw bad(source, `bins[${i}]: kind must be numeric or categorical`);
    if (!isInt(b.nBins, 1) || (b.nBins as number) > 256) throw bad(source, `bins[${i}]: nBins must be in [1, 256]`);
    if (!nums(b.cuts, false) || (b.cuts as number[]).length > 256) throw bad(source, `bins[${i}]: cuts must be at most 256 numbers`);
    if (typeof b.min !== 'number') throw bad(source, `bins[${i}]: min must be a number`);
    for (const k of ['levelToBin', 'binToLevel'] as const) {
      if (b[k] !== undefined && b[k] !== null && !nums(b[k], true)) throw bad(source, `bins[${i}]: ${k} must be integers`);
    }
  });
  return v as PlainFeatureBins[];
}

/** The dataset reference a worker reads from Redis (after checking the hash of its text). */
export function checkDatasetRef(x: unknown, source: string): DatasetRef {
  const r = checkHead(x, DATASET_FORMAT, source);
  if (typeof r.sha256 !== 'string' || !SHA256.test(r.sha256) || typeof r.binnedSha256 !== 'string' || !SHA256.test(r.binnedSha256)) throw bad(source, 'sha256 and binnedSha256 must be hex sha256 digests');
  checkLocation(r.location, source);
  if (typeof r.name !== 'string' || r.name.length === 0 || /[/\\]/.test(r.name)) throw bad(source, 'name must be a file name');
  if (!Array.isArray(r.categorical) || !r.categorical.every((c) => typeof c === 'string')) throw bad(source, 'categorical must be a list of column names');
  if (typeof r.target !== 'string') throw bad(source, 'target must be a column name');
  if (!isInt(r.seed) || !isInt(r.nRows, 1)) throw bad(source, 'seed and nRows must be integers');
  if (r.minSample !== null && !isInt(r.minSample, 1)) throw bad(source, 'minSample must be an integer >= 1 or null');
  if (!Array.isArray(r.learners) || r.learners.length === 0 || !r.learners.every((l) => LEARNERS.includes(l as LearnerName))) throw bad(source, `learners must be some of ${LEARNERS.join(', ')}`);
  const schema = schemaFromJson(r.schema, source);
  checkPreprocess(r.preprocess, schema, source);
  checkBins(r.bins, schema.features.length, source);
  return r as unknown as DatasetRef;
}

function f64Base64(a: Float64Array): string {
  const b = Buffer.alloc(a.length * 8);
  for (let i = 0; i < a.length; i++) b.writeDoubleLE(a[i], i * 8);
  return b.toString('base64');
}

function f64FromBase64(s: string, source: string): Float64Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw bad(source, 'output is not base64');
  const b = Buffer.from(s, 'base64');
  if (b.length % 8 !== 0) throw bad(source, 'output is not whole float64 values');
  const out = new Float64Array(b.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = b.readDoubleLE(i * 8);
  return out;
}

/** A fold outcome as a job's return value (the model as its model-file document, gains and covers kept). */
export function encodeOutcome(o: FoldOutcome): ResultData {
  const { trial, fold, size, seconds, output, model, ...rest } = o as FoldOutcome & Record<string, unknown>;
  const extra: ResultData['extra'] = {};
  for (const [k, v] of Object.entries(rest)) if (isScalar(v)) extra[k] = v as string | number | boolean | null;
  return {
    format: RESULT_FORMAT, version: QUEUE_VERSION, trial, fold, size, seconds, output: f64Base64(output),
    model: model.learner === 'linear' ? model : modelDoc(model, { stats: true }), extra,
  };
}

/**
 * A job's return value back to a FoldOutcome, validated: the fold it answers, outputs for every
 * validation row, a model that passes the model-file validator on the run's schema.
 */
export function decodeOutcome(x: unknown, expect: { task: FoldTask; validRows: number; schema: Schema }, source: string): FoldOutcome {
  const r = checkHead(x, RESULT_FORMAT, source);
  if (r.trial !== expect.task.trial || r.fold !== expect.task.fold) throw bad(source, `answers trial ${String(r.trial)} fold ${String(r.fold)}, not trial ${expect.task.trial} fold ${expect.task.fold}`);
  if (!isInt(r.size) || typeof r.seconds !== 'number' || !(r.seconds >= 0)) throw bad(source, 'size and seconds must be numbers >= 0');
  if (typeof r.output !== 'string') throw bad(source, 'output must be base64 text');
  const output = f64FromBase64(r.output, source);
  if (expect.validRows > 0 && (output.length === 0 || output.length % expect.validRows !== 0)) throw bad(source, `${output.length} outputs for ${expect.validRows} validation rows`);
  let model: FoldModel;
  if (isObj(r.model) && r.model.learner === 'linear') {
    const lin = validateLinearModel(r.model, `${source}: model`);
    checkLinearFold(lin, expect.schema, `${source}: model`);
    model = lin;
  } else {
    const m = modelFromJson(r.model, `${source}: model`);
    if (JSON.stringify(m.schema) !== JSON.stringify(expect.schema)) throw bad(source, 'the model was trained on another schema');
    model = m;
  }
  const extra: Obj = {};
  if (r.extra !== undefined) {
    if (!isObj(r.extra)) throw bad(source, 'extra must be an object');
    for (const [k, v] of Object.entries(r.extra)) {
      if (!isScalar(v)) throw bad(source, `extra.${k} must be a scalar`);
      extra[k] = v;
    }
  }
  return { ...extra, trial: r.trial as number, fold: r.fold as number, size: r.size as number, seconds: r.seconds as number, output, model } as FoldOutcome;
}
