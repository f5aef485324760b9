/** Runs a generation of trials on the pool (every fold a task) and keeps the best trials' out-of-fold outputs and models. */
import type { Task } from '../data/frame.js';
import type { KernelPool } from '../pool/pool.js';
import type { ValidationPlan } from './folds.js';
import type { Planned } from './scheduler.js';
import type { Config } from './space.js';
import type { LearnerName } from './learners/learner.js';
import type { FoldModel, FoldOutcome, FoldTask } from './trial.js';
import { metricValue, searchScore } from './scoring.js';

/** Trials whose out-of-fold outputs and fold models are kept for the final ensemble. */
export const KEEP_TOP = 12;

export interface TrialRecord {
  trial: number;
  learner: LearnerName;
  config: Config;
  status: 'ok' | 'failed' | 'timeout';
  /** Out-of-fold value of the run's metric (NaN unless ok). */
  value: number;
  /** Wall seconds of the slowest fold; cost seconds summed over folds are in `cost`. */
  seconds: number;
  cost: number;
  /** Per fold: boosting rounds kept (gbdt) or trees (forests). */
  rounds?: number[];
  error?: string;
}

export interface KeptTrial {
  record: TrialRecord;
  /** Outputs for plan.scoredRows (predictor convention, row-major). */
  oof: Float64Array;
  folds: FoldModel[];
}

export class TrialRunner {
  private kept: KeptTrial[] = [];
  private readonly pos: Int32Array;
  private readonly yScored: Float64Array;

  constructor(private readonly pool: KernelPool, private readonly plan: ValidationPlan, y: Float64Array,
    private readonly task: Task, private readonly metric: string, private readonly seed: number) {
    this.pos = new Int32Array(y.length).fill(-1);
    plan.scoredRows.forEach((r, i) => { this.pos[r] = i; });
    this.yScored = Float64Array.from(plan.scoredRows, (r) => y[r]);
  }

  get scoredTarget(): Float64Array {
    return this.yScored;
  }

  /** The trials kept for ensembling, best first. */
  keptTrials(): KeptTrial[] {
    return this.kept;
  }

  best(): TrialRecord | null {
    return this.kept.length > 0 ? this.kept[0].record : null;
  }

  async runGeneration(batch: Planned[], firstId: number, opts: { timeoutMs?: number; signal?: AbortSignal }): Promise<TrialRecord[]> {
    const started = performance.now();
    const runs = batch.map((p, i) => this.runTrial(firstId + i, p, opts));
    const records = await Promise.all(runs);
    void started;
    return records;
  }

  private async runTrial(id: number, p: Planned, opts: { timeoutMs?: number; signal?: AbortSignal }): Promise<TrialRecord> {
    const t0 = performance.now();
    const tasks: FoldTask[] = Array.from({ length: this.plan.nFolds }, (_, fold) => ({
      trial: id, learner: p.learner, config: p.config, fold, seed: this.seed + id,
    }));
    const settled = await Promise.allSettled(tasks.map((t) => this.pool.run('fold', t, opts) as Promise<FoldOutcome>));
    const seconds = (performance.now() - t0) / 1000;
    const base = { trial: id, learner: p.learner, config: p.config, seconds };
    const failure = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failure) {
      const error = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
      const timedOut = /timed out|timeout|aborted|cancel/i.test(error);
      return { ...base, status: timedOut ? 'timeout' : 'failed', value: NaN, cost: seconds, error };
    }
    const outcomes = settled.map((s) => (s as PromiseFulfilledResult<FoldOutcome>).value);
    const width = outcomes[0].output.length / Math.max(1, this.plan.folds[0].valid.length);
    const oof = new Float64Array(this.yScored.length * width);
    outcomes.forEach((o, f) => {
      const valid = this.plan.folds[f].valid;
      valid.forEach((r, i) => {
        const at = this.pos[r] * width;
        for (let c = 0; c < width; c++) oof[at + c] = o.output[i * width + c];
      });
    });
    const value = metricValue(this.metric, this.task, this.yScored, oof);
    const record: TrialRecord = {
      ...base, status: Number.isFinite(value) ? 'ok' : 'failed', value,
      cost: outcomes.reduce((s, o) => s + o.seconds, 0),
      rounds: outcomes.map((o) => o.size),
      error: Number.isFinite(value) ? undefined : 'metric is not finite',
    };
    if (record.status === 'ok') this.keep({ record, oof, folds: outcomes.map((o) => o.model) });
    return record;
  }

  private keep(k: KeptTrial): void {
    this.kept.push(k);
    this.kept.sort((a, b) => searchScore(this.metric, b.record.value) - searchScore(this.metric, a.record.value) || a.record.trial - b.record.trial);
    if (this.kept.length > KEEP_TOP) this.kept.length = KEEP_TOP;
  }
}
