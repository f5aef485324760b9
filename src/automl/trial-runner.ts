/** Runs a generation of trials on the pool (every fold a task) and keeps the best trials' out-of-fold outputs and models. */
import type { Task } from '../data/frame.js';
import type { FoldTransport } from '../distributed/transport.js';
import type { ValidationPlan } from './folds.js';
import type { Planned } from './scheduler.js';
import type { Config } from './space.js';
import type { LearnerName } from './learners/learner.js';
import type { FoldModel, FoldOutcome, FoldTask } from './trial.js';
import { metricValue, searchScore } from './scoring.js';
import { SuccessiveHalving } from './searchers/successive-halving.js';
import { timerMs } from './budget.js';

/** Trials whose out-of-fold outputs and fold models are kept for the final ensemble. */
export const KEEP_TOP = 12;
/**
 * Besides the top KEEP_TOP, the best trials of every learner are kept: the top of one leading
 * learner are near copies of each other (twelve linear fits differing in l2), and greedy
 * selection and stacking need different models to combine.
 */
export const KEEP_PER_LEARNER = 2;

/**
 * The trials to keep from `sorted` (best first): the first `top`, and the first `perLearner` of
 * each learner wherever they rank. Order is kept.
 */
export function keepDiverse<T extends { record: { learner: string } }>(sorted: readonly T[], top = KEEP_TOP, perLearner = KEEP_PER_LEARNER): T[] {
  const seen = new Map<string, number>();
  return sorted.filter((k, i) => {
    const n = (seen.get(k.record.learner) ?? 0) + 1;
    seen.set(k.record.learner, n);
    return i < top || n <= perLearner;
  });
}

export interface TrialRecord {
  trial: number;
  learner: LearnerName;
  config: Config;
  /** pruned: stopped after its first fold, which scored in the worse half (successive halving). */
  status: 'ok' | 'failed' | 'timeout' | 'pruned';
  /** Out-of-fold value of the run's metric (NaN unless ok; pruned: the first fold's value). */
  value: number;
  /** Wall seconds of the slowest fold; cost seconds summed over folds are in `cost`. */
  seconds: number;
  cost: number;
  /** Per fold: boosting rounds kept (gbdt) or trees (forests). */
  rounds?: number[];
  /** Per fold: the metric on the fold's validation rows (the report's spread of a trial's score). */
  foldValues?: number[];
  /** Rung of the sample ladder and the training rows per fold of its sample. */
  rung: number;
  sample: number;
  /** Folds whose training the deadline ended early (anytime: they still returned a model). */
  cut?: number;
  /** Threads its folds trained on (the most of any fold). */
  threads?: number;
  /** ISO times the trial was posted and finished. */
  started: string;
  finished: string;
  error?: string;
}

/** A trial to run: its id, what it trains. */
export interface TrialItem {
  id: number;
  planned: Planned;
}

export interface GenerationOptions {
  /** Date.now() time (epoch ms) at which folds stop growing and return their models (null: none). */
  deadline: number | null;
  /**
   * Last resort for a stuck task: the pool fails it this long after the deadline (a fold checks
   * its deadline between rounds or trees, so a healthy one ends well before).
   */
  graceMs: number;
  signal?: AbortSignal;
  /** Threads per fold task (in the task message). */
  nthread?: number;
}

export interface KeptTrial {
  record: TrialRecord;
  /** Outputs for plan.scoredRows (predictor convention, row-major). */
  oof: Float64Array;
  folds: FoldModel[];
}

type Settled = PromiseSettledResult<FoldOutcome>;

export class TrialRunner {
  private kept: KeptTrial[] = [];
  /**
   * Early stopping of bad trials: with cross-validation every trial runs its first fold, and
   * only those in the better half of first-fold scores so far (median pruning: successive
   * halving with eta 2 over folds) run the others. Decisions are made per generation in trial
   * order, so they do not depend on the number of workers.
   */
  private readonly halving: SuccessiveHalving | null;
  private readonly pos: Int32Array;
  private readonly yScored: Float64Array;

  constructor(private readonly transport: FoldTransport, readonly plan: ValidationPlan, y: Float64Array,
    private readonly task: Task, private readonly metric: string, private readonly seed: number,
    /** The sample this runner's trials train on (rung of the ladder, training rows per fold). */
    readonly rung = 0, readonly sampleRows = plan.folds[0].train.length,
    /** Sample weights by row (--weight): trials are scored, ranked and pruned by the weighted metric. */
    private readonly wByRow?: Float64Array) {
    this.pos = new Int32Array(y.length).fill(-1);
    plan.scoredRows.forEach((r, i) => { this.pos[r] = i; });
    this.yScored = Float64Array.from(plan.scoredRows, (r) => y[r]);
    this.wScored = wByRow && Float64Array.from(plan.scoredRows, (r) => wByRow[r]);
    this.yByRow = y;
    this.halving = plan.nFolds > 1 ? new SuccessiveHalving({ minResource: 1, maxResource: plan.nFolds, eta: 2, minPeers: 4 }) : null;
  }

  private readonly yByRow: Float64Array;
  private readonly wScored: Float64Array | undefined;

  get scoredTarget(): Float64Array {
    return this.yScored;
  }

  /** Weights of the scored rows (undefined without --weight). */
  get scoredWeights(): Float64Array | undefined {
    return this.wScored;
  }

  /** The trials kept for ensembling, best first. */
  keptTrials(): KeptTrial[] {
    return this.kept;
  }

  best(): TrialRecord | null {
    return this.kept.length > 0 ? this.kept[0].record : null;
  }

  /** Runs trials (every fold a pool task); results in the order of `items`. */
  async runGeneration(items: TrialItem[], opts: GenerationOptions): Promise<TrialRecord[]> {
    const t0 = performance.now();
    const started = new Date().toISOString();
    const task = (i: number, fold: number): FoldTask => ({
      trial: items[i].id, learner: items[i].planned.learner, config: items[i].planned.config, fold, seed: this.seed + items[i].id,
      rung: this.rung, sampleRows: this.sampleRows, deadline: opts.deadline, nthread: opts.nthread ?? 1,
    });
    // The pool's timeout is only the last resort: a fold returns by itself at its deadline.
    const run = (t: FoldTask) => this.transport.run(t, {
      signal: opts.signal,
      timeoutMs: opts.deadline === null ? undefined : timerMs(opts.deadline - Date.now() + opts.graceMs),
    });
    const folds = this.plan.nFolds;
    if (!this.halving) {
      const settled = await Promise.all(items.map((_, i) => Promise.allSettled(Array.from({ length: folds }, (_, f) => run(task(i, f))))));
      return settled.map((s, i) => this.finish(items[i], s, t0, started));
    }
    const first = await Promise.all(items.map((_, i) => Promise.allSettled([run(task(i, 0))])));
    const go = first.map((s, i) => {
      if (s[0].status === 'rejected') return false;
      return this.halving!.shouldContinue(items[i].id, 0, searchScore(this.metric, this.foldValue(0, s[0].value)));
    });
    const rest = await Promise.all(items.map((_, i) => (go[i]
      ? Promise.allSettled(Array.from({ length: folds - 1 }, (_, f) => run(task(i, f + 1))))
      : Promise.resolve([] as Settled[]))));
    return items.map((it, i) => {
      if (first[i][0].status === 'fulfilled' && !go[i]) {
        const o = first[i][0].value;
        return {
          trial: it.id, learner: it.planned.learner, config: it.planned.config, status: 'pruned', value: this.foldValue(0, o),
          seconds: (performance.now() - t0) / 1000, cost: o.seconds, rounds: [o.size], rung: this.rung, sample: this.sampleRows,
          cut: o.cut ? 1 : 0, foldValues: [this.foldValue(0, o)], started, finished: new Date().toISOString(),
        };
      }
      return this.finish(it, [...first[i], ...rest[i]], t0, started);
    });
  }

  /** The metric on one fold's validation rows. */
  private foldValue(fold: number, o: FoldOutcome): number {
    const valid = this.plan.folds[fold].valid;
    const w = this.wByRow && Float64Array.from(valid, (r) => this.wByRow![r]);
    return metricValue(this.metric, this.task, Float64Array.from(valid, (r) => this.yByRow[r]), o.output, w);
  }

  private finish(it: TrialItem, settled: Settled[], t0: number, started: string): TrialRecord {
    const seconds = (performance.now() - t0) / 1000;
    const p = it.planned;
    const base = { trial: it.id, learner: p.learner, config: p.config, seconds, rung: this.rung, sample: this.sampleRows, started, finished: new Date().toISOString() };
    const failure = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failure) {
      const error = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
      const timedOut = /timed out|timeout|aborted|cancel|deadline passed/i.test(error);
      return { ...base, status: timedOut ? 'timeout' : 'failed', value: NaN, cost: seconds, error };
    }
    const outcomes = settled.map((s) => (s as PromiseFulfilledResult<FoldOutcome>).value);
    const nOutputs = outcomes[0].output.length / Math.max(1, this.plan.folds[0].valid.length);
    const oof = new Float64Array(this.yScored.length * nOutputs);
    outcomes.forEach((o, f) => {
      const valid = this.plan.folds[f].valid;
      valid.forEach((r, i) => {
        const at = this.pos[r] * nOutputs;
        for (let c = 0; c < nOutputs; c++) oof[at + c] = o.output[i * nOutputs + c];
      });
    });
    const value = metricValue(this.metric, this.task, this.yScored, oof, this.wScored);
    const record: TrialRecord = {
      ...base, status: Number.isFinite(value) ? 'ok' : 'failed', value,
      cost: outcomes.reduce((s, o) => s + o.seconds, 0),
      rounds: outcomes.map((o) => o.size),
      foldValues: outcomes.map((o, f) => this.foldValue(f, o)),
      cut: outcomes.filter((o) => o.cut).length,
      threads: Math.max(...outcomes.map((o) => o.threads ?? 1)),
      error: Number.isFinite(value) ? undefined : 'metric is not finite',
    };
    if (record.status === 'ok') this.keep({ record, oof, folds: outcomes.map((o) => o.model) });
    return record;
  }

  private keep(k: KeptTrial): void {
    this.kept.push(k);
    this.kept.sort((a, b) => searchScore(this.metric, b.record.value) - searchScore(this.metric, a.record.value) || a.record.trial - b.record.trial);
    this.kept = keepDiverse(this.kept);
  }
}
