// Stable partitions of a node's row-index segment by a split on binned data.
import { MISSING_BIN } from './layout';

/**
 * Reads rows base[0..n) and writes those going left to lefts[0..nl) and the rest to
 * rights[0..n-nl), both in their order; returns nl. rights may be base itself (a right row is
 * written at or before the position it was read from), lefts may not overlap base.
 */
@inline
function splitRows(col: usize, base: usize, n: i32, isCat: i32, splitBin: i32, defaultLeft: i32, catBits: usize,
  lefts: usize, rights: usize): i32 {
  let nl: i32 = 0, nr: i32 = 0;
  if (isCat) {
    for (let i = 0; i < n; i++) {
      const r = load<u32>(base + (<usize>i << 2));
      const b = <i32>load<u8>(col + <usize>r);
      const inSet = (load<u32>(catBits + (<usize>(b >> 5) << 2)) >>> (b & 31)) & 1;
      const left = b == MISSING_BIN ? defaultLeft : <i32>inSet;
      store<u32>(lefts + (<usize>nl << 2), r);
      store<u32>(rights + (<usize>nr << 2), r);
      nl += left; nr += 1 - left;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const r = load<u32>(base + (<usize>i << 2));
      const b = <i32>load<u8>(col + <usize>r);
      const left = b == MISSING_BIN ? defaultLeft : <i32>(b <= splitBin);
      store<u32>(lefts + (<usize>nl << 2), r);
      store<u32>(rights + (<usize>nr << 2), r);
      nl += left; nr += 1 - left;
    }
  }
  return nl;
}

/**
 * Moves rows[begin..end) going left to the front (order kept) and the rest after them.
 * Numeric split: left when bin <= splitBin; categorical: left when the bin's bit is set in
 * catBits (8 x u32). Missing (bin 255) goes left when defaultLeft is 1.
 * scratch: (end - begin) x u32. Returns the number of rows going left.
 */
export function partitionRows(bins: usize, nRows: i32, rows: usize, begin: i32, end: i32, feature: i32,
  isCat: i32, splitBin: i32, defaultLeft: i32, catBits: usize, scratch: usize): i32 {
  const col = bins + <usize>feature * <usize>nRows;
  const base = rows + (<usize>begin << 2);
  const n = end - begin;
  // Lefts are written in place (never past the row being read), rights to scratch.
  const nl = splitRows(col, base, n, isCat, splitBin, defaultLeft, catBits, base, scratch);
  memory.copy(base + (<usize>nl << 2), scratch, <usize>(n - nl) << 2);
  return nl;
}

/**
 * One block of a parallel partition: writes the rows of rows[begin..end) going left to
 * out[begin..begin+nl) and the rest to out[begin+nl..end), both in their order, and returns nl.
 * rows[begin..end) is used as temporary space (its content is undefined afterwards). A stable
 * partition is unique, so joining blocks in order (the host's copy phase) gives partitionRows'
 * result whatever the blocks.
 */
export function partitionBlock(bins: usize, nRows: i32, rows: usize, begin: i32, end: i32, feature: i32,
  isCat: i32, splitBin: i32, defaultLeft: i32, catBits: usize, out: usize): i32 {
  const col = bins + <usize>feature * <usize>nRows;
  const base = rows + (<usize>begin << 2);
  const dst = out + (<usize>begin << 2);
  const n = end - begin;
  const nl = splitRows(col, base, n, isCat, splitBin, defaultLeft, catBits, dst, base);
  memory.copy(dst + (<usize>nl << 2), base, <usize>(n - nl) << 2);
  return nl;
}
