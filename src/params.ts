/** The one parameter schema: names (XGBoost's), aliases, defaults, ranges and docs for every learner. */
import { closestName, usageError } from './errors.js';

export type Learner = 'gbdt' | 'rf' | 'extratrees';

export const OBJECTIVES = [
  'binary:logistic', 'binary:logitraw', 'multi:softprob', 'multi:softmax', 'reg:squarederror',
  'reg:absoluteerror', 'reg:pseudohubererror', 'count:poisson', 'reg:logistic', 'reg:gamma', 'reg:tweedie',
] as const;
export type Objective = (typeof OBJECTIVES)[number];
/** Objectives thicket predicts (imported XGBoost models) but does not train. */
export const PREDICT_ONLY_OBJECTIVES: readonly Objective[] = ['reg:logistic', 'reg:gamma', 'reg:tweedie'];

/**
 * 'size': a keyword from `values`, a fraction in (0, 1] or an integer count > 1 (scikit-learn's
 * max_features / max_samples; JavaScript cannot tell 1 from 1.0, so 1 means "all", a fraction).
 */
type Kind = 'number' | 'int' | 'enum' | 'bool' | 'size';

export interface ParamSpec {
  name: string;
  aliases?: readonly string[];
  kind: Kind;
  learners: readonly Learner[];
  /** undefined: "derived" (e.g. objective from the task, base_score from the data). */
  default: number | string | boolean | undefined;
  /** Per-learner defaults overriding `default` (e.g. max_depth: 6 for gbdt, unlimited for forests). */
  defaults?: Partial<Record<Learner, number | string | boolean | undefined>>;
  min?: number;
  max?: number;
  /** true when min is exclusive (value must be > min). */
  minExclusive?: boolean;
  values?: readonly string[];
  doc: string;
}

const G = ['gbdt'] as const;
const ALL = ['gbdt', 'rf', 'extratrees'] as const;
const F = ['rf', 'extratrees'] as const;

/** The table, kept literal (`as const`) so the per-learner parameter types below are derived from it. */
const PARAM_TABLE = [
  { name: 'objective', kind: 'enum', learners: G, default: undefined, values: OBJECTIVES, doc: 'loss to minimise; derived from the task when omitted (reg:logistic, reg:gamma, reg:tweedie: prediction of imported XGBoost models only)' },
  { name: 'eta', aliases: ['learning_rate'], kind: 'number', learners: G, default: 0.3, min: 0, minExclusive: true, max: 1, doc: 'shrinkage applied to each tree' },
  { name: 'num_boost_round', aliases: ['n_rounds', 'nrounds'], kind: 'int', learners: G, default: 100, min: 1, max: 1_000_000, doc: 'boosting rounds' },
  { name: 'max_depth', kind: 'int', learners: ALL, default: 6, defaults: { rf: 0, extratrees: 0 }, min: 0, max: 64, doc: 'maximum tree depth (0: unlimited; gbdt: lossguide only)' },
  { name: 'max_leaves', aliases: ['max_leaf_nodes'], kind: 'int', learners: G, default: 0, min: 0, max: 1 << 20, doc: 'maximum leaves per tree (0: unlimited)' },
  { name: 'grow_policy', kind: 'enum', learners: G, default: 'depthwise', values: ['depthwise', 'lossguide'], doc: 'depthwise: level by level; lossguide: best leaf first' },
  { name: 'min_child_weight', kind: 'number', learners: G, default: 1, min: 0, max: 1e12, doc: 'minimum hessian sum in a child' },
  { name: 'lambda', aliases: ['reg_lambda'], kind: 'number', learners: G, default: 1, min: 0, max: 1e12, doc: 'L2 regularisation of leaf weights' },
  { name: 'alpha', aliases: ['reg_alpha'], kind: 'number', learners: G, default: 0, min: 0, max: 1e12, doc: 'L1 regularisation of leaf weights' },
  { name: 'gamma', aliases: ['min_split_loss'], kind: 'number', learners: G, default: 0, min: 0, max: 1e12, doc: 'minimum loss reduction to keep a split' },
  { name: 'max_delta_step', kind: 'number', learners: G, default: undefined, min: 0, max: 1e12, doc: 'cap on a leaf weight (0: none; 0.7 for count:poisson)' },
  { name: 'subsample', kind: 'number', learners: G, default: 1, min: 0, minExclusive: true, max: 1, doc: 'fraction of rows sampled per tree' },
  { name: 'colsample_bytree', kind: 'number', learners: G, default: 1, min: 0, minExclusive: true, max: 1, doc: 'fraction of features sampled per tree' },
  { name: 'colsample_bynode', kind: 'number', learners: G, default: 1, min: 0, minExclusive: true, max: 1, doc: 'fraction of the tree\'s features sampled per node' },
  { name: 'max_bin', kind: 'int', learners: ALL, default: 256, min: 2, max: 256, doc: 'maximum histogram bins per feature (255 value bins + 1 missing bin at most)' },
  { name: 'max_cat_to_onehot', kind: 'int', learners: G, default: 4, min: 1, max: 256, doc: 'categorical features with fewer levels split one level against the rest' },
  { name: 'max_cat_threshold', kind: 'int', learners: G, default: 64, min: 1, max: 255, doc: 'most levels on one side of a partition split' },
  { name: 'early_stopping_rounds', kind: 'int', learners: G, default: 0, min: 0, max: 1_000_000, doc: 'stop when the validation metric has not improved for this many rounds (0: off)' },
  { name: 'base_score', kind: 'number', learners: G, default: undefined, doc: 'initial prediction; estimated from the training target when omitted' },
  { name: 'scale_pos_weight', kind: 'number', learners: G, default: 1, min: 0, minExclusive: true, max: 1e12, doc: 'weight multiplier of positive rows (binary)' },
  { name: 'huber_slope', kind: 'number', learners: G, default: 1, min: 0, minExclusive: true, max: 1e12, doc: 'delta of reg:pseudohubererror' },
  { name: 'eval_metric', kind: 'enum', learners: G, default: undefined, values: ['logloss', 'auc', 'error', 'mlogloss', 'merror', 'rmse', 'mae', 'poisson-nloglik'], doc: 'validation metric for early stopping; the objective\'s natural metric when omitted' },
  { name: 'n_estimators', aliases: ['num_trees'], kind: 'int', learners: F, default: 100, min: 1, max: 100_000, doc: 'trees in the forest' },
  { name: 'max_features', kind: 'size', learners: F, default: undefined, values: ['sqrt', 'log2'], doc: 'features tried per split: sqrt, log2, a fraction in (0, 1] (1: all) or a count > 1; default sqrt (classification), 1 (regression)' },
  { name: 'min_samples_leaf', kind: 'int', learners: F, default: 1, min: 1, max: 1e9, doc: 'minimum (bootstrap-weighted) rows in a leaf' },
  { name: 'min_samples_split', kind: 'int', learners: F, default: 2, min: 2, max: 1e9, doc: 'minimum (bootstrap-weighted) rows in a node to split it' },
  { name: 'bootstrap', kind: 'bool', learners: F, default: true, defaults: { extratrees: false }, doc: 'draw each tree\'s rows with replacement (else all rows, or max_samples without replacement)' },
  { name: 'max_samples', kind: 'size', learners: F, default: undefined, doc: 'rows drawn per tree: a fraction in (0, 1] or a count > 1 (default: all rows)' },
  { name: 'categorical_split', kind: 'enum', learners: F, default: 'partition', values: ['partition', 'ordinal'], doc: 'partition: categories ordered by mean target per node (one channel); ordinal: level order, like integer codes' },
  { name: 'class_weight', kind: 'enum', learners: F, default: 'none', values: ['none', 'balanced'], doc: 'balanced: weight classes inversely to their frequency' },
  { name: 'oob_score', kind: 'bool', learners: F, default: false, doc: 'compute out-of-bag predictions and score (needs bootstrap or max_samples; off by default as in scikit-learn: the out-of-bag walk costs ~10% of the fit)' },
  { name: 'seed', aliases: ['random_state'], kind: 'int', learners: ALL, default: 0, min: 0, max: 2 ** 31 - 1, doc: 'random seed (sampling)' },
  { name: 'nthread', aliases: ['n_jobs'], kind: 'int', learners: ALL, default: 0, min: 0, max: 1024, doc: 'threads to use (0: all cores)' },
] as const satisfies readonly ParamSpec[];

export const PARAMS: readonly ParamSpec[] = PARAM_TABLE;

type AnySpec = (typeof PARAM_TABLE)[number];
/** The schema entries that apply to learner L. */
type SpecFor<L extends Learner> = AnySpec extends infer P ? (P extends { learners: readonly (infer U)[] } ? (L extends U ? P : never) : never) : never;
/** A parameter's name and aliases. */
type KeysOf<P> = P extends { name: infer N extends string } ? N | (P extends { aliases: readonly (infer A extends string)[] } ? A : never) : never;
/** The values a parameter takes in code: numbers, its keywords, or booleans. */
type ValueOf<P> = P extends { kind: 'enum'; values: readonly (infer V)[] } ? V
  : P extends { kind: 'bool' } ? boolean
    : P extends { kind: 'size'; values: readonly (infer V)[] } ? number | V
      : number;
/**
 * The parameters of learner L, derived from PARAMS (names and aliases, value types): an object
 * literal with a misspelt name (`{ etaa: 0.1 }`) or a wrong value type fails to compile.
 */
export type ParamsFor<L extends Learner> = { [P in SpecFor<L> as KeysOf<P>]?: ValueOf<P> };
/** XGBoost-named parameters of GBDTClassifier / GBDTRegressor and trainGBDT. */
export type GBDTParams = ParamsFor<'gbdt'>;
/** scikit-learn-named parameters of RandomForestClassifier / RandomForestRegressor. */
export type RandomForestParams = ParamsFor<'rf'>;
/** scikit-learn-named parameters of ExtraTreesClassifier / ExtraTreesRegressor. */
export type ExtraTreesParams = ParamsFor<'extratrees'>;

const BY_NAME = new Map<string, ParamSpec>();
for (const p of PARAMS) {
  BY_NAME.set(p.name, p);
  for (const a of p.aliases ?? []) BY_NAME.set(a, p);
}

export function findParam(name: string): ParamSpec | undefined {
  return BY_NAME.get(name);
}

export type ParamValue = number | string | boolean;
export type ParamMap = Record<string, ParamValue>;

function checkValue(spec: ParamSpec, raw: ParamValue): ParamValue {
  const bad = (why: string) => usageError(`parameter ${spec.name}=${raw}: ${why}`);
  if (spec.kind === 'enum') {
    const v = String(raw);
    if (!spec.values!.includes(v)) throw bad(`must be one of ${spec.values!.join(', ')}`);
    return v;
  }
  if (spec.kind === 'size') {
    const text = String(raw).trim();
    if (spec.values?.includes(text)) return text;
    const v = typeof raw === 'number' ? raw : text === '' ? NaN : Number(text);
    const words = spec.values?.length ? `${spec.values.join(', ')}, ` : '';
    if (!Number.isFinite(v)) throw bad(`must be ${words}a fraction in (0, 1] or an integer count > 1`);
    if (v <= 0) throw bad('must be > 0 (a fraction in (0, 1] or an integer count > 1)');
    if (v > 1 && !Number.isInteger(v)) throw bad('must be a fraction in (0, 1] or an integer count > 1');
    return v;
  }
  if (spec.kind === 'bool') {
    if (raw === true || raw === 'true' || raw === '1' || raw === 1) return true;
    if (raw === false || raw === 'false' || raw === '0' || raw === 0) return false;
    throw bad('must be true or false');
  }
  const v = typeof raw === 'number' ? raw : String(raw).trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw bad('must be a finite number');
  if (spec.kind === 'int' && !Number.isInteger(v)) throw bad('must be an integer');
  if (spec.min !== undefined && (spec.minExclusive ? v <= spec.min : v < spec.min)) {
    throw bad(`must be ${spec.minExclusive ? '>' : '>='} ${spec.min}${spec.max !== undefined ? ` and <= ${spec.max}` : ''}`);
  }
  if (spec.max !== undefined && v > spec.max) throw bad(`must be <= ${spec.max}`);
  return v;
}

/**
 * Validates user parameters for a learner: canonical names, checked values, no unknown names.
 * Returns only the parameters given (defaults are applied by each learner's resolver).
 */
export function validateParams(learner: Learner, given: ParamMap): ParamMap {
  const out: ParamMap = {};
  for (const [name, raw] of Object.entries(given)) {
    // An optional parameter given as undefined (typed code: `{ eta: opts.eta }`) is not given.
    if (raw === undefined) continue;
    const spec = BY_NAME.get(name);
    if (!spec) {
      const near = PARAMS.filter((p) => p.learners.includes(learner)).map((p) => p.name);
      const guess = closestName(name, near);
      throw usageError(`unknown parameter '${name}' for learner ${learner}${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${near.join(', ')}`);
    }
    if (!spec.learners.includes(learner)) throw usageError(`parameter '${name}' does not apply to learner ${learner}`);
    if (spec.name in out) throw usageError(`parameter '${spec.name}' given twice (also as an alias)`);
    out[spec.name] = checkValue(spec, raw);
  }
  return out;
}

/** Parses repeated `key=value` strings from the command line. */
export function parseKeyValues(pairs: string[]): ParamMap {
  const out: ParamMap = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw usageError(`--param expects key=value, got '${pair}'`);
    const key = pair.slice(0, i).trim();
    if (Object.prototype.hasOwnProperty.call(out, key)) {
      throw usageError(`--param ${key} is given twice (${key}=${out[key]} and ${pair.trim()}): give each parameter once`);
    }
    // An own property whatever the name ('__proto__' included), so an unknown name is reported, not dropped.
    Object.defineProperty(out, key, { value: pair.slice(i + 1).trim(), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Default of a parameter for `learner` from the schema (undefined when derived). */
export function defaultOf(name: string, learner: Learner = 'gbdt'): ParamValue | undefined {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`no parameter ${name}`);
  return spec.defaults && learner in spec.defaults ? spec.defaults[learner] : spec.default;
}
