/** Leaf refit for reg:absoluteerror: each leaf becomes eta x the median residual of its rows (as XGBoost). */
import { liveLeaves, type BinTree } from '../tree/bin-tree.js';

export function refitLeavesToMedian(tree: BinTree, rows: Uint32Array, margin: Float32Array, y: Float64Array, eta: number): void {
  for (const leaf of liveLeaves(tree)) {
    const b = tree.begin[leaf], e = tree.end[leaf];
    if (e <= b) continue;
    const res = new Float64Array(e - b);
    for (let i = b; i < e; i++) res[i - b] = y[rows[i]] - margin[rows[i]];
    res.sort();
    const m = res.length >> 1;
    const med = res.length % 2 ? res[m] : (res[m - 1] + res[m]) / 2;
    tree.value[leaf] = eta * med;
  }
}
