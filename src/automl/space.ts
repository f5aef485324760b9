/** Hyper-parameter search spaces: domains, configs, seeded sampling, the unit-cube mapping, grids and config keys. */
import type { Rng } from '../util/rng.js';

/**
 * One dimension of a search space.
 * - float: real in [low, high]; `log` searches it on a log scale (needs low > 0).
 * - int: integer in [low, high]; `log` likewise (needs low >= 1).
 * - choice: one of `values` (non-empty; compared with ===).
 */
export type Domain =
  | { type: 'float'; low: number; high: number; log?: boolean }
  | { type: 'int'; low: number; high: number; log?: boolean }
  | { type: 'choice'; values: readonly (string | number | boolean)[] };

/** Dimension name -> domain. Dimension order (for unit vectors) is the object's key order. */
export type Space = Record<string, Domain>;

/** Dimension name -> value; a full config has exactly the space's keys (declared with the AutoML model document). */
export type { Config } from '../inference/automl-model.js';
import type { Config } from '../inference/automl-model.js';

/** One value of a config. */
export type ConfigValue = Config[string];

/** Error messages of this module, built in one place; each names the dimension at fault. */
const msg = {
  badBounds: (k: string) => `search space: dimension "${k}" needs finite low <= high`,
  badLog: (k: string, min: number) => `search space: log-scale dimension "${k}" needs low >= ${min}`,
  badIntBounds: (k: string) => `search space: int dimension "${k}" needs integer bounds`,
  emptyChoice: (k: string) => `search space: choice dimension "${k}" has no values`,
  missing: (k: string) => `config: missing value for dimension "${k}"`,
  extra: (k: string) => `config: "${k}" is not a dimension of the search space`,
  notNumber: (k: string, v: unknown) => `config: dimension "${k}" needs a finite number, got ${JSON.stringify(v)}`,
  notInt: (k: string, v: unknown) => `config: int dimension "${k}" got non-integer ${JSON.stringify(v)}`,
  outOfRange: (k: string, v: unknown, d: { low: number; high: number }) =>
    `config: dimension "${k}" = ${JSON.stringify(v)} is outside [${d.low}, ${d.high}]`,
  notChoice: (k: string, v: unknown) => `config: dimension "${k}" = ${JSON.stringify(v)} is not one of its choices`,
};

/** The dimension names of a space, in the order used by unit vectors. */
export function dimensionNames(space: Space): string[] {
  return Object.keys(space);
}

/** Throws an Error naming the first malformed dimension of `space`. */
export function checkSpace(space: Space): void {
  for (const [k, d] of Object.entries(space)) {
    if (d.type === 'choice') {
      if (d.values.length === 0) throw new Error(msg.emptyChoice(k));
      continue;
    }
    if (!Number.isFinite(d.low) || !Number.isFinite(d.high) || d.low > d.high) throw new Error(msg.badBounds(k));
    if (d.type === 'int' && (!Number.isInteger(d.low) || !Number.isInteger(d.high))) throw new Error(msg.badIntBounds(k));
    if (d.log) {
      const min = d.type === 'int' ? 1 : Number.MIN_VALUE;
      if (d.low < min) throw new Error(msg.badLog(k, d.type === 'int' ? 1 : 0));
    }
  }
}

/**
 * Edges of a numeric domain on the axis the unit interval maps to linearly (natural log where `log`).
 * Ints widen by half a step each side so every integer gets an equal share of [0, 1].
 */
function edges(d: Extract<Domain, { low: number }>): [number, number] {
  const lo = d.type === 'int' ? d.low - 0.5 : d.low;
  const hi = d.type === 'int' ? d.high + 0.5 : d.high;
  return d.log ? [Math.log(lo), Math.log(hi)] : [lo, hi];
}

/** Position in [0, 1] of one value of a domain (choices: the centre of the value's bucket). */
export function domainToUnit(d: Domain, value: ConfigValue): number {
  if (d.type === 'choice') {
    const i = d.values.indexOf(value);
    return ((i < 0 ? 0 : i) + 0.5) / d.values.length;
  }
  const [lo, hi] = edges(d);
  if (hi <= lo) return 0.5;
  const x = d.log ? Math.log(value as number) : (value as number);
  return Math.min(1, Math.max(0, (x - lo) / (hi - lo)));
}

/** The value of a domain at position `u` of [0, 1] (u is clamped; ints rounded; choices by bucket). */
export function domainFromUnit(d: Domain, u: number): ConfigValue {
  const t = Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : 0.5;
  if (d.type === 'choice') return d.values[Math.min(d.values.length - 1, Math.floor(t * d.values.length))];
  if (t === 0) return d.low; // exact ends, free of exp/log rounding
  if (t === 1) return d.high;
  const [lo, hi] = edges(d);
  const y = lo + t * (hi - lo);
  const x = d.log ? Math.exp(y) : y;
  const v = d.type === 'int' ? Math.round(x) : x;
  return Math.min(d.high, Math.max(d.low, v));
}

/** A config's unit vector: number[] of length dimensionNames(space).length, each in [0, 1]. */
export function toUnit(config: Config, space: Space): number[] {
  return dimensionNames(space).map((k) => domainToUnit(space[k], config[k]));
}

/** The config at unit vector `u` (number[] in dimension order; entries clamped to [0, 1]). */
export function fromUnit(u: readonly number[], space: Space): Config {
  const out: Config = {};
  dimensionNames(space).forEach((k, i) => { out[k] = domainFromUnit(space[k], u[i]); });
  return out;
}

/** A uniform random config (uniform in unit space: log-uniform on log dimensions); one rng.next() per dimension. */
export function sample(space: Space, rng: Rng): Config {
  const out: Config = {};
  for (const k of dimensionNames(space)) out[k] = domainFromUnit(space[k], rng.next());
  return out;
}

/** Problems of `config` against `space` (missing, extra, mistyped or out-of-range values); empty when valid. */
export function validateConfig(config: Config, space: Space): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(config)) if (!(k in space)) problems.push(msg.extra(k));
  for (const [k, d] of Object.entries(space)) {
    const v = config[k];
    if (v === undefined) { problems.push(msg.missing(k)); continue; }
    if (d.type === 'choice') {
      if (!d.values.includes(v)) problems.push(msg.notChoice(k, v));
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push(msg.notNumber(k, v));
    } else if (d.type === 'int' && !Number.isInteger(v)) {
      problems.push(msg.notInt(k, v));
    } else if (v < d.low || v > d.high) {
      problems.push(msg.outOfRange(k, v, d));
    }
  }
  return problems;
}

/**
 * The nearest full config of `space` to `config`: numbers clamped into range, ints rounded, keys outside the
 * space dropped. A dimension missing from `config` takes its value from `fill` when given. Throws when a value
 * is missing, not a finite number (numeric dimensions) or not one of the choices.
 */
export function clampConfig(config: Config, space: Space, fill?: Config): Config {
  const out: Config = {};
  for (const [k, d] of Object.entries(space)) {
    const v = config[k] ?? fill?.[k];
    if (v === undefined) throw new Error(msg.missing(k));
    if (d.type === 'choice') {
      if (!d.values.includes(v)) throw new Error(msg.notChoice(k, v));
      out[k] = v;
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(msg.notNumber(k, v));
    const x = d.type === 'int' ? Math.round(v) : v;
    out[k] = Math.min(d.high, Math.max(d.low, x));
  }
  return out;
}

/** The cheap end of every dimension: low for numbers, the first value for choices (see cfo.ts). */
export function cheapEnd(space: Space): Config {
  const out: Config = {};
  for (const [k, d] of Object.entries(space)) out[k] = d.type === 'choice' ? d.values[0] : d.low;
  return out;
}

/** Stable identity of a config for de-duplication: key order ignored, floats compared to 12 significant digits. */
export function configKey(config: Config): string {
  const keys = Object.keys(config).sort();
  return JSON.stringify(keys.map((k) => {
    const v = config[k];
    if (typeof v !== 'number') return [k, v];
    return [k, Number.isInteger(v) ? v + 0 : Number(v.toPrecision(12))];
  }));
}

/** Every value of a domain when it has finitely many, else null (a float with low < high). */
function allValues(d: Domain): ConfigValue[] | null {
  if (d.type === 'choice') return [...d.values];
  if (d.low === d.high) return [d.low];
  if (d.type === 'float') return null;
  const out: number[] = [];
  for (let v = d.low; v <= d.high; v++) out.push(v);
  return out;
}

/** Number of distinct configs of a space: Infinity when a float dimension has low < high. */
export function spaceSize(space: Space): number {
  let n = 1;
  for (const d of Object.values(space)) {
    if (d.type === 'choice') n *= d.values.length;
    else if (d.low === d.high) continue;
    else if (d.type === 'float') return Infinity;
    else n *= d.high - d.low + 1;
  }
  return n;
}

/**
 * The values each dimension takes on a grid, in dimension order: every choice; `pointsPerNumeric` points evenly
 * spaced in unit space for numbers (both ends included; one point = the middle), de-duplicated after rounding.
 */
export function gridAxes(space: Space, pointsPerNumeric: number): ConfigValue[][] {
  const p = Math.max(1, Math.floor(pointsPerNumeric));
  return dimensionNames(space).map((k) => {
    const d = space[k];
    if (d.type === 'choice') return [...d.values];
    const vals: ConfigValue[] = [];
    for (let i = 0; i < p; i++) {
      const v = domainFromUnit(d, p === 1 ? 0.5 : i / (p - 1));
      if (!vals.includes(v)) vals.push(v);
    }
    return vals;
  });
}

/** The config at mixed-radix position `index` of the product of `axes` (the first dimension varies slowest). */
export function configAt(space: Space, axes: readonly (readonly ConfigValue[])[], index: number): Config {
  const names = dimensionNames(space);
  const out: Config = {};
  let rest = index;
  for (let i = names.length - 1; i >= 0; i--) {
    const n = axes[i].length;
    out[names[i]] = axes[i][rest % n];
    rest = Math.floor(rest / n);
  }
  return names.reduce<Config>((o, k) => { o[k] = out[k]; return o; }, {});
}

/** Number of configs in the product of `axes`. */
export function axesSize(axes: readonly (readonly ConfigValue[])[]): number {
  return axes.reduce((n, a) => n * a.length, 1);
}

/** The full grid (product of gridAxes) as configs, first dimension varying slowest. */
export function gridOf(space: Space, pointsPerNumeric: number): Config[] {
  const axes = gridAxes(space, pointsPerNumeric);
  const n = axesSize(axes);
  const out: Config[] = [];
  for (let i = 0; i < n; i++) out.push(configAt(space, axes, i));
  return out;
}

/** Every value of every dimension of a finite space, in dimension order; null when a dimension is continuous. */
export function finiteAxes(space: Space): ConfigValue[][] | null {
  const axes: ConfigValue[][] = [];
  for (const k of dimensionNames(space)) {
    const vals = allValues(space[k]);
    if (vals === null) return null;
    axes.push(vals);
  }
  return axes;
}
