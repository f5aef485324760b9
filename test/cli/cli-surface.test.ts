/**
 * The CLI conventions of issue 13: `-` for standard input and output, .tsv and --delimiter,
 * --weight (train, fit, evaluate: weighted metrics), evaluate's default target, --quiet and
 * --verbose, the progress bar, the leaderboard's columns and train-ready parameters, --metric f1
 * reported, help within 100 columns, and the second Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, DATA, expectSuccess, requireBuild, scratchDir, thicket } from './run-cli.js';

requireBuild();

const TRAIN = join(DATA, 'breast_cancer.train.csv');
const TEST = join(DATA, 'breast_cancer.test.csv');

function withInput(args: string[], input: string, cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CSV with a weight column `w` appended: row i gets weight (i % 3) + 1. */
function weighted(src: string): string {
  const lines = readFileSync(src, 'utf8').trimEnd().split('\n');
  return [lines[0] + ',w', ...lines.slice(1).map((l, i) => `${l},${(i % 3) + 1}`)].join('\n') + '\n';
}

/** The CSV with row i repeated (i % 3) + 1 times: what integer weights stand for. */
function repeated(src: string): string {
  const lines = readFileSync(src, 'utf8').trimEnd().split('\n');
  return [lines[0], ...lines.slice(1).flatMap((l, i) => Array<string>((i % 3) + 1).fill(l))].join('\n') + '\n';
}

describe('CLI conventions', () => {
  const dir = scratchDir();
  expectSuccess(thicket(['train', TRAIN, '--target', 'diagnosis', '--param', 'num_boost_round=20', '--out', 'm.json'], { cwd: dir }));
  const plain = JSON.parse(thicket(['evaluate', 'm.json', TEST, '--json'], { cwd: dir }).stdout);

  it('reads data from standard input (-) and writes predictions to standard output (--out -)', () => {
    const csv = readFileSync(TEST, 'utf8');
    const r = withInput(['predict', 'm.json', '-', '--out', '-'], csv, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('prediction,p_benign,p_malignant');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(115);
    expect(r.stdout).toBe(thicket(['predict', 'm.json', TEST], { cwd: dir }).stdout);
    const e = withInput(['evaluate', 'm.json', '-', '--json'], csv, dir);
    expect(JSON.parse(e.stdout).metrics).toEqual(plain.metrics);
    const bad = withInput(['predict', 'm.json', '-'], 'a,b\n1,2\n', dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/stdin/);
  });

  it('reads .tsv files and --delimiter; evaluate defaults to the stored target', () => {
    const csv = readFileSync(TEST, 'utf8');
    writeFileSync(join(dir, 't.tsv'), csv.replaceAll(',', '\t'));
    writeFileSync(join(dir, 't.txt'), csv.replaceAll(',', ';'));
    expect(JSON.parse(thicket(['evaluate', 'm.json', 't.tsv', '--json'], { cwd: dir }).stdout).metrics).toEqual(plain.metrics);
    expect(JSON.parse(withInput(['evaluate', 'm.json', '-', '--delimiter', ';', '--json'], csv.replaceAll(',', ';'), dir).stdout).metrics).toEqual(plain.metrics);
    const r = thicket(['evaluate', 'm.json', 't.txt', '--delimiter', ';', '--target', 'diagnosis', '--json'], { cwd: dir });
    expect(JSON.parse(r.stdout).metrics).toEqual(plain.metrics);
    expect(thicket(['evaluate', 'm.json', TEST, '--delimiter', 'ab'], { cwd: dir }).code).toBe(2);
  });

  it('--weight: integer weights give the metrics of repeated rows (evaluate) and change the model (train)', () => {
    writeFileSync(join(dir, 'w.test.csv'), weighted(TEST));
    writeFileSync(join(dir, 'rep.test.csv'), repeated(TEST));
    const w = JSON.parse(thicket(['evaluate', 'm.json', 'w.test.csv', '--weight', 'w', '--json'], { cwd: dir }).stdout);
    const rep = JSON.parse(thicket(['evaluate', 'm.json', 'rep.test.csv', '--json'], { cwd: dir }).stdout);
    expect(w.n).toBe(114);
    for (const k of ['auc', 'logloss', 'accuracy']) expect(w.metrics[k]).toBeCloseTo(rep.metrics[k], 12);
    expect(w.metrics.auc).not.toBe(plain.metrics.auc);

    writeFileSync(join(dir, 'w.train.csv'), weighted(TRAIN));
    const t = thicket(['train', 'w.train.csv', '--target', 'diagnosis', '--weight', 'w', '--valid', 'w.test.csv', '--param', 'num_boost_round=20', '--out', 'mw.json', '--json'], { cwd: dir });
    expectSuccess(t);
    const info = JSON.parse(thicket(['info', 'mw.json', '--json'], { cwd: dir }).stdout);
    expect(JSON.stringify(info)).not.toContain('"w"');
    expect(JSON.parse(t.stdout).metrics.auc).toBeCloseTo(JSON.parse(thicket(['evaluate', 'mw.json', 'w.test.csv', '--weight', 'w', '--json'], { cwd: dir }).stdout).metrics.auc, 12);
    expect(readFileSync(join(dir, 'mw.json'), 'utf8')).not.toBe(readFileSync(join(dir, 'm.json'), 'utf8'));
    const bad = thicket(['evaluate', 'm.json', TEST, '--weight', 'nope'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("has no weight column 'nope'");
  });

  it('fit: --weight, --metric f1 reported, leaderboard columns with labelled scores, parameters train takes, --quiet', () => {
    const r = thicket(['fit', 'w.train.csv', '--target', 'diagnosis', '--weight', 'w', '--test', 'w.test.csv', '--metric', 'f1', '--trials', '6',
      '--workers', '1', '--learners', 'gbdt,rf', '--out', 'f.json', '--json', '--quiet'], { cwd: dir });
    expectSuccess(r);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.metrics)).toEqual(['auc', 'logloss', 'accuracy', 'f1']);
    const lb = out.leaderboard as Record<string, unknown>[];
    for (const row of lb) {
      expect(row.score_kind).toBe(row.learner === 'ensemble' ? 'inner-fold' : 'out-of-fold');
      expect(typeof row.fit_seconds).toBe('number');
    }
    const members = lb.filter((x) => x.test !== undefined);
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect(m.predict_seconds_per_row).toBeGreaterThan(0);
    // A forest row's parameters paste into train as they are.
    const rf = lb.find((x) => x.learner === 'rf') as { params: Record<string, unknown> } | undefined;
    expect(rf).toBeDefined();
    expect(Object.keys(rf!.params)).not.toContain('bootstrap_fraction');
    const args = Object.entries(rf!.params).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
    expectSuccess(thicket(['train', TRAIN, '--target', 'diagnosis', '--learner', 'rf', ...args, '--out', 'rf.json'], { cwd: dir }));
    const gbdt = lb.find((x) => x.learner === 'gbdt') as { params: Record<string, unknown> };
    expect(gbdt.params.early_stopping_rounds).toBeUndefined();
    expect(JSON.stringify(JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8')).schema)).not.toContain('"w"');
  });

  it('a live progress bar on a terminal, plain lines otherwise; --verbose prints every trial; the table labels its scores', () => {
    const bar = thicket(['fit', TRAIN, '--target', 'diagnosis', '--trials', '5', '--workers', '1', '--learners', 'gbdt', '--out', 'b.json', '--verbose'],
      { cwd: dir, env: { THICKET_PROGRESS: 'bar' } });
    expectSuccess(bar);
    expect(bar.stderr).toMatch(/\r\x1b\[2K\[[#-]{20}\] [\d.]+s {2}trials \d\/5 {2}best auc [\d.]+/);
    expect(bar.stderr).toMatch(/^trial 0 gbdt ok [\d.]+ \(/m);
    expect(bar.stderr).toMatch(/valid auc +fit s +rows +predict us\/row +parameters \(train --param names\)/);
    expect(bar.stderr).toContain('* the ensemble\'s is inner-fold');
    const plainRun = thicket(['fit', TRAIN, '--target', 'diagnosis', '--trials', '5', '--workers', '1', '--learners', 'gbdt', '--out', 'p.json'],
      { cwd: dir, env: { THICKET_PROGRESS: 'plain' } });
    expect(plainRun.stderr).not.toContain('\r');
    expect(plainRun.stderr).toMatch(/^[\d.]+s {2}trials 5\/5 {2}best auc [\d.]+ {2}ETA 0s$/m);
  });

  it('train --help fits in 100 columns', () => {
    const r = thicket(['train', '--help']);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('the second Ctrl-C exits 130 at once and says so', async () => {
    const child = spawn(process.execPath, [BIN, 'fit', TRAIN, '--target', 'diagnosis', '--time', '60', '--workers', '1', '--out', join(dir, 'c.json')],
      { cwd: dir, env: { ...process.env, THICKET_PROGRESS: 'plain' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // Wait for the search to start (the first progress line), then interrupt twice.
    await new Promise<void>((resolve) => { const t = setInterval(() => { if (/trials \d/.test(stderr)) { clearInterval(t); resolve(); } }, 50); });
    child.kill('SIGINT');
    // Soon after (two signals at once would merge into one), before the model is written.
    await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toContain('Ctrl-C again to quit at once without a model');
    // The second signal is handled unless the run had already finished its last (synchronous) steps.
    if (code === 130) {
      expect(stderr).toContain('second Ctrl-C: exiting now, no model written (exit 130)');
      expect(existsSync(join(dir, 'c.json'))).toBe(false);
    } else {
      expect(code).toBe(0);
      expect(existsSync(join(dir, 'c.json'))).toBe(true);
    }
  }, 60_000);
});
