/** Test helpers for the data layer: temporary files and column accessors. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { Frame, RawColumn } from '../../src/data/frame.js';
import { ThicketError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'thicket-data-test-'));
let counter = 0;

/** Writes `content` to a fresh file in a temporary directory and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(dir, `${counter++}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** Writes `text` gzipped. */
export function tempGzip(name: string, text: string): string {
  return tempFile(name, gzipSync(Buffer.from(text, 'utf8')));
}

export function column(frame: Frame, name: string): RawColumn {
  const found = frame.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

/** The numbers of a numeric column as a plain array (NaN kept). */
export function numbers(frame: Frame, name: string): number[] {
  const c = column(frame, name);
  if (c.kind !== 'numeric') throw new Error(`${name} is ${c.kind}`);
  return Array.from(c.values);
}

/** The cells of a categorical column as strings, null for missing. */
export function strings(frame: Frame, name: string): (string | null)[] {
  const c = column(frame, name);
  if (c.kind !== 'categorical') throw new Error(`${name} is ${c.kind}`);
  return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]!));
}

/** Awaits `promise` (or runs `fn`) expecting a ThicketError with exit code 1, and returns its message. */
export async function thicketMessage(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    expect(err).toBeInstanceOf(ThicketError);
    expect((err as ThicketError).exitCode).toBe(1);
    return (err as Error).message;
  }
  throw new Error('expected a ThicketError, but nothing was thrown');
}
