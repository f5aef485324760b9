// Grows the whole subtree of a small forest node in one call. Each tried feature's rows are
// grouped by bin (a sparse histogram: no 256-bin tables to clear or scan), then scanned with the
// gains, tie rules and missing-value handling of splitFindMulti; partitions are stable and the
// tree grows depth first. The forest hands nodes below a row threshold to this kernel.
import {
  MISSING_BIN, FEATURE_CAT_FLAG, CAT_WORDS, SUBTREE_HEAD_LEFT, SUBTREE_HEAD_RIGHT, SUBTREE_HEAD_FEATURE, SUBTREE_HEAD_BIN,
  SUBTREE_HEAD_NEXT, SUBTREE_HEAD_FLAGS, SUBTREE_HEAD_CAT, SUBTREE_HEAD_GAIN, SUBTREE_HEAD_CUT, SUBTREE_COUNT, SUBTREE_CAT_COUNT,
} from './layout';
import {
  C_LB, C_LGH, C_GRPLEFT, C_LY, C_IDX, C_TMP, C_STACK, C_MAP, C_PERM, C_CANDG, C_BESTG, C_CANDBITS, C_BESTBITS,
  C_RNG, C_CAND_CUT, C_CAND_DL, C_CAND_HL, C_CAND_NG, C_CONST, C_CAND_NEXT, a16, layout, maskWords, copyF64,
  copyU32, ptr, rngInt,
} from './forest-context';
import { evalFeature } from './forest-scan';
import { channelScore } from './scan-core';

// Node record: i32 left, right (-1: leaf), feature, bin, flags (1: missing left, 2: categorical),
// catIndex (-1: none), next (numeric: the node's first non-empty bin right of the cut), padding;
// f64 gain, cover (hessian sum); then valueWidth f64: the node's gradient sums while growing, replaced by
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

// The tree's node arrays (struct of arrays, one slot per node), as u32 pointers in a header: i32
// left, right (-1: leaf), feature, split bin, next bin; u8 default-left; i32 categorical bitset
// index (-1: none); f32 valueWidth values, gain, cover; f32 raw threshold (NaN: none); i32 bin cut for rows
// outside the sample (see rawThreshold).
const S_LEFT: usize = 0;
const S_RIGHT: usize = 4;
const S_FEATURE: usize = 8;
const S_BIN: usize = 12;
const S_NEXT: usize = 16;
const S_DEFAULT_LEFT: usize = 20;
const S_CAT: usize = 24;
const S_VALUE: usize = 28;
const S_GAIN: usize = 32;
const S_COVER: usize = 36;
const S_THRESHOLD: usize = 40;
const S_CUT: usize = 44;

// The result record (assembly/layout.ts SUBTREE_*).
const H_LEFT: usize = <usize>SUBTREE_HEAD_LEFT;
const H_RIGHT: usize = <usize>SUBTREE_HEAD_RIGHT;
const H_FEATURE: usize = <usize>SUBTREE_HEAD_FEATURE;
const H_BIN: usize = <usize>SUBTREE_HEAD_BIN;
const H_NEXT: usize = <usize>SUBTREE_HEAD_NEXT;
const H_FLAGS: usize = <usize>SUBTREE_HEAD_FLAGS;
const H_CAT: usize = <usize>SUBTREE_HEAD_CAT;
const H_GAIN: usize = <usize>SUBTREE_HEAD_GAIN;
const H_CUT: usize = <usize>SUBTREE_HEAD_CUT;

/**
 * The raw threshold of a numeric cut after bin `b` whose node's next non-empty bin is `next`:
 * halfway between the largest value of the last non-empty bin going left and the smallest of
 * `next`, as scikit-learn places them (x <= half goes left, so t is the next float32 above half); NaN when the ranges do not allow one. r: the feature's 512 f64
 * (lows, then highs). Also leaves the bin cut that sends rows outside the sample where
 * the threshold does at cutOut. The host's nodes use it too, through rawThresholdOf.
 */
@inline
function rawThreshold(r: usize, b: i32, next: i32, cutOut: usize): f64 {
  let lb = b;
  while (lb >= 0 && load<f64>(r + (<usize>(256 + lb) << 3)) == -Infinity) lb--;
  if (lb < 0 || next <= b || next > 254) return NaN;
  const left = load<f64>(r + (<usize>(256 + lb) << 3)), right = load<f64>(r + (<usize>next << 3));
  if (!(left < right) || right == Infinity) return NaN;
  // scikit-learn sends x <= half left (half in f64, the left value when it rounds onto the right
  // one); the model sends x < t left, so t is the smallest float32 above half.
  let half = left / 2 + right / 2;
  if (half == right) half = left;
  const m32 = <f64><f32>half;
  const bits = reinterpret<u32>(<f32>m32);
  const t = m32 > half ? m32 : m32 == 0 ? <f64>reinterpret<f32>(<u32>1) : <f64>reinterpret<f32>(m32 > 0 ? bits + 1 : bits - 1);
  let c = b;
  while (c + 1 < next && load<f64>(r + (<usize>(256 + c + 1) << 3)) < t) c++;
  store<i32>(cutOut, c);
  return t;
}

/**
 * rawThreshold for the host's own nodes (the grower's nodes above the subtrees), so the rule lives
 * in one place: ranges as for growSubtree, feature f, cut after bin b, next non-empty bin next;
 * the bin cut goes to cutOut (i32). NaN: no raw threshold (cutOut untouched).
 */
export function rawThresholdOf(ranges: usize, f: i32, b: i32, next: i32, cutOut: usize): f64 {
  return rawThreshold(ranges + (<usize>f << 12), b, next, cutOut);
}

/** Bytes of one node record for valueWidth channels. */
export function subtreeNodeBytes(valueWidth: i32): i32 {
  return 48 + 8 * valueWidth;
}

/** Scratch bytes growSubtree needs for a node of n rows (the host reserves this much). */
export function subtreeScratchBytes(n: i32, nCols: i32, valueWidth: i32, nFeatures: i32): i32 {
  return <i32>(layout(0, n, nCols, valueWidth, nFeatures) + 16);
}

/** Whether every weighted row of idx[b0, b1) has the same class (valueWidth > 1) or the same g / h (valueWidth == 1: the same target). */
function pure(lgh: usize, ly: usize, idx: usize, b0: i32, b1: i32, valueWidth: i32): bool {
  let first = true;
  let ref: f64 = 0;
  for (let p = b0; p < b1; p++) {
    const i = <usize>load<u32>(idx + (<usize>p << 2));
    const h = load<f32>(lgh + (i << 3), 4);
    if (h == 0) continue;
    const v = valueWidth == 1 ? <f64>load<f32>(lgh + (i << 3)) / <f64>h : <f64>load<i32>(ly + (i << 2));
    if (first) { ref = v; first = false; } else if (v != ref) return false;
  }
  return true;
}

/**
 * Grows the subtree under one node from rows[begin, end) (global row ids).
 * binsRM: u8 row-major bins, nCols per row; info: i32 per feature (nBins | FEATURE_CAT_FLAG);
 * gh: f32 (grad, hess) pairs of channel 0 (valueWidth == 1: g = -w * y; any valueWidth: h = w); label: f32 class
 * index (read when valueWidth > 1, where a row adds -h to its class's channel). mtry: features drawn per
 * node (scikit-learn's rule, see the loop; all features in index order when mtry >= nCols);
 * minLeaf: minimum child hessian; minSplit: minimum hessian to split; maxDepth: 0 = unlimited,
 * depth counted from rootDepth; random: extra trees (one uniform cut per tried feature);
 * gainEps: a split must gain more than gainEps x the node's score; offset, scale: outputs are
 * (-G_c / H + offset) * scale; rootG: f64 x valueWidth sums of the node, rootH its hessian sum.
 * out: node records while growing (subtreeNodeBytes(valueWidth) each; record 0 is the given node; children
 * always come after their parent), room for 2 (end - begin) - 1; catOut: 8 u32 per categorical
 * split, room for end - begin - 1 (bitset c is the tree's bitset catBase + c); result (48 bytes):
 * i32 records, i32 categorical splits, then the given node's split (see H_*). soa: the header of
 * the tree's node arrays (see S_*): record r >= 1 becomes slot subBase + r - 1, with room for
 * 2 (end - begin) - 2 slots from subBase. ranges: f64 x 512 per feature (each bin's lowest, then
 * highest training value; see binRanges in src/forest/forest-arrays.ts), or 0 for no raw
 * thresholds. scratch: subtreeScratchBytes.
 */
export function growSubtree(binsRM: usize, nCols: i32, info: usize, gh: usize, label: usize, rows: usize, begin: i32, end: i32,
  valueWidth: i32, mtry: i32, minLeaf: f64, minSplit: f64, maxDepth: i32, rootDepth: i32, random: i32, gainEps: f64, offset: f64,
  scale: f64, seed: f64, rootG: usize, rootH: f64, out: usize, catOut: usize, result: usize, scratch: usize,
  soa: usize, subBase: i32, catBase: i32, ranges: usize): void {
  const ctx = a16(scratch);
  const n = end - begin;
  const nF = nCols;
  layout(ctx, n, nCols, valueWidth, nF);
  store<u64>(ctx + C_RNG, <u64>seed);
  const lb = ptr(ctx, C_LB), lgh = ptr(ctx, C_LGH), ly = ptr(ctx, C_LY);
  const idx = ptr(ctx, C_IDX), tmp = ptr(ctx, C_TMP), stack = ptr(ctx, C_STACK), map = ptr(ctx, C_MAP);
  const perm = ptr(ctx, C_PERM), bestG = ptr(ctx, C_BESTG), candG = ptr(ctx, C_CANDG);
  const bestBits = ptr(ctx, C_BESTBITS), candBits = ptr(ctx, C_CANDBITS);
  const vw = <usize>valueWidth;
  const R = <usize>subtreeNodeBytes(valueWidth);
  const nc = <usize>nCols;
  for (let p = 0; p < n; p++) {
    const r = <usize>load<u32>(rows + (<usize>(begin + p) << 2));
    // 16-byte copies may run past the row: binsRM and lb have 16 bytes of slack.
    const src = binsRM + r * nc, dst = lb + <usize>p * nc;
    for (let o: usize = 0; o < nc; o += 16) v128.store(dst + o, v128.load(src + o));
    store<u64>(lgh + (<usize>p << 3), load<u64>(gh + (r << 3)));
    if (valueWidth > 1) store<i32>(ly + (<usize>p << 2), <i32>load<f32>(label + (r << 2)));
    store<u32>(idx + (<usize>p << 2), <u32>p);
  }
  for (let b = 0; b < 256; b++) store<i32>(map + (<usize>b << 2), -1);
  memory.fill(ptr(ctx, C_GRPLEFT), 0, 256);

  // Record 0: the given node.
  let nNodes: i32 = 1, nCat: i32 = 0;
  store<i32>(out + R_LEFT, -1); store<i32>(out + R_RIGHT, -1); store<i32>(out + R_FEATURE, -1);
  store<i32>(out + R_BIN, 0); store<i32>(out + R_FLAGS, 0); store<i32>(out + R_CAT, -1); store<i32>(out + R_NEXT, 0);
  store<f64>(out + R_GAIN, 0); store<f64>(out + R_COVER, rootH);
  memory.copy(out + R_SUMS, rootG, vw << 3);
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
    // A pure node (one class, or one target value) has no split worth taking: leave it a leaf
    // without scanning features (in a grown classification tree that is nearly every leaf).
    if (pure(lgh, ly, idx, b0, b1, valueWidth)) continue;
    const gTot = rec + R_SUMS;
    const parent = channelScore(gTot, valueWidth, h, 0.0);
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
      const gain = evalFeature(ctx, f, word, nCols, valueWidth, b0, b1, gTot, h, parent, minLeaf, random != 0);
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
        copyF64(bestG, candG, vw);
        if (bestCat) copyU32(bestBits, candBits, 8);
      }
    }
    if (bestF < 0 || !(bestGain > gainEps * parent)) continue;
    // Stable partition of the node's rows: left in place, right through tmp.
    // Branch-free: each row is written to both sides and only its side's count advances (the
    // side is a coin flip to the branch predictor). Writing idx[nl] is safe: nl <= p.
    let nl = b0, nr = 0;
    const fo = <usize>bestF;
    if (bestCat) {
      for (let p = b0; p < b1; p++) {
        const i = load<u32>(idx + (<usize>p << 2));
        const b = <i32>load<u8>(lb + <usize>i * nc + fo);
        const inSet = <i32>((load<u32>(bestBits + (<usize>(b >> 5) << 2)) >>> (b & 31)) & 1);
        const left = select<i32>(bestDl != 0 ? 1 : 0, inSet, b == MISSING_BIN);
        store<u32>(idx + (<usize>nl << 2), i);
        store<u32>(tmp + (<usize>nr << 2), i);
        nl += left; nr += left ^ 1;
      }
    } else {
      // Missing values are bin 255: above every cut, so they go left only through missingLeft.
      const missingLeft = bestDl != 0 ? 1 : 0;
      for (let p = b0; p < b1; p++) {
        const i = load<u32>(idx + (<usize>p << 2));
        const b = <i32>load<u8>(lb + <usize>i * nc + fo);
        const left = select<i32>(missingLeft, <i32>(b <= bestCut), b == MISSING_BIN);
        store<u32>(idx + (<usize>nl << 2), i);
        store<u32>(tmp + (<usize>nr << 2), i);
        nl += left; nr += left ^ 1;
      }
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
    for (let c: usize = 0; c < vw; c++) {
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
  // Sums to outputs; records 1.. go to the tree's node arrays (slots subBase.., children mapped
  // there too), record 0 (the given node, which the host owns) to the result's head.
  const sLeft = <usize>load<u32>(soa, S_LEFT), sRight = <usize>load<u32>(soa, S_RIGHT), sFeature = <usize>load<u32>(soa, S_FEATURE);
  const sBin = <usize>load<u32>(soa, S_BIN), sNext = <usize>load<u32>(soa, S_NEXT), sDl = <usize>load<u32>(soa, S_DEFAULT_LEFT);
  const sCat = <usize>load<u32>(soa, S_CAT), sValue = <usize>load<u32>(soa, S_VALUE), sGain = <usize>load<u32>(soa, S_GAIN);
  const sCover = <usize>load<u32>(soa, S_COVER), sThreshold = <usize>load<u32>(soa, S_THRESHOLD), sCut = <usize>load<u32>(soa, S_CUT);
  for (let i = 0; i < nNodes; i++) {
    const rec = out + <usize>i * R;
    const h = load<f64>(rec + R_COVER);
    const l = load<i32>(rec + R_LEFT);
    const left = l < 0 ? -1 : subBase + l - 1, right = l < 0 ? -1 : subBase + load<i32>(rec + R_RIGHT) - 1;
    const c = load<i32>(rec + R_CAT);
    const cat = c < 0 ? -1 : catBase + c;
    if (i == 0) {
      store<i32>(result, left, H_LEFT); store<i32>(result, right, H_RIGHT);
      store<i32>(result, load<i32>(rec + R_FEATURE), H_FEATURE); store<i32>(result, load<i32>(rec + R_BIN), H_BIN);
      store<i32>(result, load<i32>(rec + R_NEXT), H_NEXT); store<i32>(result, load<i32>(rec + R_FLAGS), H_FLAGS);
      store<i32>(result, cat, H_CAT); store<f64>(result, load<f64>(rec + R_GAIN), H_GAIN);
      continue;
    }
    const slot = <usize>(subBase + i - 1);
    store<i32>(sLeft + (slot << 2), left); store<i32>(sRight + (slot << 2), right);
    store<i32>(sFeature + (slot << 2), load<i32>(rec + R_FEATURE)); store<i32>(sBin + (slot << 2), load<i32>(rec + R_BIN));
    store<i32>(sNext + (slot << 2), load<i32>(rec + R_NEXT)); store<u8>(sDl + slot, <u8>(load<i32>(rec + R_FLAGS) & 1));
    store<i32>(sCat + (slot << 2), cat);
    const bin = load<i32>(rec + R_BIN);
    let threshold = NaN, cut = bin;
    if (l >= 0 && c < 0 && ranges) {
      const t = rawThreshold(ranges + (<usize>load<i32>(rec + R_FEATURE) << 12), bin, load<i32>(rec + R_NEXT), result + H_CUT);
      if (!isNaN(t)) { threshold = t; cut = load<i32>(result + H_CUT); }
    }
    store<f32>(sThreshold + (slot << 2), <f32>threshold); store<i32>(sCut + (slot << 2), cut);
    store<f32>(sGain + (slot << 2), <f32>load<f64>(rec + R_GAIN)); store<f32>(sCover + (slot << 2), <f32>h);
    for (let c: usize = 0; c < vw; c++) {
      const v = h > 0 ? (-load<f64>(rec + R_SUMS + (c << 3)) / h + offset) * scale : 0;
      store<f32>(sValue + ((slot * vw + c) << 2), <f32>v);
    }
  }
  store<i32>(result, nNodes, SUBTREE_COUNT);
  store<i32>(result, nCat, SUBTREE_CAT_COUNT);
}
