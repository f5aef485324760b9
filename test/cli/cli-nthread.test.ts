/** `predict --nthread` and `evaluate --nthread`: the same output for any thread count; a bad count is a usage error. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectFailure, expectSuccess, requireBuild, scratchDir, thicket } from './run-cli.js';

describe('--nthread for predict and evaluate', () => {
  const dir = scratchDir();
  const model = join(dir, 'rf.json');
  const test = join(DATA, 'iris.test.csv');

  beforeAll(() => {
    requireBuild();
    expectSuccess(thicket(['train', join(DATA, 'iris.train.csv'), '--target', 'species', '--learner', 'rf', '--param', 'n_estimators=20', '--out', model], { cwd: dir }));
  });

  it('predict writes the same CSV with 1 thread, 2 threads and all cores', () => {
    const csv = (n: string[]): string => {
      const out = join(dir, `pred${n.join('')}.csv`);
      expectSuccess(thicket(['predict', model, test, '--out', out, ...n], { cwd: dir }));
      return readFileSync(out, 'utf8');
    };
    const one = csv(['--nthread', '1']);
    expect(one.split('\n').length).toBeGreaterThan(10);
    expect(csv(['--nthread', '2'])).toBe(one);
    expect(csv([])).toBe(one);
  });

  it('evaluate reports the same metrics with 1 thread and all cores', () => {
    const metrics = (n: string[]): unknown => {
      const r = thicket(['evaluate', model, test, '--target', 'species', '--json', ...n], { cwd: dir });
      expectSuccess(r);
      return JSON.parse(r.stdout).metrics;
    };
    expect(metrics(['--nthread', '0'])).toEqual(metrics(['--nthread', '1']));
  });

  it.each(['-1', '1.5', 'two'])('--nthread %s exits 2', (v) => {
    expectFailure(thicket(['predict', model, test, '--nthread', v], { cwd: dir }), 2, `--nthread must be a non-negative integer (0: all cores), got '${v}'`);
    expectFailure(thicket(['evaluate', model, test, '--target', 'species', '--nthread', v], { cwd: dir }), 2, `got '${v}'`);
  });
});
