/** Parallel batch prediction: the same bits as the main thread's for every learner and output width; a failing worker gives a clear error. */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/frame.js';
import { trainGBDT } from '../../src/boosting/train.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import type { Model } from '../../src/model/model.js';
import { predictDatasetParallel, predictThreads, predictWork, rowRanges } from '../../src/predict/parallel-predict.js';
import { predictDataset, type Prediction } from '../../src/predict/predictor.js';
import { planted, split } from '../forest/helpers.js';

const FAILING = fileURLToPath(new URL('./predict-test-handlers.mjs', import.meta.url));

const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectSameBits(got: Prediction, want: Prediction): void {
  expect(got.nRows).toBe(want.nRows);
  expect(got.nGroups).toBe(want.nGroups);
  expect(got.margins.length).toBe(want.margins.length);
  expect(bytes(got.margins).equals(bytes(want.margins))).toBe(true);
  expect(bytes(got.output).equals(bytes(want.output))).toBe(true);
  if (want.labels) expect(bytes(got.labels!).equals(bytes(want.labels))).toBe(true);
}

/** Test sets with a row count that is no multiple of 8 or of a task's rows, so partial blocks and ranges are covered. */
const TEST_ROWS = 5003;

async function forest(learner: 'rf' | 'extratrees', task: 'binary' | 'multiclass' | 'regression', seed: number): Promise<[Model, Dataset]> {
  const d = planted({ rows: 3000 + TEST_ROWS, task, classes: 4, missing: 0.05, noise: task === 'regression' ? 3 : 0.1, seed });
  const [train, test] = split(d, 3000);
  const { model } = await trainForest(learner, { n_estimators: 9, nthread: 1, seed }, train);
  return [model, test];
}

function gbdt(task: 'binary' | 'multiclass' | 'regression', seed: number): [Model, Dataset] {
  const d = planted({ rows: 3000 + TEST_ROWS, task, classes: 3, missing: 0.05, noise: task === 'regression' ? 3 : 0.1, seed });
  const [train, test] = split(d, 3000);
  return [trainGBDT({ num_boost_round: 12, max_depth: 5 }, train), test];
}

describe('predictDatasetParallel', () => {
  const cases: [string, () => Promise<[Model, Dataset]>][] = [
    ['rf binary (width 1)', () => forest('rf', 'binary', 41)],
    ['extratrees multiclass (width 4)', () => forest('extratrees', 'multiclass', 42)],
    ['rf regression', () => forest('rf', 'regression', 43)],
    ['gbdt binary', async () => gbdt('binary', 44)],
    ['gbdt multiclass (3 groups)', async () => gbdt('multiclass', 45)],
    ['gbdt regression', async () => gbdt('regression', 46)],
  ];

  it.each(cases)('%s: 2 threads give the main thread\'s margins, outputs and labels bit for bit', async (_name, make) => {
    const [model, test] = await make();
    expect(predictThreads(model, test.nRows, { nthread: 2, minWork: 0 })).toBe(2);
    const want = predictDataset(model, test);
    expectSameBits(await predictDatasetParallel(model, test, { nthread: 2, minWork: 0 }), want);
    // Several chunks of trees in turn (each replacing the last in the shared memory), as a forest too big for one placement goes.
    expectSameBits(await predictDatasetParallel(model, test, { nthread: 2, minWork: 0, nodesPerChunk: 200 }), want);
  });

  it('stays on the main thread for nthread 1, small jobs and few rows', async () => {
    const [model, test] = await forest('rf', 'binary', 47);
    expect(predictThreads(model, test.nRows, { nthread: 1, minWork: 0 })).toBe(1);
    expect(predictThreads(model, test.nRows, { nthread: 2, minWork: predictWork(model, test.nRows) + 1 })).toBe(1);
    expect(predictThreads(model, test.nRows, { nthread: 2, minWork: predictWork(model, test.nRows) })).toBe(2);
    expect(predictThreads(model, 1000, { nthread: 2, minWork: 0 })).toBe(1);
    expect(predictThreads(model, test.nRows, { nthread: 8, minWork: 0 })).toBe(5);
    expect(() => predictThreads(model, test.nRows, { nthread: -1 })).toThrow(/nthread must be a non-negative integer/);
    // A main-thread prediction needs no built workers and matches predictDataset.
    expectSameBits(await predictDatasetParallel(model, test, { nthread: 1, minWork: 0, handlersModule: '/nonexistent.js' }), predictDataset(model, test));
  });

  describe('a failing worker', () => {
    afterEach(() => { delete process.env.THICKET_PREDICT_TEST_FAIL; });

    it('rejects with the rows, the worker\'s error and the way around it; the next prediction works', async () => {
      const [model, test] = await forest('rf', 'multiclass', 48);
      const [, [a, b]] = rowRanges(test.nRows, 2);
      process.env.THICKET_PREDICT_TEST_FAIL = `throw:${a}`;
      const p = predictDatasetParallel(model, test, { nthread: 2, minWork: 0, handlersModule: FAILING });
      await expect(p).rejects.toThrow(new RegExp(`^prediction on 2 worker threads failed \\(rows ${a}\\.\\.${b - 1}\\): task "predictRows" #\\d+ ` +
        `failed in a worker: RangeError: planted failure at row ${a}; nthread 1 \\(--nthread 1\\) predicts on the main thread instead$`));
      await expect(p).rejects.toMatchObject({ name: 'ThicketError', exitCode: 1 });
      delete process.env.THICKET_PREDICT_TEST_FAIL;
      expectSameBits(await predictDatasetParallel(model, test, { nthread: 2, minWork: 0 }), predictDataset(model, test));
    });

    it('reports a worker that dies', async () => {
      const [model, test] = await gbdt('binary', 49);
      process.env.THICKET_PREDICT_TEST_FAIL = 'exit:0';
      await expect(predictDatasetParallel(model, test, { nthread: 2, minWork: 0, handlersModule: FAILING }))
        .rejects.toThrow(new RegExp(`^prediction on 2 worker threads failed \\(rows 0\\.\\.${rowRanges(test.nRows, 2)[0][1] - 1}\\): .*its worker exited with code 7`));
    });

    it('reports handlers that cannot be loaded', async () => {
      const [model, test] = await gbdt('regression', 50);
      await expect(predictDatasetParallel(model, test, { nthread: 2, minWork: 0, handlersModule: '/nonexistent/handlers.js' }))
        .rejects.toThrow(/^prediction on 2 worker threads failed \(rows 0\.\.5002\): handlers module \/nonexistent\/handlers\.js not found/);
    });
  });
});
