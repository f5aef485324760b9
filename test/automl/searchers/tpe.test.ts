/** TPE and its Parzen estimators: densities normalised on [0, 1], samples in range, startup phase, focus near good trials. */
import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import type { Config, Space } from '../../../src/automl/space.js';
import { CategoricalParzen, NumericParzen } from '../../../src/automl/searchers/parzen.js';
import { TpeSearcher } from '../../../src/automl/searchers/tpe.js';
import { RandomSearcher } from '../../../src/automl/searchers/random.js';
import { SPACE, runSequential } from './synthetic.js';

describe('NumericParzen', () => {
  const cases = [[], [0.5], [0, 1], [0.2, 0.21, 0.22, 0.9], Array.from({ length: 60 }, (_, i) => (i * 0.37) % 1)];

  it.each(cases.map((c) => [c.length, c] as const))('integrates to 1 over [0, 1] (%i points)', (_n, points) => {
    const p = new NumericParzen(points);
    const M = 20000;
    let area = 0;
    for (let i = 0; i < M; i++) area += Math.exp(p.logPdf((i + 0.5) / M)) / M;
    expect(area).toBeCloseTo(1, 3);
  });

  it('samples inside [0, 1], concentrated near the observations', () => {
    const p = new NumericParzen([0.2, 0.21, 0.22, 0.19, 0.2, 0.18, 0.23, 0.2, 0.21, 0.2], 1);
    const rng = new Rng(1);
    const xs = Array.from({ length: 5000 }, () => p.sample(rng));
    for (const x of xs) { expect(x).toBeGreaterThanOrEqual(0); expect(x).toBeLessThanOrEqual(1); }
    const near = xs.filter((x) => Math.abs(x - 0.2) < 0.15).length / xs.length;
    expect(near).toBeGreaterThan(0.7); // 0.3 for a uniform density
    expect(p.logPdf(0.2)).toBeGreaterThan(p.logPdf(0.8) + 1);
  });
});

describe('CategoricalParzen', () => {
  it('smooths the counts with the prior and samples in proportion', () => {
    const p = new CategoricalParzen([0, 0, 0, 2], 3, 1);
    const probs = [0, 1, 2].map((i) => Math.exp(p.logPdf(i)));
    expect(probs[0]).toBeCloseTo((3 + 1 / 3) / 5, 12);
    expect(probs[1]).toBeCloseTo((1 / 3) / 5, 12);
    expect(probs.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    const rng = new Rng(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[p.sample(rng)]++;
    for (let i = 0; i < 3; i++) expect(Math.abs(counts[i] / 20000 - probs[i])).toBeLessThan(0.015);
  });
});

describe('TpeSearcher', () => {
  it('suggests exactly what random search would during its startup trials', () => {
    const tpe = runSequential(new TpeSearcher(SPACE, { seed: 12 }, { nStartup: 10 }), 10).configs;
    const rnd = runSequential(new RandomSearcher(SPACE, { seed: 12 }), 10).configs;
    expect(tpe).toEqual(rnd);
  });

  it('focuses its suggestions where the good trials were', () => {
    const space: Space = { a: { type: 'float', low: 0, high: 1 }, k: { type: 'choice', values: ['p', 'q', 'r', 's'] } };
    const f = (c: Config) => ({ score: -Math.abs((c.a as number) - 0.8) - (c.k === 'r' ? 0 : 0.5), cost: 1 });
    const t = runSequential(new TpeSearcher(space, { seed: 3 }), 60, f);
    const late = t.configs.slice(30);
    const nearA = late.filter((c) => Math.abs((c.a as number) - 0.8) < 0.15).length / late.length;
    const onR = late.filter((c) => c.k === 'r').length / late.length;
    expect(nearA).toBeGreaterThan(0.6); // 0.3 for uniform sampling
    expect(onR).toBeGreaterThan(0.6); // 0.25 for uniform sampling
  });

  it('spreads suggestions made while trials are pending (they count as bad)', () => {
    const space: Space = { a: { type: 'float', low: 0, high: 1 } };
    const f = (c: Config) => ({ score: -Math.abs((c.a as number) - 0.5), cost: 1 });
    for (let seed = 0; seed < 5; seed++) {
      const s = new TpeSearcher(space, { seed });
      runSequential(s, 20, f);
      // Eight workers ask at once: without the pending trials in the bad density the argmax lands in one or
      // two tenths of the interval every time.
      const batch = Array.from({ length: 8 }, () => s.suggest()!.a as number);
      expect(new Set(batch.map((x) => Math.floor(x * 10))).size).toBeGreaterThanOrEqual(4);
    }
  });
});
