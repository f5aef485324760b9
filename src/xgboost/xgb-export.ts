/**
 * A thicket model written as an XGBoost JSON model (the format XGBoost 1.7's `save_model("m.json")` writes and
 * `Booster(model_file=...)` loads): GBDT models of every objective, and regression forests as one round of
 * `num_parallel_tree` trees. The learner's `thicket` attribute keeps what XGBoost cannot hold (level names, target,
 * exact base margin, parameters), so importing the file again gives back the same model. No Node built-ins.
 */
import { ThicketError } from '../errors.js';
import { float32Text, RawJson } from '../model/json-writer.js';
import type { ForestModel, GBDTModel, Model, TrainingInfo, TreeArrays } from '../model/model.js';
import { FLAG_CATEGORICAL, FLAG_MISSING_LEFT } from '../model/model-validator.js';
import type { Objective, ParamMap } from '../params.js';
import { thicketAttributeText, THICKET_ATTRIBUTE } from './thicket-attribute.js';
import { xgboostBaseMargin } from './xgb-json.js';

/** The XGBoost version whose JSON layout this writer follows (checked by loading the files in XGBoost 1.7.4). */
export const EXPORT_XGBOOST_VERSION = [1, 7, 4];
/** XGBoost's parent of a root node. */
const NO_PARENT = 2147483647;

function exportError(what: string): ThicketError {
  return new ThicketError(`cannot export to XGBoost JSON: ${what}`, 1);
}

/** The float32 next to `x` in direction `dir` (+1 / -1); x finite and > 0. */
function nextFloat32(x: number, dir: number): number {
  const f = new Float32Array([x]);
  const i = new Int32Array(f.buffer);
  i[0]! += dir;
  return f[0]!;
}

/**
 * base_score (a float32 in output space) whose XGBoost base margin is closest to the model's float32 base margin:
 * the margin itself for identity links, else the nearest of the float32s around sigmoid / exp of it.
 */
export function baseScoreFor(objective: Objective, baseMargin: number): number {
  const m = Math.fround(baseMargin);
  let start: number;
  if (objective === 'binary:logistic' || objective === 'reg:logistic') start = Math.fround(1 / (1 + Math.exp(-m)));
  else if (objective === 'count:poisson' || objective === 'reg:gamma' || objective === 'reg:tweedie') start = Math.fround(Math.exp(m));
  else return m;
  const valid = (b: number) => Number.isFinite(b) && b > 0 && (objective.endsWith(':logistic') ? b < 1 : true);
  if (!valid(start)) throw exportError(`base margin ${baseMargin} has no ${objective} base_score in float32 (XGBoost needs one in ${objective.endsWith(':logistic') ? '(0, 1)' : '(0, +inf)'})`);
  let best = start;
  let bestErr = Math.abs(xgboostBaseMargin(objective, start) - m);
  for (const dir of [-1, 1]) {
    let b = start;
    for (let k = 0; k < 16 && bestErr > 0; k++) {
      b = nextFloat32(b, dir);
      if (!valid(b)) break;
      const err = Math.abs(xgboostBaseMargin(objective, b) - m);
      if (err < bestErr) { best = b; bestErr = err; }
    }
  }
  return best;
}

/** XGBoost's objective object (name and the loss's parameter block, as XGBoost 1.7 writes it). */
function objectiveJson(objective: Objective, nGroups: number, params: ParamMap): Record<string, unknown> {
  const num = (key: string, dflt: number) => String(typeof params[key] === 'number' ? params[key] : dflt);
  switch (objective) {
    case 'binary:logistic':
    case 'binary:logitraw':
    case 'reg:logistic':
    case 'reg:squarederror':
      return { name: objective, reg_loss_param: { scale_pos_weight: num('scale_pos_weight', 1) } };
    case 'multi:softprob':
    case 'multi:softmax':
      return { name: objective, softmax_multiclass_param: { num_class: String(nGroups) } };
    case 'reg:pseudohubererror':
      return { name: objective, pseudo_huber_param: { huber_slope: num('huber_slope', 1) } };
    case 'count:poisson':
      return { name: objective, poisson_regression_param: { max_delta_step: num('max_delta_step', 0.7) } };
    case 'reg:tweedie':
      return { name: objective, tweedie_regression_param: { tweedie_variance_power: '1.5' } };
    case 'reg:absoluteerror':
    case 'reg:gamma':
      return { name: objective };
  }
}

const ints = (a: ArrayLike<number>) => new RawJson(`[${Array.from(a).join(',')}]`);
/** A float32 as XGBoost's JSON reader wants a float: with a '.' or an exponent ("3" would be read as an integer and rejected). */
function xgbFloatText(x: number): string {
  const s = float32Text(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}
const floats = (a: ArrayLike<number>) => new RawJson(`[${Array.from(a, xgbFloatText).join(',')}]`);

/**
 * One thicket tree (nodes [start, end) of `t`) as an XGBoost tree object. Node i of the tree keeps index i;
 * categorical splits get their children swapped back (thicket's left child, the levels whose bit is set, is
 * XGBoost's right child, the codes in its category list).
 */
function treeJson(t: TreeArrays, start: number, end: number, id: number, nFeatures: number): Record<string, unknown> {
  const n = end - start;
  const left = new Int32Array(n), right = new Int32Array(n), parents = new Int32Array(n).fill(NO_PARENT);
  const splitIndices = new Int32Array(n), defaultLeft = new Int32Array(n), splitType = new Int32Array(n);
  const cond = new Float32Array(n), weight = new Float32Array(n), gain = new Float32Array(n), hess = new Float32Array(n);
  const catNodes: number[] = [], catSegments: number[] = [], catSizes: number[] = [], categories: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = start + i;
    weight[i] = t.value[g]!;
    // A model loaded without its training statistics (hasStats) exports zeros: XGBoost's prediction does not read them.
    gain[i] = t.gain[g] ?? 0;
    hess[i] = t.cover[g] ?? 0;
    if (t.left[g] === -1) {
      left[i] = -1;
      right[i] = -1;
      cond[i] = t.value[g]!;
      continue;
    }
    const l = t.left[g]! - start, r = t.right[g]! - start;
    splitIndices[i] = t.feature[g]!;
    const fl = t.flags[g]!;
    if (fl & FLAG_CATEGORICAL) {
      left[i] = r;
      right[i] = l;
      defaultLeft[i] = fl & FLAG_MISSING_LEFT ? 0 : 1;
      splitType[i] = 1;
      cond[i] = 0;
      catNodes.push(i);
      catSegments.push(categories.length);
      const off = t.catOffset[g]!, len = t.catLen[g]!;
      for (let w = 0; w < len; w++) {
        const word = t.catWords[off + w]!;
        for (let b = 0; b < 32; b++) if ((word >>> b) & 1) categories.push(w * 32 + b);
      }
      catSizes.push(categories.length - catSegments[catSegments.length - 1]!);
    } else {
      const thr = t.threshold[g]!;
      if (!Number.isFinite(thr)) throw exportError(`node ${g} has threshold ${thr}; XGBoost JSON needs a finite split condition`);
      left[i] = l;
      right[i] = r;
      defaultLeft[i] = fl & FLAG_MISSING_LEFT ? 1 : 0;
      cond[i] = thr;
    }
    parents[left[i]!] = i;
    parents[right[i]!] = i;
  }
  return {
    base_weights: floats(weight),
    categories: ints(categories),
    categories_nodes: ints(catNodes),
    categories_segments: ints(catSegments),
    categories_sizes: ints(catSizes),
    default_left: ints(defaultLeft),
    id,
    left_children: ints(left),
    loss_changes: floats(gain),
    parents: ints(parents),
    right_children: ints(right),
    split_conditions: floats(cond),
    split_indices: ints(splitIndices),
    split_type: ints(splitType),
    sum_hessian: floats(hess),
    tree_param: { num_deleted: '0', num_feature: String(nFeatures), num_nodes: String(n), size_leaf_vector: '0' },
  };
}

/** Compact JSON (XGBoost's style) with RawJson arrays inserted verbatim. */
function compactJson(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(compactJson).join(',')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${compactJson(x)}`).join(',')}}`;
}

interface Parts {
  objective: Objective;
  nGroups: number;
  baseMargin: number;
  numParallelTree: number;
  params: ParamMap;
  /** Recorded in the thicket attribute (absent for forests: their parameters are not GBDT parameters). */
  attrParams?: ParamMap;
  training: TrainingInfo;
}

function gbdtParts(model: GBDTModel): Parts {
  return {
    objective: model.objective, nGroups: model.nGroups, baseMargin: model.baseMargin, numParallelTree: 1, params: model.params,
    attrParams: model.params, training: model.training,
  };
}

function forestParts(model: ForestModel): Parts {
  if (model.output !== 'value') {
    throw exportError(
      `${model.learner} classification forests cannot be written exactly: thicket averages the trees' class probabilities, ` +
      'while XGBoost adds tree margins and then applies a sigmoid / softmax, so no XGBoost model gives the same probabilities ' +
      '(regression forests and GBDT models of every objective export)',
    );
  }
  // A forest's prediction is the plain float32 sum of its (already averaged) leaves: one round of
  // num_parallel_tree trees from a zero base margin, in the same order.
  return {
    objective: 'reg:squarederror', nGroups: 1, baseMargin: 0, numParallelTree: model.trees.treeRoot.length, params: {},
    training: { history: [], bestIteration: 0, rounds: 1 },
  };
}

/** Features XGBoost must treat as categorical: the schema's categorical features and any feature a categorical split uses. */
function categoricalFeatures(model: Model): boolean[] {
  const cat = model.schema.features.map((f) => f.kind === 'categorical');
  const t = model.trees;
  for (let i = 0; i < t.left.length; i++) if (t.left[i] !== -1 && t.flags[i]! & FLAG_CATEGORICAL) cat[t.feature[i]!] = true;
  return cat;
}

/**
 * The float32 to add to XGBoost's base margin `x` so that the sum, in float32, is exactly `m` (0 when x === m).
 * x and m are close (same sign, within a factor 2), so m - x is exact in float32 (Sterbenz).
 */
function marginCorrection(x: number, m: number): number {
  if (x === m) return 0;
  const d = Math.fround(m - x);
  if (Math.fround(x + d) !== m) throw exportError(`cannot reproduce base margin ${m} from XGBoost's ${x} in float32`);
  return d;
}

/** A one-leaf XGBoost tree holding `value`. */
function leafTree(value: number, id: number, nFeatures: number): Record<string, unknown> {
  return {
    base_weights: floats([value]), categories: ints([]), categories_nodes: ints([]), categories_segments: ints([]),
    categories_sizes: ints([]), default_left: ints([0]), id, left_children: ints([-1]), loss_changes: floats([0]),
    parents: ints([NO_PARENT]), right_children: ints([-1]), split_conditions: floats([value]), split_indices: ints([0]),
    split_type: ints([0]), sum_hessian: floats([0]),
    tree_param: { num_deleted: '0', num_feature: String(nFeatures), num_nodes: '1', size_leaf_vector: '0' },
  };
}

/**
 * The XGBoost JSON text of a model (see the file comment); throws a ThicketError when no exact XGBoost model exists.
 * XGBoost derives its base margin from a float32 base_score in output space, which cannot always hit thicket's
 * float32 base margin (logit(b) is coarse for b near 1); then one one-leaf tree per output group, first in tree
 * order, adds the difference, so XGBoost's margins are thicket's bit for bit. The import removes them again.
 */
export function modelToXGBoostJson(model: Model): string {
  const p = model.learner === 'gbdt' ? gbdtParts(model) : forestParts(model);
  const t = model.trees;
  const nFeatures = model.schema.features.length;
  const baseScore = baseScoreFor(p.objective, p.baseMargin);
  const correction = marginCorrection(xgboostBaseMargin(p.objective, baseScore), Math.fround(p.baseMargin));
  const trees: Record<string, unknown>[] = [];
  const groups: number[] = [];
  if (correction !== 0) {
    for (let g = 0; g < p.nGroups; g++) { trees.push(leafTree(correction, g, nFeatures)); groups.push(g); }
  }
  for (let k = 0; k < t.treeRoot.length; k++) {
    const end = k + 1 < t.treeRoot.length ? t.treeRoot[k + 1]! : t.left.length;
    trees.push(treeJson(t, t.treeRoot[k]!, end, trees.length, nFeatures));
    groups.push(model.learner === 'gbdt' ? t.treeGroup[k]! : 0);
  }
  const attribute = thicketAttributeText({
    schema: model.schema, baseMargin: p.baseMargin, biasTrees: correction !== 0 ? p.nGroups : 0, params: p.attrParams, training: p.training,
  });
  const cat = categoricalFeatures(model);
  const multi = p.objective.startsWith('multi:');
  const doc = {
    learner: {
      attributes: { [THICKET_ATTRIBUTE]: attribute },
      feature_names: model.schema.features.map((f) => f.name),
      feature_types: cat.map((c) => (c ? 'c' : 'float')),
      gradient_booster: {
        model: {
          gbtree_model_param: { num_parallel_tree: String(p.numParallelTree), num_trees: String(trees.length), size_leaf_vector: '0' },
          tree_info: ints(groups),
          trees,
        },
        name: 'gbtree',
      },
      learner_model_param: {
        base_score: xgbFloatText(baseScore),
        boost_from_average: '0',
        num_class: String(multi ? p.nGroups : 0),
        num_feature: String(nFeatures),
        num_target: '1',
      },
      objective: objectiveJson(p.objective, p.nGroups, p.params),
    },
    version: EXPORT_XGBOOST_VERSION,
  };
  return compactJson(doc) + '\n';
}
