/** Random forests and matching raw data for the prediction kernel tests. */
import { Rng } from '../../src/util/rng.js';
import { NODE_CATEGORICAL, NODE_DEFAULT_LEFT } from '../../src/wasm/layout.js';
import type { PredictTrees } from '../../src/reference/predict.js';

export const N_FEATURES = 6;
/** Features 0, 2 and 4 are categorical (integer level codes); the others numeric. */
const isCatFeature = (f: number) => f % 2 === 0;

/**
 * A random forest: trees up to depth 5, about half the splits on categorical features;
 * a share leafRoots of the trees is a single leaf (a boosting round that found no split).
 */
export function forest(rng: Rng, nTrees: number, nGroups: number, leafRoots = 0): PredictTrees {
  const a = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[],
    flags: [] as number[], catOffset: [] as number[], catLen: [] as number[], value: [] as number[], catWords: [] as number[] };
  const treeRoot: number[] = [], treeGroup: number[] = [];
  const grow = (depth: number): number => {
    const id = a.left.length;
    a.feature.push(-1); a.threshold.push(0); a.left.push(-1); a.right.push(-1); a.flags.push(0);
    a.catOffset.push(0); a.catLen.push(0); a.value.push(Math.fround((rng.next() - 0.5) * 2));
    if (depth >= 5 || (depth > 0 ? rng.next() < 0.3 : leafRoots > 0 && rng.next() < leafRoots)) return id;
    const f = rng.int(N_FEATURES);
    a.feature[id] = f;
    a.flags[id] = rng.next() < 0.5 ? NODE_DEFAULT_LEFT : 0;
    if (isCatFeature(f)) {
      a.flags[id] |= NODE_CATEGORICAL;
      a.catOffset[id] = a.catWords.length;
      a.catLen[id] = 1 + rng.int(3);
      for (let w = 0; w < a.catLen[id]; w++) a.catWords.push(rng.nextU32());
    } else {
      a.threshold[id] = Math.fround(rng.next() * 10 - 5);
    }
    const l = grow(depth + 1), r = grow(depth + 1);
    a.left[id] = l; a.right[id] = r;
    return id;
  };
  for (let t = 0; t < nTrees; t++) { treeRoot.push(grow(0)); treeGroup.push(rng.int(nGroups)); }
  return {
    feature: Int32Array.from(a.feature), threshold: Float32Array.from(a.threshold), left: Int32Array.from(a.left),
    right: Int32Array.from(a.right), flags: Int32Array.from(a.flags), catOffset: Int32Array.from(a.catOffset),
    catLen: Int32Array.from(a.catLen), value: Float32Array.from(a.value), catWords: Uint32Array.from(a.catWords),
    treeRoot: Int32Array.from(treeRoot), treeGroup: Int32Array.from(treeGroup),
  };
}

/** Odd category codes: negative, fractional, beyond any bitset (catLen <= 3 words = 96 levels), huge, infinite. */
export const ODD_CODES = [-1, -0.5, -0, 0.5, 2.7, 95, 95.9, 96, 97, 1000, 2 ** 31, 1e30, Infinity, -Infinity];

/** Column-major f32 rows: numeric values around the thresholds (some exactly on one), NaN at 10%. */
export function data(rng: Rng, nRows: number, t: PredictTrees): Float32Array {
  const x = new Float32Array(nRows * N_FEATURES);
  for (let f = 0; f < N_FEATURES; f++) {
    for (let r = 0; r < nRows; r++) {
      const u = rng.next();
      let v: number;
      if (u < 0.1) v = NaN;
      else if (isCatFeature(f)) v = u < 0.25 ? ODD_CODES[rng.int(ODD_CODES.length)] : rng.int(100);
      else v = u < 0.2 && t.threshold.length > 0 ? t.threshold[rng.int(t.threshold.length)] : rng.next() * 12 - 6;
      x[f * nRows + r] = v;
    }
  }
  return x;
}
