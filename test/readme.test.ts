/**
 * The README's examples run, so their outputs cannot go stale: every ```sh block (in order, in
 * one scratch directory holding the bundled data) runs with `thicket` / `node bin/thicket.js`
 * pointing at this build; a ```json block right after one is compared by shape (the same keys,
 * recursively, and the same value types; numbers may differ), a plain block by its first line.
 * The library examples (```js ES modules, ```cjs CommonJS) run importing `thicket` from an
 * installed-like node_modules.
 * A block preceded by `<!-- readme-test: skip (reason) -->` is left out (npm ci, Redis).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, requireBuild } from './cli/run-cli.js';

requireBuild();

interface Block { lang: string; body: string; line: number; skip: boolean }

function blocks(text: string): Block[] {
  const out: Block[] = [];
  const re = /(<!-- readme-test: skip[^>]*-->\n)?```(\w*)\n([\s\S]*?)```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ lang: m[2]!, body: m[3]!, line: text.slice(0, m.index).split('\n').length, skip: m[1] !== undefined });
  }
  return out;
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Checks that `real` has the shape `shown` documents: the same type everywhere; objects the same
 * keys (outside arrays: output fields must be documented) or, inside arrays (whose items vary,
 * e.g. the ensemble row has no config), at least the keys shown; arrays by their first items.
 */
function expectShape(real: unknown, shown: unknown, where: string, inArray = false): void {
  expect(kind(real), where).toBe(kind(shown));
  if (Array.isArray(shown)) {
    if (shown.length > 0 && (real as unknown[]).length > 0) expectShape((real as unknown[])[0], shown[0], `${where}[0]`, true);
  } else if (shown !== null && typeof shown === 'object') {
    const r = real as Record<string, unknown>;
    if (!inArray) expect(Object.keys(r).sort(), where).toEqual(Object.keys(shown).sort());
    for (const [k, v] of Object.entries(shown)) {
      expect(r, `${where}.${k}`).toHaveProperty([k]);
      // An object whose keys are data (metric names, parameters) is compared by type only.
      if (k === 'metrics' || k === 'config' || k === 'params') expect(kind(r[k]), `${where}.${k}`).toBe(kind(v));
      // The ensemble's fields depend on its kind (stacking adds the stacker, as the README says):
      // at least the keys shown.
      else if (k === 'ensemble') expectShape(r[k], v, `${where}.${k}`, true);
      else expectShape(r[k], v, `${where}.${k}`, inArray);
    }
  }
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const BLOCKS = blocks(README);

/** A scratch project: the data, and node_modules/thicket linked to this repository. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thicket-readme-'));
  symlinkSync(join(ROOT, 'data'), join(dir, 'data'), 'dir');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'thicket'), 'dir');
  return dir;
}

describe('README examples', () => {
  const dir = project();

  it('has command examples to run', () => {
    expect(BLOCKS.filter((b) => b.lang === 'sh' && !b.skip).length).toBeGreaterThanOrEqual(8);
  });

  it('every command example runs; its shown output has the shape of the real one', () => {
    const prelude = `set -eo pipefail\nthicket() { "${process.execPath}" "${BIN}" "$@"; }\n`;
    BLOCKS.forEach((b, i) => {
      if (b.lang !== 'sh' || b.skip) return;
      const script = prelude + b.body.replace(/node bin\/thicket\.js/g, 'thicket');
      const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, THICKET_PROGRESS: 'plain' } });
      expect(r.status, `README line ${b.line}:\n${b.body}\nstderr: ${r.stderr}`).toBe(0);
      const next = BLOCKS[i + 1];
      if (!next || README.split('\n').slice(b.line, next.line - 1).join('\n').split('```').length > 3) return;
      // The block right after (no prose between) shows the command's output.
      const between = README.split('\n').slice(b.line + b.body.split('\n').length, next.line - 1).join('\n').trim();
      if (between !== '') return;
      const lines = r.stdout.trim().split('\n');
      if (next.lang === 'json') {
        expectShape(JSON.parse(lines[lines.length - 1]!), JSON.parse(next.body), `README line ${next.line}`);
      } else if (next.lang === '') {
        const produced = r.stdout.trim() === '' ? readFileSync(join(dir, b.body.match(/--out (\S+)/)![1]!), 'utf8') : r.stdout;
        expect(produced.split('\n')[0], `README line ${next.line}`).toBe(next.body.split('\n')[0]);
      }
    });
  }, 300_000);

  it('the library examples run as written', () => {
    const lib = BLOCKS.filter((b) => (b.lang === 'js' || b.lang === 'cjs') && !b.skip);
    expect(lib.length).toBeGreaterThanOrEqual(4);
    for (const b of lib) {
      const file = join(dir, `example-${b.line}.${b.lang === 'cjs' ? 'cjs' : 'mjs'}`);
      writeFileSync(file, b.body);
      const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(r.status, `README line ${b.line}:\n${b.body}\nstderr: ${r.stderr}`).toBe(0);
    }
  }, 300_000);
});
