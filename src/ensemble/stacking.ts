/**
 * Stacking's fit (its prediction is inference/stacking.ts): a linear meta-learner (logistic / softmax for classification, ridge for
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
import type { Dataset, Task } from '../data/frame.js';
import { predictLinear } from '../inference/linear-model.js';
import { memberWidth, metaDataset, type Stacker } from '../inference/stacking.js';
import { trainLinear } from '../linear/linear-model.js';
import { innerFolds, splitFold } from './inner-folds.js';
import { checkMetric, scoreOutput } from './oof-metric.js';

export const STACK_DEFAULT_L2 = 1;

export interface StackOptions {
  metric: string;
  task: Task;
  /** Meta-learner penalty (default STACK_DEFAULT_L2). */
  l2?: number;
  /** Inner folds for the score (default 5). */
  folds?: number;
  seed?: number;
  /** Row weights (length nRows): the stacker is scored by the weighted metric. */
  weights?: Float64Array;
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
    score: scoreOutput(metric, opts.task, y, oof, opts.weights),
    oof,
    inSampleScore: scoreOutput(metric, opts.task, y, predictLinear(model, meta), opts.weights),
  };
}
