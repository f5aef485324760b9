// Split search over one feature of a forest node's rows: group the rows by bin (a sparse
// histogram), order the groups and scan their prefixes with splitFindMulti's gains and tie rules.
import { MISSING_BIN, FEATURE_CAT_FLAG, CAT_WORDS, PARTITION_MIN_ROWS } from './layout';
import {
  C_LB, C_LGH, C_LY, C_IDX, C_MAP, C_GRPB, C_GRPH, C_GRPG, C_GRPKEY, C_GRPORD, C_GL, C_GM, C_GL2,
  C_CANDG, C_CANDBITS, C_RNG, C_CAND_CUT, C_CAND_DL, C_CAND_HL, C_CAND_NG, C_CAND_NEXT, C_DENSE, ptr, rngUnit,
} from './forest-context';
import { tryCutSides } from './scan-core';

/** Sets bits 0..last (none when last < 0) of a CAT_WORDS-word bitset that is all zero. */
@inline
function setPrefix(bits: usize, last: i32): void {
  for (let w = 0; w < CAT_WORDS; w++) {
    const lo = w << 5;
    const word: u32 = last >= lo + 31 ? 0xFFFFFFFF : last >= lo ? (<u32>1 << <u32>(last - lo + 1)) - 1 : 0;
    store<u32>(bits + (<usize>w << 2), word);
  }
}

/** gl^2 / hl + gr^2 / hr (each h + 0.0, as score): both quotients in one vector division, bit-identical to two scalar ones. */
@inline
function sideScores(gl: f64, gr: f64, hl: f64, hr: f64): f64 {
  const g = f64x2.replace_lane(f64x2.splat(gl), 1, gr);
  const h = f64x2.add(f64x2.replace_lane(f64x2.splat(hl), 1, hr), f64x2.splat(0));
  const q = f64x2.div(f64x2.mul(g, g), h);
  return f64x2.extract_lane(q, 0) + f64x2.extract_lane(q, 1);
}

/**
 * Tries the cut whose left side holds sums gl / hl (without missing values), with missing values
 * right then left (scan-core.ts, lambda 0); updates the feature's candidate when strictly better.
 * Returns the best gain.
 */
@inline
function tryCut(ctx: usize, valueWidth: i32, cut: i32, hl: f64, hm: f64, gTot: usize, hTot: f64, parent: f64, mcw: f64, best: f64): f64 {
  const g = tryCutSides(ptr(ctx, C_GL), ptr(ctx, C_GM), ptr(ctx, C_GL2), valueWidth, hl, hm, gTot, hTot, parent, mcw, 0.0, best,
    ctx + C_CAND_DL, ctx + C_CAND_HL, ptr(ctx, C_CANDG));
  if (g > best) store<i32>(ctx + C_CAND_CUT, cut);
  return g;
}

// A node at least this many rows per bin of the feature groups its rows densely (a table of every
// bin, cleared per scan) instead of through the sparse bin -> group map: no map lookups or
// group creation per row, and the groups come out in bin order without a sort.
const DENSE_ROWS_PER_BIN: i32 = 2;


/**
 * One channel, dense: (G, H) of every bin of f over idx[b0, b1) into groups in bin order (non-empty
 * bins only, as the sparse grouping makes them); the missing bin's sums go to gm[0], gm[1].
 * Rows alternate between two tables so that runs of rows in one bin do not wait on each other's
 * adds (sums per bin are then even rows + odd rows). Returns the number of groups.
 */
@inline
function groupDense(ctx: usize, lb: usize, lgh: usize, idx: usize, nc: usize, fu: usize, b0: i32, b1: i32, nBins: i32,
  map: usize, grpB: usize, grpG: usize, grpH: usize, gm: usize): i32 {
  const d0 = ptr(ctx, C_DENSE), d1 = d0 + 4096;
  const zero = f64x2.splat(0);
  const nb = <usize>nBins;
  for (let b: usize = 0; b < nb; b++) { v128.store(d0 + (b << 4), zero); v128.store(d1 + (b << 4), zero); }
  const mOff: usize = <usize>MISSING_BIN << 4;
  v128.store(d0 + mOff, zero); v128.store(d1 + mOff, zero);
  let p = b0;
  for (; p + 1 < b1; p += 2) {
    const i0 = <usize>load<u32>(idx + (<usize>p << 2)), i1 = <usize>load<u32>(idx + (<usize>p << 2), 4);
    const a0 = d0 + (<usize>load<u8>(lb + i0 * nc + fu) << 4);
    const a1 = d1 + (<usize>load<u8>(lb + i1 * nc + fu) << 4);
    v128.store(a0, f64x2.add(v128.load(a0), f64x2.promote_low_f32x4(v128.load64_zero(lgh + (i0 << 3)))));
    v128.store(a1, f64x2.add(v128.load(a1), f64x2.promote_low_f32x4(v128.load64_zero(lgh + (i1 << 3)))));
  }
  if (p < b1) {
    const i0 = <usize>load<u32>(idx + (<usize>p << 2));
    const a0 = d0 + (<usize>load<u8>(lb + i0 * nc + fu) << 4);
    v128.store(a0, f64x2.add(v128.load(a0), f64x2.promote_low_f32x4(v128.load64_zero(lgh + (i0 << 3)))));
  }
  v128.store(gm, f64x2.add(v128.load(d0 + mOff), v128.load(d1 + mOff)));
  let nG = 0;
  for (let b: usize = 0; b < nb; b++) {
    const v = f64x2.add(v128.load(d0 + (b << 4)), v128.load(d1 + (b << 4)));
    const h = f64x2.extract_lane(v, 1);
    if (!(h > 0)) continue;
    const s = <usize>nG;
    nG++;
    store<i32>(map + (b << 2), <i32>s);
    store<i32>(grpB + (s << 2), <i32>b);
    store<f64>(grpG + (s << 3), f64x2.extract_lane(v, 0));
    store<f64>(grpH + (s << 3), h);
  }
  return nG;
}

/**
 * Best split of feature f over local rows idx[b0, b1): groups the rows by bin, orders the groups
 * (bin order; by G/H for an exact one-channel categorical feature) and scans prefixes of that
 * order, or one random prefix (extra trees). Returns the gain (-Infinity: no valid split); the
 * cut, side of missing values, left sums and (categorical) left bitset go to the context block.
 */
@inline
export function evalFeature(ctx: usize, f: i32, word: i32, nCols: i32, valueWidth: i32, b0: i32, b1: i32, gTot: usize, hTot: f64,
  parent: f64, mcw: f64, random: bool): f64 {
  const lb = ptr(ctx, C_LB), lgh = ptr(ctx, C_LGH), ly = ptr(ctx, C_LY), idx = ptr(ctx, C_IDX);
  const map = ptr(ctx, C_MAP), grpB = ptr(ctx, C_GRPB), grpH = ptr(ctx, C_GRPH), grpG = ptr(ctx, C_GRPG);
  const grpKey = ptr(ctx, C_GRPKEY), ord = ptr(ctx, C_GRPORD), gl = ptr(ctx, C_GL), gm = ptr(ctx, C_GM);
  const nBins = word & 0xFFFF;
  const isCat = (word & FEATURE_CAT_FLAG) != 0;
  const vw = <usize>valueWidth;
  const nc = <usize>nCols, fu = <usize>f;
  for (let c = 0; c < valueWidth; c++) { store<f64>(gl + (<usize>c << 3), 0); store<f64>(gm + (<usize>c << 3), 0); }
  let hm: f64 = 0;
  let nG: i32 = 0;
  // Group rows by bin in row order, so each bin's sums add up as a histogram's would. Rows of
  // zero weight are skipped: they leave a histogram bin empty.
  let inBinOrder = false;
  // Smallest and largest bin with a group (sparse grouping), for the ordering pass.
  let lo: i32 = 255, hi: i32 = -1;
  if (valueWidth == 1 && (b1 - b0) * DENSE_ROWS_PER_BIN >= nBins) {
    nG = groupDense(ctx, lb, lgh, idx, nc, fu, b0, b1, nBins, map, grpB, grpG, grpH, gm);
    hm = load<f64>(gm, 8);
    store<f64>(gm, 0, 8);
    inBinOrder = true;
  } else if (valueWidth == 1) {
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
        if (b < lo) lo = b;
        if (b > hi) hi = b;
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
          if (b < lo) lo = b;
          if (b > hi) hi = b;
          store<i32>(map + (<usize>b << 2), s);
          store<i32>(grpB + (<usize>s << 2), b);
          store<f64>(grpH + (<usize>s << 3), 0);
          for (let c: usize = 0; c < vw; c++) store<f64>(grpG + ((<usize>s * vw + c) << 3), 0);
        }
        store<f64>(grpH + (<usize>s << 3), load<f64>(grpH + (<usize>s << 3)) + hv);
        gs = grpG + ((<usize>s * vw) << 3);
      }
      const a = gs + (<usize>load<i32>(ly + (i << 2)) << 3);
      store<f64>(a, load<f64>(a) - hv);
    }
  }
  // Groups in bin order: insertion sort when few, else a pass over the bin table.
  // Mean-ordered partitions only in nodes of PARTITION_MIN_ROWS rows or more: in smaller nodes a
  // level's mean rests on a few rows and the order follows noise, so they cut in level order.
  const keyOrder = isCat && valueWidth == 1 && !random && b1 - b0 >= PARTITION_MIN_ROWS;
  if (inBinOrder) {
    for (let s = 0; s < nG; s++) store<i32>(ord + (<usize>s << 2), s);
  } else if (keyOrder) {
    // Sorted by key below, ties by bin: the starting order does not matter.
    for (let s = 0; s < nG; s++) store<i32>(ord + (<usize>s << 2), s);
  } else if (nG <= 16) {
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
    for (let b = lo; b <= hi; b++) {
      const s = load<i32>(map + (<usize>b << 2));
      if (s >= 0) store<i32>(ord + (<usize>(j++) << 2), s);
    }
  }
  let best: f64 = -Infinity;
  if (nG >= 2) {
    if (keyOrder) {
      // Sort by mean gradient, ties by bin: the order splitFindMulti's stable insertion sort gives
      // a one-channel categorical feature (its bins start in bin order). Shell sort: nG may be 255.
      for (let j = 0; j < nG; j++) {
        const q = <usize>load<i32>(ord + (<usize>j << 2));
        store<f64>(grpKey + (q << 3), load<f64>(grpG + ((q * vw) << 3)) / load<f64>(grpH + (q << 3)));
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
        for (let c: usize = 0; c < vw; c++) {
          const a = gl + (c << 3);
          store<f64>(a, load<f64>(a) + load<f64>(grpG + ((s * vw + c) << 3)));
        }
        hl += load<f64>(grpH + (s << 3));
      }
      best = tryCut(ctx, valueWidth, only, hl, hm, gTot, hTot, parent, mcw, best);
    } else if (valueWidth == 1) {
      // One channel: the same arithmetic as tryCut, in registers.
      const gT = load<f64>(gTot), gM = load<f64>(gm);
      let g = 0.0, bestJ = -1, bestDl = 0, bestHl = 0.0, bestG = 0.0;
      for (let j = 0; j < nG - 1; j++) {
        const s = <usize>load<i32>(ord + (<usize>j << 2));
        g += load<f64>(grpG + (s << 3));
        hl += load<f64>(grpH + (s << 3));
        let hR = hTot - hl;
        if (!(hl < mcw || hR < mcw || hl <= 0 || hR <= 0)) {
          const gain = sideScores(g, gT - g, hl, hR) - parent;
          if (gain > best) { best = gain; bestJ = j; bestDl = 0; bestHl = hl; bestG = g; }
        }
        if (hm > 0) {
          const g2 = g + gM, hL = hl + hm;
          hR = hTot - hL;
          if (!(hL < mcw || hR < mcw || hL <= 0 || hR <= 0)) {
            const gain = sideScores(g2, gT - g2, hL, hR) - parent;
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
        for (let c: usize = 0; c < vw; c++) {
          const a = gl + (c << 3);
          store<f64>(a, load<f64>(a) + load<f64>(grpG + ((s * vw + c) << 3)));
        }
        hl += load<f64>(grpH + (s << 3));
        best = tryCut(ctx, valueWidth, j, hl, hm, gTot, hTot, parent, mcw, best);
      }
    }
    if (best > -Infinity && isCat) {
      // Left bitset. Bin order: every bin up to the cut bin. Key order: the groups up to the cut
      // and the empty bins that sort before it (key 0, ties by bin), as in splitFindMulti.
      const bits = ptr(ctx, C_CANDBITS);
      const cut = load<i32>(ctx + C_CAND_CUT);
      if (!keyOrder) {
        setPrefix(bits, random ? cut : load<i32>(grpB + (<usize>load<i32>(ord + (<usize>cut << 2)) << 2)));
      } else {
        // Bins without rows in the node have key 0: all of them first, then each group's own
        // side (O(groups), not O(bins): this runs for every categorical feature evaluated).
        const sc = <usize>load<i32>(ord + (<usize>cut << 2));
        const keyCut = load<f64>(grpKey + (sc << 3));
        const binCut = load<i32>(grpB + (sc << 2));
        setPrefix(bits, 0.0 < keyCut ? nBins - 1 : 0.0 == keyCut ? binCut - 1 : -1);
        for (let j = 0; j < nG; j++) {
          const b = load<i32>(grpB + (<usize>load<i32>(ord + (<usize>j << 2)) << 2));
          const a = bits + (<usize>(b >> 5) << 2), bit = <u32>1 << (b & 31);
          store<u32>(a, j <= cut ? load<u32>(a) | bit : load<u32>(a) & ~bit);
        }
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
