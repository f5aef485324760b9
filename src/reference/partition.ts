/** Plain-TypeScript twin of assembly/partition.ts: the split predicate and a stable partition (tests only). */
import { MISSING_BIN } from '../wasm/layout.js';

/** Whether a row with bin code `bin` goes left. catBits: Uint32Array(8), bins going left (categorical). */
export function goesLeft(bin: number, isCat: boolean, splitBin: number, defaultLeft: boolean, catBits: Uint32Array): boolean {
  if (bin === MISSING_BIN) return defaultLeft;
  if (isCat) return ((catBits[bin >> 5] >>> (bin & 31)) & 1) === 1;
  return bin <= splitBin;
}

/**
 * rows with rows[begin..end) reordered: left rows first, then right rows, each in their
 * original order. bins: Uint8Array column-major (nRows per feature). Returns a new array.
 */
export function partitionRows(bins: Uint8Array, nRows: number, rows: Uint32Array, begin: number, end: number,
  feature: number, isCat: boolean, splitBin: number, defaultLeft: boolean, catBits: Uint32Array): { rows: Uint32Array; nLeft: number } {
  const left: number[] = [];
  const right: number[] = [];
  for (let i = begin; i < end; i++) {
    const r = rows[i];
    (goesLeft(bins[feature * nRows + r], isCat, splitBin, defaultLeft, catBits) ? left : right).push(r);
  }
  const out = rows.slice();
  out.set(left, begin);
  out.set(right, begin + left.length);
  return { rows: out, nLeft: left.length };
}
