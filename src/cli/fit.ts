/** `thicket fit`: the AutoML search (registered with its contract flags; the search itself is a later issue). */
import { Option, type Command } from 'commander';
import { ThicketError } from '../errors.js';
import { TASK_CHOICES } from './train.js';

export function registerFit(program: Command): void {
  program
    .command('fit')
    .description('AutoML: search learners and parameters, ensemble the best (not implemented yet)')
    .argument('<train>', 'training data (.csv, .csv.gz, .arrow, .parquet)')
    .requiredOption('--target <col>', 'target column')
    .option('--test <file>', 'held-out data for the reported metrics')
    .addOption(new Option('--task <task>', 'task; auto infers it from the target').choices(TASK_CHOICES).default('auto'))
    .option('--metric <name>', 'metric to optimise')
    .option('--time <seconds>', 'time budget')
    .option('--trials <n>', 'trial budget')
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('--seed <n>', 'random seed')
    .option('--out <model.json>', 'model file to write', 'model.json')
    .option('--report <report.html>', 'HTML report to write')
    .option('--json', 'print one JSON object with the leaderboard on stdout')
    .action(() => {
      throw new ThicketError('thicket fit is not implemented yet; use `thicket train` to fit one gbdt model', 1);
    });
}
