/**
 * An XGBoost model document (the object a JSON or UBJSON model file holds, XGBoost 1.x / 2.x, gbtree or dart
 * without weight drop) turned into a thicket GBDTModel, with every field checked so that a corrupted file fails
 * with a message naming the field and can never make a prediction kernel read out of bounds. No Node built-ins.
 *
 * Semantics (verified against XGBoost 1.7.4's own predictions by the fixtures in test/fixtures/xgb-interop):
 * - numeric split: `x < split_conditions[n]` goes left (float32 compare); missing follows default_left;
 * - categorical split (split_type 1): a category code IN the node's list goes RIGHT; any other code — including
 *   codes beyond the list's bitset, negative codes and non-integers truncated to one — goes LEFT; missing
 *   follows default_left. thicket stores such a node with its children swapped: thicket's left child is
 *   XGBoost's right child, the level bitset is XGBoost's list, and thicket's "levels beyond the bitset go
 *   right" is XGBoost's "codes beyond the bitset go left";
 * - leaf value = split_conditions[leaf]; margin = base margin + leaves of the output group's trees, added in
 *   float32 in tree order (thicket's predictor does the same), base margin = XGBoost's ProbToMargin(base_score)
 *   in float32 (see xgboostBaseMargin).
 * - Features: feature_names when present, else f0..f{n-1}. A categorical feature (feature_types "c") is
 *   categorical with level names when the `thicket` attribute (or the import options) gives them; otherwise it
 *   is read as its integer category codes (a numeric column holding the codes XGBoost was given).
 * - Target: from the `thicket` attribute, else named "label" with classes "0", "1", ... (binary, multi:*).
 */
import type { FeatureSpec, Schema, TargetSpec, Task } from '../data/frame.js';
import { modelError } from '../errors.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel, type TrainingInfo, type TreeArrays } from '../model/model.js';
import type { Objective, ParamMap } from '../params.js';
import { FLAG_CATEGORICAL, FLAG_MISSING_LEFT } from '../model/model-validator.js';
import { checkDocDepth } from '../model/doc-limits.js';
import { readThicketAttribute, THICKET_ATTRIBUTE, type SchemaHint, type ThicketAttribute } from './thicket-attribute.js';

/** XGBoost objectives thicket imports, by XGBoost name (reg:linear is XGBoost's old name of reg:squarederror). */
const IMPORTED_OBJECTIVES: Record<string, Objective> = {
  'binary:logistic': 'binary:logistic',
  'binary:logitraw': 'binary:logitraw',
  'reg:logistic': 'reg:logistic',
  'multi:softprob': 'multi:softprob',
  'multi:softmax': 'multi:softmax',
  'reg:squarederror': 'reg:squarederror',
  'reg:linear': 'reg:squarederror',
  'reg:absoluteerror': 'reg:absoluteerror',
  'reg:pseudohubererror': 'reg:pseudohubererror',
  'count:poisson': 'count:poisson',
  'reg:gamma': 'reg:gamma',
  'reg:tweedie': 'reg:tweedie',
};

/** XGBoost major versions whose model format thicket reads. */
const SUPPORTED_MAJOR = [1, 2];
/** Largest category code accepted (XGBoost keeps codes exact in float32: below 2^24). */
const MAX_CATEGORY = (1 << 24) - 1;
/** Most bitset words all categorical nodes together may need (2^24 words = 64 MiB): bounds memory on corrupt files. */
const MAX_CAT_WORDS = 1 << 24;
/** Most features a model may have (thicket's data is dense; this bounds memory on corrupt files). */
const MAX_FEATURES = 1 << 20;

/** How an imported model came about, for `thicket info`. */
export interface XGBoostOrigin {
  /** "1.7.4": the version the file says wrote it. */
  xgboostVersion: string;
  booster: 'gbtree' | 'dart';
  objective: string;
  numParallelTree: number;
  /** False when the file had no feature_names (features are f0..f{n-1}, matched by position when absent). */
  featureNames: boolean;
  /** Categorical features read as integer codes (no level names known). */
  codeFeatures: string[];
  /** The file carried a `thicket` attribute (written by `thicket export`, or set by the user). */
  thicketAttribute: boolean;
}

const origins = new WeakMap<GBDTModel, XGBoostOrigin>();

/** The origin of a model made by modelFromXGBoost (undefined for any other model). */
export function xgboostOrigin(model: GBDTModel): XGBoostOrigin | undefined {
  return origins.get(model);
}

export interface XGBoostImportOptions {
  /**
   * Feature kinds / level names and the target (name, classes), overriding the file's `thicket` attribute.
   * features, when given, must list every feature in the model's order.
   */
  schema?: SchemaHint;
  /**
   * Size of the file the document came from (bytes or characters), when known: a file without
   * feature names may not claim more than max(65,536, 64 per byte) features (each one costs a
   * name and a schema entry, a file nothing).
   */
  inputSize?: number;
}

/** Numeric array as a JSON array (null read as NaN, booleans as 0 / 1) or a typed array from UBJSON. */
type NumArray = ArrayLike<number>;

class Fields {
  constructor(private readonly source: string) {}

  fail(field: string, what: string): never {
    throw modelError(this.source, `${field} ${what}`);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) this.fail(field, `must be an object (found ${kind(v)})`);
    return v as Record<string, unknown>;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, `must be a string (found ${kind(v)})`);
    return v;
  }

  /** XGBoost writes parameters as strings ("3", "5E-1"); numbers are accepted too. "[x]" (XGBoost 2.1+ base_score) reads as x. */
  numberParam(v: unknown, field: string): number {
    let x: number;
    if (typeof v === 'number') x = v;
    else if (typeof v === 'string') {
      const s = v.trim().replace(/^\[(.*)\]$/, '$1');
      if (s.includes(',')) this.fail(field, `has several values (${JSON.stringify(v)}): multi-output models are not supported`);
      x = s === '' ? NaN : Number(s);
    } else return this.fail(field, `must be a number or a numeric string (found ${kind(v)})`);
    if (!Number.isFinite(x)) this.fail(field, `must be a finite number (found ${JSON.stringify(v)})`);
    return x;
  }

  intParam(v: unknown, field: string, min: number, max: number): number {
    const x = this.numberParam(v, field);
    if (!Number.isInteger(x) || x < min || x > max) this.fail(field, `must be an integer in [${min}, ${max}] (found ${JSON.stringify(v)})`);
    return x;
  }

  nums(v: unknown, field: string): NumArray {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v as unknown as NumArray;
    if (!Array.isArray(v)) this.fail(field, `must be an array (found ${kind(v)})`);
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'number') out[i] = x;
      else if (x === null) out[i] = NaN;
      else if (typeof x === 'boolean') out[i] = x ? 1 : 0;
      else this.fail(`${field}[${i}]`, `must be a number (found ${kind(x)})`);
    }
    return out;
  }

  /** Integers in [min, max]. */
  ints(v: unknown, field: string, min: number, max: number): NumArray {
    const a = this.nums(v, field);
    const integral = a instanceof Int32Array || a instanceof Int16Array || a instanceof Int8Array || a instanceof Uint8Array;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      if (x < min || x > max || (!integral && !Number.isInteger(x))) this.fail(`${field}[${i}]`, `must be an integer in [${min}, ${max}] (found ${x})`);
    }
    return a;
  }

  strings(v: unknown, field: string): string[] {
    if (!Array.isArray(v)) this.fail(field, `must be an array of strings (found ${kind(v)})`);
    return v.map((s, i) => this.string(s, `${field}[${i}]`));
  }

  length(a: NumArray, n: number, field: string, what: string): void {
    if (a.length !== n) this.fail(field, `has ${a.length} entries but ${what} is ${n}`);
  }
}

function kind(v: unknown): string {
  if (v === undefined) return 'nothing: the field is missing';
  if (v === null) return 'null';
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * XGBoost's base margin (ProbToMargin of a float32 base_score, computed in float32 as XGBoost does):
 * -logf(1/b - 1) for binary:logistic and reg:logistic, logf(b) for count:poisson, reg:gamma and reg:tweedie,
 * b itself otherwise (binary:logitraw included). Throws a plain Error for a base_score outside the domain.
 */
export function xgboostBaseMargin(objective: Objective, baseScore: number): number {
  const b = Math.fround(baseScore);
  switch (objective) {
    case 'binary:logistic':
    case 'reg:logistic':
      if (!(b > 0 && b < 1)) throw new Error(`base_score ${b} must be in (0, 1) for ${objective}`);
      return 0 - Math.fround(Math.log(Math.fround(Math.fround(1 / b) - 1))); // 0 - x: +0, not -0, at b = 0.5
    case 'count:poisson':
    case 'reg:gamma':
    case 'reg:tweedie':
      if (!(b > 0)) throw new Error(`base_score ${b} must be > 0 for ${objective}`);
      return Math.fround(Math.log(b));
    default:
      return b;
  }
}

function taskOf(objective: Objective): Task {
  return objective.startsWith('binary:') ? 'binary' : objective.startsWith('multi:') ? 'multiclass' : 'regression';
}

interface RawTree {
  left: NumArray;
  right: NumArray;
  feature: NumArray;
  cond: NumArray;
  defaultLeft: NumArray;
  splitType: NumArray | null;
  gain: NumArray | null;
  cover: NumArray | null;
  weight: NumArray | null;
  /** Node -> [start, end) into categories. */
  catRange: Map<number, [number, number]>;
  categories: NumArray;
  nNodes: number;
}

function readTree(c: Fields, raw: unknown, at: string): RawTree {
  const t = c.object(raw, at);
  const tp = c.object(t.tree_param, `${at}.tree_param`);
  const nNodes = c.intParam(tp.num_nodes, `${at}.tree_param.num_nodes`, 1, 2 ** 31 - 1);
  if (tp.size_leaf_vector !== undefined && c.intParam(tp.size_leaf_vector, `${at}.tree_param.size_leaf_vector`, 0, 2 ** 31 - 1) > 1) {
    c.fail(`${at}.tree_param.size_leaf_vector`, 'is above 1: multi-target (vector-leaf) trees are not supported');
  }
  const node = (name: string, required: boolean, ints?: [number, number]): NumArray | null => {
    if (t[name] === undefined && !required) return null;
    const a = ints ? c.ints(t[name], `${at}.${name}`, ints[0], ints[1]) : c.nums(t[name], `${at}.${name}`);
    c.length(a, nNodes, `${at}.${name}`, `${at}.tree_param.num_nodes`);
    return a;
  };
  const left = node('left_children', true, [-1, nNodes - 1])!;
  const right = node('right_children', true, [-1, nNodes - 1])!;
  // Leaves may hold any split index (XGBoost writes 0); internal nodes are checked during the walk.
  const feature = node('split_indices', true, [-(2 ** 31), 2 ** 32 - 1])!;
  const cond = node('split_conditions', true)!;
  const defaultLeft = node('default_left', true, [0, 1])!;
  const splitType = node('split_type', false, [0, 1]);
  const gain = node('loss_changes', false);
  const cover = node('sum_hessian', false);
  const weight = node('base_weights', false);

  const catRange = new Map<number, [number, number]>();
  let categories: NumArray = new Float64Array(0);
  if (t.categories_nodes !== undefined || t.categories !== undefined) {
    categories = c.ints(t.categories, `${at}.categories`, 0, 2 ** 53);
    const nodes = c.ints(t.categories_nodes, `${at}.categories_nodes`, 0, nNodes - 1);
    const segs = c.ints(t.categories_segments, `${at}.categories_segments`, 0, categories.length);
    const sizes = c.ints(t.categories_sizes, `${at}.categories_sizes`, 0, categories.length);
    c.length(segs, nodes.length, `${at}.categories_segments`, `the length of ${at}.categories_nodes`);
    c.length(sizes, nodes.length, `${at}.categories_sizes`, `the length of ${at}.categories_nodes`);
    for (let k = 0; k < nodes.length; k++) {
      const s = segs[k]!, n = sizes[k]!;
      if (s + n > categories.length) {
        c.fail(`${at}.categories_sizes[${k}]`, `is ${n}: segment ${s}..${s + n} runs past the ${categories.length} entries of ${at}.categories`);
      }
      if (catRange.has(nodes[k]!)) c.fail(`${at}.categories_nodes[${k}]`, `repeats node ${nodes[k]}`);
      catRange.set(nodes[k]!, [s, s + n]);
    }
  }
  return { left, right, feature, cond, defaultLeft, splitType, gain, cover, weight, catRange, categories, nNodes };
}

/**
 * The order in which a tree's reachable nodes are stored: ascending original index when every child comes after
 * its parent (XGBoost's own layout, and what `thicket export` writes), else breadth-first. Fails on a child index
 * out of range, a leaf with one child, a cycle or a node reached twice.
 */
function nodeOrder(c: Fields, t: RawTree, at: string): number[] {
  const seen = new Uint8Array(t.nNodes);
  const bfs: number[] = [0];
  seen[0] = 1;
  let ascending = true;
  for (let i = 0; i < bfs.length; i++) {
    const n = bfs[i]!;
    const l = t.left[n]!, r = t.right[n]!;
    if (l === -1) {
      if (r !== -1) c.fail(`${at}.right_children[${n}]`, `is ${r} but left_children[${n}] is -1 (a leaf): both must be -1`);
      continue;
    }
    if (r === -1) c.fail(`${at}.right_children[${n}]`, `is -1 but left_children[${n}] is ${l}: a split needs both children`);
    for (const [child, side] of [[l, 'left_children'], [r, 'right_children']] as const) {
      if (child === 0 || seen[child]) c.fail(`${at}.${side}[${n}]`, `is ${child}, a node already reached from the root (a cycle or a shared child)`);
      seen[child] = 1;
      if (child < n) ascending = false;
      bfs.push(child);
    }
  }
  if (!ascending) return bfs;
  return bfs.sort((a, b) => a - b);
}

/** Checked feature of an internal node. */
function splitFeature(c: Fields, t: RawTree, n: number, at: string, nFeatures: number): number {
  const f = t.feature[n]!;
  if (f < 0 || f >= nFeatures) c.fail(`${at}.split_indices[${n}]`, `is ${f}, outside [0, ${nFeatures}) (the model has ${nFeatures} features)`);
  return f;
}

interface FeaturePlan {
  schema: Schema;
  /** Per feature: level count when categorical with level names, -1 when read as codes / numeric. */
  levelCount: number[];
  codeFeatures: string[];
  featureNames: boolean;
}

function planFeatures(
  c: Fields, learner: Record<string, unknown>, nFeatures: number, trees: RawTree[], hint: SchemaHint | undefined,
  objective: Objective, nGroups: number,
): FeaturePlan {
  const names = learner.feature_names === undefined ? [] : c.strings(learner.feature_names, 'learner.feature_names');
  const types = learner.feature_types === undefined ? [] : c.strings(learner.feature_types, 'learner.feature_types');
  if (names.length !== 0 && names.length !== nFeatures) c.fail('learner.feature_names', `has ${names.length} names but learner_model_param.num_feature is ${nFeatures}`);
  if (types.length !== 0 && types.length !== nFeatures) c.fail('learner.feature_types', `has ${types.length} types but learner_model_param.num_feature is ${nFeatures}`);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === '') c.fail(`learner.feature_names[${i}]`, 'is empty');
    if (seen.has(name)) c.fail(`learner.feature_names[${i}]`, `repeats ${JSON.stringify(name)}`);
    seen.add(name);
  });
  const featureNames = names.length > 0;
  const finalNames = featureNames ? names : Array.from({ length: nFeatures }, (_, i) => `f${i}`);

  // Features that some tree splits on categorically.
  const catSplit = new Uint8Array(nFeatures);
  for (const t of trees) {
    if (!t.splitType) continue;
    for (let n = 0; n < t.nNodes; n++) {
      const f = t.feature[n]!;
      if (t.left[n] !== -1 && t.splitType[n] === 1 && f >= 0 && f < nFeatures) catSplit[f] = 1;
    }
  }

  const hf = hint?.features;
  if (hf && hf.length !== nFeatures) c.fail(`learner.attributes.${THICKET_ATTRIBUTE}: schema.features`, `lists ${hf.length} features but the model has ${nFeatures}`);
  const levelCount: number[] = [];
  const codeFeatures: string[] = [];
  const features: FeatureSpec[] = finalNames.map((name, i) => {
    const given = hf?.[i];
    if (given) {
      if (featureNames && given.name !== name) {
        c.fail(`learner.attributes.${THICKET_ATTRIBUTE}: schema.features[${i}].name`, `is ${JSON.stringify(given.name)} but learner.feature_names[${i}] is ${JSON.stringify(name)}`);
      }
      if (given.kind === 'categorical') {
        if (types.length > 0 && types[i] !== 'c') {
          c.fail(`learner.attributes.${THICKET_ATTRIBUTE}: schema.features[${i}].kind`, `is categorical but learner.feature_types[${i}] is ${JSON.stringify(types[i])}, not "c"`);
        }
        levelCount.push(given.levels!.length);
        return { name: given.name, kind: 'categorical', levels: [...given.levels!] };
      }
      levelCount.push(-1);
      if (catSplit[i] || types[i] === 'c') codeFeatures.push(given.name);
      return { name: given.name, kind: 'numeric' };
    }
    levelCount.push(-1);
    if (catSplit[i] || types[i] === 'c') codeFeatures.push(name);
    return { name, kind: 'numeric' };
  });

  const task = taskOf(objective);
  const ht = hint?.target ?? {};
  if (ht.task !== undefined && ht.task !== task) {
    c.fail(`learner.attributes.${THICKET_ATTRIBUTE}: schema.target.task`, `is ${ht.task} but objective ${objective} makes a ${task} model`);
  }
  let name = ht.name ?? 'label';
  if (ht.name === undefined) while (features.some((f) => f.name === name)) name += '_';
  else if (features.some((f) => f.name === name)) c.fail(`learner.attributes.${THICKET_ATTRIBUTE}: schema.target.name`, `${JSON.stringify(name)} is also a feature name`);
  const target: TargetSpec = { name, task };
  if (task !== 'regression') {
    const k = task === 'binary' ? 2 : nGroups;
    const classes = ht.classes ?? Array.from({ length: k }, (_, i) => String(i));
    if (classes.length !== k) {
      c.fail(`learner.attributes.${THICKET_ATTRIBUTE}: schema.target.classes`, `lists ${classes.length} classes but the ${objective} model has ${k}`);
    }
    target.classes = [...classes];
  }
  return { schema: { features, target }, levelCount, codeFeatures, featureNames };
}

/** Converts checked trees to TreeArrays (categorical nodes with their children swapped; see the file comment). */
function buildTrees(c: Fields, trees: RawTree[], treeInfo: NumArray, plan: FeaturePlan, nFeatures: number): TreeArrays {
  let total = 0;
  const orders = trees.map((t, k) => nodeOrder(c, t, `learner.gradient_booster.model.trees[${k}]`));
  for (const o of orders) total += o.length;
  const treeRoot = new Int32Array(trees.length);
  const treeGroup = new Int32Array(trees.length);
  const feature = new Int32Array(total);
  const threshold = new Float32Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const flags = new Int32Array(total);
  const catOffset = new Int32Array(total);
  const catLen = new Int32Array(total);
  const value = new Float32Array(total);
  const gain = new Float32Array(total);
  const cover = new Float32Array(total);
  let catWords = new Uint32Array(1024);
  let nWords = 0;

  let base = 0;
  for (let k = 0; k < trees.length; k++) {
    const t = trees[k]!;
    const at = `learner.gradient_booster.model.trees[${k}]`;
    const order = orders[k]!;
    const local = new Int32Array(t.nNodes);
    for (let i = 0; i < order.length; i++) local[order[i]!] = i;
    treeRoot[k] = base;
    treeGroup[k] = treeInfo[k]!;
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      const g = base + i;
      // Statistics for importance only; a non-finite one (corrupt file) counts as 0.
      const lc = t.gain ? t.gain[n]! : 0, sh = t.cover ? t.cover[n]! : 0;
      gain[g] = Number.isFinite(lc) ? lc : 0;
      cover[g] = Number.isFinite(sh) ? sh : 0;
      if (t.left[n] === -1) {
        const v = t.cond[n]!;
        if (!Number.isFinite(v)) c.fail(`${at}.split_conditions[${n}]`, `is ${v}; a leaf's value must be finite`);
        value[g] = v;
        feature[g] = -1;
        left[g] = -1;
        right[g] = -1;
        continue;
      }
      const w = t.weight ? t.weight[n]! : 0;
      value[g] = Number.isFinite(w) ? w : 0;
      const f = splitFeature(c, t, n, at, nFeatures);
      feature[g] = f;
      const l = base + local[t.left[n]!]!;
      const r = base + local[t.right[n]!]!;
      const defaultLeft = t.defaultLeft[n] === 1;
      if (t.splitType && t.splitType[n] === 1) {
        const range = t.catRange.get(n);
        if (!range) c.fail(`${at}.split_type[${n}]`, `marks node ${n} categorical but ${at}.categories_nodes does not list it`);
        const L = plan.levelCount[f]!;
        const cats = t.categories;
        let maxCode = -1;
        for (let j = range[0]; j < range[1]; j++) {
          const code = cats[j]!;
          if (code > maxCode) maxCode = code;
        }
        if (maxCode > MAX_CATEGORY) {
          const j = Array.from({ length: range[1] - range[0] }, (_, q) => range[0] + q).find((q) => cats[q]! > MAX_CATEGORY)!;
          c.fail(`${at}.categories[${j}]`, `is ${cats[j]}, above the largest category code ${MAX_CATEGORY}`);
        }
        if (L >= 0 && maxCode >= L) {
          const j = Array.from({ length: range[1] - range[0] }, (_, q) => range[0] + q).find((q) => cats[q]! >= L)!;
          c.fail(`${at}.categories[${j}]`, `is category ${cats[j]} of feature '${plan.schema.features[f]!.name}', which has ${L} levels (learner.attributes.${THICKET_ATTRIBUTE})`);
        }
        const words = Math.max(1, Math.ceil((maxCode + 1) / 32), L >= 0 ? Math.ceil(L / 32) : 0);
        if (nWords + words > MAX_CAT_WORDS) c.fail(`${at}.categories`, `need more than ${MAX_CAT_WORDS} bitset words in all`);
        if (nWords + words > catWords.length) {
          const grown = new Uint32Array(Math.max(2 * catWords.length, nWords + words));
          grown.set(catWords);
          catWords = grown;
        }
        catOffset[g] = nWords;
        catLen[g] = words;
        for (let j = range[0]; j < range[1]; j++) {
          const code = cats[j]!;
          catWords[nWords + (code >>> 5)] |= 1 << (code & 31);
        }
        nWords += words;
        // Swapped: XGBoost's right child (codes in the list) is thicket's left (bit set).
        left[g] = r;
        right[g] = l;
        flags[g] = FLAG_CATEGORICAL | (defaultLeft ? 0 : FLAG_MISSING_LEFT);
        continue;
      }
      const thr = t.cond[n]!;
      if (Number.isNaN(thr)) c.fail(`${at}.split_conditions[${n}]`, `is NaN at numeric split node ${n}`);
      threshold[g] = thr;
      left[g] = l;
      right[g] = r;
      flags[g] = defaultLeft ? FLAG_MISSING_LEFT : 0;
    }
    base += order.length;
  }
  return {
    treeRoot, treeGroup, feature, threshold, left, right, flags, catOffset, catLen,
    catWords: catWords.slice(0, nWords), value, gain, cover,
  };
}

function versionOf(c: Fields, raw: unknown): number[] {
  const v = c.nums(raw, 'version');
  if (v.length !== 3 || Array.from(v).some((x) => !Number.isInteger(x) || x < 0)) {
    c.fail('version', `must be [major, minor, patch] (found ${kind(Array.isArray(raw) ? JSON.stringify(raw) : raw)})`);
  }
  const version = Array.from(v);
  if (!SUPPORTED_MAJOR.includes(version[0]!)) {
    c.fail('version', `is ${version.join('.')}: thicket reads models saved by XGBoost ${SUPPORTED_MAJOR.map((m) => `${m}.x`).join(' and ')}`);
  }
  return version;
}

/**
 * Builds a GBDTModel from a parsed XGBoost model document; `source` names the file in errors (ThicketError,
 * exit code 1). See the file comment for the semantics.
 */
export function modelFromXGBoost(doc: unknown, source: string, options: XGBoostImportOptions = {}): GBDTModel {
  checkDocDepth(doc, source);
  const c = new Fields(source);
  const root = c.object(doc, 'the top level');
  if (root.learner === undefined) {
    if (root.format === MODEL_FORMAT) c.fail('learner', 'is missing: this is a thicket model file, not an XGBoost model');
    c.fail('learner', 'is missing: not an XGBoost model (save it with Booster.save_model("model.json") or ".ubj")');
  }
  const version = versionOf(c, root.version);
  const learner = c.object(root.learner, 'learner');

  // Objective and learner parameters.
  const obj = c.object(learner.objective, 'learner.objective');
  const objName = c.string(obj.name, 'learner.objective.name');
  const objective = IMPORTED_OBJECTIVES[objName];
  if (!objective) {
    c.fail('learner.objective.name', `is ${JSON.stringify(objName)}, which thicket does not support (supported: ${Object.keys(IMPORTED_OBJECTIVES).join(', ')})`);
  }
  const lmp = c.object(learner.learner_model_param, 'learner.learner_model_param');
  const nFeatures = c.intParam(lmp.num_feature, 'learner.learner_model_param.num_feature', 0, MAX_FEATURES);
  const unnamed = learner.feature_names === undefined || (Array.isArray(learner.feature_names) && learner.feature_names.length === 0);
  if (options.inputSize !== undefined && unnamed) {
    const most = Math.max(65536, 64 * options.inputSize);
    if (nFeatures > most) c.fail('learner.learner_model_param.num_feature', `is ${nFeatures}, implausible for a ${options.inputSize}-byte file without feature names (at most ${most})`);
  }
  const numClass = c.intParam(lmp.num_class ?? '0', 'learner.learner_model_param.num_class', 0, 1 << 16);
  if (lmp.num_target !== undefined) {
    const nt = c.intParam(lmp.num_target, 'learner.learner_model_param.num_target', 0, 1 << 16);
    if (nt > 1) c.fail('learner.learner_model_param.num_target', `is ${nt}: multi-target models are not supported`);
  }
  const isMulti = objective.startsWith('multi:');
  if (isMulti && numClass < 2) c.fail('learner.learner_model_param.num_class', `is ${numClass}; ${objName} needs at least 2 classes`);
  if (!isMulti && numClass > 1) c.fail('learner.learner_model_param.num_class', `is ${numClass} but ${objName} has one output`);
  const nGroups = isMulti ? numClass : 1;
  const baseScore = Math.fround(c.numberParam(lmp.base_score, 'learner.learner_model_param.base_score'));
  let xgbMargin: number;
  try {
    xgbMargin = xgboostBaseMargin(objective, baseScore);
  } catch (e) {
    return c.fail('learner.learner_model_param.base_score', `is invalid: ${(e as Error).message}`);
  }

  // Booster.
  const gb = c.object(learner.gradient_booster, 'learner.gradient_booster');
  const boosterName = c.string(gb.name, 'learner.gradient_booster.name');
  let gbtree: Record<string, unknown>;
  let modelAt = 'learner.gradient_booster.model';
  if (boosterName === 'gbtree') gbtree = gb;
  else if (boosterName === 'dart') {
    gbtree = c.object(gb.gbtree, 'learner.gradient_booster.gbtree');
    modelAt = 'learner.gradient_booster.gbtree.model';
    const drop = gb.weight_drop === undefined ? [] : c.nums(gb.weight_drop, 'learner.gradient_booster.weight_drop');
    for (let i = 0; i < drop.length; i++) {
      if (drop[i] !== 1) {
        c.fail(`learner.gradient_booster.weight_drop[${i}]`, `is ${drop[i]}: a dart model scales its trees by weight_drop at prediction, which thicket does not support (only dart models whose weights are all 1)`);
      }
    }
  } else if (boosterName === 'gblinear') {
    return c.fail('learner.gradient_booster.name', 'is "gblinear": linear boosters are not supported (thicket imports tree models: gbtree, or dart without weight drop)');
  } else {
    return c.fail('learner.gradient_booster.name', `is ${JSON.stringify(boosterName)}: thicket imports gbtree (and dart without weight drop) models`);
  }
  const model = c.object(gbtree.model, modelAt);
  const gmp = c.object(model.gbtree_model_param, `${modelAt}.gbtree_model_param`);
  const numTrees = c.intParam(gmp.num_trees, `${modelAt}.gbtree_model_param.num_trees`, 0, 2 ** 31 - 1);
  const numParallelTree = c.intParam(gmp.num_parallel_tree ?? '1', `${modelAt}.gbtree_model_param.num_parallel_tree`, 1, 2 ** 31 - 1);
  if (gmp.size_leaf_vector !== undefined && c.intParam(gmp.size_leaf_vector, `${modelAt}.gbtree_model_param.size_leaf_vector`, 0, 2 ** 31 - 1) > 1) {
    c.fail(`${modelAt}.gbtree_model_param.size_leaf_vector`, 'is above 1: multi-target (vector-leaf) trees are not supported');
  }
  if (!Array.isArray(model.trees)) c.fail(`${modelAt}.trees`, `must be an array (found ${kind(model.trees)})`);
  const rawTrees = model.trees as unknown[];
  if (rawTrees.length !== numTrees) c.fail(`${modelAt}.trees`, `has ${rawTrees.length} trees but gbtree_model_param.num_trees is ${numTrees}`);
  // XGBoost grows one tree per class and round: a class count beyond the trees is a crafted file
  // (it would size every prediction by the claim, not by the file).
  if (isMulti && numTrees < nGroups) {
    c.fail('learner.learner_model_param.num_class', `is ${numClass} but the model has ${numTrees} trees; XGBoost grows one tree per class and round`);
  }
  const treeInfo = c.ints(model.tree_info, `${modelAt}.tree_info`, 0, nGroups - 1);
  c.length(treeInfo, numTrees, `${modelAt}.tree_info`, `${modelAt}.gbtree_model_param.num_trees`);
  const trees = rawTrees.map((t, k) => readTree(c, t, `${modelAt}.trees[${k}]`));

  // The thicket attribute (level names, target, exact base margin, params, training), then the options.
  let attr: ThicketAttribute = {};
  let hasAttr = false;
  if (learner.attributes !== undefined) {
    const attrs = c.object(learner.attributes, 'learner.attributes');
    if (attrs[THICKET_ATTRIBUTE] !== undefined) {
      attr = readThicketAttribute(c.string(attrs[THICKET_ATTRIBUTE], `learner.attributes.${THICKET_ATTRIBUTE}`), source);
      hasAttr = true;
    }
  }
  const hint: SchemaHint | undefined = options.schema
    ? { features: options.schema.features ?? attr.schema?.features, target: { ...attr.schema?.target, ...options.schema.target } }
    : attr.schema;
  // The exact base margin `thicket export` recorded, and the one-leaf bias trees it added to reach it from
  // XGBoost's float32 base_score (see xgb-export.ts), as long as the file still agrees (else it was edited).
  let baseMargin = xgbMargin;
  let first = 0;
  if (attr.baseMargin !== undefined) {
    const m = Math.fround(attr.baseMargin);
    const bias = attr.biasTrees ?? 0;
    if (bias === 0 && m === xgbMargin) baseMargin = attr.baseMargin;
    else if (bias === nGroups && isBias(trees, treeInfo, bias, xgbMargin, m)) { baseMargin = attr.baseMargin; first = bias; }
  }
  const kept = first === 0 ? trees : trees.slice(first);
  const keptInfo = first === 0 ? treeInfo : Array.from(treeInfo).slice(first);
  const plan = planFeatures(c, learner, nFeatures, kept, hint, objective, nGroups);
  const treesOut = buildTrees(c, kept, keptInfo, plan, nFeatures);

  const rounds = Math.ceil(kept.length / (nGroups * numParallelTree));
  let training: TrainingInfo = { history: [], bestIteration: rounds - 1, rounds };
  if (attr.training && attr.training.rounds === rounds) training = attr.training;
  else if (learner.attributes !== undefined) {
    const best = Number((learner.attributes as Record<string, unknown>).best_iteration);
    if (Number.isInteger(best) && best >= 0 && best < rounds) training.bestIteration = best;
  }
  const params: ParamMap = attr.params ? { ...attr.params } : xgboostParams(obj, objective, baseScore);

  const out: GBDTModel = {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'gbdt', schema: plan.schema, objective, nGroups,
    baseMargin, params, trees: treesOut, training,
  };
  origins.set(out, {
    xgboostVersion: version.join('.'), booster: boosterName as 'gbtree' | 'dart', objective: objName, numParallelTree,
    featureNames: plan.featureNames, codeFeatures: plan.codeFeatures, thicketAttribute: hasAttr,
  });
  return out;
}

/** True when the first `n` trees are one-leaf trees of groups 0..n-1 that take XGBoost's base margin x to m exactly. */
function isBias(trees: RawTree[], treeInfo: NumArray, n: number, x: number, m: number): boolean {
  if (trees.length < n) return false;
  for (let g = 0; g < n; g++) {
    const t = trees[g]!;
    if (t.nNodes !== 1 || t.left[0] !== -1 || treeInfo[g] !== g || Math.fround(x + Math.fround(t.cond[0]!)) !== m) return false;
  }
  return true;
}

/** The thicket parameters an XGBoost file records: objective, base_score and the loss's own parameters. */
function xgboostParams(obj: Record<string, unknown>, objective: Objective, baseScore: number): ParamMap {
  const p: ParamMap = { objective, base_score: baseScore };
  const sub = (name: string, key: string): number | undefined => {
    const o = obj[name];
    if (o === null || typeof o !== 'object') return undefined;
    const x = Number((o as Record<string, unknown>)[key]);
    return Number.isFinite(x) ? x : undefined;
  };
  const spw = sub('reg_loss_param', 'scale_pos_weight');
  if (spw !== undefined && spw > 0 && objective.startsWith('binary:')) p.scale_pos_weight = spw;
  const slope = sub('pseudo_huber_param', 'huber_slope');
  if (slope !== undefined && slope > 0) p.huber_slope = slope;
  const mds = sub('poisson_regression_param', 'max_delta_step');
  if (mds !== undefined && mds >= 0) p.max_delta_step = mds;
  return p;
}
