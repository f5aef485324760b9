/** A cheap synthetic tuning problem for searcher tests: a shifted quadratic in three numeric dimensions plus a choice. */
import type { Config, Space } from '../../../src/automl/space.js';
import type { Searcher, TrialResult } from '../../../src/automl/searchers/searcher.js';

/** x linear, lr log-scale, n log-scale int, kind a choice. The optimum is x = 2, lr = 10^-1.5, n = 60, kind = 'b'. */
export const SPACE: Space = {
  x: { type: 'float', low: -5, high: 5 },
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  n: { type: 'int', low: 1, high: 200, log: true },
  kind: { type: 'choice', values: ['a', 'b', 'c'] },
};

/** Score (higher is better, at most 0) and a cost that grows with n (so the cheap end is n = 1). */
export function objective(c: Config): TrialResult {
  const x = c.x as number, lr = c.lr as number, n = c.n as number;
  const loss = ((x - 2) / 5) ** 2 + ((Math.log10(lr) + 1.5) / 2) ** 2 + (Math.log(n / 60) / 3) ** 2 + (c.kind === 'b' ? 0 : 0.3);
  return { score: -loss, cost: 0.01 + n / 100 };
}

export interface Trace { configs: Config[]; results: TrialResult[]; exhausted: boolean }

/** Runs `trials` sequential trials (suggest, evaluate, report); stops early when the searcher returns null. */
export function runSequential(s: Searcher, trials: number, f: (c: Config) => TrialResult = objective): Trace {
  const configs: Config[] = [];
  const results: TrialResult[] = [];
  for (let i = 0; i < trials; i++) {
    const c = s.suggest();
    if (c === null) return { configs, results, exhausted: true };
    const r = f(c);
    s.onTrialComplete(c, r);
    configs.push(c);
    results.push(r);
  }
  return { configs, results, exhausted: false };
}

/** The best score of a trace (failed trials ignored). */
export function bestScore(t: Trace): number {
  return Math.max(...t.results.filter((r) => !r.failed).map((r) => r.score));
}

/**
 * Simulates `workers` parallel workers: each trial finishes `cost` seconds after it starts (plus a seeded jitter
 * from `jitter()`), so results arrive out of suggestion order. Stops after `trials` suggestions or on null.
 */
export function runParallel(
  s: Searcher, trials: number, workers: number, jitter: () => number, f: (c: Config) => TrialResult = objective,
): Trace & { completionOrder: number[] } {
  const configs: Config[] = [];
  const results: TrialResult[] = [];
  const completionOrder: number[] = [];
  const running: { id: number; end: number }[] = [];
  let now = 0;
  let exhausted = false;
  for (;;) {
    while (!exhausted && running.length < workers && configs.length < trials) {
      const c = s.suggest();
      if (c === null) { exhausted = true; break; }
      const r = f(c);
      configs.push(c);
      results.push(r);
      running.push({ id: configs.length - 1, end: now + r.cost + jitter() });
    }
    if (running.length === 0) break;
    running.sort((a, b) => a.end - b.end || a.id - b.id);
    const done = running.shift()!;
    now = done.end;
    completionOrder.push(done.id);
    s.onTrialComplete(configs[done.id], results[done.id]);
  }
  return { configs, results, exhausted, completionOrder };
}
