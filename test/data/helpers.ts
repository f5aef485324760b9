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

/** A numeric RawColumn; NaN for missing. */
export function numCol(name: string, values: number[]): RawColumn {
  return { name, kind: 'numeric', values: Float64Array.from(values) };
}

/** A categorical RawColumn with levels in first-seen order; null for missing. */
export function catCol(name: string, values: (string | null)[]): RawColumn {
  const levels: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let k = levels.indexOf(v);
    if (k < 0) k = levels.push(v) - 1;
    return k;
  });
  return { name, kind: 'categorical', codes, levels };
}

/** A Frame from columns of equal length. */
export function frameOf(columns: RawColumn[], source = 'mem.csv'): Frame {
  const first = columns[0]!;
  const nRows = first.kind === 'numeric' ? first.values.length : first.codes.length;
  return { source, nRows, columns };
}
