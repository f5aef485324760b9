/**
 * Sorting the cut samples: NaN-free float32 values ascending, in the order
 * Float32Array.prototype.sort gives (-0 before +0), by the kernels' radix sort
 * (assembly/binning.ts sortF32; its plain twin is src/reference/float-sort.ts). Cut points sort
 * 28 samples of 200k values per dataset, where the built-in sort was the bulk of the binning set-up.
 */
import type { Engine } from '../wasm/load.js';

/** Sorts `values` in place through kernel memory; returns them. */
export function sortFloat32In(engine: Engine, values: Float32Array): Float32Array {
  const n = values.length;
  if (n < 2) return values;
  const { arena, kernels } = engine;
  const mark = arena.mark();
  const at = arena.put(values);
  kernels.sortF32(at, n, arena.alloc(kernels.sortScratchBytes(n)));
  values.set(arena.f32(at, n));
  arena.reset(mark);
  return values;
}
