// Maps raw feature values to u8 bin codes with per-feature cut points.
import { MISSING_BIN } from './layout';

/**
 * Numeric column: code = number of cuts <= x (so bin b holds cuts[b-1] <= x < cuts[b]); NaN -> 255.
 * values: f32, n of them `stride` values apart (1: a column; the feature count: one column of a
 * row-major block); cuts: f32 x 255, ascending, padded with NaN after the real cuts (at most
 * 254); out: u8 x n. Eight fixed, branch-free halving steps: unpredictable
 * branches made the plain binary search several times slower.
 */
export function binNumeric(values: usize, n: i32, stride: i32, cuts: usize, out: usize): void {
  const step: usize = <usize>stride << 2;
  for (let i: usize = 0; i < <usize>n; i++) {
    const x = load<f32>(values + i * step);
    let pos: usize = 0;
    pos += select<usize>(128, 0, load<f32>(cuts + ((pos + 127) << 2)) <= x);
    pos += select<usize>(64, 0, load<f32>(cuts + ((pos + 63) << 2)) <= x);
    pos += select<usize>(32, 0, load<f32>(cuts + ((pos + 31) << 2)) <= x);
    pos += select<usize>(16, 0, load<f32>(cuts + ((pos + 15) << 2)) <= x);
    pos += select<usize>(8, 0, load<f32>(cuts + ((pos + 7) << 2)) <= x);
    pos += select<usize>(4, 0, load<f32>(cuts + ((pos + 3) << 2)) <= x);
    pos += select<usize>(2, 0, load<f32>(cuts + ((pos + 1) << 2)) <= x);
    pos += select<usize>(1, 0, load<f32>(cuts + (pos << 2)) <= x);
    store<u8>(out + i, <u8>select<usize>(<usize>MISSING_BIN, pos, isNaN(x)));
  }
}

/**
 * Categorical column: code = map[level] for 0 <= level < nLevels, else 255 (missing / unseen).
 * values: f32 level indices, n of them `stride` values apart; map: i32 x nLevels (bin per level,
 * 255 for levels without a bin).
 */
export function binCategorical(values: usize, n: i32, stride: i32, map: usize, nLevels: i32, out: usize): void {
  const step: usize = <usize>stride << 2;
  for (let i: usize = 0; i < <usize>n; i++) {
    const x = load<f32>(values + i * step);
    let b: i32 = MISSING_BIN;
    if (x >= 0 && x < <f32>nLevels) b = load<i32>(map + (<usize><i32>x << 2));
    store<u8>(out + i, <u8>b);
  }
}

/**
 * Rows [begin, end) of the column-major u8 matrix (nRows x nCols) copied into the row-major one
 * (row r at out + r * nCols): the binning threads transpose each block they have just coded,
 * while it is still in cache, instead of one pass over the whole matrix afterwards.
 */
export function binsToRowMajorRows(binsCM: usize, nRows: i32, nCols: i32, begin: i32, end: i32, out: usize): void {
  const nr = <usize>nRows, nc = <usize>nCols;
  // Blocks of 4096 rows keep the written block in cache while each column streams in.
  for (let r0: usize = <usize>begin; r0 < <usize>end; r0 += 4096) {
    const r1 = r0 + 4096 < <usize>end ? r0 + 4096 : <usize>end;
    for (let f: usize = 0; f < nc; f++) {
      const col = binsCM + f * nr;
      for (let r = r0; r < r1; r++) store<u8>(out + r * nc + f, load<u8>(col + r));
    }
  }
}
