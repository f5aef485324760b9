// Maps raw feature values to u8 bin codes with per-feature cut points.
import { MISSING_BIN } from './layout';

/** Bits of a value's order key that pick its guide bucket (sign, exponent, top 7 mantissa bits). */
const GUIDE_BITS: u32 = 16;
const GUIDE_BUCKETS: usize = 1 << GUIDE_BITS;

/** Order-preserving u32 key of a float (negative: every bit flipped; others: sign bit set). */
// @ts-ignore: decorator
@inline function orderKey(x: f32): u32 {
  const r = reinterpret<u32>(x);
  return r ^ (<u32>(<i32>r >> 31) | 0x80000000);
}

/** Bytes of a bin guide (binGuide): a u8 start per bucket, then the i32 step count. */
export function binGuideBytes(): i32 {
  return <i32>GUIDE_BUCKETS + 4;
}

/**
 * The guide binNumeric searches a cut table with: per bucket of values (the top GUIDE_BITS of the
 * order key), where its search window starts, and one step count for all buckets, enough for a
 * window to hold the most cuts any bucket holds plus one (a value of -0 counts a cut of +0 in the
 * next bucket). Cuts below a bucket are below every value in it, cuts above it above them, so
 * counting cuts <= x inside the window gives the same code as searching all of them.
 * cuts: f32 x 255 ascending, NaN padded (as binNumeric takes them).
 */
export function binGuide(cuts: usize, guide: usize): void {
  let nCuts: usize = 0;
  while (nCuts < 254 && !isNaN(load<f32>(cuts + (nCuts << 2)))) nCuts++;
  let most: u32 = 0, run: u32 = 0, prev: u32 = 0xffffffff;
  for (let c: usize = 0; c < nCuts; c++) {
    const b = orderKey(load<f32>(cuts + (c << 2))) >>> (32 - GUIDE_BITS);
    run = b == prev ? run + 1 : 1;
    prev = b;
    if (run > most) most = run;
  }
  let steps: u32 = 0;
  while ((<u32>1 << steps) - 1 < most + 1) steps++;
  // The window may start earlier (it then holds more cuts below the bucket, all <= x) so that
  // it never reads past the table's 255 entries.
  const last: usize = 256 - (<usize>1 << steps);
  let c: usize = 0;
  for (let b: usize = 0; b < GUIDE_BUCKETS; b++) {
    while (c < nCuts && <usize>(orderKey(load<f32>(cuts + (c << 2))) >>> (32 - GUIDE_BITS)) < b) c++;
    store<u8>(guide + b, <u8>(c < last ? c : last));
  }
  store<u32>(guide + GUIDE_BUCKETS, steps);
}

/**
 * Numeric column: code = number of cuts <= x (so bin b holds cuts[b-1] <= x < cuts[b]); NaN -> 255.
 * values: f32, n of them `stride` values apart (1: a column; the feature count: one column of a
 * row-major block); cuts: f32 x 255, ascending, padded with NaN after the real cuts (at most
 * 254); guide: binGuide of the cuts; out: u8 x n. Fixed, branch-free halving steps inside the
 * value's guide window (unpredictable branches made the plain binary search several times
 * slower); the guide cuts the eight steps over all cuts to the few a bucket needs.
 */
export function binNumeric(values: usize, n: i32, stride: i32, cuts: usize, guide: usize, out: usize): void {
  const step: usize = <usize>stride << 2;
  const first: usize = (<usize>1 << load<u32>(guide + GUIDE_BUCKETS)) >> 1;
  for (let i: usize = 0; i < <usize>n; i++) {
    const x = load<f32>(values + i * step);
    let pos = <usize>load<u8>(guide + <usize>(orderKey(x) >>> (32 - GUIDE_BITS)));
    for (let half = first; half > 0; half >>= 1) pos += select<usize>(half, 0, load<f32>(cuts + ((pos + half - 1) << 2)) <= x);
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

/** Three 11-bit digit histograms of i32. */
const SORT_COUNT_BYTES: usize = 3 * 2048 * 4;

/** Bytes of sortF32's scratch for n values: the histograms, then n u32 of ping-pong space. */
export function sortScratchBytes(n: i32): i32 {
  return <i32>SORT_COUNT_BYTES + (n << 2);
}

/**
 * Sorts n NaN-free f32 values in place, ascending in Float32Array.prototype.sort's order (-0
 * before +0): an LSD radix sort of order-preserving u32 keys in three 11-bit digits, all counted
 * in the pass that makes the keys; a digit every key shares is skipped. scratch:
 * sortScratchBytes(n). The cut points of every numeric feature sort a 200k-row sample;
 * src/binning/float-sort.ts is the same sort for values outside kernel memory.
 */
export function sortF32(values: usize, n: i32, scratch: usize): void {
  if (n < 2) return;
  const nn = <usize>n;
  const counts = scratch, tmp = scratch + SORT_COUNT_BYTES;
  memory.fill(counts, 0, SORT_COUNT_BYTES);
  const c1 = counts + (2048 << 2), c2 = counts + (4096 << 2);
  for (let i: usize = 0; i < nn; i++) {
    const r = load<u32>(values + (i << 2));
    // Negative floats: every bit flipped (larger magnitude sorts first); others: sign bit set.
    const k: u32 = r & 0x80000000 ? ~r : r | 0x80000000;
    store<u32>(values + (i << 2), k);
    const a = counts + ((<usize>(k & 2047)) << 2);
    store<i32>(a, load<i32>(a) + 1);
    const b = c1 + ((<usize>((k >>> 11) & 2047)) << 2);
    store<i32>(b, load<i32>(b) + 1);
    const c = c2 + ((<usize>(k >>> 22)) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  let src = values, dst = tmp;
  for (let d: u32 = 0; d < 3; d++) {
    const base = counts + ((<usize>d * 2048) << 2);
    const shift = d * 11;
    let trivial = false;
    let at: i32 = 0;
    for (let b: usize = 0; b < 2048; b++) {
      const c = load<i32>(base + (b << 2));
      if (c == n) trivial = true;
      store<i32>(base + (b << 2), at);
      at += c;
    }
    if (trivial) continue;
    for (let i: usize = 0; i < nn; i++) {
      const k = load<u32>(src + (i << 2));
      const slot = base + ((<usize>((k >>> shift) & 2047)) << 2);
      const pos = load<i32>(slot);
      store<i32>(slot, pos + 1);
      store<u32>(dst + ((<usize>pos) << 2), k);
    }
    const t = src; src = dst; dst = t;
  }
  if (src != values) memory.copy(values, src, nn << 2);
  for (let i: usize = 0; i < nn; i++) {
    const k = load<u32>(values + (i << 2));
    store<u32>(values + (i << 2), k & 0x80000000 ? k & 0x7fffffff : ~k);
  }
}
