// The sample ladder (nested stratified samples laid out as prefixes) and successive halving over it.
import { describe, it, expect } from 'vitest';
import { makePlan } from '../../src/automl/folds.js';
import { ladderSizes, makeLadder, prefixOrder } from '../../src/automl/samples.js';
import { SampleSchedule } from '../../src/automl/sample-schedule.js';
import type { Planned, TrialSource } from '../../src/automl/scheduler.js';
import { runAutoML } from '../../src/automl/automl.js';
import { finalRung, warmEta } from '../../src/automl/timed-search.js';
import { warmDepth } from '../../src/automl/learners/gbdt.js';
import { frameFromJs } from '../../src/data/frame-from-js.js';
import type { Dataset } from '../../src/data/frame.js';
import { Rng } from '../../src/util/rng.js';

function labels(n: number, pos: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => (rng.next() < pos ? 1 : 0));
}

describe('sample ladder', () => {
  it('sizes grow 4x from the smallest sample up to all training rows', () => {
    expect(ladderSizes(900_000)).toEqual([25_000, 100_000, 400_000, 900_000]);
    expect(ladderSizes(40_000)).toEqual([40_000]);
    expect(ladderSizes(9_000_000).at(-1)).toBe(9_000_000);
  });

  it('holdout samples are nested, keep the class shares, and keep at least 10k validation rows', () => {
    const y = labels(300_000, 0.2, 1);
    const plan = makePlan('binary', y, 0);
    const { rungs, rungOf } = makeLadder(plan, 'binary', y, 0);
    // Each class's share is rounded up: a row over per class at most.
    rungs.forEach((r, k) => expect(Math.abs(r.trainRows - [25_000, 100_000, 270_000][k])).toBeLessThanOrEqual(2));
    expect(rungs[0].plan.scoredRows.length).toBeGreaterThanOrEqual(10_000);
    expect(rungs[2].plan.scoredRows.length).toBe(plan.scoredRows.length);
    const share = (rows: Uint32Array) => rows.reduce((s, r) => s + y[r], 0) / rows.length;
    for (const r of rungs) expect(Math.abs(share(r.plan.folds[0].train) - share(plan.folds[0].train))).toBeLessThan(0.002);
    const small = new Set(rungs[0].plan.folds[0].train);
    for (const r of small) expect(rungOf![r]).toBe(0);
    expect(rungs[1].plan.folds[0].train.filter((r) => small.has(r)).length).toBe(small.size);
  });

  it('prefix order makes every sample the first rows and keeps each row with its label and fold', () => {
    const n = 120_000, rng = new Rng(3);
    const x = Float32Array.from({ length: n * 2 }, () => rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => (x[i] > 0.7 ? 1 : 0));
    const d: Dataset = { schema: { features: [{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'numeric' }], target: { name: 'y', task: 'binary', classes: ['0', '1'] } }, nRows: n, features: x.slice(), target: y.slice() };
    const plan0 = makePlan('binary', y, 0);
    const l0 = makeLadder(plan0, 'binary', y, 0, 10_000);
    const key = (i: number, xs: Float32Array, ys: Float64Array, fold: Int8Array) => `${xs[i]}|${xs[n + i]}|${ys[i]}|${fold[i]}`;
    const before = new Set(Array.from({ length: n }, (_, i) => key(i, x, y, plan0.foldOf)));
    const { plan, ladder } = prefixOrder(d, plan0, l0);
    for (let i = 0; i < n; i += 7) expect(before.has(key(i, d.features, d.target!, plan.foldOf))).toBe(true);
    for (let k = 0; k < ladder.rungs.length; k++) {
      const r = ladder.rungs[k];
      const size = r.plan.folds[0].train.length + r.plan.folds[0].valid.length;
      expect(Math.max(...r.plan.folds[0].train, ...r.plan.folds[0].valid)).toBe(size - 1);
      expect(r.trainRows).toBe(l0.rungs[k].trainRows);
    }
  });
});

describe('successive halving over samples', () => {
  it('promotes the best third of a rung once it has three trials, highest rung first', () => {
    let i = 0;
    const source: TrialSource = { next: (k) => Array.from({ length: k }, () => ({ learner: 'gbdt', config: { id: i++ } } as Planned)), report: () => {} };
    const s = new SampleSchedule(source, 3, 'auc');
    const first = s.next(4);
    expect(first.map((t) => t.rung)).toEqual([0, 0, 0, 0]);
    [0.7, 0.9, 0.8, 0.6].forEach((v, j) => s.report(first[j], { status: 'ok', value: v, seconds: 1, cost: 1 }));
    const second = s.next(4);
    expect(second[0]).toMatchObject({ rung: 1, config: { id: 1 } });
    expect(second.slice(1).map((t) => t.rung)).toEqual([0, 0, 0]);
    s.report(second[0], { status: 'ok', value: 0.95, seconds: 4, cost: 4 });
    expect(s.next(1)[0]).toMatchObject({ rung: 2, config: { id: 1 } });
    // Not when its estimated time is far beyond what is left.
    const t = new SampleSchedule(source, 2, 'auc');
    const ts = t.next(3);
    ts.forEach((x) => t.report(x, { status: 'ok', value: 0.5, seconds: 10, cost: 10 }));
    expect(t.next(1, 5_000)[0].rung).toBe(0);
  });

  it('a search on a small ladder promotes, and the final members come from the largest sample', async () => {
    const rng = new Rng(9), n = 6_000;
    const x0 = Float64Array.from({ length: n }, () => rng.next());
    const x1 = Float64Array.from({ length: n }, () => rng.next());
    const x2 = Float64Array.from({ length: n }, () => rng.next());
    const y = Array.from({ length: n }, (_, i) => (Math.sin(6 * x0[i]) + x1[i] * x2[i] + 0.3 * rng.next() > 0.6 ? 'a' : 'b'));
    const r = await runAutoML(frameFromJs({ columns: { x0, x1, x2, y } }), { target: 'y', trials: 12, learners: ['gbdt'], workers: 2, seed: 1, minSample: 500 });
    const rungs = r.trials.map((t) => t.rung);
    expect(Math.max(...rungs)).toBe(2);
    expect(r.rung).toBe(2);
    const byId = new Map(r.trials.map((t) => [t.trial, t]));
    for (const m of r.model.members) expect(byId.get(m.trial)!.rung).toBe(2);
    for (const row of r.model.leaderboard.filter((l) => l.learner !== 'ensemble')) expect(row.sample).toBe(r.sampleRows);
    expect(r.sampleRows).toBe(4000);
  }, 60_000);
});

describe('the final stage of a timed search', () => {
  it('runs the warm start, then the best unpromoted trials of the highest rung reached, on the top rung', () => {
    let i = 0;
    const source: TrialSource = { next: (k) => Array.from({ length: k }, () => ({ learner: 'gbdt', config: { id: i++ } } as Planned)), report: () => {} };
    const warm: Planned = { learner: 'gbdt', config: { id: 'warm' } };
    const s = new SampleSchedule(source, 3, 'auc', [warm]);
    // Stage 1 stays below the top rung.
    const first = s.next(3, Infinity, 1);
    [0.7, 0.9, 0.8].forEach((v, j) => s.report(first[j], { status: 'ok', value: v, seconds: 1, cost: 1 }));
    const up = s.next(1, Infinity, 1)[0];
    expect(up).toMatchObject({ rung: 1, config: { id: 1 } });
    s.report(up, { status: 'ok', value: 0.91, seconds: 4, cost: 4 });
    expect(s.next(3, Infinity, 1).every((t) => t.rung === 0)).toBe(true);
    expect(s.final()).toMatchObject({ rung: 2, config: { id: 'warm' } });
    // Rung 1's trial goes up; then rung 0's best not promoted yet (id 2, then id 0).
    expect(s.final()).toMatchObject({ rung: 2, config: { id: 1 } });
    expect(s.final()).toMatchObject({ rung: 2, config: { id: 2 } });
    expect(s.final()).toMatchObject({ rung: 2, config: { id: 0 } });
  });

  it('trains on the largest sample whose rounds the measured speed affords, never below the rung reached', () => {
    const t = (rung: number, sample: number, cost: number, rounds: number) => ({
      trial: 0, learner: 'gbdt' as const, config: { max_depth: 4 }, status: 'ok' as const, value: 0.8, seconds: cost, cost, rounds: [rounds],
      rung, sample, cut: 0, started: '', finished: '',
    });
    const rows = [25_000, 100_000, 400_000, 1_600_000];
    // 1.1 s for 25k rows x (60 + 40) rounds x (depth 4 + 1.5 levels of per-round work):
    // 8e-5 ms per row, round and level.
    const trials = [t(0, 25_000, 1.1, 60)];
    // 150 rounds at depth 8 (9.5 levels) on two threads (1.6x): 100k rows take 7 s, 400k 28.5 s, 1.6M 114 s.
    expect(finalRung(trials, rows, 60_000, 2, () => 8).rung).toBe(2);
    expect(finalRung(trials, rows, 130_000, 2, () => 8).rung).toBe(3);
    expect(finalRung(trials, rows, 10_000, 2, () => 8).rung).toBe(1);
    // The highest rung measured sets the speed; the rung stage 1 reached is the floor.
    expect(finalRung([...trials, t(2, 400_000, 8, 60)], rows, 60_000, 2, () => 8).rung).toBe(3);
    expect(finalRung([{ ...trials[0], learner: 'rf' as const, rung: 2 }], rows, 1, 2, () => 8).rung).toBe(3);
    expect(finalRung([t(2, 400_000, 1000, 60)], rows, 1, 2, () => 8).rung).toBe(2);
    // The rounds the time affords there set the warm start's eta (eta x rounds ~ 30).
    expect(finalRung(trials, rows, 60_000, 2, () => 8).rounds).toBeCloseTo((60_000 * 1.6) / (8e-5 * 400_000 * 9.5), 6);
    expect([warmEta(300), warmEta(60), warmEta(5000), warmEta(Infinity)]).toEqual([0.1, 0.3, 0.05, 0.05]);
    // The depth of each rung's sample prices that rung: depth 12 (13.5 levels) on 1.6M rows
    // takes 162 s for 150 rounds, past 130 s; depth 8 on 400k (28.5 s) still fits.
    const deeper = (rows: number) => (rows > 1e6 ? 12 : 8);
    expect(finalRung(trials, rows, 130_000, 2, deeper).rung).toBe(2);
  });

  it('the warm start grows deeper with the sample: about a thousand rows a leaf, 8 to 12 levels', () => {
    expect([25_000, 100_000, 400_000, 900_000, 1_600_000, 9_000_000].map(warmDepth)).toEqual([8, 8, 9, 10, 11, 12]);
  });

  it('a timed search on a ladder trains the warm start on the largest sample; the final members come from it', async () => {
    const rng = new Rng(5), n = 8_000;
    const x0 = Float64Array.from({ length: n }, () => rng.next());
    const x1 = Float64Array.from({ length: n }, () => rng.next());
    const y = Array.from({ length: n }, (_, i) => (Math.sin(6 * x0[i]) + x1[i] + 0.3 * rng.next() > 1 ? 'a' : 'b'));
    const r = await runAutoML(frameFromJs({ columns: { x0, x1, y } }), { target: 'y', timeSeconds: 8, learners: ['gbdt'], workers: 2, seed: 2, minSample: 500 });
    const top = Math.max(...r.trials.map((t) => t.rung));
    // The rung is the largest whose cost stage 1's speed affords (finalRung), at least rung 1.
    expect(top).toBeGreaterThanOrEqual(1);
    expect(r.rung).toBe(top);
    const onTop = r.trials.filter((t) => t.rung === top).sort((a, b) => a.trial - b.trial);
    expect(onTop[0].config).toMatchObject({ max_depth: 8, subsample: 0.8 });
    // Every trial below the top ran before the first one on it (stage 1, then stage 2).
    expect(Math.max(...r.trials.filter((t) => t.rung < top).map((t) => t.trial))).toBeLessThan(onTop[0].trial);
    expect(r.sampleRows).toBe(onTop[0].sample);
    const byId = new Map(r.trials.map((t) => [t.trial, t]));
    for (const m of r.model.members) expect(byId.get(m.trial)!.rung).toBe(top);
  }, 60_000);
});

describe('a large set on a tight budget', () => {
  it('200k rows at --time 5 return a model from the samples, within the budget', async () => {
    const rng = new Rng(4), n = 200_000;
    const cols: Record<string, Float64Array | string[]> = {};
    for (let f = 0; f < 6; f++) cols[`x${f}`] = Float64Array.from({ length: n }, () => rng.next());
    const x = cols as Record<string, Float64Array>;
    cols.y = Array.from({ length: n }, (_, i) => (x.x0[i] + x.x1[i] * x.x2[i] + 0.5 * rng.next() > 1.1 ? 'yes' : 'no'));
    const frame = frameFromJs({ columns: cols });
    const r = await runAutoML(frame, { target: 'y', timeSeconds: 5, workers: 2, seed: 0 });
    // The +5% contract is measured by bench/automl-scale.mjs; here other test files share the
    // two cores, so only a budget ignored (a full-data trial run to its end) fails.
    expect(r.seconds).toBeLessThanOrEqual(5 * 1.3);
    expect(r.model.members.length).toBeGreaterThan(0);
    expect(r.model.validation.value).toBeGreaterThan(0.75);
    expect(r.trials.some((t) => t.sample < 180_000)).toBe(true);
  }, 60_000);
});

describe('budget', () => {
  it('cuts --time into search, ensemble and output; caps timers; states the least useful budget', async () => {
    const { Budget, timerMs, leastUsefulSeconds, MAX_TIMER_MS } = await import('../../src/automl/budget.js');
    const b = new Budget(100, 0);
    b.reserveOutput(2200);
    expect(b.end()).toBe(100_000);
    expect(b.ensembleEnd()).toBe(100_000 - 1100);
    expect(b.searchEnd()).toBe(100_000 - 2200 - 5000);
    // A huge budget must not overflow setTimeout (which fires at once past 2^31 - 1 ms).
    expect(timerMs(1e12)).toBe(MAX_TIMER_MS);
    expect(timerMs(-5)).toBe(1);
    expect(Budget.epoch(Infinity)).toBeNull();
    expect(Math.abs(Budget.epoch(performance.now() + 1000)! - (Date.now() + 1000))).toBeLessThan(50);
    const none = new Budget(undefined);
    expect(none.searchEnd()).toBe(Infinity);
    expect(() => new Budget(0)).toThrow(/--time must be > 0/);
    expect(leastUsefulSeconds(200e6, false)).toBeGreaterThan(leastUsefulSeconds(2e6, false));
    expect(leastUsefulSeconds(208e6, false)).toBeLessThan(10);
  });

  it('says after reading when the time left cannot pay for binning and one model', async () => {
    const { overrunAfterRead } = await import('../../src/automl/budget.js');
    // Read in 2.2 s of a 10-s budget: binning and a model (~2.7 s) fit.
    expect(overrunAfterRead(10, 2.6, 2.2)).toBeNull();
    // Read in 7.3 s (a busy machine): 7.8 s more do not fit in the 2.3 s left.
    const m = overrunAfterRead(10, 7.7, 7.3);
    expect(m).toMatch(/took 7\.3 s of --time 10 .* will end after --time \(give --time 16 or more/);
  });
});
