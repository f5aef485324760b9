/** Objectives: gradient kernel, initial score, output transform and natural metric per loss. */
import type { Task } from '../data/frame.js';
import { PREDICT_ONLY_OBJECTIVES, type Objective } from '../params.js';
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { usageError } from '../errors.js';

/** Buffers of one gradient computation (kernel memory offsets). */
export interface GradInputs {
  margin: Ptr;
  label: Ptr;
  /** 0 when every row has weight 1. */
  weight: Ptr;
  n: number;
  /** f32 pairs; nGroups blocks of n pairs. */
  gh: Ptr;
}

export interface ObjectiveSettings {
  scalePosWeight: number;
  huberSlope: number;
  maxDeltaStep: number;
  nGroups: number;
}

export function defaultObjective(task: Task): Objective {
  return task === 'binary' ? 'binary:logistic' : task === 'multiclass' ? 'multi:softprob' : 'reg:squarederror';
}

/**
 * Checks an objective fits the task (binary:* for binary, multi:* for multiclass, reg/count for regression)
 * and that thicket can train it (reg:logistic, reg:gamma and reg:tweedie are predicted, not trained).
 */
export function checkObjective(objective: Objective, task: Task): void {
  if (PREDICT_ONLY_OBJECTIVES.includes(objective)) {
    throw usageError(`objective ${objective} is supported for predicting imported XGBoost models only; thicket cannot train it`);
  }
  const ok = task === 'binary' ? objective.startsWith('binary:')
    : task === 'multiclass' ? objective.startsWith('multi:')
      : objective.startsWith('reg:') || objective.startsWith('count:');
  if (!ok) throw usageError(`objective ${objective} does not fit a ${task} target`);
}

export function computeGradients(engine: Engine, objective: Objective, s: ObjectiveSettings, x: GradInputs): void {
  const k = engine.kernels;
  switch (objective) {
    case 'binary:logistic':
    case 'binary:logitraw':
      return k.gradLogistic(x.margin, x.label, x.weight, s.scalePosWeight, x.n, x.gh);
    case 'multi:softprob':
    case 'multi:softmax':
      return k.gradSoftmax(x.margin, x.label, x.weight, x.n, s.nGroups, x.gh);
    case 'reg:squarederror':
      return k.gradSquared(x.margin, x.label, x.weight, x.n, x.gh);
    case 'reg:absoluteerror':
      return k.gradAbsolute(x.margin, x.label, x.weight, x.n, x.gh);
    case 'reg:pseudohubererror':
      return k.gradPseudoHuber(x.margin, x.label, x.weight, s.huberSlope, x.n, x.gh);
    case 'count:poisson':
      return k.gradPoisson(x.margin, x.label, x.weight, s.maxDeltaStep, x.n, x.gh);
  }
}

function weightedMean(y: Float64Array, w?: Float64Array): number {
  let s = 0, sw = 0;
  for (let i = 0; i < y.length; i++) { const wi = w ? w[i] : 1; s += wi * y[i]; sw += wi; }
  return s / sw;
}

function median(y: Float64Array): number {
  const s = Float64Array.from(y).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** base_score estimated from the training target (output space), as XGBoost 2.x does. */
export function autoBaseScore(objective: Objective, y: Float64Array, w?: Float64Array): number {
  switch (objective) {
    case 'binary:logistic':
    case 'binary:logitraw':
      return Math.min(Math.max(weightedMean(y, w), 1e-6), 1 - 1e-6);
    case 'multi:softprob':
    case 'multi:softmax':
      return 0.5;
    case 'reg:absoluteerror':
    case 'reg:pseudohubererror':
      return median(y);
    case 'count:poisson':
      return Math.max(weightedMean(y, w), 1e-6);
    default:
      return weightedMean(y, w);
  }
}

/** Margin (link space) of a base_score given in output space (XGBoost's ProbToMargin; binary:logitraw is the identity, as in XGBoost). */
export function baseMarginOf(objective: Objective, baseScore: number): number {
  if (objective === 'binary:logistic' || objective === 'reg:logistic') {
    if (!(baseScore > 0 && baseScore < 1)) throw usageError(`base_score=${baseScore}: must be in (0, 1) for ${objective}`);
    return Math.log(baseScore / (1 - baseScore));
  }
  if (isLogLink(objective)) {
    if (!(baseScore > 0)) throw usageError(`base_score=${baseScore}: must be > 0 for ${objective}`);
    return Math.log(baseScore);
  }
  return baseScore;
}

/** The natural validation metric of an objective (XGBoost's default eval_metric). */
export function defaultMetric(objective: Objective): string {
  switch (objective) {
    case 'binary:logistic':
    case 'binary:logitraw':
      return 'logloss';
    case 'multi:softprob':
    case 'multi:softmax':
      return 'mlogloss';
    case 'reg:absoluteerror':
      return 'mae';
    case 'count:poisson':
      return 'poisson-nloglik';
    default:
      return 'rmse';
  }
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

/** Objectives whose output is exp(margin). */
function isLogLink(objective: Objective): boolean {
  return objective === 'count:poisson' || objective === 'reg:gamma' || objective === 'reg:tweedie';
}

/**
 * Output of margins (nRows x nGroups): binary -> nRows x 2 probabilities; multiclass -> softmax
 * probabilities; regression -> values: the margin, sigmoid(margin) for reg:logistic, exp(margin) for
 * count:poisson, reg:gamma and reg:tweedie — exp rounded to float32, as XGBoost outputs it (at large
 * outputs a float64 exp would differ from XGBoost's by up to half a float32 ulp, > 1e-6 above 16).
 */
export function transformOutput(objective: Objective, margins: Float32Array, nRows: number, nGroups: number): Float64Array {
  if (objective.startsWith('binary:')) {
    const out = new Float64Array(nRows * 2);
    for (let i = 0; i < nRows; i++) { const p = sigmoid(margins[i]); out[2 * i] = 1 - p; out[2 * i + 1] = p; }
    return out;
  }
  if (objective.startsWith('multi:')) {
    const out = new Float64Array(nRows * nGroups);
    for (let i = 0; i < nRows; i++) {
      let mx = -Infinity;
      for (let c = 0; c < nGroups; c++) mx = Math.max(mx, margins[i * nGroups + c]);
      let s = 0;
      for (let c = 0; c < nGroups; c++) { const e = Math.exp(margins[i * nGroups + c] - mx); out[i * nGroups + c] = e; s += e; }
      for (let c = 0; c < nGroups; c++) out[i * nGroups + c] /= s;
    }
    return out;
  }
  const out = new Float64Array(nRows);
  if (isLogLink(objective)) for (let i = 0; i < nRows; i++) out[i] = Math.fround(Math.exp(margins[i]));
  else if (objective === 'reg:logistic') for (let i = 0; i < nRows; i++) out[i] = sigmoid(margins[i]);
  else for (let i = 0; i < nRows; i++) out[i] = margins[i];
  return out;
}
