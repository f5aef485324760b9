/** `thicket export`: writes a model in another format (XGBoost JSON: GBDT models of every objective, regression forests). */
import type { Command } from 'commander';
import { ThicketError, usageError } from '../errors.js';
import type { Model } from '../model/model.js';
import { checkOutputs, writeFileAtomic } from '../util/atomic-write.js';
import { loadScorer } from '../api/scorer.js';
import { modelToXGBoostJson } from '../xgboost/xgb-export.js';
import { processIO, type CliIO } from './io.js';

const FORMATS = ['xgboost-json'] as const;

interface ExportFlags {
  format: string;
  out: string;
}


function exportModel(modelPath: string, flags: ExportFlags, io: CliIO): void {
  if (!(FORMATS as readonly string[]).includes(flags.format)) {
    throw usageError(`--format ${flags.format}: must be one of ${FORMATS.join(', ')}`);
  }
  checkOutputs([{ path: flags.out, flag: '--out' }], [modelPath]);
  const scorer = loadScorer(modelPath);
  if (scorer.kind === 'automl') {
    throw new ThicketError(
      `model ${modelPath}: an AutoML model (an ensemble with its preprocessing) cannot be written as one XGBoost model; ` +
      'export a single model (thicket train --out) instead',
      1,
    );
  }
  const model = scorer.model as Model;
  let text: string;
  try {
    text = modelToXGBoostJson(model);
  } catch (e) {
    if (e instanceof ThicketError) throw new ThicketError(`model ${modelPath}: ${e.message}`, e.exitCode);
    throw e;
  }
  writeFileAtomic(flags.out, text, 'the exported model');
  io.stderr(`exported ${modelPath} (${model.learner}, ${model.trees.treeRoot.length} trees) to ${flags.out} as XGBoost JSON\n`);
}

export function registerExport(program: Command, io: CliIO = processIO): void {
  program
    .command('export')
    .description('write a model as an XGBoost JSON model (GBDT models of every objective, regression forests)')
    .argument('<model>', 'model file (thicket JSON, or an XGBoost .json / .ubj model)')
    .requiredOption('--format <format>', 'output format: xgboost-json')
    .requiredOption('--out <file>', 'file to write')
    .action((modelPath: string, flags: ExportFlags) => exportModel(modelPath, flags, io));
}
