/**
 * A fitted stacker (a linear meta-learner over the members' outputs) and its prediction; fitted
 * by ensemble/stacking.ts, whose comment explains the meta-features.
 */
import type { Dataset, FeatureSpec, Task } from '../data/frame.js';
import { inputError, usageError } from '../errors.js';
import { featureWidth } from './linear-design.js';
import { predictLinear, type LinearModel } from './linear-model.js';
import { validateLinearModel } from './linear-validator.js';

export const STACK_PROB_CLIP = 1e-6;

/** A fitted stacker (JSON-serialisable): how to turn members' outputs into the final output. */
export interface Stacker {
  kind: 'stacking';
  task: Task;
  /** Members, in the order their outputs must be passed to predictStack. */
  nMembers: number;
  /** Output columns per row of each member (1 regression, 2 binary, nGroups multiclass). */
  nOut: number;
  /** The meta-learner; its features are the meta-features (see ensemble/stacking.ts), member-major. */
  model: LinearModel;
}

function featuresPerMember(task: Task, nOut: number): number {
  return task === 'binary' ? 1 : nOut;
}

/** Meta-feature Dataset (features column-major, member-major) for `rows` of the members. */
export function metaDataset(members: readonly Float64Array[], task: Task, nOut: number, nRows: number, target?: Float64Array): Dataset {
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

/**
 * The common width of the member matrices for nRows rows (throws when they disagree or do
 * not fit the task). Used by every ensemble function on its inputs.
 */
export function memberWidth(members: readonly Float64Array[], nRows: number, task: Task): number {
  if (members.length === 0) throw usageError('an ensemble needs at least one member');
  if (nRows <= 0) throw usageError('ensemble data has no rows');
  const len = members[0]!.length;
  const nOut = len / nRows;
  if (!Number.isInteger(nOut) || nOut < 1) throw usageError(`member 0 has ${len} outputs, not a multiple of ${nRows} rows`);
  members.forEach((m, j) => {
    if (m.length !== len) throw usageError(`member ${j} has ${m.length} outputs, member 0 has ${len}`);
  });
  const ok = task === 'regression' ? nOut === 1 : task === 'binary' ? nOut === 2 : nOut >= 2;
  if (!ok) throw usageError(`${task} members need ${task === 'regression' ? 1 : task === 'binary' ? 2 : '>= 2'} outputs per row, found ${nOut}`);
  return nOut;
}

/**
 * Each member's share of a stacker, for info and the report (a stacked ensemble's members carry
 * no averaging weight): the absolute meta-learner coefficients on the member's meta-features
 * (standardised columns, so comparable), summed over outputs and divided by the total. A member
 * whose meta-features were constant (dropped by the design) gets 0; all 0: equal shares.
 */
export function stackerShares(stacker: Stacker): number[] {
  const { model, task, nOut, nMembers } = stacker;
  const per = featuresPerMember(task, nOut);
  const p = model.design.nCols;
  const nOutputs = p > 0 ? model.coef.length / p : 0;
  const mass = new Array<number>(nMembers).fill(0);
  let col = 0;
  for (const d of model.design.features) {
    const width = featureWidth(d);
    const member = Math.floor(d.feature / per);
    for (let j = col; j < col + width; j++) for (let k = 0; k < nOutputs; k++) mass[member]! += Math.abs(model.coef[k * p + j]!);
    col += width;
  }
  const total = mass.reduce((s, m) => s + m, 0);
  return total > 0 ? mass.map((m) => m / total) : mass.map(() => 1 / nMembers);
}
