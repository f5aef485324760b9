/**
 * Stacking: a linear meta-learner (logistic / softmax for classification, ridge for
 * regression) fitted on the members' OOF outputs, scored by an inner k-fold over the OOF rows.
 *
 * Meta-features. Classification uses log-probabilities, not raw probabilities: binary gets
 * one feature per member, logit(p1) (the p0 column is redundant); multiclass gets log p_c for
 * every class (log-probabilities do not sum to a constant, so no column is redundant).
 * A logistic model on logits is log-linear pooling: weight 1 on one member's logit reproduces
 * that member exactly, weights can sharpen or soften the members' confidence, and a confident
 * member's near-0/1 outputs keep their information instead of saturating. Probabilities are
 * clipped to [1e-6, 1 - 1e-6] first, so one-hot outputs (hard votes, pure forest leaves) map to
 * ±13.8 rather than infinity. Regression uses the members' raw values with ridge.
 * The meta-learner's design matrix standardises every feature, so the fixed small L2 (default 1,
 * in sum form: Σ loss + ½ l2 ‖β‖²) means the same shrinkage whatever the members' scales.
 */
import type { Dataset, FeatureSpec, Task } from '../data/frame.js';
import { inputError, usageError } from '../errors.js';
import { predictLinear, trainLinear, validateLinearModel, type LinearModel } from '../linear/linear-model.js';
import { innerFolds, splitFold } from './inner-folds.js';
import { checkMetric, memberWidth, scoreOutput } from './oof-metric.js';

export const STACK_PROB_CLIP = 1e-6;
export const STACK_DEFAULT_L2 = 1;

/** A fitted stacker (JSON-serialisable): how to turn members' outputs into the final output. */
export interface Stacker {
  kind: 'stacking';
  task: Task;
  /** Members, in the order their outputs must be passed to predictStack. */
  nMembers: number;
  /** Output columns per row of each member (1 regression, 2 binary, K multiclass). */
  nOut: number;
  /** The meta-learner; its features are the meta-features described above, member-major. */
  model: LinearModel;
}

export interface StackOptions {
  metric: string;
  task: Task;
  /** Meta-learner penalty (default STACK_DEFAULT_L2). */
  l2?: number;
  /** Inner folds for the score (default 5). */
  folds?: number;
  seed?: number;
}

export interface StackResult {
  /** Fitted on every OOF row. */
  stacker: Stacker;
  /** Inner-CV score: each OOF row predicted by a meta-learner that did not see it. */
  score: number;
  /** The inner-CV predictions (nRows x nOut), e.g. for comparing with other ensembles. */
  oof: Float64Array;
  /** Score of the final stacker on the rows it was fitted on (optimistic; for reporting only). */
  inSampleScore: number;
}

function featuresPerMember(task: Task, nOut: number): number {
  return task === 'binary' ? 1 : nOut;
}

/** Meta-feature Dataset (features column-major, member-major) for `rows` of the members. */
function metaDataset(members: readonly Float64Array[], task: Task, nOut: number, nRows: number, target?: Float64Array): Dataset {
  const per = featuresPerMember(task, nOut);
  const nF = members.length * per;
  const features = new Float32Array(nRows * nF);
  const specs: FeatureSpec[] = [];
  const clip = (p: number) => Math.min(Math.max(p, STACK_PROB_CLIP), 1 - STACK_PROB_CLIP);
  members.forEach((m, j) => {
    for (let c = 0; c < per; c++) {
      const f = j * per + c;
      specs.push({ name: per === 1 ? `m${j}` : `m${j}_c${c}`, kind: 'numeric' });
      const col = features.subarray(f * nRows, (f + 1) * nRows);
      for (let i = 0; i < nRows; i++) {
        if (task === 'regression') col[i] = m[i]!;
        else if (task === 'binary') { const p = clip(m[2 * i + 1]!); col[i] = Math.log(p / (1 - p)); }
        else col[i] = Math.log(clip(m[i * nOut + c]!));
      }
    }
  });
  const classes = task === 'regression' ? undefined : Array.from({ length: nOut }, (_, c) => String(c));
  const ds: Dataset = { schema: { features: specs, target: { name: 'target', task, ...(classes ? { classes } : {}) } }, nRows, features };
  if (target) ds.target = target;
  return ds;
}

/** Rows `rows` of a meta Dataset (a fold's training or held-out part). */
function subset(ds: Dataset, rows: number[]): Dataset {
  const n = ds.nRows;
  const nF = ds.schema.features.length;
  const features = new Float32Array(rows.length * nF);
  for (let f = 0; f < nF; f++) for (let r = 0; r < rows.length; r++) features[f * rows.length + r] = ds.features[f * n + rows[r]!]!;
  const out: Dataset = { schema: ds.schema, nRows: rows.length, features };
  if (ds.target) out.target = Float64Array.from(rows, (i) => ds.target![i]!);
  return out;
}

/** Fits the stacker on all OOF rows and scores it by inner k-fold cross-validation. */
export function fitStack(members: readonly Float64Array[], y: Float64Array, opts: StackOptions): StackResult {
  const metric = checkMetric(opts.metric, opts.task);
  const nOut = memberWidth(members, y.length, opts.task);
  const l2 = opts.l2 ?? STACK_DEFAULT_L2;
  const k = opts.folds ?? 5;
  const meta = metaDataset(members, opts.task, nOut, y.length, y);
  const folds = innerFolds(y, opts.task, k, opts.seed ?? 0);
  const oof = new Float64Array(y.length * nOut);
  for (let f = 0; f < k; f++) {
    const { train, held } = splitFold(folds, f);
    const pred = predictLinear(trainLinear(subset(meta, train), { l2 }), subset(meta, held));
    held.forEach((row, r) => { for (let c = 0; c < nOut; c++) oof[row * nOut + c] = pred[r * nOut + c]!; });
  }
  const model = trainLinear(meta, { l2 });
  const stacker: Stacker = { kind: 'stacking', task: opts.task, nMembers: members.length, nOut, model };
  return {
    stacker,
    score: scoreOutput(metric, opts.task, y, oof),
    oof,
    inSampleScore: scoreOutput(metric, opts.task, y, predictLinear(model, meta)),
  };
}

/** The stacker's output for new member outputs (same members, same order), predictor convention. */
export function predictStack(stacker: Stacker, memberOutputs: readonly Float64Array[]): Float64Array {
  if (memberOutputs.length !== stacker.nMembers) throw usageError(`the stacker expects ${stacker.nMembers} member outputs, got ${memberOutputs.length}`);
  const nRows = memberOutputs[0]!.length / stacker.nOut;
  if (!Number.isInteger(nRows)) throw usageError(`member 0 has ${memberOutputs[0]!.length} outputs, not rows of ${stacker.nOut}`);
  if (nRows === 0) return new Float64Array(0);
  memberWidth(memberOutputs, nRows, stacker.task);
  return predictLinear(stacker.model, metaDataset(memberOutputs, stacker.task, stacker.nOut, nRows));
}

/** Checks a parsed stacker; errors name `where` and the field. */
export function validateStacker(obj: unknown, where: string): Stacker {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw inputError(where, 'stacker must be an object');
  const o = obj as Record<string, unknown>;
  if (o.kind !== 'stacking') throw inputError(where, `stacker.kind must be "stacking" (found ${JSON.stringify(o.kind)})`);
  const model = validateLinearModel(o.model, `${where}: stacker.model`);
  const task = model.task;
  if (o.task !== task) throw inputError(where, `stacker.task must equal its model's task "${task}" (found ${JSON.stringify(o.task)})`);
  const nOut = task === 'regression' ? 1 : task === 'binary' ? 2 : model.nClasses!;
  if (o.nOut !== nOut) throw inputError(where, `stacker.nOut must be ${nOut} for its model (found ${JSON.stringify(o.nOut)})`);
  const per = featuresPerMember(task, nOut);
  const nMembers = o.nMembers;
  if (typeof nMembers !== 'number' || !Number.isInteger(nMembers) || nMembers < 1 || nMembers * per !== model.design.nFeatures) {
    throw inputError(where, `stacker.nMembers must be a positive integer matching the model's ${model.design.nFeatures} features (found ${JSON.stringify(nMembers)})`);
  }
  return { kind: 'stacking', task, nMembers, nOut, model };
}
