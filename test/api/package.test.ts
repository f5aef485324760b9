/**
 * The package as users load it: require('thicket') from CommonJS and import from ESM through
 * package.json "exports" (an installed-like node_modules/thicket link to the built repository),
 * and the per-learner parameter types: misspelt names fail to compile.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, requireBuild } from '../cli/run-cli.js';

requireBuild();

/** A project directory whose node_modules/thicket is this repository (as `npm install <git url>` leaves it). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thicket-pkg-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'thicket'), 'dir');
  return dir;
}

function node(dir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the thicket package', () => {
  const dir = project();

  it('require(\'thicket\') works from CommonJS and gives the same API as import', () => {
    writeFileSync(join(dir, 'a.cjs'), `const t = require('thicket');
console.log(JSON.stringify([typeof t.fit, typeof t.GBDTClassifier, typeof t.loadModel, typeof t.importXGBoost, typeof t.modelToXGBoostJson, typeof t.load]));`);
    const c = node(dir, ['a.cjs']);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toEqual(['function', 'function', 'function', 'function', 'function', 'function']);
    writeFileSync(join(dir, 'b.mjs'), `import { fit, GBDTClassifier, loadModel, importXGBoost, modelToXGBoostJson, load } from 'thicket';
console.log(JSON.stringify([fit, GBDTClassifier, loadModel, importXGBoost, modelToXGBoostJson, load].map((f) => typeof f)));`);
    const e = node(dir, ['b.mjs']);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toBe(c.stdout);
  });

  it('trains and predicts from CommonJS', () => {
    writeFileSync(join(dir, 'c.cjs'), `const { GBDTClassifier } = require('thicket');
const X = { columns: { x: [1, 2, 3, 4, 5, 6, 7, 8] } };
const clf = new GBDTClassifier({ num_boost_round: 5, min_child_weight: 0 }).fit(X, ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
console.log(clf.predict([{ x: 1 }, { x: 8 }]).join(','));`);
    const r = node(dir, ['c.cjs']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('a,b');
  });

  it('parameter types come from the one schema: a misspelt name or wrong value fails to compile', () => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, types: [] },
      files: [join(ROOT, 'test/api/fixtures/param-types.ts')],
    }));
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});
