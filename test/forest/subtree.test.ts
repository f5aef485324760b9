/**
 * The growSubtree kernel (small nodes grown whole, rows grouped by bin) against the histogram
 * path (TreeGrower + ForestSplitter over splitFindMulti): with every feature tried at every node
 * there is no randomness in the split search, so both must give the same trees node for node.
 * Class counts are small integers (exact sums), so classification trees match bit for bit;
 * regression sums are rounded differently (histogram subtraction), so values match closely.
 */
import { describe, expect, it } from 'vitest';
import { trainForest } from '../../src/forest/forest-trainer.js';
import type { ParamMap } from '../../src/params.js';
import { planted } from './helpers.js';

const cases: [string, ReturnType<typeof planted>][] = [
  ['binary', planted({ rows: 3000, task: 'binary', noise: 0.15, missing: 0.1 })],
  ['multiclass', planted({ rows: 3000, task: 'multiclass', classes: 4, noise: 0.1, missing: 0.05 })],
  ['regression (integer target)', planted({ rows: 2000, task: 'regression', levels: 40 })],
];

async function both(params: ParamMap, d: (typeof cases)[number][1]) {
  const hist = await trainForest('rf', { nthread: 1, ...params }, d, { subtreeRows: 0 });
  const kern = await trainForest('rf', { nthread: 1, ...params }, d, { subtreeRows: 1 << 20 });
  const mixed = await trainForest('rf', { nthread: 1, ...params }, d, { subtreeRows: 200 });
  return [hist.model.trees, kern.model.trees, mixed.model.trees] as const;
}

/** Node-set equality up to the order nodes were emitted: compares trees by walking them from the roots. */
function sameTrees(a: ReturnType<typeof cases[0][1]['features']['slice']> extends never ? never : any, b: any, width: number): void {
  expect(b.treeRoot.length).toBe(a.treeRoot.length);
  expect(b.left.length).toBe(a.left.length);
  for (let t = 0; t < a.treeRoot.length; t++) {
    const stack: [number, number][] = [[a.treeRoot[t], b.treeRoot[t]]];
    while (stack.length) {
      const [i, j] = stack.pop()!;
      const where = `tree ${t}, nodes ${i} / ${j}`;
      expect(b.left[j] === -1, where).toBe(a.left[i] === -1);
      expect(b.cover[j], where).toBe(a.cover[i]);
      if (a.left[i] === -1) {
        for (let c = 0; c < width; c++) expect(Math.abs(b.value[j * width + c] - a.value[i * width + c]), where).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a.value[i * width + c])));
        continue;
      }
      expect([b.feature[j], b.threshold[j], b.flags[j]], where).toEqual([a.feature[i], a.threshold[i], a.flags[i]]);
      if (a.flags[i] & 2) {
        expect(Array.from(b.catWords.subarray(b.catOffset[j], b.catOffset[j] + b.catLen[j])), where)
          .toEqual(Array.from(a.catWords.subarray(a.catOffset[i], a.catOffset[i] + a.catLen[i])));
      }
      stack.push([a.left[i], b.left[j]], [a.right[i], b.right[j]]);
    }
  }
}

describe('growSubtree kernel vs the histogram grower', () => {
  it.each(cases)('%s: identical trees with every feature tried (bootstrap, missing values, categorical feature)', async (_name, d) => {
    const width = d.schema.target.task === 'multiclass' ? d.schema.target.classes!.length : 1;
    const [hist, kern, mixed] = await both({ n_estimators: 3, max_features: 1, seed: 5 }, d);
    sameTrees(hist, kern, width);
    sameTrees(hist, mixed, width);
  });

  it.each(cases)('%s: identical trees with min_samples_leaf, min_samples_split and max_depth', async (_name, d) => {
    const width = d.schema.target.task === 'multiclass' ? d.schema.target.classes!.length : 1;
    const [hist, kern, mixed] = await both({ n_estimators: 2, max_features: 1, min_samples_leaf: 3, min_samples_split: 9, max_depth: 7, bootstrap: false }, d);
    sameTrees(hist, kern, width);
    sameTrees(hist, mixed, width);
  });
});
