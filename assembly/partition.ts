// Stable in-place partition of a node's row-index segment by a split on binned data.
import { MISSING_BIN } from './layout';

/**
 * Moves rows[begin..end) going left to the front (order kept) and the rest after them.
 * Numeric split: left when bin <= splitBin; categorical: left when the bin's bit is set in
 * catBits (8 x u32). Missing (bin 255) goes left when defaultLeft is 1.
 * scratch: (end - begin) x u32. Returns the number of rows going left.
 */
export function partitionRows(bins: usize, nRows: i32, rows: usize, begin: i32, end: i32, feature: i32,
  isCat: i32, splitBin: i32, defaultLeft: i32, catBits: usize, scratch: usize): i32 {
  const col = bins + <usize>feature * <usize>nRows;
  let nl: i32 = 0, nr: i32 = 0;
  const base = rows + (<usize>begin << 2);
  const n = end - begin;
  if (isCat) {
    for (let i = 0; i < n; i++) {
      const r = load<u32>(base + (<usize>i << 2));
      const b = <i32>load<u8>(col + <usize>r);
      const inSet = (load<u32>(catBits + (<usize>(b >> 5) << 2)) >>> (b & 31)) & 1;
      const left = b == MISSING_BIN ? defaultLeft : <i32>inSet;
      store<u32>(base + (<usize>nl << 2), r);
      store<u32>(scratch + (<usize>nr << 2), r);
      nl += left; nr += 1 - left;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const r = load<u32>(base + (<usize>i << 2));
      const b = <i32>load<u8>(col + <usize>r);
      const left = b == MISSING_BIN ? defaultLeft : <i32>(b <= splitBin);
      store<u32>(base + (<usize>nl << 2), r);
      store<u32>(scratch + (<usize>nr << 2), r);
      nl += left; nr += 1 - left;
    }
  }
  memory.copy(base + (<usize>nl << 2), scratch, <usize>nr << 2);
  return nl;
}
