// Per-tree work of a forest besides growing: bootstrap row counts, the gradient channels of a
// tree's sample, and the leaves that out-of-bag rows reach in a bin-space tree.
import {
  MISSING_BIN, NODE_DEFAULT_LEFT, NODE_CATEGORICAL, PNODE_BYTES, PNODE_LEFT, PNODE_RIGHT, PNODE_META, PNODE_SPLIT, PNODE_FLAG_SHIFT, PNODE_FEATURE_MASK,
} from './layout';

// splitmix64 on a u64 in memory (kernels keep no module state).
@inline
function rngNext(st: usize): u64 {
  let z = load<u64>(st) + 0x9E3779B97F4A7C15;
  store<u64>(st, z);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

/**
 * counts (u32 x n) = how often each row is drawn in `draws` uniform draws with replacement.
 * allowed: 0, or u32 row ids (nAllowed of them) to draw from instead of all rows. state: a u64
 * (the random state, seeded by the host).
 */
export function bootstrapCounts(n: i32, draws: i32, allowed: usize, nAllowed: i32, state: usize, counts: usize): void {
  memory.fill(counts, 0, <usize>n << 2);
  const pool = allowed ? <u64>nAllowed : <u64>n;
  for (let i = 0; i < draws; i++) {
    let r = <usize>(((rngNext(state) >> 32) * pool) >> 32);
    if (allowed) r = <usize>load<u32>(allowed + (r << 2));
    const a = counts + (r << 2);
    store<u32>(a, load<u32>(a) + 1);
  }
}

/**
 * The gradient channels of one tree: w = count x classWeight[label] x weight (f64, then f32), and
 * channel c at gh + c * n * 8 gets (g, h) = (-w * y_c, w): y_0 = label when valueWidth == 1 (0/1 label or
 * centred target), y_c = [label == c] when valueWidth > 1. Rows with count 0 are skipped (their pairs are not
 * written) and the others listed in `rows` in increasing order; returns how many.
 * counts: u32 per row, or 0 for one of every row. classWeights: f64 per class, or 0. weight: f32 per row, or 0.
 */
export function forestGradients(n: i32, valueWidth: i32, label: usize, weight: usize, classWeights: usize, counts: usize,
  gh: usize, rows: usize): i32 {
  const stride = <usize>n << 3;
  let used = 0;
  for (let r = 0; r < n; r++) {
    const ur = <usize>r;
    const c = counts ? load<u32>(counts + (ur << 2)) : 1;
    if (c == 0) continue;
    store<u32>(rows + (<usize>(used++) << 2), <u32>r);
    const y = <f64>load<f32>(label + (ur << 2));
    let w = <f64>c;
    if (classWeights) w *= load<f64>(classWeights + (<usize><i32>y << 3));
    if (weight) w *= <f64>load<f32>(weight + (ur << 2));
    const hw = <f32>w;
    if (valueWidth == 1) {
      store<f32>(gh + (ur << 3), <f32>(-w * y));
      store<f32>(gh + (ur << 3), hw, 4);
    } else {
      const yc = <i32>y;
      for (let ch = 0; ch < valueWidth; ch++) {
        const a = gh + <usize>ch * stride + (ur << 3);
        store<f32>(a, ch == yc ? <f32>(-w) : 0);
        store<f32>(a, hw, 4);
      }
    }
  }
  return used;
}

@inline
function binStep(bins: usize, stride: usize, nodes: usize, catWords: usize, r: usize, nd: i32): i32 {
  const rec = nodes + <usize>nd * <usize>PNODE_BYTES;
  const l = load<i32>(rec, PNODE_LEFT);
  if (l < 0) return nd;
  const meta = load<i32>(rec, PNODE_META);
  const b = <i32>load<u8>(bins + r * stride + <usize>(meta & PNODE_FEATURE_MASK));
  const fl = meta >>> PNODE_FLAG_SHIFT;
  const v = load<i32>(rec, PNODE_SPLIT);
  let goLeft: bool;
  if (b == MISSING_BIN) goLeft = (fl & NODE_DEFAULT_LEFT) != 0;
  else if (fl & NODE_CATEGORICAL) goLeft = ((load<u32>(catWords + ((<usize>(v << 3) + <usize>(b >> 5)) << 2)) >>> (b & 31)) & 1) != 0;
  else goLeft = b <= v;
  return select<i32>(l, load<i32>(rec, PNODE_RIGHT), goLeft);
}

/**
 * The leaf each listed row reaches in a bin-space tree. bins: u8 row-major (stride = features
 * per row: a row's bins share a cache line); nodes: 16-byte records i32 left (-1: leaf), right, feature | flags << 28 (1: missing
 * left, 2: categorical), splitBin (numeric: last bin going left) or catIndex (categorical: its
 * 8-word bin bitset in catWords); rows: u32 x nList; out: i32 x nList. Four rows walk in lockstep.
 */
export function binTreeLeaves(bins: usize, stride: i32, nodes: usize, catWords: usize, rows: usize, nList: i32, out: usize): void {
  const st = <usize>stride;
  let i = 0;
  for (; i + 4 <= nList; i += 4) {
    const p = rows + (<usize>i << 2);
    const r0 = <usize>load<u32>(p), r1 = <usize>load<u32>(p, 4), r2 = <usize>load<u32>(p, 8), r3 = <usize>load<u32>(p, 12);
    let n0 = 0, n1 = 0, n2 = 0, n3 = 0;
    for (;;) {
      const a0 = binStep(bins, st, nodes, catWords, r0, n0);
      const a1 = binStep(bins, st, nodes, catWords, r1, n1);
      const a2 = binStep(bins, st, nodes, catWords, r2, n2);
      const a3 = binStep(bins, st, nodes, catWords, r3, n3);
      const moved = (a0 ^ n0) | (a1 ^ n1) | (a2 ^ n2) | (a3 ^ n3);
      n0 = a0; n1 = a1; n2 = a2; n3 = a3;
      if (moved == 0) break;
    }
    const o = out + (<usize>i << 2);
    store<i32>(o, n0); store<i32>(o, n1, 4); store<i32>(o, n2, 8); store<i32>(o, n3, 12);
  }
  for (; i < nList; i++) {
    const r = <usize>load<u32>(rows + (<usize>i << 2));
    let nd = 0;
    for (;;) {
      const a = binStep(bins, st, nodes, catWords, r, nd);
      if (a == nd) break;
      nd = a;
    }
    store<i32>(out + (<usize>i << 2), nd);
  }
}
