/** `thicket evaluate`: scores a labelled data file and reports the task's metrics. */
import type { Command } from 'commander';
import type { Schema } from '../data/frame.js';
import { ThicketError } from '../errors.js';
import { evaluateTask } from '../metric/metrics.js';
import { loadScorer } from '../api/scorer.js';
import { formatMetric, type CliIO } from './io.js';
import { quietIO } from './progress.js';
import { readWithSchema } from './model-data.js';
import { nthreadFlag, scoreData } from './score-data.js';
import { scoreInBatches, streamsScoring } from './stream-score.js';
import type { Prediction } from '../predict/predictor.js';

interface EvaluateFlags {
  quiet?: boolean;
  target?: string;
  weight?: string;
  delimiter?: string;
  metric?: string;
  json?: boolean;
  nthread?: string;
}

/** The object `evaluate --json` prints. */
export interface EvaluateReport {
  n: number;
  metrics: Record<string, number>;
  /** Reading and parsing the data file. */
  read_seconds: number;
  /** Predicting every row (data in memory to outputs), for benchmarks. */
  predict_seconds: number;
}

async function evaluate(modelPath: string, dataPath: string, flags: EvaluateFlags, io: CliIO): Promise<void> {
  const nthread = nthreadFlag(flags.nthread);
  const scorer = loadScorer(modelPath);
  // Default: the target the model was trained on. --target names the column in this file when it differs.
  const target = flags.target ?? scorer.schema.target.name;
  if (scorer.schema.features.some((f) => f.name === target)) {
    throw new ThicketError(`--target ${target} is a feature of model ${modelPath}; its target was '${scorer.schema.target.name}'`, 1);
  }
  if (flags.weight !== undefined && (flags.weight === target || scorer.schema.features.some((f) => f.name === flags.weight))) {
    throw new ThicketError(`--weight ${flags.weight} is ${flags.weight === target ? 'the target' : 'a feature of the model'}`, 2);
  }
  const schema: Schema = { ...scorer.schema, target: { ...scorer.schema.target, name: target } };
  const metricOpts = { metric: flags.metric ?? (scorer.model.learner === 'automl' ? scorer.model.metric : undefined) };
  const t0 = performance.now();
  let report: EvaluateReport;
  if (flags.weight === undefined && flags.delimiter === undefined && await streamsScoring(dataPath, scorer)) {
    // Large CSVs: features are read and scored batch by batch; only targets and outputs are kept.
    const targets: Float64Array[] = [];
    const outputs: Float64Array[] = [];
    const labels: Int32Array[] = [];
    const { nRows, predictSeconds } = await scoreInBatches(dataPath, schema, scorer, nthread, true, io, (data, pred) => {
      targets.push(data.target!);
      outputs.push(pred.output);
      if (pred.labels) labels.push(pred.labels);
    });
    const cat = <T extends Float64Array | Int32Array>(parts: T[], make: (n: number) => T): T => {
      const out = make(parts.reduce((s, p) => s + p.length, 0));
      let at = 0;
      for (const p of parts) { out.set(p, at); at += p.length; }
      return out;
    };
    const prediction: Prediction = { nRows, nGroups: 1, margins: new Float32Array(0), output: cat(outputs, (n) => new Float64Array(n)) };
    if (labels.length > 0) prediction.labels = cat(labels, (n) => new Int32Array(n));
    const metrics = evaluateTask(schema.target.task, cat(targets, (n) => new Float64Array(n)), prediction, metricOpts);
    const total = (performance.now() - t0) / 1000;
    report = { n: nRows, metrics, read_seconds: total - predictSeconds, predict_seconds: predictSeconds };
  } else {
    const { data } = await readWithSchema(dataPath, schema, true, io, scorer.prepare, { delimiter: flags.delimiter, weight: flags.weight });
    const t1 = performance.now();
    const prediction = await scoreData(scorer, data, nthread);
    const t2 = performance.now();
    const metrics = evaluateTask(schema.target.task, data.target!, prediction, { ...metricOpts, weights: data.weight });
    report = { n: data.nRows, metrics, read_seconds: (t1 - t0) / 1000, predict_seconds: (t2 - t1) / 1000 };
  }
  if (flags.json) {
    io.stdout(JSON.stringify(report) + '\n');
    return;
  }
  const rows: [string, string][] = [['rows', String(report.n)], ...Object.entries(report.metrics).map(([k, v]): [string, string] => [k, formatMetric(v)])];
  io.stdout(rows.map(([k, v]) => `${k.padEnd(10)}${v}`).join('\n') + '\n');
}

export function registerEvaluate(program: Command, io: CliIO): void {
  program
    .command('evaluate')
    .description('score a labelled data file: auc, logloss, accuracy | logloss, accuracy | rmse, mae, r2')
    .argument('<model>', 'model file (thicket JSON)')
    .argument('<data>', 'labelled data (.csv, .tsv, .csv.gz, .arrow, .parquet; - for standard input)')
    .option('--target <col>', 'target column (default: the model\'s target)')
    .option('--weight <col>', 'sample-weight column: weighted metrics')
    .option('--metric <name>', 'also report this metric (binary: f1); default: the AutoML model\'s --metric')
    .option('--delimiter <char>', 'CSV field separator (default , or a tab for .tsv)')
    .option('--json', 'print {"n": rows, "metrics": {...}} on stdout')
    .option('--nthread <n>', 'threads for large predictions (0: all cores)', '0')
    .option('--quiet', 'only warnings and errors on stderr')
    .action((modelPath: string, dataPath: string, flags: EvaluateFlags) => evaluate(modelPath, dataPath, flags, flags.quiet ? quietIO(io) : io));
}
