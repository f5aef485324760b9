/** Seeded synthetic datasets for the forest tests (numeric, categorical and missing values; every task). */
import type { Dataset, FeatureSpec, Schema, Task } from '../../src/data/frame.js';
import { Rng } from '../../src/util/rng.js';

export interface PlantedOptions {
  rows: number;
  task: Task;
  seed?: number;
  /** Fraction of numeric cells left missing. */
  missing?: number;
  /** Classes for multiclass (default 3). */
  classes?: number;
  /** Label noise: probability a class label is replaced by a random one / regression noise sd. */
  noise?: number;
  /** Integer-valued numeric features in [0, levels) (pre-binned: each value is its own bin). */
  levels?: number;
}

/**
 * Features: x0, x1, x2 numeric (x2 is noise), c categorical with 6 levels. The signal:
 * s = [x0 > 0.5 or x0 missing] + 0.8 [c in {1, 4}] + 0.6 x1 (numeric values in [0, 1)).
 * binary: s > 1; multiclass: floor of s scaled into the classes; regression: 10 s + noise.
 */
export function planted(o: PlantedOptions): Dataset {
  const rng = new Rng(o.seed ?? 1);
  const n = o.rows;
  const K = o.classes ?? 3;
  const features: FeatureSpec[] = [
    { name: 'x0', kind: 'numeric' }, { name: 'x1', kind: 'numeric' }, { name: 'x2', kind: 'numeric' },
    { name: 'c', kind: 'categorical', levels: ['a', 'b', 'c', 'd', 'e', 'f'] },
  ];
  const x = new Float32Array(n * 4);
  const y = new Float64Array(n);
  const num = () => (o.levels ? rng.int(o.levels) / o.levels : rng.next());
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < 3; f++) x[f * n + r] = rng.next() < (o.missing ?? 0) ? NaN : Math.fround(num());
    const c = rng.int(6);
    x[3 * n + r] = c;
    const x0 = x[r], x1 = Number.isNaN(x[n + r]) ? 0.5 : x[n + r];
    const s = (Number.isNaN(x0) || x0 > 0.5 ? 1 : 0) + (c === 1 || c === 4 ? 0.8 : 0) + 0.6 * x1;
    if (o.task === 'binary') y[r] = s > 1 ? 1 : 0;
    else if (o.task === 'multiclass') y[r] = Math.min(K - 1, Math.floor((s / 2.4) * K));
    else y[r] = 10 * s + (o.noise ?? 0) * (rng.next() - 0.5);
    if (o.task !== 'regression' && o.noise && rng.next() < o.noise) y[r] = rng.int(o.task === 'binary' ? 2 : K);
  }
  const classes = o.task === 'binary' ? ['0', '1'] : o.task === 'multiclass' ? Array.from({ length: K }, (_, i) => `k${i}`) : undefined;
  const schema: Schema = { features, target: { name: 'y', task: o.task, classes } };
  return { schema, nRows: n, features: x, target: y };
}

/** The first `m` rows of a dataset and the rest. */
export function split(d: Dataset, m: number): [Dataset, Dataset] {
  const nF = d.schema.features.length;
  const part = (a: number, b: number): Dataset => {
    const x = new Float32Array((b - a) * nF);
    for (let f = 0; f < nF; f++) x.set(d.features.subarray(f * d.nRows + a, f * d.nRows + b), f * (b - a));
    return { schema: d.schema, nRows: b - a, features: x, target: d.target!.slice(a, b) };
  };
  return [part(0, m), part(m, d.nRows)];
}
