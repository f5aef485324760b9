/** `thicket info`: a human-readable (or --json) summary of a model file. */
import type { Command } from 'commander';
import { loadModel } from '../model/model-file.js';
import { formatModelInfo, summarizeModel } from '../model/model-info.js';
import type { CliIO } from './io.js';

interface InfoFlags {
  json?: boolean;
}

function info(modelPath: string, flags: InfoFlags, io: CliIO): void {
  const summary = summarizeModel(loadModel(modelPath), modelPath);
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
