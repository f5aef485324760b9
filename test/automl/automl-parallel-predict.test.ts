// AutoML ensembles predicted on worker threads equal the main thread's prediction bit for bit (needs `npm run build`).
import { describe, it, expect } from 'vitest';
import { readFrame } from '../../src/data/read-frame.js';
import { runAutoML } from '../../src/automl/automl.js';
import { predictAutoML, preprocessFrame } from '../../src/automl/automl-model.js';
import { predictAutoMLParallel } from '../../src/automl/automl-parallel-predict.js';
import { applySchema } from '../../src/data/apply-schema.js';

describe('predictAutoMLParallel', () => {
  it('gives predictAutoML\'s output on 2 threads for an ensemble of gbdt, forest and linear members', async () => {
    const r = await runAutoML(await readFrame('data/breast_cancer.train.csv'), { target: 'diagnosis', trials: 6, learners: ['gbdt', 'rf', 'linear'], seed: 2, workers: 2 });
    const model = r.model;
    const learners = new Set(model.members.map((m) => m.learner));
    const small = applySchema(preprocessFrame(model, await readFrame('data/breast_cancer.test.csv')), model.schema, { requireTarget: true });
    // The test rows repeated to 40k rows: enough for several row ranges per thread.
    const reps = Math.ceil(40_000 / small.nRows), n = small.nRows * reps, nF = model.schema.features.length;
    const features = new Float32Array(n * nF);
    for (let f = 0; f < nF; f++) for (let k = 0; k < reps; k++) features.set(small.features.subarray(f * small.nRows, (f + 1) * small.nRows), f * n + k * small.nRows);
    const data = { schema: model.schema, nRows: n, features };
    const main = predictAutoML(model, data);
    // minWork 0: every tree model goes to the pool, however small.
    const par = await predictAutoMLParallel(model, data, { nthread: 2, minWork: 0 });
    expect(par).toEqual(main);
    expect(learners.size + model.members.length).toBeGreaterThan(1);
  }, 60_000);
});
