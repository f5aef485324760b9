// Training on a row subset with validation rows of the same binned data (cross-validation folds).
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { prepareTraining } from '../../src/boosting/training-data.js';
import { boostBinned } from '../../src/boosting/booster.js';
import { resolveGBDT } from '../../src/boosting/gbdt-params.js';
import { predictDataset } from '../../src/predict/predictor.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel } from '../../src/model/model.js';
import type { Dataset, Schema } from '../../src/data/frame.js';
import { Rng } from '../../src/util/rng.js';

function data(n: number, task: 'binary' | 'multiclass'): Dataset {
  const rng = new Rng(5);
  const x = new Float32Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.next() * 4; x[n + i] = rng.int(3); x[2 * n + i] = rng.next() < 0.1 ? NaN : rng.next();
    const s = x[i] + (x[n + i] === 2 ? 2 : 0) + rng.next();
    y[i] = task === 'binary' ? (s > 3 ? 1 : 0) : Math.min(2, Math.floor(s / 2));
  }
  const schema: Schema = {
    features: [
      { name: 'a', kind: 'numeric' }, { name: 'c', kind: 'categorical', levels: ['p', 'q', 'r'] }, { name: 'm', kind: 'numeric' },
    ],
    target: { name: 'y', task, classes: task === 'binary' ? ['0', '1'] : ['0', '1', '2'] },
  };
  return { schema, nRows: n, features: x, target: y };
}

function subset(d: Dataset, rows: Uint32Array): Dataset {
  const n = d.nRows, m = rows.length, nF = d.schema.features.length;
  const x = new Float32Array(m * nF);
  for (let f = 0; f < nF; f++) for (let i = 0; i < m; i++) x[f * m + i] = d.features[f * n + rows[i]];
  return { schema: d.schema, nRows: m, features: x, target: Float64Array.from(rows, (r) => d.target![r]) };
}

describe.each(['binary', 'multiclass'] as const)('boostBinned on folds (%s)', (task) => {
  it('validation-row outputs equal the model predicting those rows from raw values', () => {
    const d = data(3000, task);
    const valid = Uint32Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 5 === 0);
    const train = Uint32Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 5 !== 0);
    const { settings, canonical } = resolveGBDT({ num_boost_round: 20, max_depth: 4, subsample: 0.8 }, task);
    const engine = createEngine();
    const td = prepareTraining(engine, d, 256, 0);
    const r = boostBinned(engine, td, settings, { trainRows: train, validRows: valid });
    expect(r.history.length).toBe(20);
    const model: GBDTModel = {
      format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'gbdt', schema: d.schema, objective: settings.objective,
      nGroups: r.nGroups, baseMargin: r.baseMargin, params: canonical, trees: r.trees,
      training: { history: r.history, bestIteration: r.bestIteration, rounds: r.rounds },
    };
    const p = predictDataset(model, subset(d, valid));
    expect(r.validOutput!.length).toBe(p.output.length);
    for (let i = 0; i < p.output.length; i++) expect(r.validOutput![i]).toBeCloseTo(p.output[i], 6);
  });
});
