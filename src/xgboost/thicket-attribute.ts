/**
 * The `thicket` attribute of an XGBoost model (learner.attributes.thicket, a JSON string): what XGBoost's
 * format cannot hold — feature kinds with level names, the target's name and classes, the exact base margin,
 * thicket's parameters and training record. `thicket export` writes it so that thicket -> XGBoost -> thicket
 * is exact; users can set it on their own boosters (`bst.set_attr(thicket=json.dumps({...}))`) to give level
 * names. XGBoost ignores it. No Node built-ins.
 */
import { checkDocDepth } from '../model/doc-limits.js';
import type { FeatureSpec, Schema, TargetSpec, Task } from '../data/frame.js';
import { modelError, ThicketError } from '../errors.js';
import { validateParams, type ParamMap } from '../params.js';
import type { TrainingInfo } from '../model/model.js';

export const THICKET_ATTRIBUTE = 'thicket';
export const ATTRIBUTE_FORMAT = 'thicket-xgboost';
export const ATTRIBUTE_VERSION = 1;

/** Features and target as far as they are given: every part optional. */
export interface SchemaHint {
  features?: FeatureSpec[];
  target?: Partial<TargetSpec>;
}

/** The attribute's content once checked. */
export interface ThicketAttribute {
  schema?: SchemaHint;
  /** The thicket model's base margin, exactly (XGBoost's base_score is float32 in output space). */
  baseMargin?: number;
  params?: ParamMap;
  training?: TrainingInfo;
  /**
   * Leading one-leaf trees (one per output group, in group order) that `thicket export` added to carry the
   * difference between thicket's base margin and the one XGBoost derives from its float32 base_score.
   */
  biasTrees?: number;
}

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];

class Check {
  constructor(private readonly where: string) {}
  fail(field: string, what: string): never {
    throw modelError(this.where, `${field} ${what}`);
  }
  object(v: unknown, field: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(field, 'must be an object');
    return v as Record<string, unknown>;
  }
  string(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, 'must be a string');
    return v;
  }
  strings(v: unknown, field: string): string[] {
    if (!Array.isArray(v)) this.fail(field, 'must be an array of strings');
    const seen = new Set<string>();
    v.forEach((s, i) => {
      if (typeof s !== 'string') this.fail(`${field}[${i}]`, 'must be a string');
      if (seen.has(s)) this.fail(`${field}[${i}]`, `repeats ${JSON.stringify(s)}`);
      seen.add(s);
    });
    return v as string[];
  }
  number(v: unknown, field: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, 'must be a finite number');
    return v;
  }
  int(v: unknown, field: string, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `must be an integer >= ${min}`);
    return v;
  }
}

/** Checks a schema hint (from the attribute or from import options); `where` names it in errors. */
export function checkSchemaHint(raw: unknown, where: string, field = 'schema'): SchemaHint {
  const c = new Check(where);
  const s = c.object(raw, field);
  const out: SchemaHint = {};
  if (s.features !== undefined) {
    const features = s.features;
    if (!Array.isArray(features)) return c.fail(`${field}.features`, 'must be an array');
    const names = new Set<string>();
    out.features = features.map((rawF: unknown, i: number): FeatureSpec => {
      const at = `${field}.features[${i}]`;
      const f = c.object(rawF, at);
      const name = c.string(f.name, `${at}.name`);
      if (name === '') c.fail(`${at}.name`, 'must not be empty');
      if (names.has(name)) c.fail(`${at}.name`, `repeats feature name ${JSON.stringify(name)}`);
      names.add(name);
      if (f.kind === 'numeric') return { name, kind: 'numeric' };
      if (f.kind === 'categorical') return { name, kind: 'categorical', levels: c.strings(f.levels, `${at}.levels`) };
      return c.fail(`${at}.kind`, 'must be "numeric" or "categorical"');
    });
  }
  if (s.target !== undefined) {
    const t = c.object(s.target, `${field}.target`);
    const target: Partial<TargetSpec> = {};
    if (t.name !== undefined) target.name = c.string(t.name, `${field}.target.name`);
    if (t.task !== undefined) {
      if (!(TASKS as readonly unknown[]).includes(t.task)) c.fail(`${field}.target.task`, `must be one of ${TASKS.join(', ')}`);
      target.task = t.task as Task;
    }
    if (t.classes !== undefined) target.classes = c.strings(t.classes, `${field}.target.classes`);
    out.target = target;
  }
  return out;
}

function checkTraining(c: Check, raw: unknown): TrainingInfo {
  const t = c.object(raw, 'training');
  if (!Array.isArray(t.history)) c.fail('training.history', 'must be an array of numbers');
  // JSON.stringify writes NaN as null.
  const history = t.history.map((x: unknown, i: number) => {
    if (x === null) return NaN;
    if (typeof x !== 'number') c.fail(`training.history[${i}]`, 'must be a number');
    return x;
  });
  const rounds = c.int(t.rounds, 'training.rounds', 0);
  const bestIteration = c.int(t.bestIteration, 'training.bestIteration', -1);
  const info: TrainingInfo = { history, bestIteration, rounds };
  if (t.evalMetric !== undefined) info.evalMetric = c.string(t.evalMetric, 'training.evalMetric');
  if (t.metrics !== undefined) {
    const m = c.object(t.metrics, 'training.metrics');
    info.metrics = {};
    for (const [k, v] of Object.entries(m)) {
      if (v !== null && typeof v !== 'number') c.fail(`training.metrics.${k}`, 'must be a number');
      info.metrics[k] = v === null ? NaN : v;
    }
  }
  return info;
}

/** Parses and checks the attribute text; `source` names the model file. */
export function readThicketAttribute(text: string, source: string): ThicketAttribute {
  const where = `${source}: learner.attributes.${THICKET_ATTRIBUTE}`;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw modelError(source, `learner.attributes.${THICKET_ATTRIBUTE} is not valid JSON`);
  }
  checkDocDepth(raw, `${source}: learner.attributes.${THICKET_ATTRIBUTE}`);
  const c = new Check(where);
  const a = c.object(raw, 'the attribute');
  if (a.format !== undefined && a.format !== ATTRIBUTE_FORMAT) c.fail('format', `must be "${ATTRIBUTE_FORMAT}"`);
  if (a.version !== undefined && a.version !== ATTRIBUTE_VERSION) {
    c.fail('version', `is ${JSON.stringify(a.version)}; this thicket reads version ${ATTRIBUTE_VERSION}`);
  }
  const out: ThicketAttribute = {};
  if (a.schema !== undefined) out.schema = checkSchemaHint(a.schema, where);
  if (a.baseMargin !== undefined) out.baseMargin = c.number(a.baseMargin, 'baseMargin');
  if (a.params !== undefined) {
    const p = c.object(a.params, 'params');
    try {
      out.params = validateParams('gbdt', p as ParamMap);
    } catch (e) {
      if (e instanceof ThicketError) c.fail('params', `are invalid (${e.message})`);
      throw e;
    }
  }
  if (a.training !== undefined) out.training = checkTraining(c, a.training);
  if (a.biasTrees !== undefined) out.biasTrees = c.int(a.biasTrees, 'biasTrees', 0);
  return out;
}

/** The attribute text `thicket export` writes for a model. */
export function thicketAttributeText(a: ThicketAttribute & { schema: Schema; baseMargin: number }): string {
  return JSON.stringify({
    format: ATTRIBUTE_FORMAT,
    version: ATTRIBUTE_VERSION,
    schema: {
      features: a.schema.features.map((f) => (f.kind === 'categorical' ? { name: f.name, kind: f.kind, levels: f.levels } : { name: f.name, kind: f.kind })),
      target: a.schema.target,
    },
    baseMargin: a.baseMargin,
    biasTrees: a.biasTrees || undefined,
    params: a.params,
    training: a.training,
  });
}
