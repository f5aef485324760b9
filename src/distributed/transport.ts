/**
 * How the trial runner gets a fold task run: one small interface for the local KernelPool and
 * the BullMQ queue, so the trial code is the same whichever runs the folds. A task is the plain
 * JSON FoldTask (configs, folds, seeds: never data); the outcome is the same FoldOutcome.
 */
import type { Dataset, Schema } from '../data/frame.js';
import type { TrainingData } from '../boosting/training-data.js';
import type { ValidationPlan } from '../automl/folds.js';
import type { LearnerName } from '../automl/learners/learner.js';
import type { PreprocessSpec } from '../inference/preprocess.js';
import type { FoldOutcome, FoldTask } from '../automl/trial.js';
import { KernelPool } from '../pool/pool.js';
import type { SharedData } from '../pool/shared-data.js';
import { kernelModule } from '../wasm/load.js';

export interface FoldRunOptions {
  /** Fails the task after this long (queue time included). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface FoldTransport {
  /** Folds that can run at once (trials in flight under --time follow it). */
  readonly slots: number;
  run(task: FoldTask, opts: FoldRunOptions): Promise<FoldOutcome>;
  /** Stops taking tasks; every task already settled (the runner awaits each generation). */
  close(): Promise<void>;
}

/** What the AutoML loop has placed before trials start: a transport is made from it. */
export interface TrialSetup {
  memory: WebAssembly.Memory;
  data: TrainingData;
  shared: SharedData;
  scratchBytes: number;
  dataset: Dataset;
  plan: ValidationPlan;
  /** Sample rung of each row (null: one sample), and the smallest sample asked for. */
  rungOf: Int8Array | null;
  minSample: number | undefined;
  spec: PreprocessSpec;
  schema: Schema;
  learners: LearnerName[];
  seed: number;
  /** Local worker threads asked for (the queue transport: how many join from this process; 0: none). */
  workers: number | undefined;
  handlersModule: string;
}

export type TransportFactory = ((setup: TrialSetup) => Promise<FoldTransport>) & {
  /**
   * Its tasks run on this machine's pool of `workers` threads (as the default transport), so a
   * task alone on it may train on a team of them; unset: other machines, one thread a task.
   */
  local?: boolean;
};

/** A KernelPool over the placed data whose workers run the AutoML fold handler. */
export function createTrialPool(s: Pick<TrialSetup, 'memory' | 'shared' | 'scratchBytes' | 'handlersModule'>, threads: number): Promise<KernelPool> {
  return KernelPool.create({
    threads, memory: s.memory, module: kernelModule(), workerScratchBytes: s.scratchBytes, handlersModule: s.handlersModule, shared: s.shared,
  });
}

/** Fold tasks on a KernelPool (the embedded default). */
export function poolTransport(pool: KernelPool): FoldTransport {
  return {
    slots: pool.threads,
    run: (task, opts) => pool.run('fold', task, opts) as Promise<FoldOutcome>,
    close: () => pool.close({ force: true }),
  };
}
