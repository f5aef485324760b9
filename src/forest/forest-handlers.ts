/** The pool handlers of forest training: a worker grows one tree from the shared binned data in its own scratch. */
import type { Handler } from '../pool/handler.js';
import { growTree, type TreeJob } from './grow-tree.js';
import type { PackedTree } from './packed-tree.js';

/** Grows tree `tree` of `job` (typed arrays at the top level of the result are transferred, not copied). */
const forestTree: Handler<{ job: TreeJob; tree: number }, PackedTree & { ms: number }> = (p, ctx) => {
  const t0 = performance.now();
  const packed = growTree(ctx.engine, p.job, p.tree);
  return { ...packed, ms: performance.now() - t0 };
};

export const handlers = { forestTree };
export type ForestHandlers = typeof handlers;
