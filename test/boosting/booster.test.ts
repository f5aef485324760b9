import { describe, it, expect } from 'vitest';
import { trainGBDT } from '../../src/boosting/train.js';
import { predictDataset } from '../../src/predict/predictor.js';
import type { Dataset, Schema } from '../../src/data/frame.js';
import { Rng } from '../../src/util/rng.js';
import { auc, rmse } from '../../src/metric/metrics.js';

function planted(n: number, seed: number, task: 'binary' | 'regression'): Dataset {
  const rng = new Rng(seed);
  const nF = 4;
  const x = new Float32Array(n * nF);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < nF; f++) x[f * n + i] = rng.next() * 10;
    if (rng.next() < 0.05) x[0 * n + i] = NaN;
    const a = x[i], b = x[n + i];
    const s = (Number.isNaN(a) ? 7 : a) + (b > 5 ? 3 : 0);
    y[i] = task === 'binary' ? (s + rng.next() * 2 > 8 ? 1 : 0) : s + rng.next();
  }
  const schema: Schema = {
    features: [0, 1, 2, 3].map((f) => ({ name: `f${f}`, kind: 'numeric' as const })),
    target: task === 'binary' ? { name: 'y', task, classes: ['0', '1'] } : { name: 'y', task },
  };
  return { schema, nRows: n, features: x, target: y };
}

describe('boosting on a planted rule', () => {
  it('learns a binary rule with missing values', () => {
    const tr = planted(5000, 1, 'binary');
    const te = planted(2000, 2, 'binary');
    const m = trainGBDT({ num_boost_round: 30, max_depth: 4 }, tr, { valid: te });
    const p = predictDataset(m, te);
    const pos = new Float64Array(te.nRows).map((_, i) => p.output[2 * i + 1]);
    expect(auc(te.target!, pos)).toBeGreaterThan(0.9);
    expect(m.training.history.length).toBe(30);
  });
  it('learns a regression rule', () => {
    const tr = planted(5000, 3, 'regression');
    const te = planted(2000, 4, 'regression');
    const m = trainGBDT({ num_boost_round: 50, max_depth: 4 }, tr);
    const p = predictDataset(m, te);
    expect(rmse(te.target!, p.output)).toBeLessThan(0.5);
  });
});
