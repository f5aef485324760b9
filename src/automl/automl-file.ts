/** Saving and validating AutoML model files: the ensemble's fold models are ordinary model documents. */
import { modelError } from '../errors.js';
import { modelToJson } from '../model/model-file.js';
import { modelFromJson } from '../model/model-validator.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel } from '../model/model.js';
import type { AutoMLModel, AutoMLMember } from './automl-model.js';
import type { PreprocessSpec } from './preprocess.js';

/** The file text: the AutoML fields, each member's fold models as model documents. */
export function automlToJson(model: AutoMLModel): string {
  const doc = {
    ...model,
    members: model.members.map((m) => ({ ...m, folds: m.folds.map((f) => JSON.parse(modelToJson(f))) })),
  };
  return JSON.stringify(doc) + '\n';
}

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

/** Validates a parsed AutoML document; every fold model goes through the full model validator. */
export function automlFromJson(json: unknown, source: string): AutoMLModel {
  if (!isObj(json)) throw modelError(source, 'not a model object');
  need(json.format === MODEL_FORMAT, source, `format must be "${MODEL_FORMAT}"`, 0);
  need(json.version === MODEL_VERSION, source, `unsupported version ${JSON.stringify(json.version)} (this thicket reads version ${MODEL_VERSION})`, 0);
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
      folds: folds.map((f, j) => {
        const fm = modelFromJson(f, `${where} fold ${j}`);
        if (fm.learner !== 'gbdt') throw modelError(`${where} fold ${j}`, `learner ${fm.learner} is not supported inside an AutoML model yet`);
        return fm as GBDTModel;
      }),
    };
  });
  const schema = parsed[0].folds[0].schema;
  const first = JSON.stringify(schema);
  parsed.forEach((m, i) => m.folds.forEach((f, j) => need(JSON.stringify(f.schema) === first, source, `member ${i} fold ${j}: schema differs from member 0`, 0)));
  const wsum = parsed.reduce((s, m) => s + m.weight, 0);
  need(Math.abs(wsum - 1) < 1e-6, source, `member weights must sum to 1 (got ${wsum})`, 0);
  return {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'automl', schema,
    preprocess: checkPreprocess(json.preprocess, source),
    metric: String(json.metric),
    validation: json.validation as AutoMLModel['validation'],
    ensemble: json.ensemble as AutoMLModel['ensemble'],
    members: parsed,
    leaderboard: Array.isArray(json.leaderboard) ? (json.leaderboard as AutoMLModel['leaderboard']) : [],
  };
}
