/**
 * Turns parsed model-file JSON into a model (GBDT or forest), checking every field so that a corrupted or
 * hand-edited file fails with a message naming the file and the field, and a model that passes
 * can never make a prediction kernel read out of bounds or loop.
 */
import type { FeatureSpec, Schema, TargetSpec, Task } from '../data/frame.js';
import { ThicketError } from '../errors.js';
import { findParam, OBJECTIVES, validateParams, type Learner, type Objective, type ParamMap } from '../params.js';
import {
  FLAG_CATEGORICAL, FLAG_MISSING_LEFT, MODEL_FORMAT, MODEL_VERSION, READABLE_VERSIONS,
  type ForestModel, type ForestTrainingInfo, type GBDTModel, type Model, type TrainingInfo, type TreeArrays,
} from './model.js';
import { describe, INT32_MAX, laterNodes, ModelChecker } from './model-checker.js';
import { readTreesV2 } from './trees-v2-reader.js';
import { checkDocDepth } from './doc-limits.js';

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];
const LEARNERS: readonly Learner[] = ['gbdt', 'rf', 'extratrees'];

export { FLAG_CATEGORICAL, FLAG_MISSING_LEFT };

/** Per-node arrays of a version-1 file (all of length nNodes). */
export const NODE_INT_FIELDS = ['feature', 'left', 'right', 'flags', 'catOffset', 'catLen'] as const;
export const NODE_FLOAT_FIELDS = ['threshold', 'value', 'gain', 'cover'] as const;

/** The objectives each task admits, and whether the objective outputs one group per class. */
function objectiveFits(objective: Objective, task: Task): boolean {
  if (objective.startsWith('multi:')) return task !== 'regression';
  if (objective.startsWith('binary:')) return task === 'binary';
  return task === 'regression';
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

/** The schema of a model document (`raw` is its `schema` field), checked as a model file's: unique names, levels and classes, kinds, a target fitting its task. */
export function schemaFromJson(raw: unknown, source: string): Schema {
  return readSchema(new ModelChecker(source), raw);
}

function readParams(c: ModelChecker, raw: unknown, learner: Learner): ParamMap {
  const p = c.object(raw, 'params');
  const out: ParamMap = {};
  for (const [k, v] of Object.entries(p)) {
    const spec = findParam(k);
    if (!spec || spec.name !== k) c.fail(`params.${k}`, 'is not a known parameter name');
    if (!spec.learners.includes(learner)) c.fail(`params.${k}`, `does not apply to learner ${learner}`);
    if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
      c.fail(`params.${k}`, `must be a number, string or boolean (found ${describe(v)})`);
    }
    try {
      Object.assign(out, validateParams(learner, { [k]: v }));
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

function readForestTraining(c: ModelChecker, raw: unknown): ForestTrainingInfo {
  const t = c.object(raw, 'training');
  const info: ForestTrainingInfo = { nTrees: c.int(t.nTrees, 'training.nTrees', 0, INT32_MAX) };
  if (t.oobScore !== undefined) info.oobScore = c.number(t.oobScore, 'training.oobScore', false);
  if (t.oobMetric !== undefined) info.oobMetric = c.string(t.oobMetric, 'training.oobMetric');
  if (t.oobRows !== undefined) info.oobRows = c.int(t.oobRows, 'training.oobRows', 0, INT32_MAX);
  for (const key of ['oobMetrics', 'metrics'] as const) {
    if (t[key] === undefined) continue;
    const m = c.object(t[key], `training.${key}`);
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(m)) out[k] = c.number(v, `training.${key}.${k}`, false);
    info[key] = out;
  }
  return info;
}

/** Version-1 node arrays (every field in full, JSON numbers); valueWidth: leaf outputs per node (trees.value holds nNodes x valueWidth numbers). */
function readTreesV1(c: ModelChecker, raw: unknown, schema: Schema, nGroups: number, valueWidth = 1): TreeArrays {
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
    const want = f === 'value' ? nNodes * valueWidth : nNodes;
    if (len === want) continue;
    if (f === 'value' && valueWidth > 1) c.fail('trees.value', `has ${len} entries but ${nNodes} nodes x valueWidth ${valueWidth} need ${want}`);
    c.fail(`trees.${f}`, `has ${len} entries but trees.feature has ${nNodes} (all node arrays must have the same length)`);
  }

  c.treeRoots(treeRoot, nNodes);
  const nTrees = treeRoot.length;

  const { feature, left, right, flags, catOffset, catLen } = ints;
  const { threshold, value } = floats;
  // Whether any value is not finite, any threshold NaN: found by includes (native, no float read per
  // node, which is slow in a fresh process); only then does the node loop look at each one.
  const valueBad = value.includes(NaN) || value.includes(Infinity) || value.includes(-Infinity);
  const thresholdNaN = threshold.includes(NaN);
  const nFeatures = schema.features.length;
  for (let k = 0; k < nTrees; k++) {
    const start = treeRoot[k]!;
    const end = k + 1 < nTrees ? treeRoot[k + 1]! : nNodes;
    for (let i = start; i < end; i++) {
      if (valueBad) {
        for (let j = i * valueWidth; j < (i + 1) * valueWidth; j++) {
          if (!Number.isFinite(value[j]!)) c.fail(`trees.value[${j}]`, `must be a finite number (found ${value[j]})`);
        }
      }
      const l = left[i]!;
      const r = right[i]!;
      if (l === -1) {
        if (r !== -1) c.fail(`trees.right[${i}]`, `is ${r} but node ${i} is a leaf (trees.left[${i}] = -1), so it must be -1`);
        continue;
      }
      // (The message's node range is built only on failure: this loop runs once per node.)
      if (l <= i || l >= end) c.fail(`trees.left[${i}]`, `is ${l}; a child must be -1 (leaf) or ${laterNodes(k, i, end)}`);
      if (r <= i || r >= end) c.fail(`trees.right[${i}]`, `is ${r}; a child must be ${laterNodes(k, i, end)}`);
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
      } else if (thresholdNaN && Number.isNaN(threshold[i]!)) {
        c.fail(`trees.threshold[${i}]`, 'is NaN; a numeric split needs a threshold');
      }
    }
  }
  return { treeRoot, treeGroup, ...ints, ...floats, catWords };
}

/** The trees of a file of the given version. */
function readTrees(c: ModelChecker, version: number, raw: unknown, schema: Schema, nGroups: number, valueWidth = 1): TreeArrays {
  return version === 1 ? readTreesV1(c, raw, schema, nGroups, valueWidth) : readTreesV2(c, raw, schema, nGroups, valueWidth);
}

/** The forest-specific fields: output kind, nGroups and valueWidth must fit the task. */
function readForest(c: ModelChecker, m: Record<string, unknown>, learner: 'rf' | 'extratrees', version: number): ForestModel {
  const schema = readSchema(c, m.schema);
  const task = schema.target.task;
  const output = task === 'regression' ? 'value' : 'probability';
  if (m.output !== output) c.fail('output', `must be "${output}" for a ${task} target (found ${describe(m.output)})`);
  const nGroups = c.int(m.nGroups, 'nGroups', 1, 1 << 16);
  const expected = task === 'multiclass' ? schema.target.classes!.length : 1;
  if (nGroups !== expected) c.fail('nGroups', `is ${nGroups} but a ${task} forest needs ${expected}`);
  const valueWidth = c.int(m.valueWidth, 'valueWidth', 1, 1 << 16);
  if (valueWidth !== nGroups) c.fail('valueWidth', `is ${valueWidth} but must equal nGroups (${nGroups})`);
  const params = readParams(c, m.params, learner);
  const training = readForestTraining(c, m.training);
  const trees = readTrees(c, version, m.trees, schema, nGroups, valueWidth);
  return { format: MODEL_FORMAT, version: MODEL_VERSION, learner, schema, output, nGroups, valueWidth, params, trees, training };
}

/** Validates parsed model-file JSON and builds the in-memory model; throws a ThicketError (exit 1) naming `source` and the field. */
export function modelFromJson(json: unknown, source: string): Model {
  checkDocDepth(json, source);
  const c = new ModelChecker(source);
  const m = c.object(json, 'the top level');
  if (m.format !== MODEL_FORMAT) {
    if (m.format === undefined && m.learner !== null && typeof m.learner === 'object') {
      c.fail('format', 'is missing: this looks like an XGBoost JSON model, which thicket cannot read yet');
    }
    c.fail('format', `must be "${MODEL_FORMAT}" (found ${describe(m.format)}); is this a thicket model file?`);
  }
  if (typeof m.version === 'number' && Number.isInteger(m.version) && m.version > MODEL_VERSION) {
    c.fail('version', `is ${m.version}: the file was written by a newer thicket (this one reads versions ${READABLE_VERSIONS.join(' and ')})`);
  }
  if (!READABLE_VERSIONS.includes(m.version as number)) c.fail('version', `must be ${READABLE_VERSIONS.join(' or ')} (found ${describe(m.version)})`);
  const version = m.version as number;
  if (!(LEARNERS as readonly unknown[]).includes(m.learner)) c.fail('learner', `must be one of ${LEARNERS.join(', ')} (found ${describe(m.learner)})`);
  if (m.learner !== 'gbdt') return readForest(c, m, m.learner as 'rf' | 'extratrees', version);
  return readGBDT(c, m, version);
}

function readGBDT(c: ModelChecker, m: Record<string, unknown>, version: number): GBDTModel {
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
  const params = readParams(c, m.params, 'gbdt');
  const training = readTraining(c, m.training);
  const trees = readTrees(c, version, m.trees, schema, nGroups);
  return { format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'gbdt', schema, objective, nGroups, baseMargin, params, trees, training };
}
