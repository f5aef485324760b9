// A trial alone on the local pool trains on a team of its threads, also when `fit` wraps the
// pool in the fold cache (--resume): the wrapper once made every CLI fit train one thread a fold.
// Needs `npm run build` (workers run compiled JS).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runAutoML } from '../../src/automl/automl.js';
import { localFoldCache } from '../../src/distributed/fold-cache.js';
import { frameFromJs } from '../../src/data/frame-from-js.js';
import { Rng } from '../../src/util/rng.js';

describe('team threads on the local pool', () => {
  it('one trial on a holdout plan gets both workers, with or without the fold cache, and the same model', async () => {
    // Over 100k rows: one holdout split, so a lone trial has one fold task for two workers.
    const rng = new Rng(9), n = 120_000;
    const x0 = Float64Array.from({ length: n }, () => rng.next());
    const x1 = Float64Array.from({ length: n }, () => rng.next());
    const y = Array.from({ length: n }, (_, i) => (x0[i] + x1[i] * x1[i] + 0.4 * rng.next() > 1 ? 'a' : 'b'));
    const frame = () => frameFromJs({ columns: { x0, x1, y } });
    const opts = { target: 'y', trials: 1, learners: ['gbdt' as const], workers: 2, seed: 1 };
    const plain = await runAutoML(frame(), opts);
    const dir = mkdtempSync(join(tmpdir(), 'team-threads-'));
    // The cache names its folds by the training file's identity: any file will do.
    writeFileSync(join(dir, 'train.csv'), 'x0,x1,y\n');
    try {
      const cached = await runAutoML(frame(), {
        ...opts, transport: localFoldCache({ dir: join(dir, 'folds'), path: join(dir, 'train.csv'), target: 'y', categorical: [], reuse: false }),
      });
      expect(plain.trials[0].threads).toBe(2);
      expect(cached.trials[0].threads).toBe(2);
      expect(cached.trials[0].value).toBe(plain.trials[0].value);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
