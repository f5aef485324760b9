/** The CLI with forest learners: train --json with oob_score, predict / evaluate / info on forest models, usage errors (exit 2). */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectFailure, expectSuccess, parseSimpleCsv, requireBuild, scratchDir, thicket } from '../cli/run-cli.js';

beforeAll(requireBuild);

const pen = (s: string) => join(DATA, `penguins.${s}.csv`);
const dia = (s: string) => join(DATA, `diabetes.${s}.csv`);

describe('thicket CLI with forests', () => {
  it('train --learner rf --json reports oob_score; predict, evaluate and info read the forest model', () => {
    const dir = scratchDir();
    const model = join(dir, 'rf.json');
    const tr = thicket(['train', pen('train'), '--target', 'species', '--learner', 'rf', '--valid', pen('test'),
      '--param', 'n_estimators=30', '--param', 'max_features=0.5', '--param', 'nthread=1', '--param', 'oob_score=true', '--out', model, '--json']);
    expectSuccess(tr);
    const rep = JSON.parse(tr.stdout);
    expect(rep).toMatchObject({ model, learner: 'rf', task: 'multiclass', objective: 'probability', rounds: 30, oob_metric: 'accuracy', threads: 1 });
    expect(rep.oob_score).toBeGreaterThan(0.9);
    expect(rep.metrics.accuracy).toBeGreaterThan(0.9);
    expect(typeof rep.fit_seconds).toBe('number');
    const ev = thicket(['evaluate', model, pen('test'), '--target', 'species', '--json']);
    expectSuccess(ev);
    expect(JSON.parse(ev.stdout).metrics.accuracy).toBeCloseTo(rep.metrics.accuracy, 12);
    const pr = thicket(['predict', model, pen('test'), '--out', join(dir, 'p.csv')]);
    expectSuccess(pr);
    const csv = parseSimpleCsv(readFileSync(join(dir, 'p.csv'), 'utf8'));
    expect(csv[0]).toEqual(['prediction', 'p_Adelie', 'p_Chinstrap', 'p_Gentoo']);
    for (const row of csv.slice(1)) expect(row.slice(1).reduce((s, v) => s + Number(v), 0)).toBeCloseTo(1, 9);
    const info = thicket(['info', model]);
    expectSuccess(info);
    expect(info.stdout).toMatch(/^learner: +rf$/m);
    expect(info.stdout).toMatch(/^oob score: +accuracy /m);
    expect(info.stdout).toMatch(/^importance: /m);
    const perm = thicket(['info', model, '--data', pen('test'), '--repeats', '2', '--json']);
    expectSuccess(perm);
    const pj = JSON.parse(perm.stdout);
    expect(pj.permutation_importance.metric).toBe('accuracy');
    expect(pj.permutation_importance.features).toHaveLength(7);
    expect(pj.importance[0].gain).toBeGreaterThan(0);
  });

  it('extra trees on a regression target (no OOB without bootstrap: oob_score null)', () => {
    const dir = scratchDir();
    const tr = thicket(['train', dia('train'), '--target', 'progression', '--learner', 'extratrees', '--valid', dia('test'),
      '--param', 'n_estimators=40', '--param', 'min_samples_leaf=3', '--out', join(dir, 'et.json'), '--json']);
    expectSuccess(tr);
    const rep = JSON.parse(tr.stdout);
    expect(rep).toMatchObject({ learner: 'extratrees', task: 'regression', objective: 'value', oob_score: null });
    expect(rep.metrics.r2).toBeGreaterThan(0.3);
  });

  it.each([
    ['n_estimators=0', 'parameter n_estimators=0: must be >= 1'],
    ['max_features=0', 'parameter max_features=0: must be > 0'],
    ['max_features=1.5', 'parameter max_features=1.5: must be a fraction in (0, 1] or an integer count > 1'],
    ['min_samples_split=1', 'parameter min_samples_split=1: must be >= 2'],
    ['eta=0.1', "parameter 'eta' does not apply to learner rf"],
  ])('exits 2 on --param %s, before reading any data', (param, message) => {
    expectFailure(thicket(['train', 'no-such-file.csv', '--target', 'y', '--learner', 'rf', '--param', param]), 2, message);
  });

  it('exits 2 when max_features asks for more features than the data has', () => {
    expectFailure(thicket(['train', pen('train'), '--target', 'species', '--learner', 'rf', '--param', 'max_features=40']), 2,
      'parameter max_features=40: the data has only 7 features');
  });
});
