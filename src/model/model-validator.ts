/**
 * Turns parsed model-file JSON into a GBDTModel, checking every field so that a corrupted or
 * hand-edited file fails with a message naming the file and the field, and a model that passes
 * can never make a prediction kernel read out of bounds or loop.
 */
import type { FeatureSpec, Schema, TargetSpec, Task } from '../data/frame.js';
import { modelError, ThicketError } from '../errors.js';
import { findParam, OBJECTIVES, validateParams, type Objective, type ParamMap } from '../params.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel, type TrainingInfo, type TreeArrays } from './model.js';

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];
const LEARNERS = ['gbdt', 'rf', 'extratrees'];
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Node flag bits (see TreeArrays): 1 = missing goes left, 2 = categorical split. */
export const FLAG_MISSING_LEFT = 1;
export const FLAG_CATEGORICAL = 2;

/** Per-node arrays of TreeArrays (all of length nNodes). */
export const NODE_INT_FIELDS = ['feature', 'left', 'right', 'flags', 'catOffset', 'catLen'] as const;
export const NODE_FLOAT_FIELDS = ['threshold', 'value', 'gain', 'cover'] as const;

/** The objectives each task admits, and whether the objective outputs one group per class. */
function objectiveFits(objective: Objective, task: Task): boolean {
  if (objective.startsWith('multi:')) return task !== 'regression';
  if (objective.startsWith('binary:')) return task === 'binary';
  return task === 'regression';
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Checks one model file's fields; every failure names `source` and the JSON path of the field. */
class ModelChecker {
  constructor(private readonly source: string) {}

  fail(field: string, what: string): never {
    throw modelError(this.source, `${field} ${what}`);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(field, `must be an object (found ${describe(v)})`);
    return v as Record<string, unknown>;
  }

  array(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) this.fail(field, `must be an array (found ${describe(v)})`);
    return v;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, `must be a string (found ${describe(v)})`);
    return v;
  }

  int(v: unknown, field: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(field, `must be an integer in [${min}, ${max}] (found ${describe(v)})`);
    }
    return v;
  }

  /** A float64 written by float64Text: a number or one of the strings "NaN", "Infinity", "-Infinity". */
  number(v: unknown, field: string, finite: boolean): number {
    const x = typeof v === 'number' ? v : typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v]! : undefined;
    if (x === undefined) this.fail(field, `must be a number (found ${describe(v)})`);
    if (finite && !Number.isFinite(x)) this.fail(field, `must be a finite number (found ${describe(v)})`);
    return x;
  }

  intArray(v: unknown, field: string, min = INT32_MIN, max = INT32_MAX): Int32Array {
    const a = this.array(v, field);
    const out = new Int32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
        this.fail(`${field}[${i}]`, `must be an integer in [${min}, ${max}] (found ${describe(x)})`);
      }
      out[i] = x;
    }
    return out;
  }

  uint32Array(v: unknown, field: string): Uint32Array {
    const a = this.array(v, field);
    const out = new Uint32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 0xffffffff) {
        this.fail(`${field}[${i}]`, `must be an integer in [0, 4294967295] (found ${describe(x)})`);
      }
      out[i] = x;
    }
    return out;
  }

  float32Array(v: unknown, field: string): Float32Array {
    const a = this.array(v, field);
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = this.number(a[i], `${field}[${i}]`, false);
    return out;
  }

  uniqueStrings(v: unknown, field: string, what: string): string[] {
    const a = this.array(v, field);
    const seen = new Set<string>();
    a.forEach((x, i) => {
      const s = this.string(x, `${field}[${i}]`);
      if (seen.has(s)) this.fail(`${field}[${i}]`, `repeats ${what} ${JSON.stringify(s)}`);
      seen.add(s);
    });
    return a as string[];
  }
}

function readSchema(c: ModelChecker, raw: unknown): Schema {
  const s = c.object(raw, 'schema');
  const fs = c.array(s.features, 'schema.features');
  const names = new Map<string, number>();
  const features: FeatureSpec[] = fs.map((rawF, i) => {
    const at = `schema.features[${i}]`;
    const f = c.object(rawF, at);
    const name = c.string(f.name, `${at}.name`);
    if (name === '') c.fail(`${at}.name`, 'must not be empty');
    const prev = names.get(name);
    if (prev !== undefined) c.fail(`${at}.name`, `repeats feature name ${JSON.stringify(name)} (also schema.features[${prev}])`);
    names.set(name, i);
    if (f.kind === 'numeric') {
      if (f.levels !== undefined) c.fail(`${at}.levels`, 'must be absent for a numeric feature');
      return { name, kind: 'numeric' };
    }
    if (f.kind === 'categorical') {
      return { name, kind: 'categorical', levels: c.uniqueStrings(f.levels, `${at}.levels`, 'level') };
    }
    return c.fail(`${at}.kind`, `must be "numeric" or "categorical" (found ${describe(f.kind)})`);
  });

  const t = c.object(s.target, 'schema.target');
  const name = c.string(t.name, 'schema.target.name');
  if (names.has(name)) c.fail('schema.target.name', `${JSON.stringify(name)} is also a feature name`);
  if (typeof t.task !== 'string' || !(TASKS as readonly string[]).includes(t.task)) {
    c.fail('schema.target.task', `must be one of ${TASKS.join(', ')} (found ${describe(t.task)})`);
  }
  const task = t.task as Task;
  const target: TargetSpec = { name, task };
  if (task === 'regression') {
    if (t.classes !== undefined) c.fail('schema.target.classes', 'must be absent for a regression target');
  } else {
    const classes = c.uniqueStrings(t.classes, 'schema.target.classes', 'class');
    if (task === 'binary' && classes.length !== 2) c.fail('schema.target.classes', `must list exactly 2 classes for a binary target (found ${classes.length})`);
    if (task === 'multiclass' && classes.length < 2) c.fail('schema.target.classes', `must list at least 2 classes (found ${classes.length})`);
    target.classes = classes;
  }
  return { features, target };
}

function readParams(c: ModelChecker, raw: unknown): ParamMap {
  const p = c.object(raw, 'params');
  const out: ParamMap = {};
  for (const [k, v] of Object.entries(p)) {
    const spec = findParam(k);
    if (!spec || spec.name !== k) c.fail(`params.${k}`, 'is not a known parameter name');
    if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
      c.fail(`params.${k}`, `must be a number, string or boolean (found ${describe(v)})`);
    }
    try {
      Object.assign(out, validateParams('gbdt', { [k]: v }));
    } catch (e) {
      if (e instanceof ThicketError) c.fail(`params.${k}`, `is invalid (${e.message})`);
      throw e;
    }
  }
  return out;
}

function readTraining(c: ModelChecker, raw: unknown): TrainingInfo {
  const t = c.object(raw, 'training');
  const history = c.array(t.history, 'training.history').map((x, i) => c.number(x, `training.history[${i}]`, false));
  const rounds = c.int(t.rounds, 'training.rounds', 0, INT32_MAX);
  const bestIteration = c.int(t.bestIteration, 'training.bestIteration', -1, Math.max(rounds, 0));
  const info: TrainingInfo = { history, bestIteration, rounds };
  if (t.evalMetric !== undefined) info.evalMetric = c.string(t.evalMetric, 'training.evalMetric');
  if (t.metrics !== undefined) {
    const m = c.object(t.metrics, 'training.metrics');
    info.metrics = {};
    for (const [k, v] of Object.entries(m)) info.metrics[k] = c.number(v, `training.metrics.${k}`, false);
  }
  return info;
}

function readTrees(c: ModelChecker, raw: unknown, schema: Schema, nGroups: number): TreeArrays {
  const t = c.object(raw, 'trees');
  const treeRoot = c.intArray(t.treeRoot, 'trees.treeRoot');
  const treeGroup = c.intArray(t.treeGroup, 'trees.treeGroup', 0, nGroups - 1);
  if (treeGroup.length !== treeRoot.length) {
    c.fail('trees.treeGroup', `has ${treeGroup.length} entries but trees.treeRoot has ${treeRoot.length}`);
  }
  const ints = {} as Record<(typeof NODE_INT_FIELDS)[number], Int32Array>;
  for (const f of NODE_INT_FIELDS) ints[f] = c.intArray(t[f], `trees.${f}`);
  const floats = {} as Record<(typeof NODE_FLOAT_FIELDS)[number], Float32Array>;
  for (const f of NODE_FLOAT_FIELDS) floats[f] = c.float32Array(t[f], `trees.${f}`);
  const catWords = c.uint32Array(t.catWords, 'trees.catWords');

  const nNodes = ints.feature.length;
  for (const f of [...NODE_INT_FIELDS, ...NODE_FLOAT_FIELDS]) {
    const len = (f in ints ? ints[f as keyof typeof ints] : floats[f as keyof typeof floats]).length;
    if (len !== nNodes) c.fail(`trees.${f}`, `has ${len} entries but trees.feature has ${nNodes} (all node arrays must have the same length)`);
  }

  // Trees are stored one after another: tree k owns nodes [treeRoot[k], treeRoot[k + 1]).
  const nTrees = treeRoot.length;
  if (nTrees === 0 && nNodes > 0) c.fail('trees.treeRoot', `is empty but there are ${nNodes} nodes`);
  for (let k = 0; k < nTrees; k++) {
    const r = treeRoot[k]!;
    const expectFirst = k === 0 ? 0 : treeRoot[k - 1]! + 1;
    if (r < 0 || r >= nNodes) c.fail(`trees.treeRoot[${k}]`, `is ${r}, outside the node range [0, ${nNodes})`);
    if (k === 0 && r !== 0) c.fail('trees.treeRoot[0]', `is ${r}; the first tree must start at node 0`);
    if (r < expectFirst) c.fail(`trees.treeRoot[${k}]`, `is ${r}; tree roots must be strictly increasing (previous root ${treeRoot[k - 1]})`);
  }

  const { feature, left, right, flags, catOffset, catLen } = ints;
  const { threshold, value } = floats;
  const nFeatures = schema.features.length;
  for (let k = 0; k < nTrees; k++) {
    const start = treeRoot[k]!;
    const end = k + 1 < nTrees ? treeRoot[k + 1]! : nNodes;
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(value[i]!)) c.fail(`trees.value[${i}]`, `must be a finite number (found ${value[i]})`);
      const l = left[i]!;
      const r = right[i]!;
      if (l === -1) {
        if (r !== -1) c.fail(`trees.right[${i}]`, `is ${r} but node ${i} is a leaf (trees.left[${i}] = -1), so it must be -1`);
        continue;
      }
      const range = `a later node of tree ${k} (${i + 1}..${end - 1})`;
      if (l <= i || l >= end) c.fail(`trees.left[${i}]`, `is ${l}; a child must be -1 (leaf) or ${range}`);
      if (r <= i || r >= end) c.fail(`trees.right[${i}]`, `is ${r}; a child must be ${range}`);
      const f = feature[i]!;
      if (f < 0 || f >= nFeatures) c.fail(`trees.feature[${i}]`, `is ${f}, outside [0, ${nFeatures}) (the schema has ${nFeatures} features)`);
      const fl = flags[i]!;
      if ((fl & ~(FLAG_MISSING_LEFT | FLAG_CATEGORICAL)) !== 0) c.fail(`trees.flags[${i}]`, `is ${fl}; only bits 1 (missing left) and 2 (categorical) are defined`);
      if (fl & FLAG_CATEGORICAL) {
        if (schema.features[f]!.kind !== 'categorical') {
          c.fail(`trees.flags[${i}]`, `marks a categorical split on numeric feature ${f} ('${schema.features[f]!.name}')`);
        }
        const off = catOffset[i]!;
        const len = catLen[i]!;
        if (off < 0 || off > catWords.length) c.fail(`trees.catOffset[${i}]`, `is ${off}, outside [0, ${catWords.length}] (trees.catWords has ${catWords.length} words)`);
        if (len < 0 || off + len > catWords.length) c.fail(`trees.catLen[${i}]`, `is ${len}; catOffset + catLen (${off + len}) exceeds the ${catWords.length} words of trees.catWords`);
      } else if (Number.isNaN(threshold[i]!)) {
        c.fail(`trees.threshold[${i}]`, 'is NaN; a numeric split needs a threshold');
      }
    }
  }
  return { treeRoot, treeGroup, ...ints, ...floats, catWords };
}

/** Validates parsed model-file JSON and builds the in-memory model; throws a ThicketError (exit 1) naming `source` and the field. */
export function modelFromJson(json: unknown, source: string): GBDTModel {
  const c = new ModelChecker(source);
  const m = c.object(json, 'the top level');
  if (m.format !== MODEL_FORMAT) {
    if (m.format === undefined && m.learner !== null && typeof m.learner === 'object') {
      c.fail('format', 'is missing: this looks like an XGBoost JSON model, which thicket cannot read yet');
    }
    c.fail('format', `must be "${MODEL_FORMAT}" (found ${describe(m.format)}); is this a thicket model file?`);
  }
  if (typeof m.version === 'number' && Number.isInteger(m.version) && m.version > MODEL_VERSION) {
    c.fail('version', `is ${m.version}: the file was written by a newer thicket (this one reads version ${MODEL_VERSION})`);
  }
  if (m.version !== MODEL_VERSION) c.fail('version', `must be ${MODEL_VERSION} (found ${describe(m.version)})`);
  if (m.learner !== 'gbdt') {
    if (typeof m.learner === 'string' && LEARNERS.includes(m.learner)) c.fail('learner', `is "${m.learner}", which this thicket cannot load yet`);
    c.fail('learner', `must be "gbdt" (found ${describe(m.learner)})`);
  }
  const schema = readSchema(c, m.schema);
  if (typeof m.objective !== 'string' || !(OBJECTIVES as readonly string[]).includes(m.objective)) {
    c.fail('objective', `must be one of ${OBJECTIVES.join(', ')} (found ${describe(m.objective)})`);
  }
  const objective = m.objective as Objective;
  const task = schema.target.task;
  if (!objectiveFits(objective, task)) c.fail('objective', `${objective} does not fit a ${task} target (schema.target.task)`);
  const nClasses = schema.target.classes?.length ?? 0;
  const expectedGroups = objective.startsWith('multi:') ? nClasses : 1;
  const nGroups = c.int(m.nGroups, 'nGroups', 1, 1 << 16);
  if (nGroups !== expectedGroups) {
    c.fail('nGroups', `is ${nGroups} but objective ${objective} with ${nClasses || 'no'} classes needs ${expectedGroups}`);
  }
  const baseMargin = c.number(m.baseMargin, 'baseMargin', true);
  const params = readParams(c, m.params);
  const training = readTraining(c, m.training);
  const trees = readTrees(c, m.trees, schema, nGroups);
  return { format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'gbdt', schema, objective, nGroups, baseMargin, params, trees, training };
}
