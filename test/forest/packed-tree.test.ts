/**
 * A packed tree read two ways agrees: the raw thresholds of the model (through the tree store)
 * and the bin cuts of the packed tree (leavesOf, used for rows outside the sample), and the
 * kernel's out-of-bag walk. Grid values, one bin per value, make them exact; rows of bins between
 * a node's two sides go by the raw threshold in all.
 */
import { describe, expect, it } from 'vitest';
import { binMatrix, computeBins, featureInfo } from '../../src/binning/bin-mapper.js';
import { binRanges } from '../../src/forest/forest-arrays.js';
import { TreeStore } from '../../src/tree/tree-store.js';
import { growTree, type TreeJob } from '../../src/forest/grow-tree.js';
import { leavesOf } from '../../src/tree/packed-tree.js';
import { createEngine } from '../../src/wasm/load.js';
import { planted } from './helpers.js';

describe('packed forest trees', () => {
  it('raw thresholds and packed bin cuts send every row to the same leaf', () => {
    const d = planted({ rows: 1500, task: 'binary', levels: 60, missing: 0.05, noise: 0.2, seed: 61 });
    const n = d.nRows, nF = d.schema.features.length;
    const engine = createEngine();
    const { arena } = engine;
    const fb = computeBins(createEngine(), d.features, n, d.schema, 256, 0);
    const bins = binMatrix(engine, d.features, n, fb);
    const binsRM = arena.alloc(n * nF + 16);
    engine.kernels.binsToRowMajor(bins, n, nF, binsRM);
    const job: TreeJob = {
      data: { bins, binsRM, info: arena.put(featureInfo(fb)), nRows: n, nFeatures: nF, label: arena.put(Float32Array.from(d.target!)), weight: 0,
        ranges: arena.put(binRanges(fb, d.features, arena.u8(bins, n * nF), n)) },
      valueWidth: 1, classification: true, classWeights: null, featuresPerNode: 2, minSamplesLeaf: 1, minSamplesSplit: 2, maxDepth: 0,
      randomSplits: false, leafOffset: 0, leafScale: 1, bootstrap: true, rowsPerTree: n, seed: 3, oob: true,
    };
    const codes = arena.u8(bins, n * nF).slice();
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    for (let t = 0; t < 4; t++) {
      const mark = arena.mark();
      const p = growTree(engine, job, t);
      arena.reset(mark);
      // Some numeric split has a bin between its two sides that only rows outside the node use.
      const viaCuts = leavesOf(p, codes, n, rows);
      const b = new TreeStore(fb, 1);
      b.add(p);
      const m = b.build();
      for (let r = 0; r < n; r++) {
        // Raw-value traversal of the model's arrays (node ids are the packed ids).
        let i = 0;
        while (m.left[i] !== -1) {
          const x = d.features[m.feature[i] * n + r];
          const left = Number.isNaN(x) ? (m.flags[i] & 1) === 1
            : m.flags[i] & 2 ? ((m.catWords[m.catOffset[i] + (x >> 5)] >>> (x & 31)) & 1) === 1 : x < m.threshold[i];
          i = left ? m.left[i] : m.right[i];
        }
        expect(i, `tree ${t} row ${r}`).toBe(viaCuts[r]);
      }
      // The out-of-bag leaves from the kernel walk match too.
      p.oobRows.forEach((r, k) => expect(p.oobLeaf[k]).toBe(viaCuts[r]));
      expect(p.binCut.some((c, i) => p.left[i] >= 0 && p.catIndex[i] < 0 && c !== p.splitBin[i])).toBe(true);
    }
  });
});
