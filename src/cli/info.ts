/** `thicket info`: a human-readable (or --json) summary of a model file, with feature importance (split gain and count; permutation on --data). */
import type { Command } from 'commander';
import { formatModelInfo, summarizeModel } from '../model/model-info.js';
import { loadScorer } from '../api/scorer.js';
import { formatAutoMLInfo, summarizeAutoML } from '../automl/automl-info.js';
import type { AutoMLModel } from '../automl/automl-model.js';
import type { Model } from '../model/model.js';
import { usageError } from '../errors.js';
import { permutationImportance } from '../predict/permutation-importance.js';
import { escapeControl, type CliIO } from './io.js';
import type { ChecksumInfo } from '../model/checksum.js';
import { readWithSchema } from './model-data.js';
import { formatXGBoostSummary, xgboostSummary } from '../xgboost/xgb-info.js';

interface InfoFlags {
  json?: boolean;
  data?: string;
  target?: string;
  repeats: string;
  seed: string;
}

/** Most shuffles per feature for permutation importance (each repeat predicts the whole file once per feature). */
const MAX_REPEATS = 1000;

/** The checksum line of the text summary (thicket files only). */
function checksumLine(c: ChecksumInfo | undefined): string {
  if (!c) return '';
  return c.value ? `checksum: ${c.value} (verified)\n` : 'checksum: none (a file written before thicket added checksums, or edited by hand)\n';
}

async function info(modelPath: string, flags: InfoFlags, io: CliIO): Promise<void> {
  const repeats = Number(flags.repeats), seed = Number(flags.seed);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_REPEATS) throw usageError(`--repeats must be an integer in [1, ${MAX_REPEATS}], got '${flags.repeats}'`);
  if (!Number.isInteger(seed) || seed < 0) throw usageError(`--seed must be a non-negative integer, got '${flags.seed}'`);
  if (flags.target !== undefined && flags.data === undefined) throw usageError('--target needs --data (the labelled file for permutation importance)');
  const scorer = loadScorer(modelPath);
  if (scorer.kind === 'automl') {
    if (flags.data !== undefined) throw usageError('--data (permutation importance) is for single-model files; this is an AutoML model');
    const summary = { ...summarizeAutoML(scorer.model as AutoMLModel, modelPath), checksum: scorer.checksum?.value ?? null };
    io.stdout(flags.json ? JSON.stringify(summary) + '\n' : escapeControl(formatAutoMLInfo(summary) + checksumLine(scorer.checksum)));
    return;
  }
  const model = scorer.model as Model;
  const summary = { ...summarizeModel(model, modelPath), ...(scorer.checksum ? { checksum: scorer.checksum.value ?? null } : {}) };
  if (flags.data !== undefined) {
    // --target names the column in this file; it may differ from the training file's name.
    const target = flags.target ?? model.schema.target.name;
    const schema = { ...model.schema, target: { ...model.schema.target, name: target } };
    const { data } = await readWithSchema(flags.data, schema, true, io, scorer.prepare);
    const p = permutationImportance(model, data, { repeats, seed });
    summary.permutation_importance = {
      metric: p.metric, repeats: p.repeats, rows: p.rows,
      features: p.features.map(({ feature, mean, std }) => ({ feature, mean, std })),
    };
  }
  const xgb = model.learner === 'gbdt' ? xgboostSummary(model) : undefined;
  if (flags.json) io.stdout(JSON.stringify(xgb ? { ...summary, xgboost: xgb } : summary) + '\n');
  else io.stdout(escapeControl(formatModelInfo(summary) + (xgb && model.learner === 'gbdt' ? formatXGBoostSummary(xgb, model) : '') + checksumLine(scorer.checksum)));
}

export function registerInfo(program: Command, io: CliIO): void {
  program
    .command('info')
    .description('summarize a model file: learner, objective, features, classes, trees, parameters, metrics, feature importance')
    .argument('<model>', 'model file (thicket JSON, or an XGBoost .json / .ubj model)')
    .option('--json', 'print the summary as one JSON object')
    .option('--data <file>', 'labelled data for permutation importance (drop in auc / accuracy / r2 when a feature is shuffled)')
    .option('--target <col>', 'target column of --data (default: the model\'s target name)')
    .option('--repeats <n>', 'shuffles per feature for permutation importance', '5')
    .option('--seed <n>', 'seed of the shuffles', '0')
    .action((modelPath: string, flags: InfoFlags) => info(modelPath, flags, io));
}
