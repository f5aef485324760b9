/** Small hand-built models (binary with a categorical split, multiclass, regression) for model-file, CLI and API tests. */
import { MODEL_VERSION, type GBDTModel, type TreeArrays } from '../../src/model/model.js';

interface NodeSpec {
  /** Leaf output, or a split. */
  leaf?: number;
  feature?: number;
  threshold?: number;
  left?: number;
  right?: number;
  flags?: number;
  catOffset?: number;
  catLen?: number;
}

/** Flat TreeArrays from per-tree node lists (node indices are global). */
export function buildTrees(trees: { group: number; nodes: NodeSpec[] }[], catWords: number[] = []): TreeArrays {
  const all = trees.flatMap((t) => t.nodes);
  const roots: number[] = [];
  let at = 0;
  for (const t of trees) {
    roots.push(at);
    at += t.nodes.length;
  }
  const isLeaf = (n: NodeSpec) => n.leaf !== undefined;
  return {
    treeRoot: Int32Array.from(roots),
    treeGroup: Int32Array.from(trees.map((t) => t.group)),
    feature: Int32Array.from(all, (n) => (isLeaf(n) ? -1 : n.feature!)),
    threshold: Float32Array.from(all, (n) => (isLeaf(n) ? 0 : n.threshold ?? 0)),
    left: Int32Array.from(all, (n) => (isLeaf(n) ? -1 : n.left!)),
    right: Int32Array.from(all, (n) => (isLeaf(n) ? -1 : n.right!)),
    flags: Int32Array.from(all, (n) => n.flags ?? 0),
    catOffset: Int32Array.from(all, (n) => n.catOffset ?? 0),
    catLen: Int32Array.from(all, (n) => n.catLen ?? 0),
    catWords: Uint32Array.from(catWords),
    value: Float32Array.from(all, (n) => n.leaf ?? 0),
    gain: Float32Array.from(all, (n) => (isLeaf(n) ? 0 : 1.25)),
    cover: Float32Array.from(all, () => 10),
  };
}

/**
 * Binary model on features x (numeric) and color (categorical: blue, green, red), target y (no, yes).
 * margin = -0.25 + tree0 + tree1, where
 *   tree0: x < 0.5 (missing left) ? -1.5 : (color in {red} ? 2 : 0.5)   (color missing -> right)
 *   tree1: 0.25
 */
export function binaryModel(): GBDTModel {
  return {
    format: 'thicket-model',
    version: MODEL_VERSION,
    learner: 'gbdt',
    schema: {
      features: [
        { name: 'x', kind: 'numeric' },
        { name: 'color', kind: 'categorical', levels: ['blue', 'green', 'red'] },
      ],
      target: { name: 'y', task: 'binary', classes: ['no', 'yes'] },
    },
    objective: 'binary:logistic',
    nGroups: 1,
    baseMargin: -0.25,
    params: { objective: 'binary:logistic', eta: 0.3, max_depth: 3 },
    training: { evalMetric: 'logloss', history: [0.6, 0.5], bestIteration: 1, rounds: 2, metrics: { auc: 0.75 } },
    trees: buildTrees(
      [
        {
          group: 0,
          nodes: [
            { feature: 0, threshold: 0.5, flags: 1, left: 1, right: 2 },
            { leaf: -1.5 },
            { feature: 1, flags: 2, catOffset: 0, catLen: 1, left: 3, right: 4 },
            { leaf: 2 },
            { leaf: 0.5 },
          ],
        },
        { group: 0, nodes: [{ leaf: 0.25 }] },
      ],
      [0b100],
    ),
  };
}

/** The binary model's margin by hand (x NaN = missing, color undefined = missing or unseen). */
export function binaryMargin(x: number, color: string | undefined): number {
  const t0 = Number.isNaN(x) || x < 0.5 ? -1.5 : color === 'red' ? 2 : 0.5;
  return -0.25 + t0 + 0.25;
}

/**
 * Multiclass model on x, target species (a, b, c): margins 0.5 + per-group trees
 *   g0: x < 1 ? 2 : 0;   g1: x < 1 ? 0 : (x < 2 ? 2 : 0);   g2: x < 2 ? 0 : 2   (missing right)
 */
export function multiclassModel(): GBDTModel {
  return {
    format: 'thicket-model',
    version: MODEL_VERSION,
    learner: 'gbdt',
    schema: { features: [{ name: 'x', kind: 'numeric' }], target: { name: 'species', task: 'multiclass', classes: ['a', 'b', 'c'] } },
    objective: 'multi:softprob',
    nGroups: 3,
    baseMargin: 0.5,
    params: { objective: 'multi:softprob' },
    training: { history: [], bestIteration: 0, rounds: 1 },
    trees: buildTrees([
      { group: 0, nodes: [{ feature: 0, threshold: 1, left: 1, right: 2 }, { leaf: 2 }, { leaf: 0 }] },
      {
        group: 1,
        nodes: [
          { feature: 0, threshold: 1, left: 1, right: 2 },
          { leaf: 0 },
          { feature: 0, threshold: 2, left: 3, right: 4 },
          { leaf: 2 },
          { leaf: 0 },
        ].map((n) => (n.left !== undefined ? { ...n, left: n.left + 3, right: n.right! + 3 } : n)),
      },
      { group: 2, nodes: [{ feature: 0, threshold: 2, left: 9, right: 10 }, { leaf: 0 }, { leaf: 2 }] },
    ]),
  };
}

/** The multiclass model's class probabilities by hand. */
export function multiclassProbs(x: number): number[] {
  const m = [x < 1 ? 2 : 0, x < 1 ? 0 : x < 2 ? 2 : 0, x < 2 ? 0 : 2].map((v) => v + 0.5);
  const e = m.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Regression model on x, target price: 10 + (x < 2 ? -1 : 3) (missing right). */
export function regressionModel(): GBDTModel {
  return {
    format: 'thicket-model',
    version: MODEL_VERSION,
    learner: 'gbdt',
    schema: { features: [{ name: 'x', kind: 'numeric' }], target: { name: 'price', task: 'regression' } },
    objective: 'reg:squarederror',
    nGroups: 1,
    baseMargin: 10,
    params: {},
    training: { history: [], bestIteration: 0, rounds: 1 },
    trees: buildTrees([{ group: 0, nodes: [{ feature: 0, threshold: 2, left: 1, right: 2 }, { leaf: -1 }, { leaf: 3 }] }]),
  };
}

export function regressionValue(x: number): number {
  return 10 + (Number.isNaN(x) ? 3 : x < 2 ? -1 : 3);
}

export const sigmoid = (m: number): number => 1 / (1 + Math.exp(-m));
