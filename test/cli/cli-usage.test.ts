import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectFailure, expectSuccess, requireBuild, scratchDir, thicket, writeFile } from './run-cli.js';
import { join } from 'node:path';

beforeAll(requireBuild);

const train = join(DATA, 'iris.train.csv');

describe('thicket usage errors (exit 2) and help', () => {
  it('prints help and the version on request (exit 0, stdout)', () => {
    const help = thicket(['--help']);
    expectSuccess(help);
    for (const cmd of ['fit', 'train', 'predict', 'evaluate', 'info', 'export']) expect(help.stdout).toContain(cmd);
    const trainHelp = thicket(['train', '--help']);
    expectSuccess(trainHelp);
    expect(trainHelp.stdout).toContain('--param <key=value>');
    expect(trainHelp.stdout).toMatch(/eta \(learning_rate\): default 0\.3;/);
    const version = thicket(['--version']);
    expectSuccess(version);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 with usage on stderr when no command is given', () => {
    const r = thicket([]);
    expectFailure(r, 2, 'Usage: thicket');
  });

  it('exits 2 on an unknown command or option', () => {
    expectFailure(thicket(['trian']), 2, "unknown command 'trian'");
    expectFailure(thicket(['train', train, '--target', 'species', '--bogus']), 2, "unknown option '--bogus'");
  });

  it('exits 2 when --target is missing', () => {
    expectFailure(thicket(['train', train]), 2, "required option '--target <col>' not specified");
    // evaluate reads the model's stored target when --target is not given.
  });

  it('exits 2 when a required argument is missing', () => {
    expectFailure(thicket(['predict', 'm.json']), 2, "missing required argument 'data'");
  });

  it('exits 2 on an unknown --param, before reading any data', () => {
    // The data file does not exist: the parameter error must win.
    const r = thicket(['train', 'no-such-file.csv', '--target', 'y', '--param', 'etaa=0.1']);
    expectFailure(r, 2, "unknown parameter 'etaa' for learner gbdt");
  });

  it.each([
    ['eta=0', 'parameter eta=0: must be > 0 and <= 1'],
    ['eta=1.5', 'parameter eta=1.5: must be <= 1'],
    ['max_depth=-1', 'parameter max_depth=-1: must be >= 0'],
    ['max_depth=1.5', 'parameter max_depth=1.5: must be an integer'],
    ['subsample=abc', 'parameter subsample=abc: must be a finite number'],
    ['grow_policy=wide', 'parameter grow_policy=wide: must be one of depthwise, lossguide'],
    ['eta', "--param expects key=value, got 'eta'"],
    ['n_estimators=10', "parameter 'n_estimators'"],
  ])('exits 2 on --param %s', (param, message) => {
    expectFailure(thicket(['train', 'no-such-file.csv', '--target', 'y', '--param', param]), 2, message);
  });

  it('exits 2 when a parameter is given twice through an alias', () => {
    const r = thicket(['train', train, '--target', 'species', '--param', 'eta=0.1', '--param', 'learning_rate=0.2']);
    expectFailure(r, 2, "parameter 'eta' given twice");
  });

  it('exits 2 on a bad --task or --learner choice', () => {
    expectFailure(thicket(['train', train, '--target', 'species', '--task', 'ranking']), 2, "argument 'ranking' is invalid");
    expectFailure(thicket(['train', train, '--target', 'species', '--learner', 'svm']), 2, "argument 'svm' is invalid");
  });

  it('trains the forest learners (rf, extratrees) on the same command', () => {
    for (const learner of ['rf', 'extratrees']) {
      const dir = scratchDir();
      const r = thicket(['train', train, '--target', 'species', '--learner', learner, '--param', 'n_estimators=5', '--json'], { cwd: dir });
      expectSuccess(r);
      expect(JSON.parse(r.stdout)).toMatchObject({ learner, rounds: 5 });
    }
  });

  it('exits 1 for export of a missing model, 2 for an unknown format', () => {
    expectFailure(thicket(['export', 'm.json', '--format', 'xgboost-json', '--out', 'x.json']), 1, 'model m.json: file not found');
    expectFailure(thicket(['export', 'm.json', '--format', 'onnx', '--out', 'x.json']), 2, '--format onnx: must be one of xgboost-json');
  });

  it('exits 1 naming the file when a data file does not exist', () => {
    const dir = scratchDir();
    expectFailure(thicket(['train', join(dir, 'missing.csv'), '--target', 'y']), 1, `error: file not found: ${join(dir, 'missing.csv')}`);
    const valid = thicket(['train', train, '--target', 'species', '--valid', join(dir, 'nope.csv')]);
    expectFailure(valid, 1, `file not found: ${join(dir, 'nope.csv')}`);
  });

  it('exits 1 naming the file for an unknown file type', () => {
    const dir = scratchDir();
    const path = writeFile(dir, 'data.txt', 'a,b\n1,2\n');
    expectFailure(thicket(['train', path, '--target', 'b']), 1, `${path}: unknown file type`);
  });
});
