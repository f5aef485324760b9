// The serverless / browser runtime's kernels (build/thicket-runtime.wasm): tree prediction only, on a
// memory of its own (not shared, so it runs where SharedArrayBuffer is unavailable).
import { step } from './forest-predict';

/** Adds leaf nd's outputs (value[nd * width + k], k < width) to the row's out[k]. */
@inline
function addLeaf(o: usize, value: usize, width: usize, nd: i32): void {
  const v = value + ((<usize>nd * width) << 2);
  for (let k: usize = 0; k < width; k++) store<f32>(o + (k << 2), load<f32>(o + (k << 2)) + load<f32>(v + (k << 2)));
}

/**
 * Adds trees [treeBegin, treeEnd) to out (f32, nRows x width, row-major): out[r, k] += value[leaf * width + k].
 * data: f32 row-major (nFeatures per row), NaN = missing. nodes / catLen / catWords / value /
 * treeRoot: as predictForest (packed 16-byte node records). Rows go in blocks of blockRows
 * (multiple of 8): every tree walks a whole block before the next tree, eight rows in lockstep;
 * the rows left over after the last group of eight walk one at a time, so a single row costs one
 * walk per tree. Inputs were validated by the host (indices in range, children inside their tree).
 */
export function predictRowMajor(data: usize, nRows: i32, nFeatures: i32, nodes: usize, catLen: usize, catWords: usize,
  value: usize, width: i32, treeRoot: usize, treeBegin: i32, treeEnd: i32, out: usize, blockRows: i32): void {
  const rb = <usize>nFeatures << 2;
  const w = <usize>width;
  const BLOCK = blockRows < 8 ? 8 : blockRows & ~7;
  for (let r0 = 0; r0 < nRows; r0 += BLOCK) {
    const m = r0 + BLOCK < nRows ? BLOCK : nRows - r0;
    const full = m & ~7;
    const rows = data + <usize>r0 * rb;
    const outs = out + ((<usize>r0 * w) << 2);
    for (let t = treeBegin; t < treeEnd; t++) {
      const root = load<i32>(treeRoot + (<usize>t << 2));
      let i = 0;
      for (; i < full; i += 8) {
        const row = rows + <usize>i * rb;
        let n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
        for (;;) {
          const a0 = step(nodes, catLen, catWords, row, n0);
          const a1 = step(nodes, catLen, catWords, row + rb, n1);
          const a2 = step(nodes, catLen, catWords, row + 2 * rb, n2);
          const a3 = step(nodes, catLen, catWords, row + 3 * rb, n3);
          const a4 = step(nodes, catLen, catWords, row + 4 * rb, n4);
          const a5 = step(nodes, catLen, catWords, row + 5 * rb, n5);
          const a6 = step(nodes, catLen, catWords, row + 6 * rb, n6);
          const a7 = step(nodes, catLen, catWords, row + 7 * rb, n7);
          const moved = (a0 ^ n0) | (a1 ^ n1) | (a2 ^ n2) | (a3 ^ n3) | (a4 ^ n4) | (a5 ^ n5) | (a6 ^ n6) | (a7 ^ n7);
          n0 = a0; n1 = a1; n2 = a2; n3 = a3; n4 = a4; n5 = a5; n6 = a6; n7 = a7;
          if (moved == 0) break;
        }
        const o = outs + ((<usize>i * w) << 2);
        const ob = w << 2;
        addLeaf(o, value, w, n0); addLeaf(o + ob, value, w, n1);
        addLeaf(o + 2 * ob, value, w, n2); addLeaf(o + 3 * ob, value, w, n3);
        addLeaf(o + 4 * ob, value, w, n4); addLeaf(o + 5 * ob, value, w, n5);
        addLeaf(o + 6 * ob, value, w, n6); addLeaf(o + 7 * ob, value, w, n7);
      }
      for (; i < m; i++) {
        const row = rows + <usize>i * rb;
        let nd = root;
        for (;;) {
          const a = step(nodes, catLen, catWords, row, nd);
          if (a == nd) break;
          nd = a;
        }
        addLeaf(outs + ((<usize>i * w) << 2), value, w, nd);
      }
    }
  }
}
