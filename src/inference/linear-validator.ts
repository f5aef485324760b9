/** Checks a parsed linear model (and its design spec) field by field, naming the field that is wrong. */
import type { Task } from '../data/frame.js';
import { inputError } from '../errors.js';
import { ModelChecker, describe } from '../model/model-checker.js';
import { featureWidth, type DesignFeature, type DesignSpec } from './linear-design.js';
import type { LinearModel } from './linear-model.js';

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];
const MAX_INDEX = 2 ** 31 - 1;

/** The model checker's field checks, failing as bad input (the design travels inside other files). */
class Checker extends ModelChecker {
  constructor(where: string) {
    super(where, inputError);
  }

  override array(v: unknown, field: string, length?: number): unknown[] {
    const a = super.array(v, field);
    if (length !== undefined && a.length !== length) this.fail(field, `must have ${length} entries (found ${a.length})`);
    return a;
  }

  override int(v: unknown, field: string, min: number, max = MAX_INDEX): number {
    return super.int(v, field, min, max);
  }

  finite(v: unknown, field: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(field, `must be a finite number (found ${describe(v)})`);
    return v;
  }

  bool(v: unknown, field: string): boolean {
    if (typeof v !== 'boolean') this.fail(field, `must be true or false (found ${describe(v)})`);
    return v;
  }

  numbers(v: unknown, field: string, length: number): number[] {
    const a = this.array(v, field, length);
    a.forEach((x, i) => this.finite(x, `${field}[${i}]`));
    return a as number[];
  }

  feature(v: unknown, field: string, nFeatures: number, prev: number): DesignFeature {
    const o = this.object(v, field);
    const feature = this.int(o.feature, `${field}.feature`, prev + 1, nFeatures - 1);
    const name = this.string(o.name, `${field}.name`);
    if (o.kind === 'numeric') {
      const mean = this.finite(o.mean, `${field}.mean`);
      const std = this.finite(o.std, `${field}.std`);
      if (!(std > 0)) this.fail(`${field}.std`, `must be > 0 (found ${std})`);
      const value = this.bool(o.value, `${field}.value`);
      const missing = this.bool(o.missing, `${field}.missing`);
      if (!value && !missing) this.fail(field, 'has no column (value and missing both false)');
      return { kind: 'numeric', feature, name, mean, std, value, missing };
    }
    if (o.kind === 'categorical') {
      const seen = new Set<number>();
      const levelList = (key: 'levels' | 'other'): number[] =>
        this.array(o[key], `${field}.${key}`).map((x, i) => {
          const level = this.int(x, `${field}.${key}[${i}]`, 0);
          if (seen.has(level)) this.fail(`${field}.${key}[${i}]`, `repeats level ${level}`);
          seen.add(level);
          return level;
        });
      const levels = levelList('levels');
      const other = levelList('other');
      if (levels.length + other.length === 0) this.fail(field, 'has no column (levels and other both empty)');
      return { kind: 'categorical', feature, name, levels, other };
    }
    return this.fail(`${field}.kind`, `must be "numeric" or "categorical" (found ${describe(o.kind)})`);
  }

  design(v: unknown, field: string): DesignSpec {
    const o = this.object(v, field);
    const nFeatures = this.int(o.nFeatures, `${field}.nFeatures`, 0);
    const nCols = this.int(o.nCols, `${field}.nCols`, 0);
    let prev = -1;
    const features = this.array(o.features, `${field}.features`).map((f, i) => {
      const d = this.feature(f, `${field}.features[${i}]`, nFeatures, prev);
      prev = d.feature;
      return d;
    });
    const width = features.reduce((s, d) => s + featureWidth(d), 0);
    if (width !== nCols) this.fail(`${field}.nCols`, `is ${nCols} but the features make ${width} columns`);
    return { nFeatures, nCols, features };
  }
}

/** The design spec in `obj` (for example a stacker's), checked; `where` prefixes every error. */
export function validateDesignSpec(obj: unknown, where: string): DesignSpec {
  return new Checker(where).design(obj, 'design');
}

/**
 * Checks every field of a parsed linear model so that a corrupted file fails with a message
 * naming `where` and the field, and one that passes cannot index out of bounds when predicting.
 */
export function validateLinearModel(obj: unknown, where: string): LinearModel {
  const c = new Checker(where);
  const o = c.object(obj, 'linear model');
  if (o.learner !== 'linear') c.fail('learner', `must be "linear" (found ${describe(o.learner)})`);
  if (!TASKS.includes(o.task as Task)) c.fail('task', `must be one of ${TASKS.join(', ')} (found ${describe(o.task)})`);
  const task = o.task as Task;
  let nClasses: number | undefined;
  if (task === 'regression') {
    if (o.nClasses !== undefined) c.fail('nClasses', 'must be absent for regression');
  } else {
    nClasses = task === 'binary' ? c.int(o.nClasses, 'nClasses', 2, 2) : c.int(o.nClasses, 'nClasses', 2, 65536);
  }
  const design = c.design(o.design, 'design');
  const nOut = task === 'multiclass' ? nClasses! : 1;
  const coef = c.numbers(o.coef, 'coef', nOut * design.nCols);
  const intercept = c.numbers(o.intercept, 'intercept', nOut);
  const params = c.object(o.params, 'params');
  const l2 = c.finite(params.l2, 'params.l2');
  if (l2 < 0) c.fail('params.l2', `must be >= 0 (found ${l2})`);
  // Keys in the trainer's order, so a model read back (a queue result, a kept fold) writes the same bytes.
  return { learner: 'linear', design, task, ...(nClasses !== undefined ? { nClasses } : {}), coef, intercept, params: { l2 } };
}
