// Maps raw feature values to u8 bin codes with per-feature cut points.
import { MISSING_BIN } from './layout';

/**
 * Numeric column: code = number of cuts <= x (so bin b holds cuts[b-1] <= x < cuts[b]); NaN -> 255.
 * values: f32 x n; cuts: f32 x nCuts ascending (nCuts <= 254); out: u8 x n.
 */
export function binNumeric(values: usize, n: i32, cuts: usize, nCuts: i32, out: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const x = load<f32>(values + (i << 2));
    if (isNaN(x)) { store<u8>(out + i, <u8>MISSING_BIN); continue; }
    let lo: i32 = 0, hi: i32 = nCuts;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (load<f32>(cuts + (<usize>mid << 2)) <= x) lo = mid + 1; else hi = mid;
    }
    store<u8>(out + i, <u8>lo);
  }
}

/**
 * Categorical column: code = map[level] for 0 <= level < nLevels, else 255 (missing / unseen).
 * values: f32 level indices x n; map: i32 x nLevels (bin per level, 255 for levels without a bin).
 */
export function binCategorical(values: usize, n: i32, map: usize, nLevels: i32, out: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const x = load<f32>(values + (i << 2));
    let b: i32 = MISSING_BIN;
    if (x >= 0 && x < <f32>nLevels) b = load<i32>(map + (<usize><i32>x << 2));
    store<u8>(out + i, <u8>b);
  }
}
