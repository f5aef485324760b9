/** The pool handlers AutoML runs in workers (compiled to dist/ and loaded by every worker). */
import type { HandlerContext } from '../pool/handler.js';
import { runFold, type FoldTask, type FoldOutcome } from './trial.js';
import { trainingInWorker } from './shared-training.js';

export const handlers = {
  fold(payload: FoldTask, ctx: HandlerContext): FoldOutcome {
    const { data, foldOf, ...extras } = trainingInWorker(ctx);
    return runFold(ctx.engine, data, foldOf, payload, extras);
  },
};
