/** The one contract every Searcher meets, run over every implementation, plus search quality on a synthetic objective. */
import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import { type Config, type Space, configKey, sample, validateConfig } from '../../../src/automl/space.js';
import { SEARCHER_NAMES, createSearcher } from '../../../src/automl/searchers/registry.js';
import type { TrialResult } from '../../../src/automl/searchers/searcher.js';
import { SPACE, bestScore, objective, runParallel, runSequential } from './synthetic.js';

const SMALL: Space = {
  i: { type: 'int', low: 1, high: 3 },
  c: { type: 'choice', values: [true, false] },
};

function keys(configs: Config[]): string[] {
  return configs.map(configKey);
}

describe.each(SEARCHER_NAMES)('searcher contract: %s', (name) => {
  it('suggests only full configs inside the space', () => {
    const t = runSequential(createSearcher(name, SPACE, { seed: 3 }), 60);
    expect(t.configs.length).toBe(60);
    for (const c of t.configs) expect(validateConfig(c, SPACE)).toEqual([]);
  });

  it('gives the same suggestions for the same seed and results, others for another seed', () => {
    const a = runSequential(createSearcher(name, SPACE, { seed: 42 }), 40).configs;
    const b = runSequential(createSearcher(name, SPACE, { seed: 42 }), 40).configs;
    const c = runSequential(createSearcher(name, SPACE, { seed: 43 }), 40).configs;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('tries the initial configs first, in order, each once', () => {
    const rng = new Rng(9);
    const [p, q, r] = [sample(SPACE, rng), sample(SPACE, rng), sample(SPACE, rng)];
    const t = runSequential(createSearcher(name, SPACE, { seed: 1, initial: [p, q, p, r], lowCost: { n: 2 } }), 30);
    expect(t.configs.slice(0, 3)).toEqual([p, q, r]);
    expect(new Set(keys(t.configs)).size).toBe(30);
  });

  it('rejects an initial config that misses a dimension', () => {
    expect(() => createSearcher(name, SPACE, { seed: 1, initial: [{ x: 0 }] })).toThrow(/missing value for dimension "lr"/);
  });

  it('never repeats a config, and returns null once a finite space is exhausted', () => {
    const s = createSearcher(name, SMALL, { seed: 5 });
    const t = runSequential(s, 50, (c) => ({ score: (c.i as number) + (c.c ? 1 : 0), cost: 1 }));
    expect(t.exhausted).toBe(true);
    expect(t.configs).toHaveLength(6);
    expect(new Set(keys(t.configs)).size).toBe(6);
    expect(s.suggest()).toBeNull();

    const cont = runSequential(createSearcher(name, SPACE, { seed: 5 }), 80);
    expect(new Set(keys(cont.configs)).size).toBe(cont.configs.length);
  });

  it('accepts results out of order from parallel workers', () => {
    const jitter = new Rng(77);
    const t = runParallel(createSearcher(name, SPACE, { seed: 8 }), 50, 4, () => 2 * jitter.next());
    expect(t.configs).toHaveLength(50);
    expect(t.completionOrder).toHaveLength(50);
    expect(t.completionOrder).not.toEqual([...t.completionOrder].sort((a, b) => a - b));
    expect(new Set(keys(t.configs)).size).toBe(50);
    for (const c of t.configs) expect(validateConfig(c, SPACE)).toEqual([]);
  });

  it('keeps going after failed trials, however they are reported', () => {
    let k = 0;
    const flaky = (c: Config): TrialResult => {
      k++;
      if ((c.x as number) > 0) return { score: NaN, cost: 0.5, failed: true };
      if (k % 5 === 0) return { score: -Infinity, cost: 0.1 };
      return objective(c);
    };
    const t = runSequential(createSearcher(name, SPACE, { seed: 4 }), 50, flaky);
    expect(t.configs).toHaveLength(50);
    expect(new Set(keys(t.configs)).size).toBe(50);

    const allFail = runSequential(createSearcher(name, SPACE, { seed: 4 }), 30, () => ({ score: NaN, cost: 1, failed: true }));
    expect(allFail.configs).toHaveLength(30);
    for (const c of allFail.configs) expect(validateConfig(c, SPACE)).toEqual([]);
  });
});

describe.each(['tpe', 'cfo'] as const)('search quality: %s', (name) => {
  const rng = new Rng(1);
  const randomScores = Array.from({ length: 1001 }, () => objective(sample(SPACE, rng)).score).sort((a, b) => a - b);
  const medianRandom = randomScores[500];

  it('beats the median random config within 60 trials (sequential and 4 workers)', () => {
    expect(bestScore(runSequential(createSearcher(name, SPACE, { seed: 7 }), 60))).toBeGreaterThan(medianRandom);
    const jitter = new Rng(5);
    const par = runParallel(createSearcher(name, SPACE, { seed: 7 }), 60, 4, () => jitter.next());
    expect(bestScore(par)).toBeGreaterThan(medianRandom);
  });

  it('beats random search with the same budget on most seeds', () => {
    let wins = 0;
    for (let seed = 0; seed < 10; seed++) {
      const mine = bestScore(runSequential(createSearcher(name, SPACE, { seed }), 60));
      const rand = bestScore(runSequential(createSearcher('random', SPACE, { seed }), 60));
      if (mine > rand) wins++;
    }
    expect(wins).toBeGreaterThanOrEqual(6);
  });
});
