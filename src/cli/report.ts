/** `thicket report`: the HTML report of any model file (AutoML, single GBDT, forest, imported XGBoost), with diagnostics on a labelled data file. */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { applySchema } from '../data/apply-schema.js';
import type { Schema } from '../data/frame.js';
import { readFrame } from '../data/read-frame.js';
import { ThicketError, usageError } from '../errors.js';
import { checkOutputs } from '../util/atomic-write.js';
import { loadScorer } from '../api/scorer.js';
import { buildReport } from '../report/html-report.js';
import { readReportTrials, reportEvaluation, versionFacts } from '../report/report-data.js';
import { formatMetric, secondsSince, warn, writeChunks, type CliIO } from './io.js';
import { quietIO } from './progress.js';

interface ReportFlags {
  quiet?: boolean;
  data?: string;
  target?: string;
  log?: string;
  out: string;
  repeats?: string;
  seed?: string;
}

async function report(modelPath: string, flags: ReportFlags, io: CliIO): Promise<void> {
  const start = performance.now();
  if (flags.repeats !== undefined) {
    const r = Number(flags.repeats);
    if (!Number.isInteger(r) || r < 1 || r > 1000) throw usageError(`--repeats must be an integer in [1, 1000], got '${flags.repeats}'`);
  }
  if (flags.seed !== undefined && !(Number.isInteger(Number(flags.seed)) && Number(flags.seed) >= 0)) throw usageError(`--seed must be a non-negative integer, got '${flags.seed}'`);
  // The output is checked before anything is read.
  if (flags.out !== '-') {
    checkOutputs([{ path: flags.out, flag: '--out' }], [modelPath, ...(flags.data !== undefined ? [flags.data] : []), ...(flags.log !== undefined ? [flags.log] : [])]);
  }
  const scorer = loadScorer(modelPath);
  const model = scorer.model;
  const task = scorer.schema.target.task;
  const facts: [string, string][] = [
    ['model', `${modelPath} (${(statSync(modelPath).size / 1e6).toFixed(2)} MB)`],
    ['learner', model.learner === 'automl' ? `automl: ${model.ensemble.reason}` : model.learner],
    ['task', `${task} (target ${scorer.schema.target.name}${scorer.schema.target.classes ? `; classes ${scorer.schema.target.classes.join(', ')}` : ''})`],
    ['features', String(scorer.schema.features.length)],
  ];
  if (model.learner === 'automl') {
    const v = model.validation;
    facts.push(['metric', model.metric], ['validation', `${v.kind === 'cv' ? `${v.folds}-fold cross-validation` : 'holdout'} on ${v.rows} rows: ${formatMetric(v.value)} (inner-fold score of the final model)`]);
  } else if (model.learner === 'gbdt') {
    facts.push(['rounds', String(model.training?.rounds ?? '')]);
  }
  let trials;
  if (model.learner === 'automl') {
    const logPath = flags.log ?? modelPath.replace(/\.json$/i, '') + '.trials.jsonl';
    trials = readReportTrials(logPath) ?? undefined;
    if (trials) facts.push(['trial log', `${logPath} (${trials.length} trials)`]);
    else if (flags.log !== undefined) throw new ThicketError(`trial log ${flags.log}: cannot be read`, 1);
  }
  let evaluation;
  let dataSummary;
  if (flags.data !== undefined) {
    const targetName = flags.target ?? scorer.schema.target.name;
    const schema: Schema = { ...scorer.schema, target: { ...scorer.schema.target, name: targetName } };
    const frame = await readFrame(flags.data);
    if (!frame.columns.some((c) => c.name === targetName)) {
      throw new ThicketError(`${flags.data}: has no target column '${targetName}'${flags.target === undefined ? ' (the model\'s target; name it with --target)' : ''}`, 1);
    }
    const data = applySchema(scorer.prepare(frame), schema, { requireTarget: true, onWarning: (m) => warn(io, m) });
    const repeats = flags.repeats === undefined ? undefined : Number(flags.repeats);
    evaluation = reportEvaluation((d) => scorer.predict(d), data, flags.data, { repeats, seed: flags.seed === undefined ? 0 : Number(flags.seed) });
    dataSummary = { source: flags.data, frame };
  }
  facts.push(['generated', new Date().toISOString()], ...versionFacts());
  const html = await buildReport({ title: `thicket report: ${modelPath}`, model, trials, facts, evaluation, dataSummary });
  const out = flags.out === '-' ? undefined : flags.out;
  writeChunks(io, [html], out, 'the report');
  io.stderr(`report${out ? ` written to ${out}` : ''}: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB in ${secondsSince(start)}s\n`);
}

export function registerReport(program: Command, io: CliIO): void {
  program
    .command('report')
    .description('write a self-contained HTML report of a model: leaderboard, importance, diagnostics on --data, learning curves')
    .argument('<model>', 'model file (thicket JSON, AutoML or single; XGBoost JSON / UBJSON)')
    .option('--data <file>', 'labelled data for diagnostics and permutation importance (.csv, .tsv, .csv.gz, .arrow, .parquet)')
    .option('--target <col>', 'target column in --data (default: the model\'s target)')
    .option('--log <trials.jsonl>', 'AutoML trial log (default: next to the model, as fit writes it)')
    .option('--out <report.html>', 'file to write (- for stdout)', 'report.html')
    .option('--repeats <n>', 'permutation importance shuffles per feature', '3')
    .option('--seed <n>', 'permutation importance seed', '0')
    .option('--quiet', 'only warnings and errors on stderr')
    .action((modelPath: string, flags: ReportFlags) => report(modelPath, flags, flags.quiet ? quietIO(io) : io));
}
