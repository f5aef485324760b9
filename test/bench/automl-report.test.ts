// The AutoML benchmark's rules (bench/lib/automl-report.mjs): beats / ties / loses, the issue-10
// goal shares, datasets without a seed result, the budget check and merging pieces of a run.
import { describe, expect, it } from 'vitest';
import { compare, mergeRuns, summarize, summaryLines, tableRows } from '../../bench/lib/automl-report.mjs';

interface Opts { seed?: number | null; xgb?: number; ours: number | null; metric?: string; wall?: number; budget?: number }

function row(dataset: string, o: Opts) {
  const metric = o.metric ?? 'auc';
  const budget = o.budget ?? 10;
  const wall = o.wall ?? budget;
  const ok = o.ours !== null;
  const thicket = {
    ok, budget_s: budget, wall_s: wall, overrun_s: wall - budget, overrun_frac: wall / budget - 1,
    ...(ok ? { metrics: { [metric]: o.ours }, trials: 5, ensemble: 'greedy' } : { error: 'thicket fit exit 1' }),
  };
  const seed = o.seed === null || o.seed === undefined
    ? { ok: false, error: 'reference.json: seed pipeline skipped' }
    : { ok: true, source: 'reference', fit_s: budget, metrics: { [metric]: o.seed }, winner: 'xgb' };
  return {
    dataset, metric, task: 'binary', seed, thicket, sweep: [], notes: [], reached: null,
    xgb_default: o.xgb === undefined ? null : { [metric]: o.xgb },
    vs_seed: seed.ok && ok ? compare(metric, o.ours, o.seed) : (seed.ok ? 'failed' : null),
    vs_xgb: o.xgb !== undefined && ok ? compare(metric, o.ours, o.xgb) : (ok ? null : 'failed'),
  };
}

describe('compare', () => {
  it('ties AUC within 0.001 absolute and other metrics within 0.1% relative', () => {
    expect(compare('auc', 0.9, 0.8995)).toBe('ties');
    expect(compare('auc', 0.9, 0.898)).toBe('beats');
    expect(compare('auc', 0.898, 0.9)).toBe('loses');
    expect(compare('logloss', 0.1000, 0.10005)).toBe('ties');
    expect(compare('logloss', 0.0192, 0.0141)).toBe('loses');
    expect(compare('rmse', 520, 530)).toBe('beats');
    expect(compare('accuracy', 0.9637, 0.9635)).toBe('ties');
    expect(compare('auc', Number.NaN, 0.9)).toBeNull();
  });
});

describe('summarize', () => {
  it('counts beats-or-ties against each baseline and leaves a dataset without a seed result out of the seed share', () => {
    const rows = [
      row('a', { seed: 0.80, xgb: 0.79, ours: 0.81 }),
      row('b', { seed: 0.90, xgb: 0.95, ours: 0.9005 }),
      row('c', { seed: 0.90, xgb: 0.80, ours: 0.85 }),
      row('big', { seed: null, xgb: 0.775, ours: 0.770, budget: 60, wall: 64 }),
    ];
    const s = summarize(rows);
    expect(s.nSeed).toBe(3);
    expect(s.beatsOrTiesSeed).toBe(2);
    expect(s.losesSeed).toEqual(['c']);
    expect(s.nXgb).toBe(4);
    expect(s.beatsOrTiesXgb).toBe(2);
    expect(s.losesXgb).toEqual(['b', 'big']);
    // big ran 64 s on a 60 s budget: +6.7%, over the 5% tolerance.
    expect(s.fullWithin).toBe(3);
    expect(s.worstOverrun?.dataset).toBe('big');
    const lines = summaryLines(s).join('\n');
    expect(lines).toMatch(/seed pipeline: 2\/3 \(67%\).*goal not met/);
    expect(lines).toMatch(/no seed pipeline result.*big/);
    const { header, body } = tableRows(rows, 'reference');
    const big = body[3];
    expect(big[header.indexOf('seed pipeline')]).toBe('n/a');
    expect(big[header.indexOf('overrun vs --time')]).toMatch(/OVER$/);
  });

  it('counts a failed thicket run as a loss against both baselines', () => {
    const s = summarize([row('a', { seed: 0.8, xgb: 0.8, ours: null }), row('b', { seed: 0.8, xgb: 0.8, ours: 0.8 })]);
    expect(s.beatsOrTiesSeed).toBe(1);
    expect(s.beatsOrTiesXgb).toBe(1);
    expect(s.failed).toHaveLength(1);
    expect(summaryLines(s).join('\n')).toMatch(/50%\).*goal not met/);
  });
});

describe('mergeRuns', () => {
  const meta = (commit: string, load: string) => ({ commit, commands: [`node bench/automl.mjs --datasets x`], loads: [load], maxLoad1: Number(load), dirty: false, date: 'd', machine: 'm' });
  const options = { budget: 'reference' };

  it('joins the pieces in the given order with every piece\'s load', () => {
    const p1 = { meta: meta('abc', '1.5'), options, rows: [row('z', { seed: 0.8, xgb: 0.8, ours: 0.9 })] };
    const p2 = { meta: meta('abc', '0.5'), options, rows: [row('a', { seed: 0.8, xgb: 0.8, ours: 0.7 })] };
    const m = mergeRuns([p1, p2], ['a', 'z']);
    expect(m.rows.map((r: { dataset: string }) => r.dataset)).toEqual(['a', 'z']);
    expect(m.meta.loads).toEqual(['1.5', '0.5']);
    expect(m.meta.maxLoad1).toBe(1.5);
    expect(m.meta.commands).toHaveLength(2);
    expect(m.summary.beatsOrTiesSeed).toBe(1);
  });

  it('refuses pieces of different commits or a dataset run twice', () => {
    const r = [row('a', { seed: 0.8, xgb: 0.8, ours: 0.9 })];
    expect(() => mergeRuns([{ meta: meta('abc', '1'), options, rows: r }, { meta: meta('def', '1'), options, rows: [] }])).toThrow(/different commits/);
    expect(() => mergeRuns([{ meta: meta('abc', '1'), options, rows: r }, { meta: meta('abc', '1'), options, rows: r }])).toThrow(/more than one piece/);
  });
});
