/** Validating parsed AutoML model documents (no file access, so the serverless runtime uses it too): every fold model goes through the full model validator. */
import { modelError } from '../errors.js';
import { modelFromJson } from '../model/model-validator.js';
import { MODEL_FORMAT, MODEL_VERSION, READABLE_VERSIONS } from '../model/model.js';
import { validateLinearModel } from '../linear/linear-model.js';
import { validateStacker } from '../ensemble/stacking.js';
import type { Schema } from '../data/frame.js';
import type { FoldModel } from './trial.js';
import type { AutoMLModel, AutoMLMember } from './automl-model.js';
import type { PreprocessSpec } from './preprocess.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function need<T>(ok: boolean, source: string, what: string, v: T): T {
  if (!ok) throw modelError(source, what);
  return v;
}

function checkPreprocess(p: unknown, source: string): PreprocessSpec {
  const bad = (what: string) => modelError(source, `preprocess: ${what}`);
  if (!isObj(p) || !Array.isArray(p.dropped) || !Array.isArray(p.dates) || !Array.isArray(p.rare)) throw bad('must have dropped, dates and rare lists');
  for (const d of p.dropped) if (!isObj(d) || typeof d.name !== 'string') throw bad('dropped entries need a name');
  for (const d of p.dates) if (!isObj(d) || typeof d.name !== 'string' || typeof d.withTime !== 'boolean') throw bad('dates entries need name and withTime');
  for (const r of p.rare) {
    if (!isObj(r) || typeof r.name !== 'string' || !Array.isArray(r.keep) || !r.keep.every((l) => typeof l === 'string')) throw bad('rare entries need name and keep (strings)');
  }
  return p as unknown as PreprocessSpec;
}

function checkEnsemble(e: unknown, nMembers: number, source: string): AutoMLModel['ensemble'] {
  if (!isObj(e) || typeof e.kind !== 'string') throw modelError(source, 'ensemble: needs a kind');
  const out: AutoMLModel['ensemble'] = { kind: e.kind, reason: String(e.reason ?? '') };
  if (e.stacker !== undefined) {
    out.stacker = validateStacker(e.stacker, `${source}: ensemble.stacker`);
    if (out.stacker.nMembers !== nMembers) throw modelError(source, `ensemble.stacker: expects ${out.stacker.nMembers} members, the model has ${nMembers}`);
  }
  return out;
}

/** The schema fields every member relies on (names, kinds, levels, target). */
function checkSchema(v: unknown, source: string): Schema {
  const bad = (what: string) => modelError(source, `schema: ${what}`);
  if (!isObj(v) || !Array.isArray(v.features) || !isObj(v.target)) throw bad('needs features and target');
  const names = new Set<string>();
  for (const f of v.features) {
    if (!isObj(f) || typeof f.name !== 'string' || names.has(f.name)) throw bad('feature names must be unique strings');
    names.add(f.name);
    if (f.kind !== 'numeric' && f.kind !== 'categorical') throw bad(`feature ${f.name}: kind must be numeric or categorical`);
    if (f.kind === 'categorical' && (!Array.isArray(f.levels) || !f.levels.every((l) => typeof l === 'string'))) throw bad(`feature ${f.name}: levels must be strings`);
  }
  const t = v.target;
  if (typeof t.name !== 'string' || !['binary', 'multiclass', 'regression'].includes(String(t.task))) throw bad('target needs a name and a task');
  if (t.task !== 'regression' && (!Array.isArray(t.classes) || t.classes.length < 2)) throw bad('classification targets need at least 2 classes');
  return v as unknown as Schema;
}

/** Validates a parsed AutoML document; every fold model goes through the full model validator. */
export function automlFromJson(json: unknown, source: string): AutoMLModel {
  if (!isObj(json)) throw modelError(source, 'not a model object');
  need(json.format === MODEL_FORMAT, source, `format must be "${MODEL_FORMAT}"`, 0);
  need(READABLE_VERSIONS.includes(json.version as number), source, `unsupported version ${JSON.stringify(json.version)} (this thicket reads versions ${READABLE_VERSIONS.join(' and ')})`, 0);
  need(json.learner === 'automl', source, 'learner must be "automl"', 0);
  const members = need(Array.isArray(json.members) && json.members.length > 0, source, 'members must be a non-empty list', json.members as unknown[]);
  const parsed: AutoMLMember[] = members.map((m, i) => {
    const where = `${source}: member ${i}`;
    if (!isObj(m)) throw modelError(where, 'not an object');
    need(typeof m.weight === 'number' && Number.isFinite(m.weight) && m.weight >= 0, where, 'weight must be a finite number >= 0', 0);
    const folds = need(Array.isArray(m.folds) && m.folds.length > 0, where, 'folds must be a non-empty list', m.folds as unknown[]);
    return {
      trial: Number(m.trial), learner: m.learner as AutoMLMember['learner'], config: (isObj(m.config) ? m.config : {}) as AutoMLMember['config'],
      weight: m.weight as number,
      folds: folds.map((f, j): FoldModel => (isObj(f) && f.learner === 'linear'
        ? validateLinearModel(f, `${where} fold ${j}`)
        : modelFromJson(f, `${where} fold ${j}`))),
    };
  });
  const schema = checkSchema(json.schema, source);
  const first = JSON.stringify(schema);
  parsed.forEach((m, i) => m.folds.forEach((f, j) => {
    if (f.learner !== 'linear') need(JSON.stringify(f.schema) === first, source, `member ${i} fold ${j}: schema differs from the model's`, 0);
    else need(f.design.nFeatures === schema.features.length, source, `member ${i} fold ${j}: linear design has ${f.design.nFeatures} features, the schema ${schema.features.length}`, 0);
  }));
  const wsum = parsed.reduce((s, m) => s + m.weight, 0);
  need(Math.abs(wsum - 1) < 1e-6, source, `member weights must sum to 1 (got ${wsum})`, 0);
  return {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'automl', schema,
    preprocess: checkPreprocess(json.preprocess, source),
    metric: String(json.metric),
    validation: json.validation as AutoMLModel['validation'],
    ensemble: checkEnsemble(json.ensemble, parsed.length, source),
    members: parsed,
    leaderboard: Array.isArray(json.leaderboard) ? (json.leaderboard as AutoMLModel['leaderboard']) : [],
  };
}
