// The serverless / browser runtime's kernels (build/thicket-runtime.wasm): tree prediction only, on a
// memory of its own (not shared, so it runs where SharedArrayBuffer is unavailable). Kept small (under
// 4 KB, the old main-thread limit of synchronous WebAssembly compilation in Chrome).
import { walk8 as walk8Inline } from './forest-predict';

export { packNodes } from './forest-predict';

/** Adds leaf nd's outputs (value[nd * valueWidth + k], k < valueWidth) to the row's out[k]. */
@inline
function addLeaf(o: usize, value: usize, valueWidth: usize, nd: i32): void {
  const v = value + ((<usize>nd * valueWidth) << 2);
  for (let k: usize = 0; k < valueWidth; k++) store<f32>(o + (k << 2), load<f32>(o + (k << 2)) + load<f32>(v + (k << 2)));
}

/** forest-predict.ts walk8 as one function here (called from three places; the package build inlines it into its one caller). */
function walk8(nodes: usize, catLen: usize, catWords: usize,
  r0: usize, r1: usize, r2: usize, r3: usize, r4: usize, r5: usize, r6: usize, r7: usize,
  n0: i32, n1: i32, n2: i32, n3: i32, n4: i32, n5: i32, n6: i32, n7: i32, leaves: usize): void {
  walk8Inline(nodes, catLen, catWords, r0, r1, r2, r3, r4, r5, r6, r7, n0, n1, n2, n3, n4, n5, n6, n7, leaves);
}

/**
 * Adds trees [treeBegin, treeEnd) to out (f32, nRows x valueWidth, row-major): out[r, k] += value[leaf * valueWidth + k].
 * data: f32 row-major (nFeatures per row), NaN = missing. nodes / catLen / catWords / value /
 * treeRoot: as predictForest (packed 16-byte node records). Rows go in blocks of blockRows
 * (multiple of 8): every tree walks a whole block before the next tree, eight rows in lockstep;
 * the rows left over after the last group of eight (a single row, say) walk eight trees in
 * lockstep instead. Leaves are added in tree order either way, so the sums are the same bits.
 * scratch: 32 bytes. Inputs were validated by the host (indices in range, children inside their tree).
 */
export function predictRowMajor(data: usize, nRows: i32, nFeatures: i32, nodes: usize, catLen: usize, catWords: usize,
  value: usize, valueWidth: i32, treeRoot: usize, treeBegin: i32, treeEnd: i32, out: usize, blockRows: i32, scratch: usize): void {
  const rb = <usize>nFeatures << 2;
  const w = <usize>valueWidth;
  const ob = w << 2;
  const BLOCK = blockRows < 8 ? 8 : blockRows & ~7;
  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const m = r0 + BLOCK < nRows ? BLOCK : nRows - r0;
    const full = m & ~7;
    const rows = data + <usize>r0 * rb;
    const outs = out + ((<usize>r0 * w) << 2);
    for (let t = full > 0 ? treeBegin : treeEnd; t < treeEnd; t++) {
      const root = load<i32>(treeRoot + (<usize>t << 2));
      for (let i = 0; i < full; i += 8) {
        const row = rows + <usize>i * rb;
        walk8(nodes, catLen, catWords, row, row + rb, row + 2 * rb, row + 3 * rb, row + 4 * rb, row + 5 * rb, row + 6 * rb, row + 7 * rb,
          root, root, root, root, root, root, root, root, scratch);
        const o = outs + <usize>i * ob;
        for (let j: usize = 0; j < 8; j++) addLeaf(o + j * ob, value, w, load<i32>(scratch + (j << 2)));
      }
    }
    for (let i = full; i < m; i++) {
      const row = rows + <usize>i * rb;
      const o = outs + <usize>i * ob;
      let t = treeBegin;
      for (; t + 8 <= treeEnd; t += 8) {
        const tr = treeRoot + (<usize>t << 2);
        walk8(nodes, catLen, catWords, row, row, row, row, row, row, row, row,
          load<i32>(tr), load<i32>(tr, 4), load<i32>(tr, 8), load<i32>(tr, 12), load<i32>(tr, 16), load<i32>(tr, 20), load<i32>(tr, 24), load<i32>(tr, 28), scratch);
        for (let j: usize = 0; j < 8; j++) addLeaf(o, value, w, load<i32>(scratch + (j << 2)));
      }
      if (t < treeEnd) {
        // The last 1..7 trees: one more lockstep walk, the last tree repeated in the unused chains.
        const rem = treeEnd - t;
        const tr = treeRoot + (<usize>t << 2);
        const last = <usize>(rem - 1) << 2;
        walk8(nodes, catLen, catWords, row, row, row, row, row, row, row, row,
          load<i32>(tr), load<i32>(tr + min<usize>(4, last)), load<i32>(tr + min<usize>(8, last)), load<i32>(tr + min<usize>(12, last)),
          load<i32>(tr + min<usize>(16, last)), load<i32>(tr + min<usize>(20, last)), load<i32>(tr + min<usize>(24, last)), load<i32>(tr + last), scratch);
        for (let j: usize = 0; j < <usize>rem; j++) addLeaf(o, value, w, load<i32>(scratch + (j << 2)));
      }
    }
  }
}
