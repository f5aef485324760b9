import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/model-file.js';
import { DATA, expectFailure, expectSuccess, parseSimpleCsv, requireBuild, scratchDir, thicket, writeFile } from './run-cli.js';

beforeAll(requireBuild);

interface TrainJson {
  model: string;
  read_seconds: number;
  fit_seconds: number;
  rounds: number;
  best_iteration: number;
  metrics: Record<string, number>;
}

const bc = (split: 'train' | 'test') => join(DATA, `breast_cancer.${split}.csv`);

describe('train -> predict -> evaluate on the bundled datasets', () => {
  it('binary (the `npm run main` job): --json report, model file, and metrics that evaluate reproduces', () => {
    const dir = scratchDir();
    const r = thicket(['train', bc('train'), '--target', 'diagnosis', '--valid', bc('test'), '--out', 'model.json', '--json'], { cwd: dir });
    expectSuccess(r);
    // stdout is exactly one JSON object; the summary and progress are on stderr.
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const report = JSON.parse(lines[0]!) as TrainJson;
    expect(report.model).toBe('model.json');
    for (const k of ['read_seconds', 'fit_seconds'] as const) {
      expect(typeof report[k]).toBe('number');
      expect(report[k]).toBeGreaterThanOrEqual(0);
    }
    expect(report.rounds).toBe(100);
    expect(Number.isInteger(report.best_iteration)).toBe(true);
    expect(Object.keys(report.metrics).sort()).toEqual(['accuracy', 'auc', 'logloss']);
    expect(report.metrics.auc).toBeGreaterThan(0.95);
    expect(report.metrics.accuracy).toBeGreaterThan(0.9);
    expect(r.stderr).toContain('model written to model.json');
    expect(r.stderr).toMatch(/validation \(.*breast_cancer\.test\.csv, 114 rows\): auc /);

    const modelPath = join(dir, 'model.json');
    const model = loadModel(modelPath);
    expect(model.schema.target).toEqual({ name: 'diagnosis', task: 'binary', classes: ['benign', 'malignant'] });
    expect(model.training.metrics).toMatchObject(report.metrics);

    const ev = thicket(['evaluate', modelPath, bc('test'), '--target', 'diagnosis', '--json']);
    expectSuccess(ev);
    const evaluated = JSON.parse(ev.stdout) as { n: number; metrics: Record<string, number> };
    expect(evaluated.n).toBe(114);
    expect(evaluated.metrics).toEqual(report.metrics);

    const pr = thicket(['predict', modelPath, bc('test')]);
    expectSuccess(pr);
    const rows = parseSimpleCsv(pr.stdout);
    expect(rows[0]).toEqual(['prediction', 'p_benign', 'p_malignant']);
    expect(rows.length).toBe(115);
    for (const row of rows.slice(1)) {
      const [label, p0, p1] = [row[0]!, Number(row[1]), Number(row[2])];
      expect(Math.abs(p0 + p1 - 1)).toBeLessThan(1e-9);
      expect(label).toBe(p1 > p0 ? 'malignant' : 'benign');
    }
  });

  it('without --json prints nothing on stdout; without --valid metrics are {}; default --out is model.json', () => {
    const dir = scratchDir();
    const quiet = thicket(['train', bc('train'), '--target', 'diagnosis', '--param', 'num_boost_round=3'], { cwd: dir });
    expectSuccess(quiet);
    expect(quiet.stdout).toBe('');
    expect(existsSync(join(dir, 'model.json'))).toBe(true);
    const json = thicket(['train', bc('train'), '--target', 'diagnosis', '--param', 'num_boost_round=3', '--json'], { cwd: dir });
    expectSuccess(json);
    const report = JSON.parse(json.stdout) as TrainJson;
    expect(report.metrics).toEqual({});
    expect(report.rounds).toBe(3);
    expect(report.model).toBe('model.json');
  });

  it('multiclass with categorical features; unseen validation levels are a warning, not an error', () => {
    const dir = scratchDir();
    const trainText = readFileSync(join(DATA, 'penguins.train.csv'), 'utf8');
    const header = trainText.split('\n')[0]!;
    expect(header.split(',')).toContain('island');
    const lines = readFileSync(join(DATA, 'penguins.test.csv'), 'utf8').trimEnd().split('\n');
    const island = header.split(',').indexOf('island');
    // Rename the island of the first test row to a level training never saw.
    const first = lines[1]!.split(',');
    first[island] = 'Atlantis';
    lines[1] = first.join(',');
    const valid = writeFile(dir, 'valid.csv', lines.join('\n') + '\n');
    const r = thicket(['train', join(DATA, 'penguins.train.csv'), '--target', 'species', '--valid', valid, '--param', 'num_boost_round=20', '--json'], { cwd: dir });
    expectSuccess(r);
    expect(r.stderr).toMatch(/warning: .*valid\.csv, column 'island': 1 row has a level not seen in training \(e\.g\. 'Atlantis'\)/);
    const report = JSON.parse(r.stdout) as TrainJson;
    expect(Object.keys(report.metrics).sort()).toEqual(['accuracy', 'logloss']);
    expect(report.metrics.accuracy).toBeGreaterThan(0.9);
    const info = thicket(['info', join(dir, 'model.json')]);
    expectSuccess(info);
    expect(info.stdout).toMatch(/island +categorical \(3 levels\)/);
    expect(info.stdout).toContain('classes:        3: Adelie, Chinstrap, Gentoo');
    const pr = thicket(['predict', join(dir, 'model.json'), valid]);
    expectSuccess(pr);
    expect(pr.stdout.split('\n')[0]).toBe('prediction,p_Adelie,p_Chinstrap,p_Gentoo');
    expect(pr.stderr).toContain("'Atlantis'");
  });

  it('regression: rmse, mae, r2 on --valid', () => {
    const dir = scratchDir();
    const r = thicket(
      ['train', join(DATA, 'diabetes.train.csv'), '--target', 'progression', '--valid', join(DATA, 'diabetes.test.csv'), '--param', 'eta=0.1', '--param', 'max_depth=3', '--json'],
      { cwd: dir },
    );
    expectSuccess(r);
    const report = JSON.parse(r.stdout) as TrainJson;
    expect(Object.keys(report.metrics).sort()).toEqual(['mae', 'r2', 'rmse']);
    expect(report.metrics.r2).toBeGreaterThan(0.2);
    const pr = thicket(['predict', join(dir, 'model.json'), join(DATA, 'diabetes.test.csv')]);
    expectSuccess(pr);
    const rows = parseSimpleCsv(pr.stdout);
    expect(rows[0]).toEqual(['prediction']);
    expect(rows.slice(1).every((row) => row.length === 1 && Number.isFinite(Number(row[0])))).toBe(true);
  });

  it('--categorical turns a numeric column into a categorical feature; --task overrides inference', () => {
    const dir = scratchDir();
    const path = writeFile(dir, 't.csv', 'zip,a,y\n' + Array.from({ length: 40 }, (_, i) => `${1000 + (i % 4)},${i},${i % 3}`).join('\n') + '\n');
    const r = thicket(['train', path, '--target', 'y', '--categorical', 'zip', '--task', 'regression', '--param', 'num_boost_round=2'], { cwd: dir });
    expectSuccess(r);
    const model = loadModel(join(dir, 'model.json'));
    expect(model.schema.features[0]).toEqual({ name: 'zip', kind: 'categorical', levels: ['1000', '1001', '1002', '1003'] });
    expect(model.schema.target.task).toBe('regression');
  });

  it('exits 1 naming the path, before reading data, when the model cannot be written', () => {
    const dir = scratchDir();
    const out = join(dir, 'no-such-dir', 'm.json');
    const r = thicket(['train', bc('train'), '--target', 'diagnosis', '--param', 'num_boost_round=2', '--out', out], { cwd: dir });
    expectFailure(r, 1, `error: --out ${out}: cannot be written: its folder ${join(dir, 'no-such-dir')} does not exist`);
  });
});
