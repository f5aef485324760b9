/** Small hand-built Datasets for the linear learner tests. */
import type { Dataset, FeatureSpec, Task } from '../../src/data/frame.js';

export type Col = { name: string; values: number[] } | { name: string; levels: string[]; values: number[] };

/** A Dataset from columns (categorical when `levels` is given; NaN = missing) and a target. */
export function makeDataset(cols: Col[], target: number[] | undefined, task: Task, classes?: string[]): Dataset {
  const n = cols[0]?.values.length ?? target?.length ?? 0;
  const features = new Float32Array(n * cols.length);
  const specs: FeatureSpec[] = cols.map((c, f) => {
    features.set(c.values, f * n);
    return 'levels' in c ? { name: c.name, kind: 'categorical', levels: c.levels } : { name: c.name, kind: 'numeric' };
  });
  const ds: Dataset = {
    schema: { features: specs, target: { name: 'y', task, ...(classes ? { classes } : {}) } },
    nRows: n,
    features,
  };
  if (target) ds.target = Float64Array.from(target);
  return ds;
}

/** Deterministic uniform [0, 1) generator (mulberry32). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform generator. */
export function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}
