/** `thicket fit`: the AutoML search under a time / trial budget, writing the ensemble model and a leaderboard. */
import { setMaxListeners } from 'node:events';
import { statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { applySchema } from '../data/apply-schema.js';
import type { Dataset, Frame, Task } from '../data/frame.js';
import { readFrame } from '../data/read-frame.js';
import { usageError } from '../errors.js';
import { AppendingFile, checkOutputs, writeFileAtomic } from '../util/atomic-write.js';
import { checkRegressionTarget, numericLookingWarnings } from '../util/target-checks.js';
import { evaluateTask } from '../metric/metrics.js';
import { DEFAULT_SEARCHER, runAutoML } from '../automl/automl.js';
import { automlJsonChunks } from '../automl/automl-file.js';
import { predictAutoML, preprocessFrame, type AutoMLModel } from '../automl/automl-model.js';
import type { LearnerName } from '../automl/learners/learner.js';
import { learnerByName } from '../automl/learners/registry.js';
import type { SearcherName } from '../automl/searchers/searcher.js';
import { columnList, formatMetric, secondsSince, warn, writeChunks, type CliIO } from './io.js';
import { TASK_CHOICES } from './train.js';
import { formatLeaderboard, leaderboardEntries } from './leaderboard-table.js';
import { quietIO, SearchProgress, stderrIsTerminal } from './progress.js';
import { takeWeights } from '../data/weight-column.js';
import { buildReport, type ReportTrial } from '../report/html-report.js';
import { reportEvaluation, versionFacts } from '../report/report-data.js';
import { predictionFromOutput } from '../api/scorer.js';
import { readTrialLog, readTrialLines, TrialJournal } from '../automl/trial-log.js';
import { predictAutoMLParallel } from '../automl/automl-parallel-predict.js';
import { Budget, leastUsefulSeconds, overrunAfterRead } from '../automl/budget.js';

/** Size of a file in bytes (0 when it cannot be read: the reader then names the problem). */
function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
import { checkRedis, parseQueueUrl } from '../distributed/redis-url.js';
import { DEFAULT_QUEUE_NAME, DEFAULT_STALL_MS } from '../distributed/queue-keys.js';
import { queueTransport } from '../distributed/queue-transport.js';
import { dropFoldCache, foldCacheDir, localFoldCache } from '../distributed/fold-cache.js';
import { positiveInt } from './worker.js';

interface FitFlags {
  target: string;
  test?: string;
  task: Task | 'auto';
  metric?: string;
  time?: string;
  trials?: string;
  workers?: string;
  seed?: string;
  out: string;
  report?: string;
  json?: boolean;
  searcher: SearcherName;
  learners?: string;
  log?: string;
  replay?: string;
  categorical?: string;
  weight?: string;
  delimiter?: string;
  quiet?: boolean;
  queue?: string;
  queueName: string;
  tlsCa?: string;
  dataLocation?: string;
  stallMs?: string;
  resume?: string;
  verbose?: boolean;
}

/** Largest --time: far below what a timer holds (2^31 - 1 ms), so no deadline computed from it overflows. */
const MAX_TIME_SECONDS = 1_000_000;

function number(flag: string, v: string | undefined, kind: 'positive' | 'count' | 'seed'): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  const ok = kind === 'positive' ? Number.isFinite(x) && x > 0 : Number.isInteger(x) && (kind === 'seed' ? x >= 0 : x >= 1);
  if (!ok) throw usageError(`${flag} ${v}: must be ${kind === 'positive' ? 'a number > 0' : kind === 'seed' ? 'an integer >= 0' : 'an integer >= 1'}`);
  // Timers hold at most 2^31 - 1 ms (24.8 days): a larger --time would overflow them.
  if (flag === '--time' && x > MAX_TIME_SECONDS) throw usageError(`${flag} ${v}: must be at most ${MAX_TIME_SECONDS} seconds (11.5 days)`);
  return x;
}

/** The test rows encoded for the AutoML model; with --weight, the column (when the file has it) weights the metrics. */
function testData(model: AutoMLModel, frame: Frame, weight: string | undefined, io: CliIO): Dataset {
  const { frame: features, weights } = weight !== undefined ? takeWeights(frame, weight, false) : { frame, weights: undefined };
  const data = applySchema(preprocessFrame(model, features), model.schema, { requireTarget: true, onWarning: (m) => warn(io, m) });
  if (weights) data.weight = weights;
  return data;
}

/** Test-set metrics of the AutoML model (same set as `evaluate`, plus the run's metric: f1; weighted with --weight). */
async function testMetrics(model: AutoMLModel, data: Dataset): Promise<Record<string, number>> {
  return evaluateTask(model.schema.target.task, data.target!, predictionFromOutput(model.schema, await predictAutoMLParallel(model, data), data.nRows),
    { weights: data.weight, metric: model.metric });
}

/** A copy of the first `n` rows (a copy, not a view, so the whole columns can be let go). */
function firstRows(frame: Frame, n: number): Frame {
  const m = Math.min(frame.nRows, n);
  return { ...frame, nRows: m, columns: frame.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: c.values.slice(0, m) } : { ...c, codes: c.codes.slice(0, m) })) };
}

async function fit(trainPath: string, flags: FitFlags, cliIO: CliIO): Promise<void> {
  const io = flags.quiet ? quietIO(cliIO) : cliIO;
  const timeSeconds = number('--time', flags.time, 'positive');
  const trials = number('--trials', flags.trials, 'count');
  // With --queue, --workers says how many local threads join the queue's workers (0: none).
  const workers = flags.queue !== undefined && flags.workers === '0' ? 0 : number('--workers', flags.workers, 'count') ?? (flags.queue !== undefined ? 0 : undefined);
  const seed = number('--seed', flags.seed, 'seed') ?? 0;
  const learners = columnList(flags.learners) as LearnerName[] | undefined;
  // Checked before the data is read: every unknown name is answered with the valid ones.
  for (const l of learners ?? []) learnerByName(l);
  if (flags.replay !== undefined && flags.resume !== undefined) throw usageError('--replay and --resume cannot be combined');
  // Queue workers rebuild the data from the file without the weight column: they would train unweighted.
  if (flags.weight !== undefined && flags.queue !== undefined) throw usageError(`--weight ${flags.weight} cannot be combined with --queue yet (queue workers would train without the weights); run the search locally, or drop --weight`);
  const replay = flags.replay !== undefined ? readTrialLog(flags.replay) : undefined;
  // Every output is checked before the data is read and the search runs.
  const logPath = flags.log ?? flags.out.replace(/\.json$/i, '') + '.trials.jsonl';
  checkOutputs(
    [{ path: flags.out, flag: '--out' }, { path: logPath, flag: '--log' }, ...(flags.report !== undefined ? [{ path: flags.report, flag: '--report' }] : [])],
    [trainPath, ...(flags.test !== undefined ? [flags.test] : []), ...(flags.replay !== undefined ? [flags.replay] : [])],
  );
  // --time is the whole command's wall clock, counted from the process start.
  const budget = new Budget(timeSeconds, 0);
  if (timeSeconds !== undefined) {
    const least = leastUsefulSeconds(fileBytes(trainPath), /\.gz$/i.test(trainPath));
    if (timeSeconds < least) throw usageError(`--time ${timeSeconds} is below the least useful budget for ${trainPath}: about ${least} s to read it, bin it and fit one small model; give --time ${least} or more`);
  }
  // The queue is checked before any work too, so an unreachable Redis leaves every output file as it was.
  const queue = flags.queue !== undefined ? parseQueueUrl(flags.queue, { tlsCa: flags.tlsCa }) : undefined;
  if (queue === undefined && (flags.tlsCa ?? flags.dataLocation ?? flags.stallMs) !== undefined) throw usageError('--tls-ca, --data-location and --stall-ms need --queue');
  const stallMs = positiveInt('--stall-ms', flags.stallMs, 1000) ?? DEFAULT_STALL_MS;
  if (queue) await checkRedis(queue);
  const resumed = flags.resume !== undefined ? readTrialLines(flags.resume) : [];

  const readStart = performance.now();
  const readOpts = { categorical: columnList(flags.categorical), delimiter: flags.delimiter };
  const frame = await readFrame(trainPath, readOpts);
  const testFrame = flags.test !== undefined ? await readFrame(flags.test, readOpts) : undefined;
  const readSeconds = secondsSince(readStart);
  // A busy machine can make reading alone eat a tight budget: said now, not found after the run.
  const overrun = timeSeconds !== undefined ? overrunAfterRead(timeSeconds, performance.now() / 1000, readSeconds) : null;
  if (overrun) warn(io, overrun);
  const declared = columnList(flags.categorical);
  for (const m of numericLookingWarnings(frame, flags.target, declared)) warn(io, m);
  const targetColumn = frame.columns.find((c) => c.name === flags.target);
  if (targetColumn?.kind === 'numeric' && flags.task !== 'binary' && flags.task !== 'multiclass') {
    checkRegressionTarget(targetColumn.values, `${trainPath}: column ${flags.target}`, (m) => warn(io, m));
  }

  const abort = new AbortController();
  // Every running fold task listens on the one signal.
  setMaxListeners(0, abort.signal);
  let interrupted = false;
  const progress = flags.quiet ? undefined : new SearchProgress(io, stderrIsTerminal(), timeSeconds ?? null, trials ?? (timeSeconds === undefined ? 20 : null));
  const say = (line: string) => (progress ? progress.line(line) : io.stderr(`${line}\n`));
  // The first Ctrl-C ends the search and still writes the best model; the second exits at once.
  const onSecondSigint = () => {
    progress?.stop();
    cliIO.stderr('\nsecond Ctrl-C: exiting now, no model written (exit 130)\n');
    process.exit(130);
  };
  const onSigint = () => {
    interrupted = true;
    say('interrupted: finishing with the best trials so far (Ctrl-C again to quit at once without a model)');
    process.once('SIGINT', onSecondSigint);
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  // The trial log is appended to a temp file beside it as trials finish, and renamed over --log
  // once the model is written: a killed run leaves the previous log intact and its trials so far
  // in the .partial file (usable with --replay).
  const trialLog = new AppendingFile(logPath, 'the trial log');
  const reportTrials: ReportTrial[] = [];
  // --resume: the logged trials are checked against the rerun's and kept in the new log.
  const journal = new TrialJournal(resumed, flags.resume, (line) => trialLog.append(line + '\n'));
  io.stderr(`trials so far go to ${trialLog.tempPath} until the model is written (if this run stops, rerun it with --resume <that file>)\n`);
  // On the local pool, finished folds are kept beside the log so that --resume does not run them again.
  const foldDir = queue === undefined && trainPath !== '-' ? foldCacheDir(logPath) : undefined;
  const keptFolds = foldDir === undefined ? undefined : localFoldCache({
    dir: foldDir, path: trainPath, target: flags.target, categorical: declared ?? [], reuse: flags.resume !== undefined,
    onClose: (reused, ran) => { if (flags.resume !== undefined) say(`resume: ${reused} finished folds read back from ${foldDir}, ${ran} run`); },
  });
  // What the report and the prediction timing need of the training frame, taken before the
  // search lets go of its parsed columns (unless --report, which summarizes them).
  const frameRows = frame.nRows, frameColumns = frame.columns.length;
  const timingFrame = testFrame ? undefined : firstRows(frame, 1000);
  const fitStart = performance.now();
  let result;
  try {
    // Kept for writing the model and log (about 0.2 s + 2% of the budget) and scoring --test.
    if (timeSeconds !== undefined) budget.reserveOutput(200 + 20 * timeSeconds + (testFrame ? 50 * timeSeconds : 0));
    const task = flags.task === 'auto' && replay?.task ? (replay.task as Task) : flags.task;
    const metric = flags.metric ?? replay?.metric;
    if (replay?.metric && flags.metric === undefined) io.stderr(`replay: scoring by the logged metric ${replay.metric}\n`);
    result = await runAutoML(frame, {
      target: flags.target, weight: flags.weight, categorical: declared, task, metric, trials, workers, seed, budget,
      searcher: flags.searcher, learners, signal: abort.signal, replay: replay?.trials,
      log: say,
      onTrial: (t, run) => {
        // Seconds since the process started (the budget's clock) when the trial finished.
        const elapsed = Number((performance.now() / 1000).toFixed(3));
        journal.add({ ...t, elapsed } as typeof t, run);
        reportTrials.push({ ...t, elapsed });
        if (flags.verbose) say(`trial ${t.trial} ${t.learner} ${t.status} ${formatMetric(t.value)} (${t.cost.toFixed(2)}s) ${Object.entries(t.config).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(' ')}`);
      },
      transport: keptFolds ?? (queue ? queueTransport({
        target: queue, queueName: flags.queueName, path: trainPath, location: flags.dataLocation,
        categorical: columnList(flags.categorical), targetColumn: flags.target, stallMs, log: (line) => io.stderr(`${line}\n`),
      }) : undefined),
      releaseInput: flags.report === undefined,
      progress: (p) => progress?.update({ trials: p.trials, best: p.best, metric: p.metric, elapsed: performance.now() / 1000 }),
    });
  } catch (e) {
    trialLog.abort();
    throw e;
  } finally {
    progress?.stop();
    // A second Ctrl-C while the ensemble and files are written still exits at once (removed at the end).
    process.removeListener('SIGINT', onSigint);
  }
  const fitSeconds = secondsSince(fitStart);
  const { model } = result;
  try {
    writeChunks(io, automlJsonChunks(model, flags.out), flags.out, 'the model file');
  } catch (e) {
    trialLog.abort();
    throw e;
  }
  trialLog.commit();
  if (foldDir !== undefined) dropFoldCache(foldDir);
  const test = testFrame ? testData(model, testFrame, flags.weight, io) : undefined;
  const metrics = test ? await testMetrics(model, test) : {};
  if (flags.report !== undefined) {
    const reportStart = performance.now();
    const v = model.validation;
    const facts: [string, string][] = [
      ['data', `${trainPath} (${frameRows} rows, ${frameColumns} columns)`],
      ['task', `${model.schema.target.task} (target ${model.schema.target.name})`],
      ['metric', model.metric],
      ['validation', `${v.kind === 'cv' ? `${v.folds}-fold cross-validation` : 'holdout'} on ${v.rows} rows: ${formatMetric(v.value)} (inner-fold score of the final model)`],
      ['budget', timeSeconds !== undefined ? `--time ${timeSeconds}s${trials !== undefined ? `, --trials ${trials}` : ''}` : `--trials ${trials ?? 20}`],
      ['interrupted', interrupted ? 'yes (Ctrl-C): the best trials so far were ensembled' : 'no'],
      ['trials', String(result.trials.length)],
      ['search seconds', result.seconds.toFixed(1)],
      ['searcher', flags.searcher], ['seed', String(seed)], ['workers', String(workers ?? 'all cores')],
      ...(test ? Object.entries(metrics).map(([k, x]): [string, string] => [`test ${k}`, formatMetric(x)]) : []),
      ['generated', new Date().toISOString()], ...versionFacts(),
    ];
    const evaluation = test
      ? reportEvaluation((d) => predictionFromOutput(model.schema, predictAutoML(model, d), d.nRows), test, flags.test!, { seed })
      : undefined;
    const html = await buildReport({ title: `thicket fit: ${trainPath}`, model, trials: reportTrials, facts, evaluation, dataSummary: { source: trainPath, frame } });
    writeFileAtomic(flags.report, html, 'the report');
    if (!flags.quiet) io.stderr(`report written to ${flags.report} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KB, ${secondsSince(reportStart)}s)\n`);
  }
  // Prediction time on the test rows, else on the first training rows (scores on --test only).
  const timingRows = test ?? testData(model, timingFrame!, flags.weight, io);
  const leaderboard = leaderboardEntries(model, result.trials, timingRows, test !== undefined);
  io.stderr(formatLeaderboard(leaderboard, 15, model.validation.rows));
  io.stderr(`model written to ${flags.out}; trial log ${logPath}\n`);
  if (testFrame) io.stderr(`test (${flags.test}): ${Object.entries(metrics).map(([k, v]) => `${k} ${formatMetric(v)}`).join(', ')}\n`);
  process.removeListener('SIGINT', onSecondSigint);
  if (flags.json) {
    io.stdout(JSON.stringify({
      model: flags.out, read_seconds: readSeconds, fit_seconds: fitSeconds, task: model.schema.target.task,
      metric: model.metric, validation: model.validation, ensemble: model.ensemble, trials: result.trials.length,
      leaderboard, metrics,
    }) + '\n');
  }
}

export function registerFit(program: Command, io: CliIO): void {
  program
    .command('fit')
    .description('AutoML: search learners and parameters on a worker pool, ensemble the best, write the model')
    .argument('<train>', 'training data (.csv, .tsv, .csv.gz, .arrow, .parquet; - for standard input)')
    .requiredOption('--target <col>', 'target column')
    .option('--test <file>', 'held-out data for the reported metrics and the leaderboard\'s test column')
    .option('--weight <col>', 'sample-weight column: every learner trains with it (gbdt, rf, extratrees, linear); trials ranked and test metrics by the weighted metric')
    .option('--delimiter <char>', 'CSV field separator (default , or a tab for .tsv)')
    .option('--quiet', 'no progress, log lines or leaderboard on stderr (warnings and errors only)')
    .option('--verbose', 'also print every trial as it finishes')
    .addOption(new Option('--task <task>', 'task; auto infers it from the target').choices(TASK_CHOICES).default('auto'))
    .option('--metric <name>', 'metric to optimise (binary: auc, logloss, accuracy, f1; multiclass: logloss, accuracy; regression: rmse, mae, r2)')
    .option('--time <seconds>', 'wall-clock budget, the final ensemble included')
    .option('--trials <n>', 'trial budget (default 20 when --time is not given)')
    .option('--workers <n>', 'worker threads (default: all cores; with --queue: local threads joining the queue, default 0)')
    .option('--seed <n>', 'random seed', '0')
    .option('--out <model.json>', 'model file to write', 'model.json')
    .option('--report <report.html>', 'HTML report to write (summary, ensemble, leaderboard, trials)')
    .option('--json', 'print one JSON object with the leaderboard on stdout')
    .addOption(new Option('--searcher <name>', 'hyper-parameter searcher').choices(['tpe', 'cfo', 'random', 'grid']).default(DEFAULT_SEARCHER))
    .option('--learners <list>', 'comma-separated learners to search')
    .option('--log <trials.jsonl>', 'trial log (JSON lines); default next to the model')
    .option('--replay <trials.jsonl>', 'rerun the trials of a trial log instead of searching (same --seed: same results)')
    .option('--categorical <cols>', 'comma-separated columns to treat as categorical')
    .option('--queue <url>', 'run the folds on `thicket worker` processes through Redis: redis://[:password@]host:port or rediss:// (TLS)')
    .option('--queue-name <name>', 'BullMQ queue name (the workers\' --queue-name)', DEFAULT_QUEUE_NAME)
    .option('--tls-ca <file>', 'CA certificate (PEM) for a rediss:// server with a private CA')
    .option('--data-location <path|url>', 'where queue workers read the training file (default: its absolute path, on shared storage)')
    .option('--stall-ms <ms>', 'with --queue and --workers: a killed worker\'s job goes back to the queue after this long')
    .option('--resume <trials.jsonl>', 'continue a search that stopped (killed, or its coordinator lost): same data and flags; folds finished before are not run again (kept beside the trial log, or in Redis with --queue)')
    .action((trainPath: string, flags: FitFlags) => fit(trainPath, flags, io));
}
