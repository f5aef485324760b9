// The AutoML loop end to end on a bundled dataset (needs `npm run build`: workers run compiled JS).
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFrame } from '../../src/data/read-frame.js';
import { runAutoML } from '../../src/automl/automl.js';
import { predictAutoML } from '../../src/automl/automl-model.js';
import { applySchema } from '../../src/data/apply-schema.js';
import { applyPreprocess } from '../../src/inference/preprocess.js';
import { auc } from '../../src/metric/metrics.js';
import { frameFromJs } from '../../src/data/frame-from-js.js';
import { Rng } from '../../src/util/rng.js';

const train = 'data/breast_cancer.train.csv';
const test = 'data/breast_cancer.test.csv';

describe('runAutoML', () => {
  it('the same seed and trial count give the same leaderboard with 1 or 2 workers', async () => {
    const frame = await readFrame(train);
    const run = (workers: number) => runAutoML(frame, { target: 'diagnosis', trials: 6, workers, seed: 3 });
    const [a, b] = [await run(1), await run(2)];
    const key = (r: Awaited<ReturnType<typeof run>>) => r.trials.map((t) => [t.trial, t.learner, JSON.stringify(t.config), t.value]);
    expect(key(a)).toEqual(key(b));
    expect(a.model.leaderboard.map((r) => r.value)).toEqual(b.model.leaderboard.map((r) => r.value));
    expect(a.trials).toHaveLength(6);
  });

  it('a model that predicts held-out data well; out-of-fold score near the test score', async () => {
    const r = await runAutoML(await readFrame(train), { target: 'diagnosis', trials: 4, seed: 1 });
    const tf = applyPreprocess(await readFrame(test), r.model.preprocess);
    const data = applySchema(tf, r.model.schema, { requireTarget: true });
    const out = predictAutoML(r.model, data);
    const p = Float64Array.from({ length: data.nRows }, (_, i) => out[2 * i + 1]);
    expect(auc(data.target!, p)).toBeGreaterThan(0.98);
    expect(r.model.validation.value).toBeGreaterThan(0.98);
    expect(r.model.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 9);
  });

  it('forest trials fit in their worker scratch on tens of thousands of rows (whole trees in the subtree kernel)', async () => {
    // Small data hides a scratch estimate that grows slower than the forest kernel's needs.
    const rng = new Rng(7), n = 40_000;
    const x0 = Float64Array.from({ length: n }, () => rng.next());
    const x1 = Float64Array.from({ length: n }, () => rng.next());
    const c = Array.from({ length: n }, () => `L${rng.int(30)}`);
    const y = Array.from({ length: n }, (_, i) => (x0[i] + 0.3 * rng.next() > 0.6 ? 'yes' : 'no'));
    const r = await runAutoML(frameFromJs({ columns: { x0, x1, c, y } }), { target: 'y', trials: 2, learners: ['rf', 'extratrees'], workers: 1, seed: 2 });
    for (const t of r.trials) expect(t.status, `${t.learner}: ${t.error ?? ''}`).not.toBe('failed');
    expect(r.model.validation.value).toBeGreaterThan(0.85);
  }, 60_000);

  it('respects the time budget', async () => {
    const r = await runAutoML(await readFrame(train), { target: 'diagnosis', timeSeconds: 3, seed: 1 });
    expect(r.seconds).toBeLessThanOrEqual(3 * 1.05);
    expect(r.trials.length).toBeGreaterThan(1);
  });

  it('a worker killed mid-run fails only its trial; the search goes on', async () => {
    const crashing = fileURLToPath(new URL('./fixtures/crashing-handlers.mjs', import.meta.url));
    const r = await runAutoML(await readFrame(train), { target: 'diagnosis', trials: 6, seed: 1, workers: 2, handlersModule: crashing });
    expect(r.trials[2].status).toBe('failed');
    expect(r.trials.filter((t) => t.status === 'ok')).toHaveLength(5);
  });

  it('releaseInput lets go of the parsed columns once the dataset is built; the search is unchanged', async () => {
    const run = async (releaseInput: boolean) => {
      const frame = await readFrame(train);
      const r = await runAutoML(frame, { target: 'diagnosis', trials: 2, workers: 1, seed: 4, releaseInput });
      return { frame, values: r.trials.map((t) => t.value) };
    };
    const [kept, released] = [await run(false), await run(true)];
    expect(kept.frame.columns.length).toBeGreaterThan(1);
    expect(released.frame.columns).toEqual([]);
    expect(released.values).toEqual(kept.values);
  });

  it('rejects a metric that does not fit the task, and a zero budget', async () => {
    const frame = await readFrame(train);
    await expect(runAutoML(frame, { target: 'diagnosis', metric: 'rmse', trials: 1 })).rejects.toThrow(/--metric rmse does not apply to a binary target/);
    await expect(runAutoML(frame, { target: 'diagnosis', timeSeconds: 0 })).rejects.toThrow(/--time must be > 0/);
  });
});
