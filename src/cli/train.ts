/** `thicket train`: fits one model with fixed parameters and writes the model file. */
import { Option, type Command } from 'commander';
import { applySchema } from '../data/apply-schema.js';
import type { Dataset, Frame, Task } from '../data/frame.js';
import { formatOf, readFrame } from '../data/read-frame.js';
import { spillCsv, type SpilledCsv } from '../data/csv-spill.js';
import { checkFile } from '../data/file-source.js';
import { prepareSpilled } from '../boosting/spill-bins.js';
import { trainingShape } from '../boosting/training-data.js';
import { needsShards, tooManyShardedRows } from '../boosting/shards.js';
import { trainGBDTSharded } from '../boosting/shard-booster.js';
import { readInBatches, streamsFile, STREAM_MIN_BYTES } from './stream-score.js';
import { readProgress } from './read-progress.js';
import { inferSchema } from '../data/schema.js';
import { trainGBDT, trainGBDTFrom } from '../boosting/train.js';
import { trainForest } from '../forest/forest-trainer.js';
import { evaluateTask } from '../metric/metrics.js';
import { saveModel } from '../model/model-file.js';
import type { Model } from '../model/model.js';
import { parseKeyValues, validateParams, type ParamMap } from '../params.js';
import { predictDataset } from '../predict/predictor.js';
import { columnList, formatMetric, secondsSince, warn, type CliIO } from './io.js';
import { quietIO } from './progress.js';
import { paramsHelp } from './params-help.js';
import { checkOutputs } from '../util/atomic-write.js';
import { checkObjectiveLabels, checkRegressionTarget, numericLookingWarnings } from '../util/target-checks.js';
import { usageError } from '../errors.js';
import { takeWeights } from '../data/weight-column.js';

export const LEARNERS = ['gbdt', 'rf', 'extratrees'] as const;
export const TASK_CHOICES = ['auto', 'binary', 'multiclass', 'regression'] as const;

interface TrainFlags {
  quiet?: boolean;
  target: string;
  learner: (typeof LEARNERS)[number];
  param: string[];
  valid?: string;
  out: string;
  json?: boolean;
  task: Task | 'auto';
  categorical?: string;
  numeric?: string;
  weight?: string;
  delimiter?: string;
}

/** The object `train --json` prints. */
export interface TrainReport {
  model: string;
  learner: string;
  task: Task;
  /** GBDT: the objective; forests: "probability" or "value". */
  objective: string;
  read_seconds: number;
  fit_seconds: number;
  /** GBDT: boosting rounds; forests: trees. */
  rounds: number;
  /** GBDT only. */
  best_iteration?: number;
  /** Forests: the out-of-bag score (auc / accuracy / r2; null without out-of-bag rows), its metric, and the threads used. */
  oob_score?: number | null;
  oob_metric?: string;
  threads?: number;
  metrics: Record<string, number>;
}

async function train(trainPath: string, flags: TrainFlags, io: CliIO): Promise<void> {
  const learner = flags.learner;
  // Parameters are checked before any data is read, so a typo fails fast.
  const params = validateParams(learner, parseKeyValues(flags.param));
  checkOutputs([{ path: flags.out, flag: '--out' }], [trainPath, ...(flags.valid !== undefined ? [flags.valid] : [])]);
  const readOpts = { categorical: columnList(flags.categorical), numeric: columnList(flags.numeric), delimiter: flags.delimiter };
  if (flags.weight !== undefined && flags.weight === flags.target) throw usageError(`--weight ${flags.weight} is the target column`);

  const readStart = performance.now();
  const log = (line: string) => io.stderr(line + '\n');
  // Large CSVs for GBDT are parsed on every core and binned block by block (no float matrix in memory).
  // (Sample weights and other delimiters are read by the in-memory path.)
  const streamed = learner === 'gbdt' && flags.weight === undefined && flags.delimiter === undefined && await streamTraining(trainPath, flags, readOpts, params, log);
  let trainFrame = streamed ? undefined : await readFrame(trainPath, readOpts);
  let validFrame: Frame | undefined;
  // A large --valid file is read in batches once the schema is known (no whole parsed frame); weights and delimiters read it whole.
  const validInBatches = flags.valid !== undefined && flags.weight === undefined && flags.delimiter === undefined && await streamsFile(flags.valid);
  if (flags.valid !== undefined && !validInBatches) validFrame = await readFrame(flags.valid, readOpts);
  // --weight: a column of sample weights, never a feature; in --valid (when present) it weights the metrics.
  let trainWeights: Float64Array | undefined, validWeights: Float64Array | undefined;
  if (flags.weight !== undefined) {
    ({ frame: trainFrame, weights: trainWeights } = takeWeights(trainFrame!, flags.weight));
    if (validFrame) ({ frame: validFrame, weights: validWeights } = takeWeights(validFrame, flags.weight, false));
  }
  let readSeconds = secondsSince(readStart);

  let fitStart = performance.now();
  const onWarning = (m: string) => warn(io, m);
  for (const m of numericLookingWarnings(trainFrame ?? (streamed as SpilledCsv).levelsFrame, flags.target, readOpts.categorical)) onWarning(m);
  const schema = streamed ? streamed.schema : inferSchema(trainFrame!, flags.target, { task: flags.task, categorical: readOpts.categorical });
  const trainSet = trainFrame && applySchema(trainFrame, schema, { requireTarget: true, onWarning });
  if (trainSet && trainWeights) trainSet.weight = trainWeights;
  const labels = streamed ? streamed.target : trainSet!.target!;
  const targetWhere = `${trainPath}: column ${flags.target}`;
  if (schema.target.task === 'regression') checkRegressionTarget(labels, targetWhere, onWarning);
  if (typeof params.objective === 'string') checkObjectiveLabels(params.objective, labels, targetWhere);
  let validSet: Dataset | undefined;
  if (validFrame) validSet = applySchema(validFrame, schema, { requireTarget: true, onWarning });
  if (validInBatches) {
    const t = performance.now();
    validSet = await readInBatches(flags.valid!, schema, io);
    // Reading counts as reading, not fitting.
    readSeconds = Number((readSeconds + secondsSince(t)).toFixed(4));
    fitStart += performance.now() - t;
  }
  if (validSet && validWeights) validSet.weight = validWeights;
  let model: Model;
  let threads: number | undefined;
  if (streamed) {
    try {
      // Beyond one 4 GiB kernel memory the rows are split across several (src/boosting/shards.ts).
      model = needsShards(streamed.nRows, trainingShape(schema, false))
        ? trainGBDTSharded(params, schema, streamed, { valid: validSet, log })
        : trainGBDTFrom(params, schema, streamed.nRows, (engine, maxBin, seed, threads) => prepareSpilled(engine, streamed, maxBin, seed, threads), { valid: validSet, log });
    } finally {
      streamed.dispose();
    }
  } else if (learner === 'gbdt') {
    model = trainGBDT(params, trainSet!, { valid: validSet, log });
  } else {
    const result = await trainForest(learner, params, trainSet!, { log });
    model = result.model;
    threads = result.threads;
  }
  const fitSeconds = secondsSince(fitStart);

  let metrics: Record<string, number> = {};
  if (validSet) {
    metrics = evaluateTask(schema.target.task, validSet.target!, predictDataset(model, validSet), { weights: validSet.weight });
    model.training.metrics = { ...(model.training.metrics ?? {}), ...metrics };
  }
  saveModel(model, flags.out);

  const report: TrainReport = {
    model: flags.out,
    learner,
    task: schema.target.task,
    objective: model.learner === 'gbdt' ? model.objective : model.output,
    read_seconds: readSeconds,
    fit_seconds: fitSeconds,
    rounds: model.learner === 'gbdt' ? model.training.rounds : model.training.nTrees,
    metrics,
  };
  let summary: string;
  if (model.learner === 'gbdt') {
    report.best_iteration = model.training.bestIteration;
    summary = `${report.rounds} rounds, best iteration ${report.best_iteration}`;
  } else {
    const t = model.training;
    report.oob_score = t.oobScore ?? null;
    if (t.oobMetric) report.oob_metric = t.oobMetric;
    report.threads = threads;
    summary = `${report.rounds} trees on ${threads} thread${threads === 1 ? '' : 's'}` +
      (t.oobScore !== undefined ? `, out-of-bag ${t.oobMetric} ${formatMetric(t.oobScore)}` : '');
  }
  const shown = Object.entries(metrics).map(([k, v]) => `${k} ${formatMetric(v)}`).join(', ');
  io.stderr(
    `trained ${learner} (${report.objective}) on ${streamed ? streamed.nRows : trainSet!.nRows} rows x ${schema.features.length} features: ` +
      `${summary}; read ${readSeconds}s, fit ${fitSeconds}s\n` +
      (validSet ? `validation (${flags.valid}, ${validSet.nRows} rows): ${shown}\n` : '') +
      `model written to ${flags.out}\n`,
  );
  if (flags.json) io.stdout(JSON.stringify(report) + '\n');
}


/** The spilled training file, or false when the in-memory path reads it (small, another format, or data only the serial reader may judge). */
async function streamTraining(path: string, flags: TrainFlags, readOpts: { categorical?: string[]; numeric?: string[] },
  params: ParamMap, log: (line: string) => void): Promise<SpilledCsv | false> {
  const force = process.env.THICKET_STREAM;
  // Comma-separated files only: .tsv (tab) is read by the in-memory path.
  if (force === '0' || formatOf(path) !== 'csv' || /\.tsv(\.gz)?$/i.test(path)) return false;
  if (force !== '1' && (await checkFile(path)) < STREAM_MIN_BYTES) return false;
  const nthread = typeof params.nthread === 'number' && params.nthread > 0 ? params.nthread : undefined;
  const outcome = await spillCsv(path, flags.target, {
    ...readOpts, task: flags.task, threads: nthread, onProgress: readProgress(path, log),
    // The fewest bytes a row can take (one output, no weights): more rows than that allows stop the read.
    rowLimit: (nFeatures, rows) => tooManyShardedRows(rows, { nFeatures, nGroups: 1, weighted: false }, true),
  });
  if (!outcome.ok) {
    log(`reading ${path} serially: ${outcome.reason}`);
    return false;
  }
  return outcome.data;
}

export function registerTrain(program: Command, io: CliIO): void {
  program
    .command('train')
    .description('train one model with fixed parameters and write the model file')
    .argument('<train>', 'training data (.csv, .tsv, .csv.gz, .arrow, .parquet; - for standard input)')
    .requiredOption('--target <col>', 'target column')
    .addOption(new Option('--learner <name>', 'learner').choices(LEARNERS).default('gbdt'))
    .option('--weight <col>', 'sample-weight column (numbers >= 0; weighted metrics on --valid when it has the column)')
    .option('--delimiter <char>', 'CSV field separator (default , or a tab for .tsv)')
    .option('--param <key=value>', 'training parameter, repeatable (see below)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--valid <file>', 'validation data: reported metrics (and GBDT early stopping)')
    .option('--out <model.json>', 'model file to write', 'model.json')
    .option('--json', 'print one JSON object with timings and metrics on stdout')
    .addOption(new Option('--task <task>', 'task; auto infers it from the target').choices(TASK_CHOICES).default('auto'))
    .option('--categorical <cols>', 'comma-separated columns to read as categorical')
    .option('--numeric <cols>', 'comma-separated columns that must be numeric')
    .addHelpText('after', paramsHelp('gbdt') + paramsHelp('rf') + paramsHelp('extratrees'))
    .option('--quiet', 'only warnings and errors on stderr')
    .action((trainPath: string, flags: TrainFlags) => train(trainPath, flags, flags.quiet ? quietIO(io) : io));
}
