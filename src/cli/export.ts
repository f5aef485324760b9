/** `thicket export`: model conversion (registered with its contract flags; the XGBoost writer is a later issue). */
import type { Command } from 'commander';
import { ThicketError } from '../errors.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('convert a model to another format (not implemented yet)')
    .argument('<model>', 'model file (thicket JSON)')
    .requiredOption('--format <format>', 'output format: xgboost-json')
    .requiredOption('--out <file>', 'file to write')
    .action(() => {
      throw new ThicketError('thicket export is not implemented yet (planned: --format xgboost-json)', 1);
    });
}
