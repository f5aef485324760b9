/**
 * Validating parsed AutoML model documents (no file access, so the serverless runtime uses it too),
 * as deeply as single models: the schema by the model validator's own rules (unique names, levels
 * and classes, a binary target with exactly 2 classes), every fold model by the full model or
 * linear validator and against the schema (same features, task and classes: a fold's outputs must
 * line up with the ensemble's columns), the preprocessing against the schema, the stacker against
 * the members and the task, and every other field by its type (a document is data, never code).
 */
import { modelError } from '../errors.js';
import { modelFromJson, schemaFromJson } from '../model/model-validator.js';
import { checkDocDepth } from '../model/doc-limits.js';
import { MODEL_FORMAT, MODEL_VERSION, READABLE_VERSIONS } from '../model/model.js';
import { validateLinearModel } from './linear-validator.js';
import type { LinearModel } from './linear-model.js';
import { validateStacker } from './stacking.js';
import type { Schema } from '../data/frame.js';
import type { AutoMLModel, AutoMLMember, FoldModel, LeaderboardRow, LearnerName } from './automl-model.js';
import type { PreprocessSpec } from './preprocess.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const LEARNERS: readonly LearnerName[] = ['gbdt', 'rf', 'extratrees', 'linear'];
const DATE_PARTS = ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'days'];

/** A short description of a value for messages (never calls the value's own methods). */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v) ?? typeof v;
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function need<T>(ok: boolean, source: string, what: string, v: T): T {
  if (!ok) throw modelError(source, what);
  return v;
}

function str(v: unknown, source: string, field: string): string {
  if (typeof v !== 'string') throw modelError(source, `${field} must be a string (found ${describe(v)})`);
  return v;
}

/** A finite number, or null / NaN (JSON's NaN) read as NaN. */
function numOrNaN(v: unknown, source: string, field: string): number {
  if (v === null) return NaN;
  if (typeof v !== 'number') throw modelError(source, `${field} must be a number (found ${describe(v)})`);
  return v;
}

function int(v: unknown, source: string, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw modelError(source, `${field} must be an integer >= ${min} (found ${describe(v)})`);
  return v;
}

function uniqueNames(list: unknown[], source: string, field: string): string[] {
  const seen = new Set<string>();
  return list.map((d, i) => {
    if (!isObj(d) || typeof d.name !== 'string') throw modelError(source, `${field}[${i}] needs a name (a string)`);
    if (seen.has(d.name)) throw modelError(source, `${field}[${i}] repeats column ${JSON.stringify(d.name)}`);
    seen.add(d.name);
    return d.name;
  });
}

export function checkPreprocess(p: unknown, schema: Schema, source: string): PreprocessSpec {
  const bad = (what: string) => modelError(source, `preprocess: ${what}`);
  if (!isObj(p) || !Array.isArray(p.dropped) || !Array.isArray(p.dates) || !Array.isArray(p.rare)) throw bad('must have dropped, dates and rare lists');
  const features = new Map(schema.features.map((f) => [f.name, f]));
  const dropped = uniqueNames(p.dropped, source, 'preprocess.dropped');
  const dates = uniqueNames(p.dates, source, 'preprocess.dates');
  const rare = uniqueNames(p.rare, source, 'preprocess.rare');
  const out: PreprocessSpec = { dropped: [], dates: [], rare: [] };
  p.dropped.forEach((d, i) => {
    const name = dropped[i]!;
    if (features.has(name)) throw bad(`dropped column ${JSON.stringify(name)} is also a feature of the schema`);
    out.dropped.push({ name, reason: typeof (d as Obj).reason === 'string' ? (d as Obj).reason as string : '' });
  });
  const taken = new Set(dropped);
  p.dates.forEach((d, i) => {
    const name = dates[i]!;
    if (taken.has(name)) throw bad(`column ${JSON.stringify(name)} is both dropped and a date`);
    if (typeof (d as Obj).withTime !== 'boolean') throw bad(`dates[${i}].withTime must be true or false`);
    if (features.has(name)) throw bad(`date column ${JSON.stringify(name)} is also a feature (its parts replace it)`);
    for (const part of DATE_PARTS) {
      const f = features.get(`${name}_${part}`);
      if (f && f.kind !== 'numeric') throw bad(`date part ${JSON.stringify(f.name)} must be a numeric feature`);
    }
    out.dates.push({ name, withTime: (d as Obj).withTime as boolean });
  });
  for (const n of dates) taken.add(n);
  p.rare.forEach((r, i) => {
    const name = rare[i]!;
    if (taken.has(name)) throw bad(`column ${JSON.stringify(name)} is in rare and also dropped or a date`);
    const keep = (r as Obj).keep;
    if (!Array.isArray(keep) || !keep.every((l) => typeof l === 'string') || new Set(keep).size !== keep.length) {
      throw bad(`rare[${i}].keep must be a list of distinct strings`);
    }
    const f = features.get(name);
    if (f && f.kind !== 'categorical') throw bad(`rare column ${JSON.stringify(name)} is a numeric feature of the schema`);
    out.rare.push({ name, keep: keep as string[] });
  });
  return out;
}

function checkEnsemble(e: unknown, schema: Schema, nMembers: number, source: string): AutoMLModel['ensemble'] {
  if (!isObj(e) || typeof e.kind !== 'string') throw modelError(source, 'ensemble: needs a kind (a string)');
  if (e.reason !== undefined && typeof e.reason !== 'string') throw modelError(source, `ensemble.reason must be a string (found ${describe(e.reason)})`);
  const out: AutoMLModel['ensemble'] = { kind: e.kind, reason: (e.reason as string | undefined) ?? '' };
  if (e.stacker !== undefined) {
    const s = validateStacker(e.stacker, `${source}: ensemble.stacker`);
    const task = schema.target.task;
    if (s.task !== task) throw modelError(source, `ensemble.stacker: is for a ${s.task} target, the schema's is ${task}`);
    const nOut = task === 'regression' ? 1 : schema.target.classes!.length;
    if (s.nOut !== nOut) throw modelError(source, `ensemble.stacker: has ${s.nOut} outputs, the schema's target needs ${nOut}`);
    if (s.nMembers !== nMembers) throw modelError(source, `ensemble.stacker: expects ${s.nMembers} members, the model has ${nMembers}`);
    out.stacker = s;
  }
  return out;
}

/** A linear fold against the schema: same task and classes, design features naming schema features of the same kind, levels in range. */
export function checkLinearFold(f: LinearModel, schema: Schema, where: string): void {
  const t = schema.target;
  if (f.task !== t.task) throw modelError(where, `is a ${f.task} model, the schema's target is ${t.task}`);
  if (t.task !== 'regression' && f.nClasses !== t.classes!.length) {
    throw modelError(where, `has ${f.nClasses} classes, the schema ${t.classes!.length}`);
  }
  if (f.design.nFeatures !== schema.features.length) {
    throw modelError(where, `linear design has ${f.design.nFeatures} features, the schema ${schema.features.length}`);
  }
  f.design.features.forEach((d, i) => {
    const s = schema.features[d.feature]!;
    if (d.name !== s.name || d.kind !== s.kind) {
      throw modelError(where, `design.features[${i}] is ${d.kind} ${JSON.stringify(d.name)} but schema feature ${d.feature} is ${s.kind} ${JSON.stringify(s.name)}`);
    }
    if (d.kind === 'categorical') {
      const n = s.levels!.length;
      for (const l of [...d.levels, ...d.other]) {
        if (l >= n) throw modelError(where, `design.features[${i}] uses level ${l} of ${JSON.stringify(s.name)}, which has ${n} levels`);
      }
    }
  });
}

function checkValidation(v: unknown, source: string): AutoMLModel['validation'] {
  if (!isObj(v)) throw modelError(source, `validation must be an object (found ${describe(v)})`);
  if (v.kind !== 'cv' && v.kind !== 'holdout') throw modelError(source, `validation.kind must be "cv" or "holdout" (found ${describe(v.kind)})`);
  return {
    kind: v.kind,
    folds: int(v.folds, source, 'validation.folds', 1),
    rows: int(v.rows, source, 'validation.rows', 0),
    value: numOrNaN(v.value, source, 'validation.value'),
  };
}

function checkLeaderboard(v: unknown, source: string): LeaderboardRow[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw modelError(source, `leaderboard must be a list (found ${describe(v)})`);
  return v.map((r, i) => {
    const at = `leaderboard[${i}]`;
    if (!isObj(r)) throw modelError(source, `${at} must be an object`);
    const learner = str(r.learner, source, `${at}.learner`);
    if (learner !== 'ensemble' && !(LEARNERS as readonly string[]).includes(learner)) throw modelError(source, `${at}.learner must be one of ${[...LEARNERS, 'ensemble'].join(', ')}`);
    if (r.config !== undefined && !isObj(r.config)) throw modelError(source, `${at}.config must be an object`);
    const row: LeaderboardRow = {
      rank: int(r.rank, source, `${at}.rank`, 0),
      trial: numOrNaN(r.trial, source, `${at}.trial`),
      learner: learner as LeaderboardRow['learner'],
      metric: str(r.metric, source, `${at}.metric`),
      value: numOrNaN(r.value, source, `${at}.value`),
      seconds: numOrNaN(r.seconds ?? null, source, `${at}.seconds`),
    };
    if (r.config !== undefined) row.config = r.config as LeaderboardRow['config'];
    return { ...r, ...row };
  });
}

/** Validates a parsed AutoML document; every fold model goes through the full model validator. */
export function automlFromJson(json: unknown, source: string): AutoMLModel {
  checkDocDepth(json, source);
  if (!isObj(json)) throw modelError(source, 'not a model object');
  need(json.format === MODEL_FORMAT, source, `format must be "${MODEL_FORMAT}"`, 0);
  need(READABLE_VERSIONS.includes(json.version as number), source, `unsupported version ${describe(json.version)} (this thicket reads versions ${READABLE_VERSIONS.join(' and ')})`, 0);
  need(json.learner === 'automl', source, 'learner must be "automl"', 0);
  const schema = schemaFromJson(json.schema, source);
  const members = need(Array.isArray(json.members) && json.members.length > 0, source, 'members must be a non-empty list', json.members as unknown[]);
  const first = JSON.stringify(schema);
  const parsed: AutoMLMember[] = members.map((m, i) => {
    const where = `${source}: member ${i}`;
    if (!isObj(m)) throw modelError(where, 'not an object');
    need(typeof m.weight === 'number' && Number.isFinite(m.weight) && m.weight >= 0, where, 'weight must be a finite number >= 0', 0);
    if (!(LEARNERS as readonly unknown[]).includes(m.learner)) throw modelError(where, `learner must be one of ${LEARNERS.join(', ')} (found ${describe(m.learner)})`);
    if (m.config !== undefined && !isObj(m.config)) throw modelError(where, `config must be an object (found ${describe(m.config)})`);
    const folds = need(Array.isArray(m.folds) && m.folds.length > 0, where, 'folds must be a non-empty list', m.folds as unknown[]);
    return {
      trial: typeof m.trial === 'number' ? m.trial : NaN,
      learner: m.learner as AutoMLMember['learner'],
      config: (isObj(m.config) ? m.config : {}) as AutoMLMember['config'],
      weight: m.weight as number,
      folds: folds.map((f, j): FoldModel => {
        const at = `${where} fold ${j}`;
        if (isObj(f) && f.learner === 'linear') {
          const lin = validateLinearModel(f, at);
          checkLinearFold(lin, schema, at);
          return lin;
        }
        const model = modelFromJson(f, at);
        need(JSON.stringify(model.schema) === first, source, `member ${i} fold ${j}: schema differs from the model's (features, levels, target and classes must be the same)`, 0);
        return model;
      }),
    };
  });
  const wsum = parsed.reduce((s, m) => s + m.weight, 0);
  need(Math.abs(wsum - 1) < 1e-6, source, `member weights must sum to 1 (got ${wsum})`, 0);
  return {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'automl', schema,
    preprocess: checkPreprocess(json.preprocess, schema, source),
    metric: str(json.metric, source, 'metric'),
    validation: checkValidation(json.validation, source),
    ensemble: checkEnsemble(json.ensemble, schema, parsed.length, source),
    members: parsed,
    leaderboard: checkLeaderboard(json.leaderboard, source),
  };
}
