/** A forest's outputs from its summed leaf values (no kernel or file access: the serverless runtime uses it too). */
import type { ForestModel } from '../model/model.js';

/**
 * A forest's outputs from its summed leaf values: binary -> (1 - p, p) with p clipped to [0, 1];
 * multiclass -> the averaged class distribution, renormalised so each row sums to 1 (float32
 * sums drift by ~1e-7); regression -> the averaged value.
 */
export function forestOutput(model: ForestModel, sums: Float32Array, nRows: number): Float64Array {
  const task = model.schema.target.task;
  if (task === 'regression') return Float64Array.from(sums);
  if (task === 'binary') {
    const out = new Float64Array(nRows * 2);
    for (let i = 0; i < nRows; i++) {
      const p = Math.min(1, Math.max(0, sums[i]));
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const nGroups = model.nGroups;
  const out = new Float64Array(nRows * nGroups);
  for (let i = 0; i < nRows; i++) {
    let s = 0;
    for (let c = 0; c < nGroups; c++) { const v = Math.max(0, sums[i * nGroups + c]); out[i * nGroups + c] = v; s += v; }
    if (s > 0) for (let c = 0; c < nGroups; c++) out[i * nGroups + c] /= s;
    else for (let c = 0; c < nGroups; c++) out[i * nGroups + c] = 1 / nGroups;
  }
  return out;
}
