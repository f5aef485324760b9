/**
 * Runs CLI commands of the adversarial sweep in child processes (two at a time, each killed at a
 * generous hang bound) and checks the contract every run must keep: no crash, no stack trace, no
 * "internal error", and a failure ends with exactly one `error:` line (warnings may precede it).
 */
import { spawn } from 'node:child_process';
import { BIN } from './run-cli.js';
import type { Outcome } from './adversarial-inputs.js';

export interface Run {
  /** A label for messages. */
  label: string;
  args: string[];
  /** Run through `sh -c` with this pipe or redirection appended to the command (stdout cases). */
  shellTail?: string;
  expect: Outcome;
  /** The error line must match this when the run is expected to fail. */
  where?: RegExp;
  cwd: string;
}

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** A run still going after this long is a hang (the real ones last under 5 s). */
const HANG_MS = 90_000;

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function runOne(run: Run): Promise<Result> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.THICKET_DEBUG;
    const child = run.shellTail === undefined
      ? spawn(process.execPath, [BIN, ...run.args], { cwd: run.cwd, env })
      : spawn('/bin/bash', ['-c', `set -o pipefail; ${[process.execPath, BIN, ...run.args].map(quote).join(' ')} ${run.shellTail}`], { cwd: run.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < 1 << 20) stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 1 << 20) stderr += d.toString('utf8'); });
    let timedOut = false;
    const start = Date.now();
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, HANG_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - start });
    });
  });
}

/** Runs every run, `parallel` at a time, in order of the list. */
export async function runAll(runs: Run[], parallel = 2): Promise<Result[]> {
  const results: Result[] = new Array(runs.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < runs.length) {
      const i = next++;
      results[i] = await runOne(runs[i]);
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane));
  return results;
}

/** What is wrong with a run's result (empty: nothing). */
export function problems(run: Run, r: Result): string[] {
  const out: string[] = [];
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  if (r.timedOut) out.push(`hung (killed after ${HANG_MS / 1000} s)`);
  if (r.signal !== null && !r.timedOut) out.push(`killed by ${r.signal}`);
  if (/^\s+at /m.test(r.stderr) || /^\s+at /m.test(r.stdout)) out.push('stack trace');
  if (/internal error|RangeError|TypeError|ReferenceError|FATAL ERROR|Aborted/i.test(r.stderr)) out.push(`crash: ${lines.find((l) => /internal|Error|FATAL/.test(l)) ?? ''}`);
  const failed = r.code !== 0;
  if (failed) {
    const errors = lines.filter((l) => l.startsWith('error: '));
    const other = lines.filter((l) => !l.startsWith('error: ') && !l.startsWith('warning: '));
    if (errors.length !== 1) out.push(`${errors.length} error lines`);
    if (other.length > 0) out.push(`other stderr lines: ${other.slice(0, 3).join(' | ').slice(0, 300)}`);
    if (run.where && run.expect === 'fail' && errors.length === 1 && !run.where.test(errors[0])) out.push(`error line does not name ${run.where}: ${errors[0].slice(0, 300)}`);
    if (run.expect === 'ok') out.push(`expected success, got exit ${r.code}: ${(errors[0] ?? lines.at(-1) ?? '').slice(0, 300)}`);
  } else if (run.expect === 'fail') {
    out.push(`expected a failure, got exit 0 (stderr: ${lines.slice(-2).join(' | ').slice(0, 300)})`);
  }
  return out;
}
