// Grows the whole subtree of a small forest node in one call. Each tried feature's rows are
// grouped by bin (a sparse histogram: no 256-bin tables to clear or scan), then scanned with the
// gains, tie rules and missing-value handling of splitFindMulti; partitions are stable and the
// tree grows depth first. The forest hands nodes below a row threshold to this kernel.
import { MISSING_BIN, FEATURE_CAT_FLAG, CAT_WORDS } from './layout';

// Node record: i32 left, right (-1: leaf), feature, bin, flags (1: missing left, 2: categorical),
// catIndex (-1: none), next (numeric: the node's first non-empty bin right of the cut), padding;
// f64 gain, cover (hessian sum); then K f64: the node's gradient sums while growing, replaced by
// its outputs (-G_c / H + offset) * scale at the end.
const R_LEFT: usize = 0;
const R_RIGHT: usize = 4;
const R_FEATURE: usize = 8;
const R_BIN: usize = 12;
const R_FLAGS: usize = 16;
const R_CAT: usize = 20;
const R_NEXT: usize = 24;
const R_GAIN: usize = 32;
const R_COVER: usize = 40;
const R_SUMS: usize = 48;

// Context block at the start of the scratch: offsets of the work areas and the scanned
// feature's candidate (kernels keep no module-level state; every instance shares the memory).
const C_LB: usize = 0; // u8 n x nCols: the subtree's rows' bins, local row order
const C_LGH: usize = 4; // f32 pairs n: channel-0 (gradient, hessian); the hessian is the row weight
const C_GRPLEFT: usize = 8; // u8 256: group on the left of the cut (categorical bitset)
const C_LY: usize = 12; // i32 n: class index (k > 1)
const C_IDX: usize = 16; // u32 n: local rows, partitioned into node segments
const C_TMP: usize = 20; // u32 n: partition scratch
const C_STACK: usize = 24; // (n + 1) x 4 i32: node, begin, end, depth
const C_MAP: usize = 28; // i32 256: bin -> group (-1: none)
const C_GRPB: usize = 32; // i32 256: group bin
const C_GRPH: usize = 36; // f64 256: group hessian sum
const C_GRPG: usize = 40; // f64 256 x k: group gradient sums (k == 1: (G, H) pairs while grouping)
const C_GRPKEY: usize = 44; // f64 256: G / H (categorical order)
const C_GRPORD: usize = 48; // i32 256: groups in scan order
const C_PERM: usize = 52; // i32 nFeatures: feature draw order
const C_GL: usize = 56; // f64 k: left prefix sums
const C_GM: usize = 60; // f64 k: missing-bin sums
const C_GL2: usize = 64; // f64 k: left sums with missing
const C_CANDG: usize = 68; // f64 k: the feature's best left sums
const C_BESTG: usize = 72; // f64 k: the node's best left sums
const C_CANDBITS: usize = 76; // u32 8
const C_BESTBITS: usize = 80; // u32 8
const C_RNG: usize = 88; // u64
const C_CAND_CUT: usize = 96; // i32: scan position (exact) or bin (random) of the feature's best cut
const C_CAND_DL: usize = 100; // i32
const C_CAND_HL: usize = 104; // f64
const C_CAND_NG: usize = 112; // i32: value groups of the scanned feature (< 2: constant in the node)
const C_CONST: usize = 116; // u32 (n + 1) x maskWords: per stack entry, features known constant
const C_CAND_NEXT: usize = 120; // i32: first non-empty bin right of the feature's best cut (-1: categorical by key)
const C_BYTES: usize = 128;

/** Bytes of one node record for k channels. */
export function subtreeNodeBytes(k: i32): i32 {
  return 48 + 8 * k;
}

@inline
function a16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/** Lays out the work areas after the context block; returns the end offset. */
function layout(ctx: usize, n: i32, nCols: i32, k: i32, nFeatures: i32): usize {
  const nn = <usize>n, kk = <usize>k;
  let p = a16(ctx + C_BYTES);
  store<u32>(ctx + C_LB, <u32>p); p = a16(p + nn * <usize>nCols + 16);
  store<u32>(ctx + C_LGH, <u32>p); p = a16(p + nn * 8);
  store<u32>(ctx + C_GRPLEFT, <u32>p); p = a16(p + 256);
  store<u32>(ctx + C_LY, <u32>p); p = a16(p + nn * 4);
  store<u32>(ctx + C_IDX, <u32>p); p = a16(p + nn * 4);
  store<u32>(ctx + C_TMP, <u32>p); p = a16(p + nn * 4);
  store<u32>(ctx + C_STACK, <u32>p); p = a16(p + (nn + 1) * 16);
  store<u32>(ctx + C_MAP, <u32>p); p = a16(p + 256 * 4);
  store<u32>(ctx + C_GRPB, <u32>p); p = a16(p + 256 * 4);
  store<u32>(ctx + C_GRPH, <u32>p); p = a16(p + 256 * 8);
  store<u32>(ctx + C_GRPG, <u32>p); p = a16(p + 256 * 8 * (kk > 1 ? kk : 2));
  store<u32>(ctx + C_GRPKEY, <u32>p); p = a16(p + 256 * 8);
  store<u32>(ctx + C_GRPORD, <u32>p); p = a16(p + 256 * 4);
  store<u32>(ctx + C_PERM, <u32>p); p = a16(p + <usize>nFeatures * 4);
  store<u32>(ctx + C_GL, <u32>p); p = a16(p + kk * 8);
  store<u32>(ctx + C_GM, <u32>p); p = a16(p + kk * 8);
  store<u32>(ctx + C_GL2, <u32>p); p = a16(p + kk * 8);
  store<u32>(ctx + C_CANDG, <u32>p); p = a16(p + kk * 8);
  store<u32>(ctx + C_BESTG, <u32>p); p = a16(p + kk * 8);
  store<u32>(ctx + C_CANDBITS, <u32>p); p = a16(p + 32);
  store<u32>(ctx + C_BESTBITS, <u32>p); p = a16(p + 32);
  store<u32>(ctx + C_CONST, <u32>p); p = a16(p + (nn + 2) * <usize>maskWords(nFeatures) * 4);
  return p;
}

/** Scratch bytes growSubtree needs for a node of n rows (the host reserves this much). */
export function subtreeScratchBytes(n: i32, nCols: i32, k: i32, nFeatures: i32): i32 {
  return <i32>(layout(0, n, nCols, k, nFeatures) + 16);
}

/** u32 words of a per-node bitmask over the features. */
@inline
function maskWords(nFeatures: i32): i32 {
  return (nFeatures + 31) >> 5;
}

/** Copies n f64 (small n: a loop beats memory.copy, which V8 runs as a call). */
@inline
function copyF64(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<f64>(dst + (i << 3), load<f64>(src + (i << 3)));
}

@inline
function copyU32(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<u32>(dst + (i << 2), load<u32>(src + (i << 2)));
}

@inline
function ptr(ctx: usize, slot: usize): usize {
  return <usize>load<u32>(ctx + slot);
}

// splitmix64 on a u64 kept in the context block.
@inline
function rngNext(st: usize): u64 {
  let z = load<u64>(st) + 0x9E3779B97F4A7C15;
  store<u64>(st, z);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

@inline
function rngUnit(st: usize): f64 {
  return <f64>(rngNext(st) >> 11) * 1.1102230246251565e-16;
}

@inline
function rngInt(st: usize, n: i32): i32 {
  return <i32>(((rngNext(st) >> 32) * <u64>n) >> 32);
}

// The node scores of splitFindMulti with lambda = 0, in the same operation order.
@inline
function score(gs: usize, k: i32, h: f64): f64 {
  let s: f64 = 0;
  for (let c = 0; c < k; c++) { const g = load<f64>(gs + (<usize>c << 3)); s += g * g; }
  return s / (h + 0.0);
}

@inline
function scoreRest(total: usize, part: usize, k: i32, h: f64): f64 {
  let s: f64 = 0;
  for (let c = 0; c < k; c++) {
    const g = load<f64>(total + (<usize>c << 3)) - load<f64>(part + (<usize>c << 3));
    s += g * g;
  }
  return s / (h + 0.0);
}

/**
 * Tries the cut whose left side holds sums gl / hl (without missing values), with missing values
 * right then left; updates the feature's candidate when strictly better. Returns the best gain.
 */
@inline
function tryCut(ctx: usize, k: i32, cut: i32, hl: f64, hm: f64, gTot: usize, hTot: f64, parent: f64, mcw: f64, best: f64): f64 {
  const gl = ptr(ctx, C_GL), gm = ptr(ctx, C_GM), gl2 = ptr(ctx, C_GL2);
  for (let dl = 0; dl < 2; dl++) {
    if (dl == 1 && hm <= 0) break;
    let hL = hl;
    let gLp = gl;
    if (dl == 1) {
      for (let c = 0; c < k; c++) store<f64>(gl2 + (<usize>c << 3), load<f64>(gl + (<usize>c << 3)) + load<f64>(gm + (<usize>c << 3)));
      hL = hl + hm;
      gLp = gl2;
    }
    const hR = hTot - hL;
    if (hL < mcw || hR < mcw || hL <= 0 || hR <= 0) continue;
    const gain = score(gLp, k, hL) + scoreRest(gTot, gLp, k, hR) - parent;
    if (gain > best) {
      best = gain;
      store<i32>(ctx + C_CAND_CUT, cut);
      store<i32>(ctx + C_CAND_DL, dl);
      store<f64>(ctx + C_CAND_HL, hL);
      copyF64(ptr(ctx, C_CANDG), gLp, <usize>k);
    }
  }
  return best;
}

/**
 * Best split of feature f over local rows idx[b0, b1): groups the rows by bin, orders the groups
 * (bin order; by G/H for an exact one-channel categorical feature) and scans prefixes of that
 * order, or one random prefix (extra trees). Returns the gain (-Infinity: no valid split); the
 * cut, side of missing values, left sums and (categorical) left bitset go to the context block.
 */
function evalFeature(ctx: usize, f: i32, word: i32, nCols: i32, k: i32, b0: i32, b1: i32, gTot: usize, hTot: f64,
  parent: f64, mcw: f64, random: bool): f64 {
  const lb = ptr(ctx, C_LB), lgh = ptr(ctx, C_LGH), ly = ptr(ctx, C_LY), idx = ptr(ctx, C_IDX);
  const map = ptr(ctx, C_MAP), grpB = ptr(ctx, C_GRPB), grpH = ptr(ctx, C_GRPH), grpG = ptr(ctx, C_GRPG);
  const grpKey = ptr(ctx, C_GRPKEY), ord = ptr(ctx, C_GRPORD), gl = ptr(ctx, C_GL), gm = ptr(ctx, C_GM);
  const nBins = word & 0xFFFF;
  const isCat = (word & FEATURE_CAT_FLAG) != 0;
  const kk = <usize>k;
  const nc = <usize>nCols, fu = <usize>f;
  for (let c = 0; c < k; c++) { store<f64>(gl + (<usize>c << 3), 0); store<f64>(gm + (<usize>c << 3), 0); }
  let hm: f64 = 0;
  let nG: i32 = 0;
  // Group rows by bin in row order, so each bin's sums add up as a histogram's would. Rows of
  // zero weight are skipped: they leave a histogram bin empty.
  if (k == 1) {
    // (g, h) pairs: one f64x2 add per row.
    let missing = f64x2.splat(0);
    for (let p = b0; p < b1; p++) {
      const i = <usize>load<u32>(idx + (<usize>p << 2));
      const v = f64x2.promote_low_f32x4(v128.load64_zero(lgh + (i << 3)));
      if (f64x2.extract_lane(v, 1) == 0) continue;
      const b = <i32>load<u8>(lb + i * nc + fu);
      if (b == MISSING_BIN) { missing = f64x2.add(missing, v); continue; }
      let s = load<i32>(map + (<usize>b << 2));
      if (s < 0) {
        s = nG++;
        store<i32>(map + (<usize>b << 2), s);
        store<i32>(grpB + (<usize>s << 2), b);
        v128.store(grpG + (<usize>s << 4), f64x2.splat(0));
      }
      const a = grpG + (<usize>s << 4);
      v128.store(a, f64x2.add(v128.load(a), v));
    }
    store<f64>(gm, f64x2.extract_lane(missing, 0));
    hm = f64x2.extract_lane(missing, 1);
    // Split the pairs into the layout the scan reads: G in grpG[s], H in grpH[s] (in place, ascending s).
    for (let s = 0; s < nG; s++) {
      const a = grpG + (<usize>s << 4);
      const g = load<f64>(a), h = load<f64>(a, 8);
      store<f64>(grpH + (<usize>s << 3), h);
      store<f64>(grpG + (<usize>s << 3), g);
    }
  } else {
    for (let p = b0; p < b1; p++) {
      const i = <usize>load<u32>(idx + (<usize>p << 2));
      const hv = <f64>load<f32>(lgh + (i << 3), 4);
      if (hv == 0) continue;
      const b = <i32>load<u8>(lb + i * nc + fu);
      let gs: usize;
      if (b == MISSING_BIN) {
        hm += hv;
        gs = gm;
      } else {
        let s = load<i32>(map + (<usize>b << 2));
        if (s < 0) {
          s = nG++;
          store<i32>(map + (<usize>b << 2), s);
          store<i32>(grpB + (<usize>s << 2), b);
          store<f64>(grpH + (<usize>s << 3), 0);
          for (let c: usize = 0; c < kk; c++) store<f64>(grpG + ((<usize>s * kk + c) << 3), 0);
        }
        store<f64>(grpH + (<usize>s << 3), load<f64>(grpH + (<usize>s << 3)) + hv);
        gs = grpG + ((<usize>s * kk) << 3);
      }
      const a = gs + (<usize>load<i32>(ly + (i << 2)) << 3);
      store<f64>(a, load<f64>(a) - hv);
    }
  }
  // Groups in bin order: insertion sort when few, else a pass over the bin table.
  if (nG <= 16) {
    for (let s = 0; s < nG; s++) {
      const b = load<i32>(grpB + (<usize>s << 2));
      let j = s;
      while (j > 0 && load<i32>(grpB + (<usize>load<i32>(ord + (<usize>(j - 1) << 2)) << 2)) > b) {
        store<i32>(ord + (<usize>j << 2), load<i32>(ord + (<usize>(j - 1) << 2)));
        j--;
      }
      store<i32>(ord + (<usize>j << 2), s);
    }
  } else {
    let j = 0;
    for (let b = 0; b < 255; b++) {
      const s = load<i32>(map + (<usize>b << 2));
      if (s >= 0) store<i32>(ord + (<usize>(j++) << 2), s);
    }
  }
  let best: f64 = -Infinity;
  const keyOrder = isCat && k == 1 && !random;
  if (nG >= 2) {
    if (keyOrder) {
      // Sort by mean gradient, ties by bin: the order splitFindMulti's stable insertion sort gives
      // a one-channel categorical feature (its bins start in bin order). Shell sort: nG may be 255.
      for (let j = 0; j < nG; j++) {
        const q = <usize>load<i32>(ord + (<usize>j << 2));
        store<f64>(grpKey + (q << 3), load<f64>(grpG + ((q * kk) << 3)) / load<f64>(grpH + (q << 3)));
      }
      for (let gi = 0; gi < 8; gi++) {
        const gap = gi == 0 ? 701 : gi == 1 ? 301 : gi == 2 ? 132 : gi == 3 ? 57 : gi == 4 ? 23 : gi == 5 ? 10 : gi == 6 ? 4 : 1;
        if (gap >= nG) continue;
        for (let j = gap; j < nG; j++) {
          const sj = load<i32>(ord + (<usize>j << 2));
          const key = load<f64>(grpKey + (<usize>sj << 3)), bin = load<i32>(grpB + (<usize>sj << 2));
          let q = j;
          while (q >= gap) {
            const sp = load<i32>(ord + (<usize>(q - gap) << 2));
            const kp = load<f64>(grpKey + (<usize>sp << 3));
            if (!(kp > key || (kp == key && load<i32>(grpB + (<usize>sp << 2)) > bin))) break;
            store<i32>(ord + (<usize>q << 2), sp);
            q -= gap;
          }
          store<i32>(ord + (<usize>q << 2), sj);
        }
      }
    }
    let hl: f64 = 0;
    if (random) {
      const lo = load<i32>(grpB + (<usize>load<i32>(ord) << 2));
      const hi = load<i32>(grpB + (<usize>load<i32>(ord + (<usize>(nG - 1) << 2)) << 2));
      const only = lo + <i32>Math.floor(rngUnit(ctx + C_RNG) * <f64>(hi - lo));
      for (let j = 0; j < nG; j++) {
        const s = <usize>load<i32>(ord + (<usize>j << 2));
        if (load<i32>(grpB + (s << 2)) > only) { store<i32>(ctx + C_CAND_NEXT, load<i32>(grpB + (s << 2))); break; }
        for (let c: usize = 0; c < kk; c++) {
          const a = gl + (c << 3);
          store<f64>(a, load<f64>(a) + load<f64>(grpG + ((s * kk + c) << 3)));
        }
        hl += load<f64>(grpH + (s << 3));
      }
      best = tryCut(ctx, k, only, hl, hm, gTot, hTot, parent, mcw, best);
    } else if (k == 1) {
      // One channel: the same arithmetic as tryCut, in registers.
      const gT = load<f64>(gTot), gM = load<f64>(gm);
      let g = 0.0, bestJ = -1, bestDl = 0, bestHl = 0.0, bestG = 0.0;
      for (let j = 0; j < nG - 1; j++) {
        const s = <usize>load<i32>(ord + (<usize>j << 2));
        g += load<f64>(grpG + (s << 3));
        hl += load<f64>(grpH + (s << 3));
        let hR = hTot - hl;
        if (!(hl < mcw || hR < mcw || hl <= 0 || hR <= 0)) {
          const gr = gT - g;
          const gain = (g * g) / (hl + 0.0) + (gr * gr) / (hR + 0.0) - parent;
          if (gain > best) { best = gain; bestJ = j; bestDl = 0; bestHl = hl; bestG = g; }
        }
        if (hm > 0) {
          const g2 = g + gM, hL = hl + hm;
          hR = hTot - hL;
          if (!(hL < mcw || hR < mcw || hL <= 0 || hR <= 0)) {
            const gr = gT - g2;
            const gain = (g2 * g2) / (hL + 0.0) + (gr * gr) / (hR + 0.0) - parent;
            if (gain > best) { best = gain; bestJ = j; bestDl = 1; bestHl = hL; bestG = g2; }
          }
        }
      }
      if (bestJ >= 0) {
        store<i32>(ctx + C_CAND_CUT, bestJ);
        store<i32>(ctx + C_CAND_DL, bestDl);
        store<f64>(ctx + C_CAND_HL, bestHl);
        store<f64>(ptr(ctx, C_CANDG), bestG);
      }
    } else {
      for (let j = 0; j < nG - 1; j++) {
        const s = <usize>load<i32>(ord + (<usize>j << 2));
        for (let c: usize = 0; c < kk; c++) {
          const a = gl + (c << 3);
          store<f64>(a, load<f64>(a) + load<f64>(grpG + ((s * kk + c) << 3)));
        }
        hl += load<f64>(grpH + (s << 3));
        best = tryCut(ctx, k, j, hl, hm, gTot, hTot, parent, mcw, best);
      }
    }
    if (best > -Infinity && isCat) {
      // Left bitset. Bin order: every bin up to the cut bin. Key order: the groups up to the cut
      // and the empty bins that sort before it (key 0, ties by bin), as in splitFindMulti.
      const bits = ptr(ctx, C_CANDBITS);
      for (let w = 0; w < CAT_WORDS; w++) store<u32>(bits + (<usize>w << 2), 0);
      const cut = load<i32>(ctx + C_CAND_CUT);
      if (!keyOrder) {
        const last = random ? cut : load<i32>(grpB + (<usize>load<i32>(ord + (<usize>cut << 2)) << 2));
        for (let b = 0; b <= last; b++) {
          const a = bits + (<usize>(b >> 5) << 2);
          store<u32>(a, load<u32>(a) | (<u32>1 << (b & 31)));
        }
      } else {
        const sc = <usize>load<i32>(ord + (<usize>cut << 2));
        const keyCut = load<f64>(grpKey + (sc << 3));
        const binCut = load<i32>(grpB + (sc << 2));
        const grpLeft = ptr(ctx, C_GRPLEFT);
        for (let j = 0; j <= cut; j++) store<u8>(grpLeft + <usize>load<i32>(ord + (<usize>j << 2)), 1);
        for (let b = 0; b < nBins; b++) {
          const s = load<i32>(map + (<usize>b << 2));
          const left = s >= 0 ? load<u8>(grpLeft + <usize>s) != 0 : 0.0 < keyCut || (0.0 == keyCut && b < binCut);
          if (left) {
            const a = bits + (<usize>(b >> 5) << 2);
            store<u32>(a, load<u32>(a) | (<u32>1 << (b & 31)));
          }
        }
        for (let j = 0; j <= cut; j++) store<u8>(grpLeft + <usize>load<i32>(ord + (<usize>j << 2)), 0);
      }
    }
    // Exact numeric / bin-order cuts are stored as the cut's bin, with the next bin of the node.
    if (best > -Infinity && !random && !keyOrder) {
      const cut = load<i32>(ctx + C_CAND_CUT);
      store<i32>(ctx + C_CAND_CUT, load<i32>(grpB + (<usize>load<i32>(ord + (<usize>cut << 2)) << 2)));
      store<i32>(ctx + C_CAND_NEXT, load<i32>(grpB + (<usize>load<i32>(ord + (<usize>(cut + 1) << 2)) << 2)));
    }
    if (keyOrder) store<i32>(ctx + C_CAND_NEXT, -1);
  }
  for (let s = 0; s < nG; s++) store<i32>(map + (<usize>load<i32>(grpB + (<usize>s << 2)) << 2), -1);
  store<i32>(ctx + C_CAND_NG, nG);
  return best;
}

/**
 * Grows the subtree under one node from rows[begin, end) (global row ids).
 * binsRM: u8 row-major bins, nCols per row; info: i32 per feature (nBins | FEATURE_CAT_FLAG);
 * gh: f32 (grad, hess) pairs of channel 0 (k == 1: g = -w * y; any k: h = w); label: f32 class
 * index (read when k > 1, where a row adds -h to its class's channel). mtry: features drawn per
 * node (scikit-learn's rule, see the loop; all features in index order when mtry >= nCols);
 * minLeaf: minimum child hessian; minSplit: minimum hessian to split; maxDepth: 0 = unlimited,
 * depth counted from rootDepth; random: extra trees (one uniform cut per tried feature);
 * gainEps: a split must gain more than gainEps x the node's score; offset, scale: outputs are
 * (-G_c / H + offset) * scale; rootG: f64 x k sums of the node, rootH its hessian sum.
 * out: node records (subtreeNodeBytes(k) each; record 0 is the given node; children always come
 * after their parent), room for 2 (end - begin) - 1; catOut: 8 u32 per categorical split, room for
 * end - begin - 1; result: i32 nodes, i32 categorical splits. scratch: subtreeScratchBytes.
 */
export function growSubtree(binsRM: usize, nCols: i32, info: usize, gh: usize, label: usize, rows: usize, begin: i32, end: i32,
  k: i32, mtry: i32, minLeaf: f64, minSplit: f64, maxDepth: i32, rootDepth: i32, random: i32, gainEps: f64, offset: f64,
  scale: f64, seed: f64, rootG: usize, rootH: f64, out: usize, catOut: usize, result: usize, scratch: usize): void {
  const ctx = a16(scratch);
  const n = end - begin;
  const nF = nCols;
  layout(ctx, n, nCols, k, nF);
  store<u64>(ctx + C_RNG, <u64>seed);
  const lb = ptr(ctx, C_LB), lgh = ptr(ctx, C_LGH), ly = ptr(ctx, C_LY);
  const idx = ptr(ctx, C_IDX), tmp = ptr(ctx, C_TMP), stack = ptr(ctx, C_STACK), map = ptr(ctx, C_MAP);
  const perm = ptr(ctx, C_PERM), bestG = ptr(ctx, C_BESTG), candG = ptr(ctx, C_CANDG);
  const bestBits = ptr(ctx, C_BESTBITS), candBits = ptr(ctx, C_CANDBITS);
  const kk = <usize>k;
  const R = <usize>subtreeNodeBytes(k);
  const nc = <usize>nCols;
  for (let p = 0; p < n; p++) {
    const r = <usize>load<u32>(rows + (<usize>(begin + p) << 2));
    // 16-byte copies may run past the row: binsRM and lb have 16 bytes of slack.
    const src = binsRM + r * nc, dst = lb + <usize>p * nc;
    for (let o: usize = 0; o < nc; o += 16) v128.store(dst + o, v128.load(src + o));
    store<u64>(lgh + (<usize>p << 3), load<u64>(gh + (r << 3)));
    if (k > 1) store<i32>(ly + (<usize>p << 2), <i32>load<f32>(label + (r << 2)));
    store<u32>(idx + (<usize>p << 2), <u32>p);
  }
  for (let b = 0; b < 256; b++) store<i32>(map + (<usize>b << 2), -1);
  memory.fill(ptr(ctx, C_GRPLEFT), 0, 256);

  // Record 0: the given node.
  let nNodes: i32 = 1, nCat: i32 = 0;
  store<i32>(out + R_LEFT, -1); store<i32>(out + R_RIGHT, -1); store<i32>(out + R_FEATURE, -1);
  store<i32>(out + R_BIN, 0); store<i32>(out + R_FLAGS, 0); store<i32>(out + R_CAT, -1); store<i32>(out + R_NEXT, 0);
  store<f64>(out + R_GAIN, 0); store<f64>(out + R_COVER, rootH);
  memory.copy(out + R_SUMS, rootG, kk << 3);
  const cmask = ptr(ctx, C_CONST);
  const mw4 = <usize>maskWords(nF) << 2;
  memory.fill(cmask, 0, mw4);
  let top = 0;
  store<i32>(stack, 0); store<i32>(stack, 0, 4); store<i32>(stack, n, 8); store<i32>(stack, rootDepth, 12);
  top = 1;
  const shuffle = mtry < nF;
  while (top > 0) {
    top--;
    const se = stack + (<usize>top << 4);
    const node = load<i32>(se), b0 = load<i32>(se, 4), b1 = load<i32>(se, 8), depth = load<i32>(se, 12);
    const rec = out + <usize>node * R;
    const h = load<f64>(rec + R_COVER);
    if (!((maxDepth == 0 || depth < maxDepth) && b1 - b0 >= 2 && h >= minSplit)) continue;
    const gTot = rec + R_SUMS;
    const parent = score(gTot, k, h);
    let bestGain: f64 = -Infinity, bestF: i32 = -1, bestCut: i32 = 0, bestNext: i32 = 0, bestDl: i32 = 0, bestHl: f64 = 0, bestCat = false;
    for (let q = 0; q < nF; q++) store<i32>(perm + (<usize>q << 2), q);
    // scikit-learn's draw: features are drawn without replacement until mtry have been drawn
    // and at least one of them was not constant in the node (or none is left). Features known
    // constant from an ancestor count as drawn without a scan; newly found ones are passed down.
    const mask = cmask + <usize>top * mw4;
    let drawn = 0, found = 0;
    while (drawn < nF && (drawn < mtry || found == 0)) {
      if (shuffle) {
        const j = drawn + rngInt(ctx + C_RNG, nF - drawn);
        const t = load<i32>(perm + (<usize>drawn << 2));
        store<i32>(perm + (<usize>drawn << 2), load<i32>(perm + (<usize>j << 2)));
        store<i32>(perm + (<usize>j << 2), t);
      }
      const f = load<i32>(perm + (<usize>drawn << 2));
      drawn++;
      const mw = mask + (<usize>(f >> 5) << 2);
      const bit = <u32>1 << (f & 31);
      if (load<u32>(mw) & bit) continue;
      const word = load<i32>(info + (<usize>f << 2));
      const gain = evalFeature(ctx, f, word, nCols, k, b0, b1, gTot, h, parent, minLeaf, random != 0);
      if (load<i32>(ctx + C_CAND_NG) < 2) {
        store<u32>(mw, load<u32>(mw) | bit);
        continue;
      }
      found++;
      if (gain > bestGain) {
        bestGain = gain; bestF = f;
        bestCut = load<i32>(ctx + C_CAND_CUT); bestDl = load<i32>(ctx + C_CAND_DL); bestHl = load<f64>(ctx + C_CAND_HL);
        bestNext = load<i32>(ctx + C_CAND_NEXT);
        bestCat = (word & FEATURE_CAT_FLAG) != 0;
        copyF64(bestG, candG, kk);
        if (bestCat) copyU32(bestBits, candBits, 8);
      }
    }
    if (bestF < 0 || !(bestGain > gainEps * parent)) continue;
    // Stable partition of the node's rows: left in place, right through tmp.
    let nl = b0, nr = 0;
    for (let p = b0; p < b1; p++) {
      const i = load<u32>(idx + (<usize>p << 2));
      const b = <i32>load<u8>(lb + <usize>i * nc + <usize>bestF);
      let left: bool;
      if (b == MISSING_BIN) left = bestDl != 0;
      else if (bestCat) left = ((load<u32>(bestBits + (<usize>(b >> 5) << 2)) >>> (b & 31)) & 1) != 0;
      else left = b <= bestCut;
      if (left) store<u32>(idx + (<usize>(nl++) << 2), i);
      else store<u32>(tmp + (<usize>(nr++) << 2), i);
    }
    copyU32(idx + (<usize>nl << 2), tmp, <usize>nr);
    const l = nNodes, r = nNodes + 1;
    nNodes += 2;
    const lr = out + <usize>l * R, rr = out + <usize>r * R;
    for (let c = 0; c < 2; c++) {
      const cr = c == 0 ? lr : rr;
      store<i32>(cr + R_LEFT, -1); store<i32>(cr + R_RIGHT, -1); store<i32>(cr + R_FEATURE, -1);
      store<i32>(cr + R_BIN, 0); store<i32>(cr + R_FLAGS, 0); store<i32>(cr + R_CAT, -1); store<i32>(cr + R_NEXT, 0);
      store<f64>(cr + R_GAIN, 0);
    }
    store<f64>(lr + R_COVER, bestHl);
    store<f64>(rr + R_COVER, h - bestHl);
    for (let c: usize = 0; c < kk; c++) {
      const g = load<f64>(gTot + (c << 3)), gL = load<f64>(bestG + (c << 3));
      store<f64>(lr + R_SUMS + (c << 3), gL);
      store<f64>(rr + R_SUMS + (c << 3), g - gL);
    }
    store<i32>(rec + R_LEFT, l); store<i32>(rec + R_RIGHT, r); store<i32>(rec + R_FEATURE, bestF); store<i32>(rec + R_NEXT, bestNext);
    store<f64>(rec + R_GAIN, bestGain);
    store<i32>(rec + R_FLAGS, (bestDl != 0 ? 1 : 0) | (bestCat ? 2 : 0));
    if (bestCat) {
      copyU32(catOut + (<usize>nCat << 5), bestBits, 8);
      // A categorical split's bin is its last position in the scan order (bins going left - 1).
      let cnt = 0;
      for (let w = 0; w < CAT_WORDS; w++) cnt += <i32>popcnt(load<u32>(bestBits + (<usize>w << 2)));
      store<i32>(rec + R_BIN, cnt - 1);
      store<i32>(rec + R_CAT, nCat++);
    } else {
      store<i32>(rec + R_BIN, bestCut);
    }
    // Right below left on the stack: the left child is grown first. Both inherit the node's mask
    // (the right child's entry is the node's own slot; the left child's is the next one).
    copyU32(cmask + <usize>(top + 1) * mw4, cmask + <usize>top * mw4, mw4 >> 2);
    const s1 = stack + (<usize>top << 4);
    store<i32>(s1, r); store<i32>(s1, nl, 4); store<i32>(s1, b1, 8); store<i32>(s1, depth + 1, 12);
    const s2 = s1 + 16;
    store<i32>(s2, l); store<i32>(s2, b0, 4); store<i32>(s2, nl, 8); store<i32>(s2, depth + 1, 12);
    top += 2;
  }
  // Sums to outputs.
  for (let i = 0; i < nNodes; i++) {
    const rec = out + <usize>i * R;
    const h = load<f64>(rec + R_COVER);
    for (let c: usize = 0; c < kk; c++) {
      const a = rec + R_SUMS + (c << 3);
      store<f64>(a, h > 0 ? (-load<f64>(a) / h + offset) * scale : 0);
    }
  }
  store<i32>(result, nNodes);
  store<i32>(result, nCat, 4);
}
