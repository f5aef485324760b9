/** The AutoML loop: preprocess once, bin once, run trials on the worker pool under a budget, ensemble the best. */
import { availableParallelism } from 'node:os';
import type { Frame, Task } from '../data/frame.js';
import { checkColumnKinds, inferSchema } from '../data/schema.js';
import { missingTargetColumn } from '../data/messages.js';
import { inferNumericTask } from '../data/task-rule.js';
import { applySchema } from '../data/apply-schema.js';
import { takeWeights } from '../data/weight-column.js';
import { ThicketError, usageError } from '../errors.js';
import { createEngine, newMemory } from '../wasm/load.js';
import { createTrialPool, poolTransport, type TransportFactory, type TrialSetup } from '../distributed/transport.js';
import { placeTrialData } from './trial-data.js';
import { applyPreprocess } from '../inference/preprocess.js';
import { fitPreprocess } from './preprocess.js';
import { makePlan } from './folds.js';
import { makeLadder, prefixOrder, type Ladder } from './samples.js';
import { ReplaySchedule, SampleSchedule, type ScheduledTrial } from './sample-schedule.js';
import { Budget } from './budget.js';
import { Scheduler, type Planned } from './scheduler.js';
import { timedSearch } from './timed-search.js';
import { checkMetric, defaultMetricFor, searchScore } from './scoring.js';
import { availableLearners, learnerByName } from './learners/registry.js';
import type { LearnerName, LearnerSpec } from './learners/learner.js';
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
/** A pool task stuck past its deadline by this share of the budget (at least 1 s) is failed. */
const GRACE_SHARE = 0.02;

export interface AutoMLOptions {
  target: string;
  /**
   * A column of sample weights (numbers >= 0), taken out of the features: GBDT trials train with
   * them, as do forest and linear trials; trials are scored, ranked and ensembled by the weighted metric.
   */
  weight?: string;
  task?: Task | 'auto';
  /** Columns declared categorical (--categorical): text among their numbers is expected. */
  categorical?: readonly string[];
  metric?: string;
  /** Wall-clock budget in seconds, the final ensemble included (or pass `budget`). */
  timeSeconds?: number;
  /** The budget, when the caller owns it (the CLI: counted from the process start, output reserved). */
  budget?: Budget;
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
  onTrial?: (t: TrialRecord, run: { task: Task; metric: string }) => void;
  /** Aborting stops the search; the best model so far is still returned. */
  signal?: AbortSignal;
  /**
   * performance.now() time the budget counts from (default: when runAutoML is called), when
   * `budget` is not given.
   */
  budgetStart?: number;
  /** Trials to run instead of searching (a replayed trial log), in order, each on its logged rung. */
  replay?: (Planned & { rung?: number; trial?: number })[];
  /** Compiled handlers module the workers load (tests wrap the real one to inject failures). */
  handlersModule?: string;
  /** Training rows of the smallest sample (default MIN_SAMPLE_ROWS; tests use small ones). */
  minSample?: number;
  /** Where fold tasks run (default: a local KernelPool of `workers` threads); `thicket fit --queue` passes the BullMQ queue. */
  transport?: TransportFactory;
  /**
   * Let go of the input's parsed columns once the float32 dataset is built: the frame is left
   * with no columns. The caller takes what it needs of them first. On 10M rows x 28 features the
   * parsed float64 columns are ~2.2 GB, twice the dataset (BENCHMARKS section 8).
   */
  releaseInput?: boolean;
}

export interface AutoMLResult {
  model: AutoMLModel;
  trials: TrialRecord[];
  seconds: number;
  /** The rung of the sample ladder the final members come from, and its training rows per fold. */
  rung: number;
  sampleRows: number;
}

export async function runAutoML(input: Frame, opts: AutoMLOptions): Promise<AutoMLResult> {
  let frame = input;
  let weights: Float64Array | undefined;
  if (opts.weight !== undefined) {
    if (opts.weight === opts.target) throw usageError(`--weight ${opts.weight} is the target column`);
    ({ frame, weights } = takeWeights(input, opts.weight));
  }
  if (opts.timeSeconds !== undefined && !(opts.timeSeconds > 0)) throw usageError(`--time must be > 0 seconds, got ${opts.timeSeconds}`);
  const budget = opts.budget ?? new Budget(opts.timeSeconds, opts.budgetStart ?? performance.now());
  const start = budget.start;
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? 0;
  if (opts.trials !== undefined && !(Number.isInteger(opts.trials) && opts.trials >= 1)) throw usageError(`--trials must be an integer >= 1, got ${opts.trials}`);
  const maxTrials = opts.trials ?? (opts.replay ? opts.replay.length : budget.limited ? Infinity : 20);

  // Before preprocessing, which may drop columns: the message lists the file's own columns.
  if (!frame.columns.some((c) => c.name === opts.target)) throw missingTargetColumn(frame.source, opts.target, frame.columns.map((c) => c.name));
  checkColumnKinds(frame, opts.target, opts.categorical);
  const spec = fitPreprocess(frame, opts.target);
  for (const d of spec.dropped) log(`dropped column ${d.name}: ${d.reason}`);
  for (const d of spec.dates) log(`column ${d.name}: parsed as dates into numeric parts`);
  for (const r of spec.rare) log(`column ${r.name}: rare levels grouped (${r.keep.length} kept)`);
  const pre = applyPreprocess(frame, spec);
  const schema = inferSchema(pre, opts.target, { task: opts.task ?? 'auto', categorical: opts.categorical });
  const task = schema.target.task;
  if ((opts.task ?? 'auto') === 'auto') {
    const col = pre.columns.find((c) => c.name === opts.target);
    if (col?.kind === 'numeric' && task !== 'binary') log(`task: ${inferNumericTask(col.values).reason}`);
  }
  const metric = opts.metric ?? defaultMetricFor(task);
  checkMetric(metric, task);
  const dataset = applySchema(pre, schema, { requireTarget: true });
  if (weights) dataset.weight = weights;
  if (opts.releaseInput) {
    // Every frame that shares the parsed columns lets go of them (the dataset holds copies).
    for (const f of [input, frame, pre]) f.columns = [];
  }
  const plan0 = makePlan(task, dataset.target!, seed, undefined, schema.target.classes);
  if (plan0.note) log(`warning: ${plan0.note}`);
  // Samples of large data are prefixes of the (reordered) rows.
  const { plan, ladder } = prefixOrder(dataset, plan0, makeLadder(plan0, task, dataset.target!, seed, opts.minSample));
  log(`${task} target ${opts.target}: ${dataset.nRows} rows x ${schema.features.length} features; ${plan.kind === 'cv' ? `${plan.nFolds}-fold cross-validation` : `holdout of ${plan.scoredRows.length} rows`}; metric ${metric}`);
  if (ladder.rungs.length > 1) log(`samples: trials start on ${ladder.rungs[0].trainRows} training rows; promoted to ${ladder.rungs.slice(1).map((r) => r.trainRows).join(', ')}`);

  const memory = newMemory();
  const engine = createEngine(memory);
  let learnerNames = opts.learners ?? availableLearners();
  let replay = opts.replay;
  if (replay) {
    // A replay runs the logged trials of the learners asked for; what is shared follows them.
    const kept = replay.filter((p) => learnerNames.includes(p.learner));
    if (kept.length < replay.length) log(`replay: ${replay.length - kept.length} logged trials of other learners than ${learnerNames.join(',')} skipped`);
    if (kept.length === 0) throw usageError(`--replay: the trial log has no trials of the learners ${learnerNames.join(',')}`);
    replay = kept;
    learnerNames = learnerNames.filter((l) => kept.some((p) => p.learner === l));
  }
  // Binning and sharing are one function, so `thicket worker` places the same data.
  const localWorkers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), 64));
  // Tasks on this machine's threads may take teams of them; the queue's run one thread each.
  const local = opts.transport === undefined || opts.transport.local === true;
  const placed = placeTrialData(engine, dataset, plan, learnerNames, { seed, log, rungOf: ladder.rungOf, threads: local ? localWorkers : 1 });
  const { data } = placed;
  learnerNames = placed.learners;
  if (replay) replay = replay.filter((p) => learnerNames.includes(p.learner));
  const setup: TrialSetup = {
    memory, data, shared: placed.shared, scratchBytes: placed.scratchBytes, dataset, plan, rungOf: ladder.rungOf, minSample: opts.minSample,
    spec, schema, learners: learnerNames, seed, workers: opts.workers, handlersModule: opts.handlersModule ?? handlersPath(),
  };
  const transport = opts.transport
    ? await opts.transport(setup)
    : poolTransport(await createTrialPool(setup, localWorkers));
  const workers = transport.slots;

  const learners = learnerNames.map(learnerByName);
  // Learners shape their spaces by the rows trials start on (the smallest sample).
  const first = ladder.rungs[0].plan.folds[0];
  const shape = { task, nRows: first.train.length + first.valid.length, nFeatures: data.nFeatures, nClasses: data.nClasses };
  const schedule = replay
    ? new ReplaySchedule(replay, ladder.rungs.length)
    : new SampleSchedule(new Scheduler(learners, shape, opts.searcher ?? DEFAULT_SEARCHER, seed), ladder.rungs.length, metric, warmStarts(learners, ladder, task, data));
  const runners = ladder.rungs.map((r) => new TrialRunner(transport, r.plan, dataset.target!, task, metric, seed, r.rung, r.trainRows, dataset.weight));
  const trials: TrialRecord[] = [];
  const searchEnd = budget.searchEnd();
  const searchDeadline = Budget.epoch(searchEnd);
  const graceMs = budget.totalMs === null ? 0 : Math.max(1000, GRACE_SHARE * budget.totalMs);
  const bestValue = () => {
    const b = runners.map((r) => r.best()).filter((x) => x !== null).sort((a, b) => searchScore(metric, b!.value) - searchScore(metric, a!.value))[0];
    return b ? b.value : null;
  };
  const record = (items: ScheduledTrial[], done: TrialRecord[]) => {
    done.forEach((t, i) => {
      schedule.report(items[i], t);
      trials.push(t);
      opts.onTrial?.(t, { task, metric });
    });
    opts.progress?.({ trials: trials.length, best: bestValue(), metric, elapsed: (performance.now() - start) / 1000, budget: budget.seconds });
  };
  const runTrials = async (items: ScheduledTrial[], firstId: number, deadline = searchDeadline, nthread = 1): Promise<TrialRecord[]> => {
    // One runner per rung; a batch may mix rungs (promotions next to new configs).
    const out: TrialRecord[] = new Array(items.length);
    await Promise.all(runners.map(async (runner, k) => {
      const idx = items.map((t, i) => (t.rung === k ? i : -1)).filter((i) => i >= 0);
      if (idx.length === 0) return;
      const done = await runner.runGeneration(idx.map((i) => ({ id: items[i].id ?? firstId + i, planned: items[i] })), { deadline, graceMs, signal: opts.signal, nthread });
      done.forEach((t, j) => { out[idx[j]] = t; });
    }));
    return out;
  };
  try {
    if (!budget.limited) {
      // Without --time: generations of a fixed size, reported in trial order, so the same seed
      // and --trials give the same leaderboard with any number of workers.
      while (trials.length < maxTrials && !opts.signal?.aborted) {
        const batch = schedule.next(Math.min(GENERATION, maxTrials - trials.length));
        if (batch.length === 0) break;
        // Fewer fold tasks than workers: the trials' gbdt folds train on teams of threads.
        const nthread = !local ? 1 : Math.max(1, Math.floor(workers / (batch.length * plan.nFolds)));
        record(batch, await runTrials(batch, trials.length, searchDeadline, nthread));
      }
    } else {
      await timedSearch({
        schedule, budget, maxTrials, signal: opts.signal, slots: Math.max(GENERATION / 2, workers),
        topRung: replay ? 0 : ladder.rungs.length - 1, rungRows: ladder.rungs.map((r) => r.trainRows), trials,
        // A gbdt trial alone on the pool trains on a team of every worker's thread (the queue's
        // workers are other machines: one thread each).
        teamThreads: !local ? 1 : Math.max(1, Math.floor(workers / plan.nFolds)),
        run: (t, id, deadline, nthread) => runTrials([t], id, deadline, nthread).then((done) => record([t], done)),
      });
    }
  } finally {
    // Every task has settled here (each generation is awaited), so nothing is lost by not
    // waiting for replacement workers to start only to stop them again.
    await transport.close();
  }
  trials.sort((a, b) => a.trial - b.trial);
  // The final members come from the largest sample reached: the highest rung with a finished
  // trial that scores at least as well as the best of the rung below (a trial cut short on
  // more rows can fall behind a complete one on fewer).
  let top = -1;
  for (let k = 0; k < runners.length; k++) {
    const b = runners[k].best();
    if (!b) continue;
    const below = top >= 0 ? runners[top].best()! : null;
    if (!below || searchScore(metric, b.value) >= searchScore(metric, below.value)) top = k;
  }
  if (top < 0) {
    const why = trials.find((t) => t.error)?.error;
    throw new ThicketError(`no trial finished${budget.limited ? ` within --time ${budget.seconds}` : ''}${why ? `: ${why}` : ''}; give more time or fewer rows`, 1);
  }
  const runner = runners[top];
  if (ladder.rungs.length > 1) log(`final members from the sample of ${runner.sampleRows} training rows (rung ${top + 1} of ${ladder.rungs.length})`);
  const ens = buildEnsemble(runner, task, metric, runner.plan, budget.ensembleEnd() - performance.now());
  log(`ensemble: ${ens.reason}`);
  const model = makeAutoMLModel({
    schema, preprocess: spec, metric,
    validation: { kind: plan.kind, folds: plan.nFolds, rows: runner.plan.scoredRows.length, value: ens.value },
    ensemble: { kind: ens.kind, reason: ens.reason, stacker: ens.stacker },
    members: ens.members,
    leaderboard: ens.leaderboard,
  });
  return { model, trials, seconds: (performance.now() - start) / 1000, rung: top, sampleRows: runner.sampleRows };
}

/** The learners' known-good configs for large data, shaped by the largest sample (none without a ladder). */
function warmStarts(learners: LearnerSpec[], ladder: Ladder, task: Task, data: { nFeatures: number; nClasses: number }): Planned[] {
  if (ladder.rungs.length < 2) return [];
  const f = ladder.rungs[ladder.rungs.length - 1].plan.folds[0];
  const shape = { task, nRows: f.train.length + f.valid.length, nFeatures: data.nFeatures, nClasses: data.nClasses };
  return learners.flatMap((l) => (l.warmStart ? [{ learner: l.name, config: l.warmStart(shape) }] : []));
}
