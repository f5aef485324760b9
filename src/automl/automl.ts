/** The AutoML loop: preprocess once, bin once, run trials on the worker pool under a budget, ensemble the best. */
import { availableParallelism } from 'node:os';
import type { Frame, Task } from '../data/frame.js';
import { inferSchema } from '../data/schema.js';
import { applySchema } from '../data/apply-schema.js';
import { ThicketError, usageError } from '../errors.js';
import { createEngine, kernelModule, newMemory } from '../wasm/load.js';
import { treeScratchBytes } from '../forest/grow-tree.js';
import { prepareTraining } from '../boosting/training-data.js';
import { KernelPool } from '../pool/pool.js';
import { SharedData } from '../pool/shared-data.js';
import { fitPreprocess, applyPreprocess } from './preprocess.js';
import { makePlan } from './folds.js';
import { shareFeatures, shareFoldRanges, shareTraining } from './shared-training.js';
import { ReplaySource, Scheduler, type Planned, type TrialSource } from './scheduler.js';
import { checkMetric, defaultMetricFor, searchScore } from './scoring.js';
import { availableLearners, learnerByName } from './learners/registry.js';
import type { LearnerName } from './learners/learner.js';
import type { SearcherName } from './searchers/searcher.js';
import { TrialRunner, type TrialRecord } from './trial-runner.js';
import { buildEnsemble } from './final-ensemble.js';
import { makeAutoMLModel, type AutoMLModel } from './automl-model.js';
import { handlersPath } from './handlers-path.js';

/** Trials planned per generation: fixed, so results do not depend on the number of workers. */
export const GENERATION = 4;
/**
 * TPE: in bench/searchers.mjs and 12-second fits (BENCHMARKS.md section 4) it matched or beat
 * CFO's test score on the datasets tried; CFO is cheaper per trial but its local steps found
 * slightly worse configs. Portfolios run first either way.
 */
export const DEFAULT_SEARCHER: SearcherName = 'tpe';
/** Classes above which the linear learner is left out. */
const LINEAR_MAX_CLASSES = 10;
/** Largest float matrix (cells) shared for the linear learner. */
const LINEAR_MAX_CELLS = 20_000_000;
/** Share of the budget kept for the final ensemble and writing the model. */
const RESERVE_SHARE = 0.05;

export interface AutoMLOptions {
  target: string;
  task?: Task | 'auto';
  metric?: string;
  /** Wall-clock budget in seconds, the final ensemble included. */
  timeSeconds?: number;
  /** Cap on the number of trials. */
  trials?: number;
  workers?: number;
  seed?: number;
  searcher?: SearcherName;
  learners?: LearnerName[];
  log?: (line: string) => void;
  /** Called after every generation (progress display). */
  progress?: (p: { trials: number; best: number | null; metric: string; elapsed: number; budget: number | null }) => void;
  /** Every finished trial (trial log). */
  onTrial?: (t: TrialRecord) => void;
  /** Aborting stops the search; the best model so far is still returned. */
  signal?: AbortSignal;
  /**
   * performance.now() time the budget counts from (default: when runAutoML is called). The
   * CLI passes 0, the process start, so reading the data is inside --time too.
   */
  budgetStart?: number;
  /** Trials to run instead of searching (a replayed trial log), in order. */
  replay?: Planned[];
  /** Compiled handlers module the workers load (tests wrap the real one to inject failures). */
  handlersModule?: string;
}

export interface AutoMLResult {
  model: AutoMLModel;
  trials: TrialRecord[];
  seconds: number;
}

export async function runAutoML(frame: Frame, opts: AutoMLOptions): Promise<AutoMLResult> {
  const start = opts.budgetStart ?? performance.now();
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? 0;
  if (opts.timeSeconds !== undefined && !(opts.timeSeconds > 0)) throw usageError(`--time must be > 0 seconds, got ${opts.timeSeconds}`);
  if (opts.trials !== undefined && !(Number.isInteger(opts.trials) && opts.trials >= 1)) throw usageError(`--trials must be an integer >= 1, got ${opts.trials}`);
  const budgetMs = opts.timeSeconds !== undefined ? opts.timeSeconds * 1000 : null;
  const maxTrials = opts.trials ?? (opts.replay ? opts.replay.length : budgetMs === null ? 20 : Infinity);
  // The reserve pays for closing the pool, the ensemble search and the model: at least 0.5 s.
  const reserveMs = budgetMs === null ? 0 : Math.min(0.3 * budgetMs, Math.max(RESERVE_SHARE * budgetMs, 500));
  const deadline = budgetMs === null ? Infinity : start + budgetMs - reserveMs;

  const spec = fitPreprocess(frame, opts.target);
  for (const d of spec.dropped) log(`dropped column ${d.name}: ${d.reason}`);
  for (const d of spec.dates) log(`column ${d.name}: parsed as dates into numeric parts`);
  for (const r of spec.rare) log(`column ${r.name}: rare levels grouped (${r.keep.length} kept)`);
  const pre = applyPreprocess(frame, spec);
  const schema = inferSchema(pre, opts.target, { task: opts.task ?? 'auto' });
  const task = schema.target.task;
  const metric = opts.metric ?? defaultMetricFor(task);
  checkMetric(metric, task);
  const dataset = applySchema(pre, schema, { requireTarget: true });
  const plan = makePlan(task, dataset.target!, seed);
  log(`${task} target ${opts.target}: ${dataset.nRows} rows x ${schema.features.length} features; ${plan.kind === 'cv' ? `${plan.nFolds}-fold cross-validation` : `holdout of ${plan.scoredRows.length} rows`}; metric ${metric}`);

  const memory = newMemory();
  const engine = createEngine(memory);
  const data = prepareTraining(engine, dataset, 256, seed);
  const shared = new SharedData(engine.arena);
  shareTraining(shared, data, plan.foldOf);
  let learnerNames = opts.learners ?? availableLearners();
  if (learnerNames.includes('linear') && data.nClasses > LINEAR_MAX_CLASSES) {
    // A softmax over many classes is slow to fit and rarely competitive with trees there.
    learnerNames = learnerNames.filter((l) => l !== 'linear');
    log(`linear learner skipped: ${data.nClasses} classes (more than ${LINEAR_MAX_CLASSES})`);
  }
  if (learnerNames.includes('linear')) {
    // The linear learner reads float features: share them once, unless the matrix is too large
    // to be worth it next to the tree learners (it then costs more memory than it earns).
    if (dataset.nRows * schema.features.length <= LINEAR_MAX_CELLS) shareFeatures(shared, dataset.features);
    else {
      learnerNames = learnerNames.filter((l) => l !== 'linear');
      log(`linear learner skipped: ${dataset.nRows} x ${schema.features.length} cells exceed ${LINEAR_MAX_CELLS}`);
    }
  }
  if (learnerNames.includes('rf') || learnerNames.includes('extratrees')) shareFoldRanges(shared, data, dataset.features, plan.folds);
  const K = task === 'multiclass' ? data.nClasses : 1;
  // 4 of the 20 bytes per row: a forest fold places its own f32 labels (centred regression targets).
  const boosting = data.nRows * (12 * K + 20) + data.nFeatures * 4096 * 16 + 2048 * (data.nFeatures + 8) + (4 << 20);
  // A forest fold grows trees with trainForest's scratch (bounded by every row) plus its labels and row lists.
  const forests = learnerNames.includes('rf') || learnerNames.includes('extratrees');
  const scratch = forests ? Math.max(boosting, treeScratchBytes(engine.kernels, data.nRows, data.nFeatures, K) + 12 * data.nRows) : boosting;
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), 64));
  const pool = await KernelPool.create({
    threads: workers, memory, module: kernelModule(), workerScratchBytes: scratch, handlersModule: opts.handlersModule ?? handlersPath(), shared,
  });

  const learners = learnerNames.map(learnerByName);
  const shape = { task, nRows: data.nRows, nFeatures: data.nFeatures, nClasses: data.nClasses };
  const scheduler: TrialSource = opts.replay ? new ReplaySource(opts.replay) : new Scheduler(learners, shape, opts.searcher ?? DEFAULT_SEARCHER, seed);
  const runner = new TrialRunner(pool, plan, dataset.target!, task, metric, seed);
  const trials: TrialRecord[] = [];
  try {
    let lastGenerationMs = 0;
    while (trials.length < maxTrials && !opts.signal?.aborted) {
      const now = performance.now();
      // A generation that would be cut off after less than half its usual time finishes nothing.
      if (now >= deadline || (trials.length > 0 && deadline - now < 0.5 * lastGenerationMs)) break;
      // The first generation is the single cheapest trial, so even a tight budget ends with a model.
      const size = trials.length === 0 ? 1 : GENERATION;
      const batch = scheduler.next(Math.min(size, maxTrials - trials.length));
      if (batch.length === 0) break;
      const done = await runner.runGeneration(batch, trials.length, { deadline, signal: opts.signal });
      lastGenerationMs = performance.now() - now;
      for (const t of done) {
        // A pruned trial reports its first fold's score: worse than most, but informative.
        const usable = t.status === 'ok' || t.status === 'pruned';
        scheduler.report(t.learner, t.config, usable ? searchScore(metric, t.value) : NaN, t.cost, !usable);
        trials.push(t);
        opts.onTrial?.(t);
      }
      const best = runner.best();
      opts.progress?.({ trials: trials.length, best: best ? best.value : null, metric, elapsed: (performance.now() - start) / 1000, budget: opts.timeSeconds ?? null });
    }
  } finally {
    // Every task has settled here (each generation is awaited), so nothing is lost by not
    // waiting for replacement workers to start only to stop them again.
    await pool.close({ force: true });
  }
  const finished = trials.filter((t) => t.status === 'ok');
  if (finished.length === 0) {
    const why = trials.find((t) => t.error)?.error;
    throw new ThicketError(`no trial finished${budgetMs !== null ? ` within --time ${opts.timeSeconds}` : ''}${why ? `: ${why}` : ''}; give more time or fewer rows`, 1);
  }
  const ens = buildEnsemble(runner, task, metric, plan, budgetMs === null ? Infinity : start + budgetMs - performance.now());
  log(`ensemble: ${ens.reason}`);
  const model = makeAutoMLModel({
    schema, preprocess: spec, metric,
    validation: { kind: plan.kind, folds: plan.nFolds, rows: plan.scoredRows.length, value: ens.value },
    ensemble: { kind: ens.kind, reason: ens.reason, stacker: ens.stacker },
    members: ens.members,
    leaderboard: ens.leaderboard,
  });
  return { model, trials, seconds: (performance.now() - start) / 1000 };
}
