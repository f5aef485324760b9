/** Cost-frugal local search: cheap start, cost-aware moves, step halving and restarts, parallel waiting. */
import { describe, it, expect } from 'vitest';
import type { Config, Space } from '../../../src/automl/space.js';
import { CfoSearcher } from '../../../src/automl/searchers/cfo.js';
import { createSearcher } from '../../../src/automl/searchers/registry.js';
import { SPACE, objective, runSequential } from './synthetic.js';

describe('CfoSearcher', () => {
  it('starts from lowCost completed with the cheap end of each dimension', () => {
    const s = new CfoSearcher(SPACE, { seed: 1, lowCost: { x: 0, kind: 'c' } });
    expect(s.suggest()).toEqual({ x: 0, lr: 1e-4, n: 1, kind: 'c' });
    const t = new CfoSearcher(SPACE, { seed: 1, initial: [{ x: 1, lr: 0.1, n: 50, kind: 'b' }] });
    expect(t.suggest()).toEqual({ x: 1, lr: 0.1, n: 50, kind: 'b' });
    expect(t.suggest()).toEqual({ x: -5, lr: 1e-4, n: 1, kind: 'a' });
  });

  it('spends less than random search on its first trials (it climbs from the cheap end)', () => {
    const cost = (name: 'cfo' | 'random') => {
      let total = 0;
      for (let seed = 0; seed < 10; seed++) {
        total += runSequential(createSearcher(name, SPACE, { seed }), 10).results.reduce((a, r) => a + r.cost, 0);
      }
      return total;
    };
    expect(cost('cfo')).toBeLessThan(0.7 * cost('random'));
  });

  it('moves to an equally good config only when it is cheaper', () => {
    const space: Space = { n: { type: 'int', low: 1, high: 100 }, k: { type: 'choice', values: ['p', 'q'] } };
    const s = new CfoSearcher(space, { seed: 3, lowCost: { n: 50 } });
    const seen: number[] = [];
    const steps: number[] = [];
    runSequential(s, 60, (c) => {
      seen.push(s.incumbent?.config.n as number);
      steps.push(s.stepSize);
      return { score: 0, cost: c.n as number }; // a plateau: only cost tells configs apart
    });
    // Until a restart (the step grows back), the incumbent only gets cheaper, down to the cheapest config.
    const restart = steps.findIndex((x, i) => i > 0 && x > steps[i - 1]);
    expect(restart).toBeGreaterThan(0);
    for (let i = 1; i < restart; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1]);
    expect(seen[restart - 1]).toBe(1);
  });

  it('moves only on improvement, halves the step after failures and restarts when it gets too small', () => {
    const space: Space = { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } };
    const f = (c: Config) => ({ score: -(((c.a as number) - 0.3) ** 2) - ((c.b as number) - 0.6) ** 2, cost: 1 });
    const s = new CfoSearcher(space, { seed: 2 });
    const steps: number[] = [];
    const incumbentScores: number[] = [];
    const t = runSequential(s, 120, (c) => {
      const r = f(c);
      steps.push(s.stepSize);
      if (s.incumbent?.score !== undefined) incumbentScores.push(s.incumbent.score);
      return r;
    });
    const best = t.configs[t.results.reduce((bi, r, i, rs) => (r.score > rs[bi].score ? i : bi), 0)];
    expect(Math.abs((best.a as number) - 0.3)).toBeLessThan(0.03);
    expect(Math.abs((best.b as number) - 0.6)).toBeLessThan(0.03);
    // The step shrank below its start, and was reset at least once (a restart).
    expect(Math.min(...steps)).toBeLessThan(steps[0] / 3);
    expect(steps.some((x, i) => i > 0 && x > steps[i - 1])).toBe(true);
    // Between restarts the incumbent's score never gets worse.
    let drops = 0;
    for (let i = 1; i < incumbentScores.length; i++) if (incumbentScores[i] < incumbentScores[i - 1]) drops++;
    expect(drops).toBeLessThanOrEqual(steps.filter((x, i) => i > 0 && x > steps[i - 1]).length);
  });

  it('keeps suggesting while its own start point is still running (parallel workers)', () => {
    const s = new CfoSearcher(SPACE, { seed: 6 });
    const start = s.suggest()!;
    const others = [s.suggest(), s.suggest(), s.suggest()];
    for (const c of others) expect(c).not.toBeNull();
    // The start finishes last; the local search then proceeds from it.
    for (const c of others) s.onTrialComplete(c!, objective(c!));
    s.onTrialComplete(start, objective(start));
    expect(s.incumbent!.config).toEqual(start);
    expect(s.incumbent!.score).toBe(objective(start).score);
  });
});
