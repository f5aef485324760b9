/** Where the CLI writes: results to stdout, progress / warnings / errors to stderr (swappable for tests). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { inputError } from '../errors.js';

export interface CliIO {
  /** Results only (CSV, JSON, tables). */
  stdout(text: string): void;
  /** Progress, summaries, warnings and errors. */
  stderr(text: string): void;
}

export const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A warning line on stderr. */
export function warn(io: CliIO, message: string): void {
  io.stderr(`warning: ${message}\n`);
}

/** Writes text chunks to `path`, or to stdout when `path` is undefined. */
export function writeChunks(io: CliIO, chunks: Iterable<string>, path?: string): void {
  if (path === undefined) {
    for (const c of chunks) io.stdout(c);
    return;
  }
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw inputError(path, `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    for (const c of chunks) writeSync(fd, c);
  } catch (e) {
    throw inputError(path, `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** Seconds since `start` (a performance.now() reading), rounded to 0.1 ms. */
export function secondsSince(start: number): number {
  return Number(((performance.now() - start) / 1000).toFixed(4));
}

/** Splits a comma-separated column list ("a,b , c"), dropping empty names. */
export function columnList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** A metric value for humans: 6 significant digits. */
export function formatMetric(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}
