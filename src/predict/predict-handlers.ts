/** The pool handler of parallel prediction: a worker walks every tree of the placed model over its range of rows (src/predict/parallel-predict.ts). */
import type { Handler } from '../pool/handler.js';
import { forestBlocks } from '../wasm/prediction-nodes.js';
import { walkRows, type PlacedTrees } from './tree-placement.js';

/** One predictForestRows call: the roots of some trees and where their sums go (f32, stride x valueWidth, absolute row index). */
export interface PredictPass {
  roots: number;
  nRoots: number;
  valueWidth: number;
  out: number;
}

/** Offsets of the model and features the main thread placed in the shared memory, and this task's rows. */
export interface PredictRowsTask extends PlacedTrees {
  passes: PredictPass[];
  rowBegin: number;
  rowEnd: number;
}

/** Adds the trees of every pass to the rows [rowBegin, rowEnd) of its out; only those rows of out are written. */
export const predictRows: Handler<PredictRowsTask, { ms: number }> = (p, ctx) => {
  const t0 = performance.now();
  const { kernels } = ctx.engine;
  // The block scratch lies in this worker's own slot, so workers never share a cache line of it.
  const { blockRows, scratch } = forestBlocks(ctx.arena, p.nFeatures);
  for (const q of p.passes) walkRows(kernels, p, q.valueWidth, q.roots, q.nRoots, q.out, p.rowBegin, p.rowEnd, blockRows, scratch);
  return { ms: performance.now() - t0 };
};

export const handlers = { predictRows };
export type PredictHandlers = typeof handlers;
