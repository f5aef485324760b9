/** Where the CLI writes: results to stdout, progress / warnings / errors to stderr (swappable for tests). */
import { writeSync } from 'node:fs';
import { ThicketError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface CliIO {
  /** Results only (CSV, JSON, tables). */
  stdout(text: string): void;
  /** Progress, summaries, warnings and errors. */
  stderr(text: string): void;
}

let sleeper: Int32Array | undefined;
/** Blocks the thread for `ms` (a non-blocking stdout that is full: wait for the reader). */
function pause(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Writes all of `text` to file descriptor `fd` synchronously, so that a failed write is known
 * here: any error (EPIPE: the reader stopped reading, as `| head` does; ENOSPC, EIO, EBADF:
 * `> /dev/full`, a full disk) is a ThicketError (exit 1), so a command never ends with exit 0
 * and a cut output.
 */
export function writeToFd(fd: number, text: string | Uint8Array, what = 'standard output'): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let off = 0;
  let waits = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
      waits = 0;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' && waits < 600_000) {
        pause(Math.min(1 + waits++, 50));
        continue;
      }
      if (code === 'EPIPE') throw new ThicketError(`cannot write ${what}: its reader closed it before the output was complete (EPIPE)`, 1);
      throw new ThicketError(`cannot write ${what} (${code ?? (e as Error).message})`, 1);
    }
  }
}

/** Writes to standard output (descriptor 1) through writeToFd: see there for the errors. */
export function writeStdout(text: string | Uint8Array): void {
  writeToFd(1, text);
}

export const processIO: CliIO = {
  stdout: (text) => writeStdout(text),
  stderr: (text) => {
    try {
      writeToFd(2, text, 'standard error');
    } catch {
      /* nowhere left to report it */
    }
  },
};

/** A warning line on stderr (control characters escaped). */
export function warn(io: CliIO, message: string): void {
  io.stderr(`warning: ${escapeControl(message)}\n`);
}

/**
 * Text safe to print on a terminal: C0 / C1 control characters (newlines and tabs kept unless
 * `keepNewlines` is false), DEL and the bidirectional overrides become visible escapes (\x1b,
 * \u202e), so data or a model file cannot move the cursor, recolour or hide text.
 */
export function escapeControl(text: string, keepNewlines = true): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    if (keepNewlines && (ch === '\n' || ch === '\t')) return ch;
    const c = ch.charCodeAt(0);
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Writes text chunks to `path` (atomically: an exclusive temp file beside it, fsync, rename; see
 * src/util/atomic-write.ts), or to stdout when `path` is undefined or '-'.
 */
export function writeChunks(io: CliIO, chunks: Iterable<string>, path?: string, what = 'the output'): void {
  if (path === undefined || path === '-') {
    for (const c of chunks) io.stdout(c);
    return;
  }
  writeFileAtomic(path, chunks, what);
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
