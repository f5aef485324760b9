/** Walks a model's packed trees (src/wasm/prediction-nodes.ts) placed in kernel memory over blocks of rows. */
import type { Kernels, Ptr } from '../wasm/kernels.js';

/** A model placed for predictForestRows: the features (column-major, `stride` rows) and the packed trees. */
export interface PlacedTrees {
  data: Ptr;
  stride: number;
  nFeatures: number;
  nodes: Ptr;
  catLen: Ptr;
  catWords: Ptr;
  value: Ptr;
}

/** Rows of the first kernel call of a walk (see walkRows). */
const WARM_ROWS = 1024;

/**
 * Adds trees [0, nRoots) of `roots` to rows [rowBegin, rowEnd) of out (valueWidth outputs per row):
 * first WARM_ROWS rows, then a block per kernel call (the same sums as one call: a row's sum
 * never depends on the other rows of its block). Why several calls: V8 runs a wasm function's
 * first call to its end in the baseline tier (Liftoff: no switch mid-call), and the optimised code
 * it compiles once the function runs hot only serves later calls (the first prediction of a
 * process in one call and in blocks: BENCHMARKS.md section 11).
 */
export function walkRows(kernels: Kernels, p: PlacedTrees, valueWidth: number, roots: Ptr, nRoots: number, out: Ptr,
  rowBegin: number, rowEnd: number, blockRows: number, scratch: Ptr): void {
  for (let r = rowBegin; r < rowEnd;) {
    const end = Math.min(rowEnd, r + (r === rowBegin ? Math.min(WARM_ROWS, blockRows) : blockRows));
    kernels.predictForestRows(p.data, p.stride, r, end, p.nFeatures, p.nodes, p.catLen, p.catWords, p.value,
      valueWidth, roots, 0, nRoots, out, blockRows, scratch);
    r = end;
  }
}
