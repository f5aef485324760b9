import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryModel } from '../model/tiny-models.js';
import { expectFailure, requireBuild, scratchDir, thicket, writeFile, writeModel } from './run-cli.js';

beforeAll(requireBuild);

/** Runs `thicket train <file> --target y` on `csv` and returns the result and the file's path. */
function trainOn(csv: string, extra: string[] = [], target = 'y') {
  const dir = scratchDir();
  const path = writeFile(dir, 'train.csv', csv);
  return { path, dir, r: thicket(['train', path, '--target', target, ...extra], { cwd: dir }) };
}

describe('bad training data through the CLI (exit 1, naming file, line / row and column)', () => {
  it('ragged row', () => {
    const { path, r } = trainOn('a,b,y\n1,2,x\n3,4\n5,6,z\n');
    expectFailure(r, 1, `error: ${path}, line 3: row has 2 fields, expected 3 (the header has 3 columns)`);
  });

  it('missing target column', () => {
    const { path, r } = trainOn('a,b,label\n1,2,x\n3,4,z\n');
    expectFailure(r, 1, `error: ${path}: has no target column 'y'; available columns: 'a', 'b', 'label'`);
  });

  it('empty file', () => {
    const { path, r } = trainOn('');
    expectFailure(r, 1, `error: ${path}: the file is empty; a header row is required`);
  });

  it('header only', () => {
    const { path, r } = trainOn('a,b,y\n');
    expectFailure(r, 1, `error: ${path}: has a header row but no data rows`);
  });

  it('one-class target', () => {
    const { path, r } = trainOn('a,b,y\n1,2,x\n3,4,x\n5,6,x\n');
    expectFailure(r, 1, `error: ${path}: target column y has only one class (value 'x')`);
  });

  it('missing target value', () => {
    const { path, r } = trainOn('a,b,y\n1,2,1.5\n3,4,\n5,6,2\n');
    expectFailure(r, 1, `error: ${path}, data row 2, column 'y': the target is missing (an empty field`);
  });

  it.each(['NaN', 'NA', '?'])('missing-value word %s as the target', (word) => {
    const { path, r } = trainOn(`a,b,y\n1,2,1.5\n3,4,${word}\n5,6,2\n`, ['--task', 'regression']);
    expectFailure(r, 1, `error: ${path}, data row 2, column 'y': the target is missing (an empty field or a missing-value word`);
  });

  it.each(['inf', '-Infinity', '1e400'])('non-finite target text %s', (bad) => {
    const { path, r } = trainOn(`a,b,y\n1,2,1.5\n3,4,${bad}\n5,6,2\n`, ['--task', 'regression']);
    expectFailure(r, 1, `error: ${path}, line 3, column 'y': value '${bad}' is not a finite number`);
  });

  it('text target forced to regression', () => {
    const { path, r } = trainOn('a,y\n1,cat\n2,dog\n3,cat\n', ['--task', 'regression']);
    expectFailure(r, 1, `error: ${path}: target column 'y' cannot be used for task 'regression'`);
  });

  it('binary task with three classes', () => {
    const { r } = trainOn('a,y\n1,x\n2,y\n3,z\n', ['--task', 'binary']);
    expectFailure(r, 1, "cannot be used for task 'binary': binary needs exactly 2 classes, found 3");
  });

  it('--categorical naming a column that does not exist', () => {
    const { path, r } = trainOn('a,y\n1,x\n2,y\n', ['--categorical', 'zip']);
    expectFailure(r, 1, `error: ${path}: categorical names column 'zip', which is not in the header`);
  });

  it('a validation file with a class training never saw', () => {
    const dir = scratchDir();
    const train = writeFile(dir, 'train.csv', 'a,y\n1,x\n2,y\n3,x\n4,y\n');
    const valid = writeFile(dir, 'valid.csv', 'a,y\n1,x\n2,w\n');
    const r = thicket(['train', train, '--target', 'y', '--valid', valid], { cwd: dir });
    expectFailure(r, 1, `error: ${valid}, data row 2, column 'y': class 'w' was not seen in training`);
  });

  it('a validation file without the target column', () => {
    const dir = scratchDir();
    const train = writeFile(dir, 'train.csv', 'a,y\n1,x\n2,y\n');
    const valid = writeFile(dir, 'valid.csv', 'a\n1\n2\n');
    expectFailure(thicket(['train', train, '--target', 'y', '--valid', valid], { cwd: dir }), 1, `error: ${valid}: has no target column 'y'`);
  });

  it('a data directory instead of a file', () => {
    const dir = scratchDir();
    expectFailure(thicket(['train', dir, '--target', 'y']), 1, /error: .*(is a directory|unknown file type)/);
  });
});

describe('bad prediction data through the CLI', () => {
  it('predict exits 1 on a ragged row and on an empty file', () => {
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const ragged = writeFile(dir, 'ragged.csv', 'x,color\n1,red\n2\n');
    expectFailure(thicket(['predict', model, ragged]), 1, `error: ${ragged}, line 3: row has 1 fields, expected 2`);
    const empty = writeFile(dir, 'empty.csv', '');
    expectFailure(thicket(['predict', model, empty]), 1, `error: ${empty}: the file is empty`);
    expectFailure(thicket(['predict', model, join(dir, 'nope.csv')]), 1, `error: file not found: ${join(dir, 'nope.csv')}`);
  });

  it('predict writes nothing to stdout on failure', () => {
    const dir = scratchDir();
    const r = thicket(['predict', writeModel(dir, binaryModel()), writeFile(dir, 'd.csv', 'x\n1\n')]);
    expectFailure(r, 1, "has no column 'color'");
    expect(r.stdout).toBe('');
  });
});
