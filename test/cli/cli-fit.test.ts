// `thicket fit` through the CLI: contract output, model usable by predict/evaluate/info, bad input.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function thicket(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/thicket.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'thicket-fit-'));

describe('thicket fit', () => {
  it('prints one JSON object with model, timings, leaderboard and test metrics; the model scores with evaluate', () => {
    const out = join(dir, 'm.json');
    const r = thicket(['fit', 'data/iris.train.csv', '--target', 'species', '--test', 'data/iris.test.csv', '--trials', '4', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.model).toBe(out);
    expect(j.read_seconds).toBeGreaterThanOrEqual(0);
    expect(j.fit_seconds).toBeGreaterThan(0);
    expect(j.leaderboard.length).toBeGreaterThan(0);
    expect(Object.keys(j.metrics).sort()).toEqual(['accuracy', 'logloss']);
    expect(r.stderr).toContain('leaderboard:');
    const ev = thicket(['evaluate', out, 'data/iris.test.csv', '--target', 'species', '--json']);
    expect(ev.code, ev.stderr).toBe(0);
    expect(JSON.parse(ev.stdout).metrics.logloss).toBeCloseTo(j.metrics.logloss, 9);
    const info = thicket(['info', out]);
    expect(info.stdout).toContain('learner:        automl');
    const log = readFileSync(join(dir, 'm.trials.jsonl'), 'utf8').trim().split('\n');
    expect(log).toHaveLength(4);
    expect(JSON.parse(log[0])).toMatchObject({ trial: 0, status: 'ok' });
  });

  it('--replay reruns a trial log with the same results; --report writes an HTML report', () => {
    const a = join(dir, 'a.json'), b = join(dir, 'b.json'), html = join(dir, 'r.html');
    expect(thicket(['fit', 'data/penguins.train.csv', '--target', 'species', '--trials', '4', '--seed', '5', '--out', a, '--report', html]).code).toBe(0);
    expect(thicket(['fit', 'data/penguins.train.csv', '--target', 'species', '--seed', '5', '--out', b, '--replay', join(dir, 'a.trials.jsonl')]).code).toBe(0);
    const lines = (p: string) => readFileSync(p, 'utf8').trim().split('\n').map((l) => { const t = JSON.parse(l); return [t.learner, t.config, t.value]; });
    expect(lines(join(dir, 'b.trials.jsonl'))).toEqual(lines(join(dir, 'a.trials.jsonl')));
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2>Leaderboard</h2>');
    expect(page).toContain('penguins.train.csv');
  });

  it('--replay with other --learners runs the logged trials of those learners; the log records task, metric, sample, times', () => {
    const a = join(dir, 'ra.json'), b = join(dir, 'rb.json');
    const fa = thicket(['fit', 'data/breast_cancer.train.csv', '--target', 'diagnosis', '--trials', '8', '--metric', 'accuracy', '--learners', 'gbdt,rf,extratrees', '--out', a]);
    expect(fa.code, fa.stderr).toBe(0);
    const logged = readFileSync(join(dir, 'ra.trials.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(logged[0]).toMatchObject({ task: 'binary', metric: 'accuracy', rung: 0 });
    expect(logged[0].sample).toBeGreaterThan(0);
    expect(Date.parse(logged[0].finished)).toBeGreaterThanOrEqual(Date.parse(logged[0].started));
    expect(new Set(logged.map((t) => t.learner)).size).toBe(3);
    const fb = thicket(['fit', 'data/breast_cancer.train.csv', '--target', 'diagnosis', '--learners', 'gbdt', '--replay', join(dir, 'ra.trials.jsonl'), '--out', b, '--json']);
    expect(fb.code, fb.stderr).toBe(0);
    expect(fb.stderr).toMatch(/scoring by the logged metric accuracy/);
    expect(JSON.parse(fb.stdout).metric).toBe('accuracy');
    const replayed = readFileSync(join(dir, 'rb.trials.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const gbdt = logged.filter((t) => t.learner === 'gbdt');
    expect(replayed.map((t) => [t.learner, t.config, t.value])).toEqual(gbdt.map((t) => [t.learner, t.config, t.value]));
  });

  it('a budget below the least useful one is refused up front in one line', () => {
    const t0 = Date.now();
    const r = thicket(['fit', 'data/breast_cancer.train.csv', '--target', 'diagnosis', '--time', '0.2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--time 0.2 is below the least useful budget .*give --time 0.\d or more/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it.each([
    [['--metric', 'rmse'], /--metric rmse does not apply to a multiclass target/, 2],
    [['--time', '0'], /--time 0: must be a number > 0/, 2],
    [['--trials', '1.5'], /--trials 1.5: must be an integer >= 1/, 2],
  ])('bad usage %j', (extra, msg, code) => {
    const r = thicket(['fit', 'data/iris.train.csv', '--target', 'species', ...(extra as string[])]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(msg as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a one-class target and data with fewer rows than folds end with one clear message', () => {
    const one = join(dir, 'one.csv');
    writeFileSync(one, 'x,y\n1,a\n2,a\n3,a\n');
    const r1 = thicket(['fit', one, '--target', 'y', '--trials', '1']);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/only one class/);
    const tiny = join(dir, 'tiny.csv');
    writeFileSync(tiny, 'x,y\n1,2.5\n2,3.5\n3,1.0\n');
    const r2 = thicket(['fit', tiny, '--target', 'y', '--trials', '1']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/3 rows are fewer than the 5 cross-validation folds/);
    expect(r2.stderr).not.toMatch(/\n\s+at /);
  });
});
