/**
 * The search under --time, in two stages when the data has a sample ladder.
 *
 * Stage 1 (the search): a worker that finishes takes the next trial at once (no generation waits
 * for its slowest trial), one thread per trial, on the samples below the largest; every fold
 * returns what it has when the stage ends.
 *
 * Stage 2 (the final stage, the last FINAL_SHARE of the search time): the best trials of the
 * highest rung reached are promoted straight to the largest sample (the full training rows), one
 * after the other, a gbdt trial on a team of every worker's thread (the same model as one thread,
 * sooner). The final ensemble is built from the members of that sample (automl.ts), so its time
 * is reserved here instead of being left to promotions that the deadline would cut short.
 */
import { Budget } from './budget.js';
import type { SampleSchedule, ReplaySchedule, ScheduledTrial } from './sample-schedule.js';
import type { TrialRecord } from './trial-runner.js';
import { EARLY_STOPPING_ROUNDS, warmDepth } from './learners/gbdt.js';

/** Share of the search time the final stage gets on data with a sample ladder. */
export const FINAL_SHARE = 0.5;
/** Boosting rounds the final stage's first trial should be able to afford on its sample. */
export const FINAL_ROUNDS = 150;

/**
 * A boosting round's work outside growing the tree (gradients, margins, scoring the validation
 * rows), in tree levels: a round of a depth-d tree costs as much as d + ROUND_LEVELS levels.
 * With the depth alone, stage 1's shallow trials (depth 2-4, where that work is a large share)
 * made a deep tree on the full data look ~1.5x dearer than it trained (BENCHMARKS section 11).
 */
export const ROUND_LEVELS = 1.5;

/**
 * The rung the final stage trains on: the largest sample on which FINAL_ROUNDS rounds of a
 * gbdt of depth `depth(rows)` on `threads` threads fit in `ms`, at the cost per row, round and
 * tree level that stage 1's gbdt trials on their largest sample took (the top rung when none
 * was measured); never below the highest rung stage 1 reached. `rounds`: the rounds `ms`
 * affords there.
 */
export function finalRung(trials: readonly TrialRecord[], rungRows: readonly number[], ms: number, threads: number, depth: (rows: number) => number): { rung: number; rounds: number } {
  const top = rungRows.length - 1;
  const gbdt = trials.filter((t) => t.learner === 'gbdt' && t.status === 'ok' && t.rounds && t.rounds.length > 0);
  const reached = Math.max(1, ...trials.filter((t) => t.status === 'ok').map((t) => t.rung));
  if (gbdt.length === 0) return { rung: top, rounds: Infinity };
  const high = Math.max(...gbdt.map((t) => t.rung));
  const rates = gbdt.filter((t) => t.rung === high).map((t) => {
    // Rounds trained: the kept ones plus the early-stopping patience unless the deadline cut it.
    const trained = t.rounds!.reduce((a, r) => a + r + (t.cut ? 0 : EARLY_STOPPING_ROUNDS), 0);
    return (1000 * t.cost) / (t.sample * trained * (Number(t.config.max_depth ?? 6) + ROUND_LEVELS));
  }).sort((a, b) => a - b);
  const rate = rates[rates.length >> 1];
  // A team of threads speeds a tree up by ~1.6x on two (BENCHMARKS section 1), not 2x.
  const speedup = 1 + 0.6 * (threads - 1);
  const rounds = (k: number) => (ms * speedup) / (rate * rungRows[k] * (depth(rungRows[k]) + ROUND_LEVELS));
  for (let k = top; k > reached; k--) if (rounds(k) >= FINAL_ROUNDS) return { rung: k, rounds: rounds(k) };
  const k = Math.min(top, reached);
  return { rung: k, rounds: rounds(k) };
}

/**
 * The warm start's learning rate for the rounds the final stage affords: eta x rounds ~ 30 (as
 * XGBoost's defaults, 0.3 x 100), between 0.05 and 0.3, so a short stage still converges and a
 * long one learns finer.
 */
export function warmEta(rounds: number): number {
  return Number(Math.min(0.3, Math.max(0.05, 30 / rounds)).toFixed(3));
}

export interface TimedSearch {
  schedule: SampleSchedule | ReplaySchedule;
  budget: Budget;
  maxTrials: number;
  signal?: AbortSignal;
  /** Trials in flight at once in stage 1. */
  slots: number;
  /** The largest sample's rung (0: no ladder, or a replay: one stage). */
  topRung: number;
  /** Training rows per fold of every rung's sample. */
  rungRows: readonly number[];
  /** Finished trials so far (filled by `run`). */
  trials: readonly TrialRecord[];
  /** Threads a gbdt trial gets when it runs alone. */
  teamThreads: number;
  /** Runs trial `t` as trial `id`; folds return their models at `deadline` (epoch ms). */
  run(t: ScheduledTrial, id: number, deadline: number | null, nthread: number): Promise<void>;
}

export async function timedSearch(s: TimedSearch): Promise<void> {
  const { budget, schedule } = s;
  const totalMs = budget.totalMs!;
  const searchEnd = budget.searchEnd();
  const staged = s.topRung > 0 && 'final' in schedule;
  const stage1End = staged ? searchEnd - FINAL_SHARE * Math.max(0, searchEnd - performance.now()) : searchEnd;
  let launched = 0;
  // A trial started with less than a quarter of a typical trial's time left ends too weak to use.
  const minStartMs = () => {
    const secs = s.trials.filter((t) => t.status === 'ok').map((t) => t.seconds).sort((a, b) => a - b);
    const typical = secs.length > 0 ? 1000 * secs[secs.length >> 1] : 0;
    return Math.max(Math.min(100, 0.02 * totalMs), 0.25 * typical);
  };

  const inflight = new Set<Promise<void>>();
  const maxRung = staged ? s.topRung - 1 : s.topRung;
  while (!s.signal?.aborted) {
    while (inflight.size < s.slots && launched < s.maxTrials && (launched < s.slots || stage1End - performance.now() > minStartMs())) {
      const [t] = schedule.next(1, stage1End - performance.now(), maxRung);
      if (!t) break;
      const id = launched++;
      // The first trials get a little time even when reading and binning ate the search's:
      // a model late is better than none (the overrun is then that of a short trial).
      const late = id < s.slots ? Budget.epoch(Math.max(stage1End, performance.now() + 0.05 * totalMs)) : Budget.epoch(stage1End);
      const p: Promise<void> = s.run(t, id, late, 1).finally(() => inflight.delete(p));
      inflight.add(p);
    }
    if (inflight.size === 0) break;
    await Promise.race(inflight);
  }
  await Promise.allSettled([...inflight]);
  if (!staged) return;

  // Stage 2: one promotion at a time to the largest sample it can afford, with every thread.
  const sched = schedule as SampleSchedule;
  // The gbdt warm start's depth follows the sample it trains on (warmDepth).
  const warmGbdt = sched.nextWarm()?.learner === 'gbdt';
  const depth = warmGbdt ? warmDepth : () => Number(sched.nextWarm()?.config.max_depth ?? 6);
  const { rung, rounds } = finalRung(s.trials, s.rungRows, searchEnd - performance.now(), s.teamThreads, depth);
  while (!s.signal?.aborted && launched < s.maxTrials && searchEnd - performance.now() > minStartMs()) {
    const warm = sched.nextWarm() !== null;
    // Nothing finished in stage 1 (a tight budget): a new config on the smallest sample instead.
    const t = sched.final(rung) ?? (s.trials.some((r) => r.status === 'ok') ? null : sched.next(1, searchEnd - performance.now(), 0)[0]);
    if (!t) break;
    if (warm && t.learner === 'gbdt') t.config = { ...t.config, max_depth: warmDepth(s.rungRows[t.rung]), ...(Number.isFinite(rounds) ? { eta: warmEta(rounds) } : {}) };
    const id = launched++;
    await s.run(t, id, Budget.epoch(searchEnd), t.learner === 'gbdt' ? s.teamThreads : 1);
  }
}
