/**
 * The library meets bad input as the CLI does: a ThicketError carrying the same message (the
 * data checks live in src/data, shared by both), never a TypeError or RangeError.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { GBDTClassifier } from '../../src/api/classifier.js';
import { GBDTRegressor } from '../../src/api/regressor.js';
import { load } from '../../src/api/load.js';
import { fit } from '../../src/api/automl-estimator.js';
import { scratchDir } from '../cli/run-cli.js';

/** The ThicketError message `f` ends with (fails on any other outcome). */
async function message(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(ThicketError);
    return (e as ThicketError).message;
  }
  throw new Error('expected a ThicketError, got a result');
}

const X = { columns: { a: [1, 2, 3, 4, 5, 6, 7, 8], b: ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y'] } };
const numbersThenText = { columns: { a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 'oops'] } };

describe('library errors are ThicketErrors with the CLI messages', () => {
  it('training data', async () => {
    expect(await message(() => new GBDTClassifier().fit({ columns: { a: [] } }, []))).toBe('X: has columns but no data rows');
    expect(await message(() => new GBDTClassifier().fit(X, [1, 1, 1, 1, 1, 1, 1, 1]))).toMatch(/has only one class/);
    expect(await message(() => new GBDTRegressor().fit(numbersThenText, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])))
      .toBe("X, data row 11, column 'a': value 'oops' is text, but 10 of the column's 11 values are numbers; correct it, leave the cell empty for a missing value, or declare it categorical (--categorical a) to read the column as text");
    // Declared categorical, the same column trains.
    await new GBDTRegressor({ num_boost_round: 2 }).fit(numbersThenText, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], { categorical: ['a'] });
    expect(await message(() => new GBDTClassifier().fit(X, ['a', 'a ', 'b', 'b', 'a', 'b', 'a', 'b'])))
      .toBe("X: target column 'target' has classes 'a' and 'a ', which differ only in spaces around them; write every label the same way (e.g. strip the spaces)");
    expect(await message(() => new GBDTClassifier().fit({ columns: { a: [1, 2, 3] } }, ['p', 'q', 'r']))).toMatch(/a different label on every one of its 3 rows/);
    expect(await message(() => new GBDTRegressor({ etaa: 1 } as never).fit(X, [1, 2, 3, 4, 5, 6, 7, 8]))).toMatch(/unknown parameter 'etaa' for learner gbdt \(did you mean 'eta'\?\)/);
  });

  it('AutoML fit', async () => {
    expect(await message(() => fit({ columns: { a: [1, 2], y: [1, 2] } }, { target: 'Y', trials: 1 }))).toBe("data: has no target column 'Y' (did you mean 'y'?); available columns: 'a', 'y'");
    expect(await message(() => fit({ columns: { ...numbersThenText.columns, y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] } }, { target: 'y', trials: 1 }))).toMatch(/^data, data row 11, column 'a': value 'oops' is text/);
  });

  it('model files and paths', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'folder.json'));
    writeFileSync(join(dir, 'empty.json'), '');
    expect(await message(() => load(join(dir, 'folder.json')))).toMatch(/is a directory, not a model file/);
    expect(await message(() => load(join(dir, 'empty.json')))).toMatch(/the file is empty/);
    expect(await message(() => load(42 as never))).toBe('loadModel / load: expected the path of a model file, got number');
  });
});
