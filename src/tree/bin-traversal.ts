/** Walks a bin-space tree for one row of binned data (rows a tree did not partition). */
import { MISSING_BIN } from '../wasm/layout.js';
import type { BinTree } from './bin-tree.js';

/** The leaf reached by row r; bins: u8 column-major, nRows bytes per feature. */
export function leafOfRow(t: BinTree, bins: Uint8Array, nRows: number, r: number): number {
  let n = 0;
  while (t.left[n] >= 0) {
    const b = bins[t.feature[n] * nRows + r];
    let goLeft: boolean;
    if (b === MISSING_BIN) goLeft = t.defaultLeft[n];
    else if (t.catBits[n]) goLeft = ((t.catBits[n]![b >> 5] >>> (b & 31)) & 1) === 1;
    else goLeft = b <= t.splitBin[n];
    n = goLeft ? t.left[n] : t.right[n];
  }
  return n;
}
