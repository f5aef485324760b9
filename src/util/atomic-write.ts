/**
 * The one way the CLI (and the library's save) writes a file: nothing is ever written in place.
 *
 * writeFileAtomic: an exclusively created ('wx': O_CREAT | O_EXCL, so a symlink or file planted at
 * the name is never followed or reused), randomly named temp file beside the destination, written,
 * fsynced, closed and renamed over the destination (then the folder is fsynced, where it can be).
 * Any failure (a full disk, a bad chunk, an exception while producing the text) removes the temp
 * file and leaves the previous file as it was.
 *
 * checkOutputs: before any data is read, every output's folder must exist and be writable, an
 * output must not be a folder, one of the inputs (same realpath, or same device and inode) or
 * another output.
 *
 * AppendingFile: a file written as a run goes (the trial log): lines are appended to the temp
 * file, and commit() fsyncs and renames it; a killed run leaves the previous file intact and the
 * temp file (`.<name>.<pid>.<random>.partial`) holding every line written so far.
 *
 * Stale temp files: a kill during the final write leaves `.<name>.<pid>.<random>.tmp` behind (the
 * destination is intact). The next writeFileAtomic to that destination removes such files when
 * they are older than the writing process and their pid (when the name has one) is not running.
 * `.partial` trial logs are kept: they are what `fit --resume` reads.
 *
 * Special destinations: a device, FIFO or socket (`--out /dev/null`, `/dev/stdout`, a pipe) is
 * written in place: renaming a temp file over it would replace the device node (as root, for
 * the whole machine). A symlink to a regular file is followed: the file it names is replaced
 * and the link kept.
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync, closeSync, constants, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, statSync, unlinkSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inputError, usageError } from '../errors.js';

/** The error text of a failed file operation (the errno code, e.g. ENOSPC, when there is one). */
export function errnoText(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));
}

/** A fresh temp path beside `path`: `<dir>/.<name>.<pid>.<16 hex>.<suffix>`. */
export function tempPathFor(path: string, suffix = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.${suffix}`);
}

/** The tail of a final-write temp name after `.<name>.`: an optional pid (older files have none), 16 hex digits, `.tmp`. */
const STALE_TAIL = /^(?:(\d{1,10})\.)?[0-9a-f]{16}\.tmp$/;

/** When this process started (ms since the epoch). */
const PROCESS_START_MS = Date.now() - performance.now();

/** Whether process `pid` is running (EPERM: it runs under another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files a killed earlier write to `path` left beside it: names of our pattern,
 * regular files, last modified before this process started, by a process no longer running.
 * Best effort: a file that cannot be listed or removed is left as it is.
 */
export function removeStaleTemps(path: string): void {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = STALE_TAIL.exec(name.slice(prefix.length));
    if (!m) continue;
    const full = join(dir, name);
    try {
      const st = lstatSync(full);
      if (!st.isFile() || st.mtimeMs >= PROCESS_START_MS) continue;
      if (m[1] !== undefined && Number(m[1]) !== process.pid && running(Number(m[1]))) continue;
      unlinkSync(full);
    } catch {
      /* gone meanwhile, or not ours to remove */
    }
  }
}

/** Where a write to `path` goes: `special` for an existing device, FIFO or socket (written in place); a symlink to a file is resolved. */
export function destinationOf(path: string): { path: string; special: boolean } {
  let st;
  try {
    st = statSync(path);
  } catch {
    return { path, special: false };
  }
  if (st.isFile()) {
    try {
      return { path: realpathSync(path), special: false };
    } catch {
      return { path, special: false };
    }
  }
  return { path, special: !st.isDirectory() };
}

/** Opens a special destination for writing in place (a FIFO waits for its reader, as a shell redirection does). */
function openSpecial(path: string, what: string): number {
  try {
    return openSync(path, 'w');
  } catch (e) {
    throw inputError(path, `cannot write ${what} (${errnoText(e)})`);
  }
}

/** Opens a new temp file beside `path` exclusively (never follows or reuses what is there); retries a name collision. */
function openTemp(path: string, suffix: string): { fd: number; tmp: string } {
  for (let attempt = 0; ; attempt++) {
    const tmp = tempPathFor(path, suffix);
    try {
      return { fd: openSync(tmp, 'wx', 0o666), tmp };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 8) continue;
      throw e;
    }
  }
}

/** Writes all of `data` at the descriptor's position (retrying short writes). */
export function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** fsync of the folder holding `path` (so the rename itself is durable); not every file system allows it. */
function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), 'r');
    fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) try { closeSync(fd); } catch { /* ignore */ }
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/**
 * Writes `data` (text, bytes, or their pieces, e.g. a generator) to `path` through an exclusive
 * temp file, fsync and rename. `what` names the file in the message of a failure (a ThicketError,
 * exit 1, naming the path and the errno code). An error thrown by the pieces' generator other
 * than a write failure is rethrown as it is (after the temp file is removed).
 */
export function writeFileAtomic(given: string, data: string | Uint8Array | Iterable<string | Uint8Array>, what = 'the file'): void {
  const { path, special } = destinationOf(given);
  if (special) return writeInPlace(path, data, what);
  let fd: number, tmp: string;
  removeStaleTemps(path);
  try {
    ({ fd, tmp } = openTemp(path, 'tmp'));
  } catch (e) {
    throw inputError(path, `cannot write ${what} (${errnoText(e)})`);
  }
  let ioFailure = true;
  try {
    const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    const it = pieces[Symbol.iterator]();
    for (;;) {
      ioFailure = false;
      const next = it.next();
      if (next.done) break;
      ioFailure = true;
      writeAll(fd, next.value);
    }
    ioFailure = true;
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (e) {
    if (fd >= 0) try { closeSync(fd); } catch { /* ignore */ }
    removeQuietly(tmp);
    if (!ioFailure) throw e;
    throw inputError(path, `cannot write ${what} (${errnoText(e)})`);
  }
  syncFolder(path);
}

/** Writes `data` to a device, FIFO or socket directly (no temp file, no rename). */
function writeInPlace(path: string, data: string | Uint8Array | Iterable<string | Uint8Array>, what: string): void {
  const fd = openSpecial(path, what);
  try {
    const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const piece of pieces) {
      try {
        writeAll(fd, piece);
      } catch (e) {
        throw inputError(path, `cannot write ${what} (${errnoText(e)})`);
      }
    }
  } finally {
    try { closeSync(fd); } catch { /* ignore */ }
  }
}

/** A file built line by line as a run goes, published by commit() (see the module comment). */
export class AppendingFile {
  private fd: number;
  readonly tempPath: string;
  readonly path: string;
  private done = false;
  /** A device, FIFO or socket: appended to in place, never renamed over or removed. */
  private readonly special: boolean;

  constructor(given: string, private readonly what: string) {
    ({ path: this.path, special: this.special } = destinationOf(given));
    if (this.special) {
      this.fd = openSpecial(this.path, what);
      this.tempPath = this.path;
      return;
    }
    const path = this.path;
    try {
      ({ fd: this.fd, tmp: this.tempPath } = openTemp(path, 'partial'));
    } catch (e) {
      throw inputError(path, `cannot write ${what} (${errnoText(e)})`);
    }
  }

  /** Appends text (one write call, so a kill leaves whole lines but perhaps the last). */
  append(text: string): void {
    if (this.done) return;
    try {
      writeAll(this.fd, text);
    } catch (e) {
      this.abort();
      throw inputError(this.path, `cannot write ${this.what} (${errnoText(e)})`);
    }
  }

  /** fsync, close and rename over the destination. */
  commit(): void {
    if (this.done) return;
    if (this.special) {
      this.done = true;
      try { closeSync(this.fd); } catch { /* ignore */ }
      return;
    }
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.done = true;
      renameSync(this.tempPath, this.path);
    } catch (e) {
      this.abort();
      throw inputError(this.path, `cannot write ${this.what} (${errnoText(e)})`);
    }
    syncFolder(this.path);
  }

  /** Drops the temp file; the destination is left as it was. */
  abort(): void {
    if (!this.done) try { closeSync(this.fd); } catch { /* ignore */ }
    this.done = true;
    if (!this.special) removeQuietly(this.tempPath);
  }
}

/** One file a command will write. */
export interface OutputFile {
  path: string;
  /** The flag or role, for messages: '--out', '--log', ... */
  flag: string;
}

/** Device and inode of an existing file (undefined when it does not exist). */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** The canonical path of a file that may not exist yet (its folder resolved through symlinks). */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Checks, before any data is read, that each output can be written: its folder exists, is a
 * folder and is writable; the output is not a folder; it is none of `inputs` (same canonical
 * path or same device and inode: a hard link or symlink too) and no other output. Fails with a
 * ThicketError naming the flag and the path.
 */
export function checkOutputs(outputs: OutputFile[], inputs: string[] = []): void {
  const inputIds = new Map<string, string>();
  for (const p of inputs) {
    inputIds.set(canonical(p), p);
    const id = identity(p);
    if (id !== undefined) inputIds.set(id, p);
  }
  const seen = new Map<string, OutputFile>();
  for (const out of outputs) {
    const dir = dirname(resolve(out.path));
    let st;
    try {
      st = statSync(dir);
    } catch (e) {
      throw inputError(`${out.flag} ${out.path}`, `cannot be written: its folder ${dir} ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${errnoText(e)})`}`);
    }
    if (!st.isDirectory()) throw inputError(`${out.flag} ${out.path}`, `cannot be written: ${dir} is not a folder`);
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
    } catch (e) {
      throw inputError(`${out.flag} ${out.path}`, `cannot be written: its folder ${dir} is not writable (${errnoText(e)})`);
    }
    try {
      if (statSync(out.path).isDirectory()) throw inputError(`${out.flag} ${out.path}`, 'is a folder, not a file');
    } catch (e) {
      if (!(e as NodeJS.ErrnoException).code) throw e;
    }
    const keys = [canonical(out.path), identity(out.path)].filter((k): k is string => k !== undefined);
    for (const k of keys) {
      const input = inputIds.get(k);
      if (input !== undefined) throw usageError(`${out.flag} ${out.path} is the input file ${input}: refusing to overwrite an input`);
      const other = seen.get(k);
      if (other !== undefined) throw usageError(`${out.flag} ${out.path} is also ${other.flag} ${other.path}: two outputs cannot share a file`);
    }
    for (const k of keys) seen.set(k, out);
  }
}
