/**
 * Handlers for the tests of parallel prediction (test/predict): the real predictRows, except that
 * the task starting at row `failFrom` (PredictRowsTask.rowBegin) throws a bug-like error or
 * kills its worker, chosen by THICKET_PREDICT_TEST_FAIL (workers copy the environment when
 * they start): "throw:<row>" or "exit:<row>". Plain JavaScript on the compiled package (dist/):
 * workers load compiled JS only.
 */
import { predictRows as real } from '../../dist/src/predict/predict-handlers.js';

/** @type {import('../../src/pool/handler.js').Handler<import('../../src/predict/predict-handlers.js').PredictRowsTask, { ms: number }>} */
const predictRows = (p, ctx) => {
  const [how, row] = (process.env.THICKET_PREDICT_TEST_FAIL ?? '').split(':');
  if (Number(row) === p.rowBegin) {
    if (how === 'throw') throw new RangeError(`planted failure at row ${p.rowBegin}`);
    if (how === 'exit') process.exit(7);
  }
  return real(p, ctx);
};

export const handlers = { predictRows };
