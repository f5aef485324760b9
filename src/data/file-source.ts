/** Opens data files: existence checks with user-facing errors, and chunked (optionally gunzipped) byte streams. */

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ThicketError } from '../errors.js';
import { emptyFile, fileNotFound, invalidGzip, notAFile, unreadable } from './messages.js';

/** Throws a ThicketError unless `path` is an existing regular file; returns its size in bytes. */
export async function checkFile(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw notAFile(path);
    return info.size;
  } catch (err) {
    throw toThicketError(path, err);
  }
}

/** Reads a whole (binary) file, for formats whose readers need random access. */
export async function readWhole(path: string): Promise<Buffer> {
  const size = await checkFile(path);
  if (size === 0) throw emptyFile(path);
  try {
    return await readFile(path);
  } catch (err) {
    throw toThicketError(path, err);
  }
}

/**
 * Yields the file's bytes in chunks, gunzipping when `gzip` is set, so a large .csv.gz is never
 * held whole in memory. Read and gzip failures become ThicketErrors naming the file.
 */
export async function* readChunks(path: string, gzip: boolean, chunkBytes = 1 << 20): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: chunkBytes });
  const source = gzip ? file.pipe(createGunzip({ chunkSize: chunkBytes })) : file;
  if (gzip) file.on('error', (err) => source.destroy(err));
  try {
    for await (const chunk of source) yield chunk as Buffer;
  } catch (err) {
    throw toThicketError(path, err);
  } finally {
    // Reached early when the consumer stops reading (or throws): release the file handle.
    source.destroy();
    file.destroy();
  }
}

function toThicketError(path: string, err: unknown): ThicketError {
  if (err instanceof ThicketError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return fileNotFound(path);
  if (e.code === 'EISDIR') return notAFile(path);
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) return invalidGzip(path, e.message);
  return unreadable(path, e.message ?? String(err));
}
