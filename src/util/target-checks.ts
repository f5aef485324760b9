/**
 * Range and type checks on what training reads (no Node built-ins).
 *
 * Regression targets: thicket trains on float32 (gradients, histogram sums, leaf values, as
 * XGBoost does), so targets must stay well inside float32's range: gradient squares and sums
 * overflow near 1e19 (measured: r2 0.9997 with y ~ 1e18, 0.976 at 1e19, 0.33 at 1e20, 0 at
 * 1e37). Above TARGET_WARN a warning says how to rescale; above TARGET_MAX training refuses,
 * since the model would be silently wrong. Scaling the target inside thicket instead was
 * rejected: the regularisation parameters (alpha, gamma, min_child_weight for non-squared
 * losses) are in the target's units, so a hidden scale would change what they mean, and every
 * output format (XGBoost export, the runtime) would have to carry and undo the scale.
 *
 * Labels of count and positive objectives: count:poisson needs labels >= 0, reg:gamma > 0,
 * reg:tweedie >= 0 (XGBoost's own checks).
 *
 * Numeric-looking text: a categorical column whose values are numbers written with thousands
 * separators ("1,234") or percent signs ("12%") was most likely meant to be numeric.
 */
import { inputError } from '../errors.js';
import type { Frame } from '../data/frame.js';

/** Largest |y - mean| of a regression target that trains without a warning. */
export const TARGET_WARN = 1e17;
/** Largest |y - mean| of a regression target that trains at all. */
export const TARGET_MAX = 1e19;

/** The largest distance of a finite value from the mean (NaN ignored). */
function spread(values: ArrayLike<number>): { spread: number; max: number } {
  let sum = 0, n = 0, max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) { sum += v; n++; if (Math.abs(v) > max) max = Math.abs(v); }
  }
  if (n === 0) return { spread: 0, max: 0 };
  const mean = sum / n;
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) s = Math.max(s, Math.abs(v - mean));
  }
  return { spread: Number.isFinite(s) ? s : Infinity, max };
}

/**
 * Checks a regression target's magnitude: throws a ThicketError (exit 1) beyond TARGET_MAX,
 * warns beyond TARGET_WARN. `where` names the file and column.
 */
export function checkRegressionTarget(values: ArrayLike<number>, where: string, onWarning?: (message: string) => void): void {
  const { spread: s, max } = spread(values);
  const exp = Math.ceil(Math.log10(Math.max(s, max)));
  const scale = `1e${Math.max(exp - 6, 1)}`;
  const how = `divide the target by a power of ten (e.g. ${scale}) before training and multiply the predictions back`;
  if (s > TARGET_MAX || max > 1e30) {
    throw inputError(where, `regression target values reach ${max.toExponential(2)} (spread ${s.toExponential(2)}): beyond ${TARGET_MAX.toExponential(0)} the float32 sums thicket trains with overflow and the model would be wrong; ${how}`);
  }
  if (s > TARGET_WARN) {
    onWarning?.(`${where}: regression target values reach ${max.toExponential(2)} (spread ${s.toExponential(2)}): float32 training loses precision beyond ${TARGET_WARN.toExponential(0)}; ${how}`);
  }
}

/** Labels an objective cannot take: count:poisson and reg:tweedie need y >= 0, reg:gamma y > 0. Throws a ThicketError naming the row. */
export function checkObjectiveLabels(objective: string, labels: ArrayLike<number>, where: string): void {
  const strict = objective === 'reg:gamma';
  if (!strict && objective !== 'count:poisson' && objective !== 'reg:tweedie') return;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (Number.isNaN(y)) continue;
    if (strict ? !(y > 0) : !(y >= 0)) {
      throw inputError(where, `row ${i + 1} has label ${y}: objective ${objective} needs labels ${strict ? '> 0' : '>= 0'} (counts or positive amounts); use reg:squarederror for other targets`);
    }
  }
}

/** "1,234", "-12.5%", "1,234.5": digits with thousands separators or a percent sign. */
const NUMBER_LIKE = /^[+-]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?%|\d{1,3}(,\d{3})+(\.\d+)?%)$/;

/**
 * Warnings for categorical columns whose every level looks like a number written with thousands
 * separators or a percent sign (at least one of them; plain numbers are allowed beside), saying
 * how to read them as numbers. `target` (the label column) is skipped.
 */
export function numericLookingWarnings(frame: Frame, target?: string, declaredCategorical: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const c of frame.columns) {
    if (c.kind !== 'categorical' || c.name === target || c.levels.length === 0 || declaredCategorical.includes(c.name)) continue;
    let styled = 0;
    let ok = true;
    let example = '';
    for (const l of c.levels) {
      const t = l.trim();
      if (NUMBER_LIKE.test(t)) { styled++; example ||= t; continue; }
      if (/^[+-]?\d+(\.\d+)?$/.test(t)) continue;
      ok = false;
      break;
    }
    if (!ok || styled === 0) continue;
    const what = example.endsWith('%') ? 'percent signs' : 'thousands separators';
    out.push(
      `${frame.source}: column ${JSON.stringify(c.name)} looks numeric (e.g. ${JSON.stringify(example)}) but is read as categorical because of its ${what}; ` +
      'to use it as a number, remove the separators and percent signs from the file (e.g. pandas: df[col].str.replace(",", "").str.rstrip("%").astype(float)); ' +
      `to keep it categorical and silence this warning, pass --categorical ${c.name}`,
    );
  }
  return out;
}
