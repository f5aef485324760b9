/** The commander program and the one place that turns errors into messages and exit codes. */
import { Command, CommanderError } from 'commander';
import { ThicketError } from '../errors.js';
import { registerEvaluate } from './evaluate.js';
import { registerExport } from './export.js';
import { registerFit } from './fit.js';
import { registerInfo } from './info.js';
import { escapeControl, processIO, type CliIO } from './io.js';
import { registerPredict } from './predict.js';
import { registerTrain } from './train.js';
import { registerReport } from './report.js';
import { packageVersion } from '../util/package-version.js';
import { registerWorker } from './worker.js';
import { MISSING_WORDS } from '../data/number-parser.js';

/** Exit codes of the command-line contract (DESIGN.md section 4). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export function buildProgram(io: CliIO = processIO): Command {
  const program = new Command('thicket');
  program
    .description('WebAssembly gradient boosting for tabular data')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // One line per error: commander's message and where to find the usage, control characters escaped.
      outputError: (s, write) => write(`${escapeControl(s.trimEnd(), false)} (run with --help for usage)\n`),
    });
  registerFit(program, io);
  registerTrain(program, io);
  registerPredict(program, io);
  registerEvaluate(program, io);
  registerInfo(program, io);
  registerExport(program, io);
  registerReport(program, io);
  registerWorker(program, io);
  program.addHelpText('after', `
Data: .csv, .tsv, .csv.gz, .arrow, .parquet (- for standard input). Missing values: empty fields,
nulls, and in a column of numbers the words ${[...MISSING_WORDS].join(' ')} and NaN (any case);
other text among numbers is an error (or --categorical <col> reads the column as text).`);
  return program;
}

/** One line of an unexpected error's message. */
function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] || (e instanceof Error ? e.name : 'unknown error');
}

/** Reports an error on stderr and returns the exit code: usage 2, ThicketError its own, anything else 1. */
export function reportError(e: unknown, io: CliIO): number {
  if (e instanceof CommanderError) {
    // commander has already printed its message (or the help / version text).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (e instanceof ThicketError) {
    io.stderr(`error: ${escapeControl(e.message)}\n`);
    return e.exitCode;
  }
  if (process.env.THICKET_DEBUG === '1') {
    io.stderr(`internal error: ${escapeControl(e instanceof Error && e.stack ? e.stack : String(e))}\n`);
  } else {
    io.stderr(`internal error: ${escapeControl(firstLine(e))} (set THICKET_DEBUG=1 for a stack trace)\n`);
  }
  return EXIT_FAILED;
}

/** Runs the CLI on `args` (without `node` and the script) and returns the exit code; never throws. */
export async function runCli(args: string[], io: CliIO = processIO): Promise<number> {
  try {
    await buildProgram(io).parseAsync(args, { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    return reportError(e, io);
  }
}
