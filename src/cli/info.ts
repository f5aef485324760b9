/** `thicket info`: a human-readable (or --json) summary of a model file. */
import type { Command } from 'commander';
import { formatModelInfo, summarizeModel } from '../model/model-info.js';
import { loadScorer } from '../predict/scorer.js';
import { formatAutoMLInfo, summarizeAutoML } from '../automl/automl-info.js';
import type { AutoMLModel } from '../automl/automl-model.js';
import type { Model } from '../model/model.js';
import type { CliIO } from './io.js';

interface InfoFlags {
  json?: boolean;
}

function info(modelPath: string, flags: InfoFlags, io: CliIO): void {
  const scorer = loadScorer(modelPath);
  if (scorer.kind === 'automl') {
    const summary = summarizeAutoML(scorer.model as AutoMLModel, modelPath);
    io.stdout(flags.json ? JSON.stringify(summary) + '\n' : formatAutoMLInfo(summary));
    return;
  }
  const summary = summarizeModel(scorer.model as Model, modelPath);
  io.stdout(flags.json ? JSON.stringify(summary) + '\n' : formatModelInfo(summary));
}

export function registerInfo(program: Command, io: CliIO): void {
  program
    .command('info')
    .description('summarize a model file: learner, objective, features, classes, trees, parameters, metrics')
    .argument('<model>', 'model file (thicket JSON)')
    .option('--json', 'print the summary as one JSON object')
    .action((modelPath: string, flags: InfoFlags) => info(modelPath, flags, io));
}
