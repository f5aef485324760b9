/** The pool handlers of forest training: a worker grows one tree from the shared binned data in its own scratch and converts it to model arrays. */
import { binsFromPlain, type PlainFeatureBins } from '../binning/plain-bins.js';
import type { Handler } from '../pool/handler.js';
import type { TreeResult } from './forest-arrays.js';
import { TreeConverter } from '../tree/tree-store.js';
import { growTree, type TreeJob } from './grow-tree.js';

/** The converter of this worker's forest (run: a token per forest, so a reused worker never mixes two). */
let cached: { run: number; converter: TreeConverter } | null = null;

/** Grows tree `tree` of `job` (typed arrays at the top level of the result are transferred, not copied). */
const forestTree: Handler<{ job: TreeJob; tree: number; bins: PlainFeatureBins[]; run: number }, TreeResult & { ms: number }> = (p, ctx) => {
  const t0 = performance.now();
  if (cached?.run !== p.run) cached = { run: p.run, converter: new TreeConverter(binsFromPlain(p.bins), p.job.valueWidth) };
  const packed = growTree(ctx.engine, p.job, p.tree);
  return { ...cached.converter.convert(packed), oobRows: packed.oobRows, oobLeaf: packed.oobLeaf, ms: performance.now() - t0 };
};

export const handlers = { forestTree };
export type ForestHandlers = typeof handlers;
