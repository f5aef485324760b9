/** Grid search: covers the whole grid once in a seeded order after the initial configs, then returns null. */
import { describe, it, expect } from 'vitest';
import { type Space, configKey, gridOf } from '../../../src/automl/space.js';
import { GridSearcher } from '../../../src/automl/searchers/grid.js';
import { runSequential } from './synthetic.js';

const SPACE: Space = {
  f: { type: 'float', low: 0, high: 10 },
  i: { type: 'int', low: 1, high: 100, log: true },
  c: { type: 'choice', values: ['a', 'b'] },
};
const score = () => ({ score: 0, cost: 1 });

describe('GridSearcher', () => {
  it('suggests every grid point exactly once, then null', () => {
    const s = new GridSearcher(SPACE, { seed: 1 }, 4);
    const t = runSequential(s, 1000, score);
    expect(t.exhausted).toBe(true);
    expect(t.configs).toHaveLength(4 * 4 * 2);
    expect(new Set(t.configs.map(configKey))).toEqual(new Set(gridOf(SPACE, 4).map(configKey)));
    expect(s.suggest()).toBeNull();
    expect(s.remaining).toBe(0);
  });

  it('shuffles by seed, and counts initial configs on the grid as done', () => {
    const a = runSequential(new GridSearcher(SPACE, { seed: 1 }), 100, score).configs;
    const b = runSequential(new GridSearcher(SPACE, { seed: 2 }), 100, score).configs;
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(gridOf(SPACE, 3));
    expect(new Set(b.map(configKey))).toEqual(new Set(a.map(configKey)));

    const onGrid = gridOf(SPACE, 3)[5];
    const offGrid = { f: 1.5, i: 7, c: 'b' };
    const t = runSequential(new GridSearcher(SPACE, { seed: 1, initial: [offGrid, onGrid] }), 100, score);
    expect(t.configs.slice(0, 2)).toEqual([offGrid, onGrid]);
    expect(t.configs).toHaveLength(18 + 1);
  });

  it('refuses a grid too large to hold', () => {
    const big: Space = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }]));
    expect(() => new GridSearcher(big, { seed: 1 }, 3)).toThrow(/exceed the limit/);
  });
});
