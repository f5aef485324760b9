/** Runs the built CLI (`node bin/thicket.js`) in a child process, and writes scratch files for CLI tests. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { modelToJson } from '../../src/model/model-file.js';
import type { GBDTModel } from '../../src/model/model.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin', 'thicket.js');
export const DATA = join(ROOT, 'data');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Fails early with a clear message when `npm run build` has not been run. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('CLI tests need the compiled CLI: run `npm run build` first (npm test does)');
  }
}

/** Runs `node bin/thicket.js ...args` in `cwd` (a fresh scratch directory by default). */
export function thicket(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  if (!opts.env?.THICKET_DEBUG) delete env.THICKET_DEBUG;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? scratchDir(),
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A new empty directory. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'thicket-cli-'));
}

/** Writes `text` to `name` in `dir` and returns the path. */
export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Writes a model file and returns its path. */
export function writeModel(dir: string, model: GBDTModel, name = 'model.json'): string {
  return writeFile(dir, name, modelToJson(model));
}

/** Asserts the exit code, that stderr carries no stack trace, and (when given) that stderr contains `message`. */
export function expectFailure(r: RunResult, code: 1 | 2, message?: string | RegExp): void {
  expect(r.code, `stderr: ${r.stderr}`).toBe(code);
  expectNoStack(r);
  expect(r.stdout).toBe('');
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else if (message) expect(r.stderr).toMatch(message);
}

export function expectSuccess(r: RunResult): void {
  expect(r.code, `stderr: ${r.stderr}`).toBe(0);
  expectNoStack(r);
}

export function expectNoStack(r: RunResult): void {
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  expect(r.stdout).not.toMatch(/^ {4}at /m);
}

/** Parses CSV text without quoted fields into rows of cells (header included). */
export function parseSimpleCsv(text: string): string[][] {
  return text.trimEnd().split('\n').map((line) => line.split(','));
}
