/**
 * Handlers for the tests of parallel prediction (test/predict): the real predictRows, except that
 * the task starting at row `failFrom` (PredictRowsTask.rowBegin) throws a bug-like error or
 * kills its worker, chosen by THICKET_PREDICT_TEST_FAIL (workers copy the environment when
 * they start): "throw:<row>" or "exit:<row>".
 */
import type { Handler } from '../pool/handler.js';
import { predictRows as real, type PredictRowsTask } from './predict-handlers.js';

const predictRows: Handler<PredictRowsTask, { ms: number }> = (p, ctx) => {
  const [how, row] = (process.env.THICKET_PREDICT_TEST_FAIL ?? '').split(':');
  if (Number(row) === p.rowBegin) {
    if (how === 'throw') throw new RangeError(`planted failure at row ${p.rowBegin}`);
    if (how === 'exit') process.exit(7);
  }
  return real(p, ctx);
};

export const handlers = { predictRows };
