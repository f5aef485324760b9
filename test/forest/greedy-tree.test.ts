/**
 * A forest of one tree without bootstrap and with every feature tried at every node is the exact
 * greedy tree: checked against a plain TypeScript builder that searches every cut of every
 * feature on the raw values (integer grid values: one bin per value, so bins lose nothing),
 * with the forest's rules: thresholds halfway between the node's values on either side (x <= half left), Gini / variance gain (sum over classes of G^2 / H), missing values
 * tried on both sides, a one-channel categorical feature ordered by mean, a multi-channel one in
 * level order (one channel too in nodes under PARTITION_MIN_ROWS rows), ties to the first feature and cut, and splits only when they gain more than
 * 1e-11 of the node's score. Class counts are integers, so both sides compute the same gains.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/frame.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import type { ForestModel } from '../../src/model/model.js';
import { planted } from './helpers.js';
import { PARTITION_MIN_ROWS } from '../../src/wasm/layout.js';

/** The next float32 above float32 x (by its bits). */
function nextFloat32(x: number): number {
  if (x === 0) return 1.401298464324817e-45;
  const f = new Float32Array([x]), u = new Uint32Array(f.buffer);
  u[0] += x > 0 ? 1 : -1;
  return f[0];
}

interface RefNode {
  leaf?: Float64Array;
  feature?: number;
  /** Numeric: rows with value <= cut go left (missing: defaultLeft); next: the node's smallest value above the cut. */
  cut?: number;
  next?: number;
  /** Categorical: levels going left. */
  levels?: Set<number>;
  defaultLeft?: boolean;
  left?: RefNode;
  right?: RefNode;
}

/** The reference greedy tree over `rows`; K channels (classes for multiclass, else 1). */
function greedy(d: Dataset, rows: number[], K: number): RefNode {
  const n = d.nRows;
  const nF = d.schema.features.length;
  const x = (f: number, r: number) => d.features[f * n + r];
  const y = d.target!;
  const chan = (r: number, c: number) => (K === 1 ? y[r] : y[r] === c ? 1 : 0);
  const sums = (rs: number[]) => {
    const g = new Float64Array(K);
    for (const r of rs) for (let c = 0; c < K; c++) g[c] -= chan(r, c);
    return g;
  };
  const score = (g: Float64Array, h: number) => { let s = 0; for (const v of g) s += v * v; return s / h; };
  const node = (rs: number[]): RefNode => {
    const g = sums(rs), h = rs.length;
    const leaf = () => ({ leaf: Float64Array.from(g, (v) => -v / h) });
    if (rs.length < 2) return leaf();
    const parent = score(g, h);
    let best = { gain: -Infinity } as { gain: number; feature: number; left: (r: number) => boolean; node: RefNode };
    for (let f = 0; f < nF; f++) {
      const cat = d.schema.features[f].kind === 'categorical';
      const present = [...new Set(rs.map((r) => x(f, r)).filter((v) => !Number.isNaN(v)))];
      if (present.length < 2) continue;
      const missing = rs.filter((r) => Number.isNaN(x(f, r)));
      const gm = sums(missing);
      const groupSums = new Map(present.map((v) => [v, sums(rs.filter((r) => x(f, r) === v))]));
      let order: number[];
      // One channel: mean order from PARTITION_MIN_ROWS rows on, level order below (as the kernels).
      const keyOrdered = cat && K === 1 && rs.length >= PARTITION_MIN_ROWS;
      if (keyOrdered) {
        const key = (v: number) => groupSums.get(v)![0] / rs.filter((r) => x(f, r) === v).length;
        order = present.sort((a, b) => key(a) - key(b) || a - b);
      } else {
        order = present.sort((a, b) => a - b);
      }
      const gl = new Float64Array(K);
      let hl = 0;
      for (let i = 0; i + 1 < order.length; i++) {
        const gs = groupSums.get(order[i])!;
        for (let c = 0; c < K; c++) gl[c] += gs[c];
        hl += rs.filter((r) => x(f, r) === order[i]).length;
        for (const dl of [false, true]) {
          if (dl && missing.length === 0) break;
          const gL = Float64Array.from(gl, (v, c) => v + (dl ? gm[c] : 0));
          const hL = hl + (dl ? missing.length : 0);
          const gain = score(gL, hL) + score(Float64Array.from(g, (v, c) => v - gL[c]), h - hL) - parent;
          if (!(gain > best.gain)) continue;
          const cutAt = i;
          const leftSet = new Set(order.slice(0, cutAt + 1));
          const levels = new Set<number>();
          if (cat) {
            const nLevels = d.schema.features[f].levels!.length;
            if (keyOrdered) {
              // Levels absent from the node sort as mean 0 (ties by level), as in the kernels.
              const vCut = order[cutAt], keyCut = groupSums.get(vCut)![0] / rs.filter((r) => x(f, r) === vCut).length;
              for (let l = 0; l < nLevels; l++) {
                if (groupSums.has(l) ? leftSet.has(l) : 0 < keyCut || (0 === keyCut && l < vCut)) levels.add(l);
              }
            } else {
              for (let l = 0; l <= order[cutAt]; l++) levels.add(l);
            }
          }
          best = {
            gain, feature: f,
            left: (r) => (Number.isNaN(x(f, r)) ? dl : cat ? levels.has(x(f, r)) : x(f, r) <= order[cutAt]),
            node: cat ? { feature: f, levels, defaultLeft: dl } : { feature: f, cut: order[cutAt], next: order[cutAt + 1], defaultLeft: dl },
          };
        }
      }
    }
    if (!(best.gain > 1e-11 * parent)) return leaf();
    const out = best.node;
    out.left = node(rs.filter((r) => best.left(r)));
    out.right = node(rs.filter((r) => !best.left(r)));
    return out;
  };
  return node(rows);
}

/** Walks the model's only tree and the reference together; returns the number of leaves compared. */
function compare(m: ForestModel, ref: RefNode, d: Dataset): number {
  const t = m.trees;
  const W = m.valueWidth;
  let leaves = 0;
  const walk = (i: number, r: RefNode, path: string) => {
    if (r.leaf) {
      expect(t.left[i], `${path}: leaf`).toBe(-1);
      for (let c = 0; c < W; c++) expect(t.value[i * W + c], `${path}: value ${c}`).toBeCloseTo(r.leaf[c], 6);
      leaves++;
      return;
    }
    expect(t.left[i], `${path}: internal`).not.toBe(-1);
    expect(t.feature[i], `${path}: feature`).toBe(r.feature);
    expect((t.flags[i] & 1) === 1, `${path}: missing left`).toBe(r.defaultLeft);
    if (r.levels) {
      for (let l = 0; l < d.schema.features[r.feature!].levels!.length; l++) {
        const bit = ((t.catWords[t.catOffset[i] + (l >> 5)] >>> (l & 31)) & 1) === 1;
        expect(bit, `${path}: level ${l}`).toBe(r.levels.has(l));
      }
    } else {
      // Halfway between the cut value and the node's next value, as scikit-learn places it (x <=
      // half goes left): the model's x < t needs the next float32 above half.
      let half = r.cut! / 2 + r.next! / 2;
      if (half === r.next!) half = r.cut!;
      const m32 = Math.fround(half);
      const above = m32 > half ? m32 : nextFloat32(m32);
      expect(t.threshold[i], `${path}: threshold`).toBe(above);
    }
    walk(t.left[i], r.left!, `${path}L`);
    walk(t.right[i], r.right!, `${path}R`);
  };
  walk(t.treeRoot[0], ref, 'root ');
  return leaves;
}

const ONE_EXACT_TREE = { n_estimators: 1, bootstrap: false, max_features: 1, nthread: 1 };

describe('a one-tree forest without bootstrap, every feature tried, is the exact greedy tree', () => {
  it.each([
    ['binary', planted({ rows: 700, task: 'binary', levels: 25, missing: 0.08, noise: 0.12, seed: 3 })],
    ['multiclass', planted({ rows: 700, task: 'multiclass', classes: 3, levels: 25, missing: 0.08, noise: 0.12, seed: 4 })],
    // Nodes of PARTITION_MIN_ROWS rows or more split the categorical feature by mean-ordered partitions.
    ['binary, 2500 rows', planted({ rows: 2500, task: 'binary', levels: 25, missing: 0.08, noise: 0.12, seed: 5 })],
  ])('%s, numeric values with missing cells and a categorical feature (kernel subtrees and histogram grower)', async (_name, d) => {
    const K = d.schema.target.task === 'multiclass' ? 3 : 1;
    const ref = greedy(d, Array.from({ length: d.nRows }, (_, i) => i), K);
    for (const subtreeRows of [undefined, 0]) {
      const { model } = await trainForest('rf', ONE_EXACT_TREE, d, { subtreeRows });
      expect(model.trees.treeRoot.length).toBe(1);
      expect(compare(model, ref, d)).toBeGreaterThan(40);
    }
  });

  it('stops where the reference stops: max_depth and min_samples_leaf / min_samples_split (counts, without bootstrap)', async () => {
    const d = planted({ rows: 500, task: 'binary', levels: 20, missing: 0.05, noise: 0.2, seed: 9 });
    const { model } = await trainForest('rf', { ...ONE_EXACT_TREE, max_depth: 3 }, d, {});
    let maxDepth = 0;
    const depth = (i: number, dd: number): void => { if (model.trees.left[i] < 0) maxDepth = Math.max(maxDepth, dd); else { depth(model.trees.left[i], dd + 1); depth(model.trees.right[i], dd + 1); } };
    depth(0, 0);
    expect(maxDepth).toBe(3);
    const leafy = await trainForest('rf', { ...ONE_EXACT_TREE, min_samples_leaf: 7, min_samples_split: 20 }, d, {});
    const t = leafy.model.trees;
    for (let i = 0; i < t.left.length; i++) {
      if (t.left[i] === -1) expect(t.cover[i]).toBeGreaterThanOrEqual(7);
      else expect(t.cover[i]).toBeGreaterThanOrEqual(20);
    }
  });
});
