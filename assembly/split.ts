// Best split per feature from a node histogram, with XGBoost's gain and leaf-weight formulas.
// Gains are combined in f32 exactly as XGBoost's hist evaluator does, so near-ties between
// thresholds resolve the same way and trees match XGBoost's given the same cut points.
import {
  PARAM_LAMBDA, PARAM_ALPHA, PARAM_MIN_CHILD_WEIGHT, PARAM_MAX_DELTA_STEP, PARAM_MAX_CAT_ONEHOT,
  PARAM_MAX_CAT_THRESHOLD, MISSING_BIN, SPLIT_GAIN, SPLIT_LEFT_G, SPLIT_LEFT_H, SPLIT_BIN,
  SPLIT_DEFAULT_LEFT, SPLIT_IS_CAT, SPLIT_CAT_BITS, CAT_WORDS, FEATURE_CAT_FLAG, FEATURE_HIST_BYTES,
  SPLIT_BYTES,
} from './layout';

// The regularisation block (f64 x 6, layout.ts PARAM_*) is passed by pointer: kernels keep
// no module state, since every worker instance shares one memory.

@inline
function thresholdL1(g: f64, alpha: f64): f64 {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0.0;
}

@inline
function weightOf(p: usize, g: f64, h: f64): f64 {
  if (h < load<f64>(p + PARAM_MIN_CHILD_WEIGHT) || h <= 0.0) return 0.0;
  let w = -thresholdL1(g, load<f64>(p + PARAM_ALPHA)) / (h + load<f64>(p + PARAM_LAMBDA));
  const mds = load<f64>(p + PARAM_MAX_DELTA_STEP);
  if (mds != 0.0 && Math.abs(w) > mds) w = w > 0 ? mds : -mds;
  return w;
}

/** Score of one side (XGBoost's CalcGainGivenWeight), rounded to f32 as XGBoost stores it. */
@inline
function gainOf(p: usize, g: f64, h: f64): f32 {
  if (h <= 0.0) return 0;
  const lambda = load<f64>(p + PARAM_LAMBDA);
  if (load<f64>(p + PARAM_MAX_DELTA_STEP) == 0.0) {
    const t = thresholdL1(g, load<f64>(p + PARAM_ALPHA));
    return <f32>(t * t / (h + lambda));
  }
  const w = <f32>weightOf(p, g, h);
  const gf = <f32>g, hf = <f32>h;
  return -(<f32>2.0 * gf * w + (hf + <f32>lambda) * w * w);
}

/** Loss change of a split: f32(f32(left) + f32(right)) - parent, all in f32. */
@inline
function splitGain(p: usize, gl: f64, hl: f64, gr: f64, hr: f64, parent: f32): f32 {
  return (gainOf(p, gl, hl) + gainOf(p, gr, hr)) - parent;
}

/** Leaf weight -T(G)/(H+lambda), clipped to max_delta_step when that is set. */
export function leafWeight(p: usize, g: f64, h: f64): f64 {
  return weightOf(p, g, h);
}

/** Structure score of a node with sums (g, h). */
export function nodeGain(p: usize, g: f64, h: f64): f64 {
  return <f64>gainOf(p, g, h);
}

@inline
function writeSplit(out: usize, gain: f32, gl: f64, hl: f64, bin: i32, defaultLeft: i32, isCat: i32): void {
  store<f64>(out + SPLIT_GAIN, <f64>gain);
  store<f64>(out + SPLIT_LEFT_G, gl);
  store<f64>(out + SPLIT_LEFT_H, hl);
  store<i32>(out + SPLIT_BIN, bin);
  store<i32>(out + SPLIT_DEFAULT_LEFT, defaultLeft);
  store<i32>(out + SPLIT_IS_CAT, isCat);
}

@inline function gOf(h: usize, b: i32): f64 { return load<f64>(h + (<usize>b << 4)); }
@inline function hOf(h: usize, b: i32): f64 { return load<f64>(h + (<usize>b << 4), 8); }

/**
 * Numeric feature: forward scan with missing values right, then (if any) backward with them left,
 * one cut at a time. Used with max_delta_step (its clipped weights); scanNumericPairs otherwise.
 */
function scanNumericScalar(p: usize, h: usize, nBins: i32, g: f64, hs: f64, parent: f32, out: usize): void {
  const hasMissing = hOf(h, MISSING_BIN) > 0.0;
  const mcw = load<f64>(p + PARAM_MIN_CHILD_WEIGHT);
  let best: f32 = -Infinity;
  let bestGl: f64 = 0, bestHl: f64 = 0;
  let bestBin: i32 = -1, bestDl: i32 = 0;
  let gl: f64 = 0, hl: f64 = 0;
  for (let b = 0; b < nBins; b++) {
    const gb = gOf(h, b), hb = hOf(h, b);
    // An empty bin leaves the sums, so its gain equals the last one tried and cannot beat it
    // (strictly greater wins): only the first position must be tried even when empty.
    if (hb == 0.0 && gb == 0.0 && b > 0) continue;
    gl += gb; hl += hb;
    const gr = g - gl, hr = hs - hl;
    if (hl >= mcw && hr >= mcw) {
      const gain = splitGain(p, gl, hl, gr, hr, parent);
      if (gain > best) { best = gain; bestGl = gl; bestHl = hl; bestBin = b; bestDl = 0; }
    }
  }
  if (hasMissing) {
    let gr: f64 = 0, hr: f64 = 0;
    for (let b = nBins - 1; b >= 0; b--) {
      const gb = gOf(h, b), hb = hOf(h, b);
      if (hb == 0.0 && gb == 0.0 && b < nBins - 1) continue;
      gr += gb; hr += hb;
      const gl2 = g - gr, hl2 = hs - hr;
      if (hl2 >= mcw && hr >= mcw) {
        const gain = splitGain(p, gl2, hl2, gr, hr, parent);
        if (gain > best) { best = gain; bestGl = gl2; bestHl = hl2; bestBin = b - 1; bestDl = 1; }
      }
    }
  }
  writeSplit(out, best, bestGl, bestHl, bestBin, bestDl, 0);
}


/** T(g)^2 per lane (thresholdL1 by alpha, squared); with alpha 0 that is g * g, and 0 for NaN as thresholdL1 gives. */
@inline
function squaredT(g: v128, alpha: v128, alphaZero: bool): v128 {
  if (alphaZero) return v128.and(f64x2.mul(g, g), f64x2.eq(g, g));
  const zero = f64x2.splat(0.0);
  const t = v128.bitselect(f64x2.sub(g, alpha), v128.bitselect(f64x2.add(g, alpha), zero, f64x2.lt(g, f64x2.neg(alpha))), f64x2.gt(g, alpha));
  return f64x2.mul(t, t);
}

/**
 * Loss changes of two cuts whose left sides are the lanes of (gl, hl), in f32 lanes 0 and 1: the
 * value gainOf and splitGain give without max_delta_step, f32(f32(left) + f32(right)) - parent,
 * each side f32(T(g)^2 / (h + lambda)), 0 when h <= 0. A cut failing min_child_weight, or set in
 * `skip` (an empty bin's), gets -Infinity so that it can never be the best; so do lanes 2 and 3.
 */
@inline
function pairGain(gl: v128, hl: v128, g: v128, hs: v128, alpha: v128, alphaZero: bool, lambda: v128, mcw: v128,
  parent: v128, skip: v128): v128 {
  const gr = f64x2.sub(g, gl), hr = f64x2.sub(hs, hl);
  const zero = f64x2.splat(0.0);
  const ql = v128.andnot(f64x2.div(squaredT(gl, alpha, alphaZero), f64x2.add(hl, lambda)), f64x2.le(hl, zero));
  const qr = v128.andnot(f64x2.div(squaredT(gr, alpha, alphaZero), f64x2.add(hr, lambda)), f64x2.le(hr, zero));
  const sum = f32x4.sub(f32x4.add(f32x4.demote_f64x2_zero(ql), f32x4.demote_f64x2_zero(qr)), parent);
  const ok = v128.andnot(v128.and(f64x2.ge(hl, mcw), f64x2.ge(hr, mcw)), skip);
  // Lanes 2 and 3 hold no cut: -Infinity.
  return v128.bitselect(sum, f32x4.splat(-Infinity), i32x4.shuffle(ok, i32x4.splat(0), 0, 2, 4, 4));
}

/** Lane 0 set when bin entry a is empty (gradient and hessian sums both zero), lane 1 for b. */
@inline
function emptyPair(a: v128, b: v128): v128 {
  const z = f64x2.splat(0.0);
  const ea = f64x2.eq(a, z), eb = f64x2.eq(b, z);
  return v128.and(f64x2.shuffle(ea, eb, 0, 2), f64x2.shuffle(ea, eb, 1, 3));
}

/**
 * scanNumericScalar's record, from one pass per direction: every cut's score (running sums by
 * the same f64 adds in scan order, an empty bin adding zeros; two cuts per step in SIMD lanes,
 * without branches) into f32 scratch and the running maximum in lanes; then the first cut in
 * scan order reaching the maximum (the scalar scan keeps the first strictly best); its sums
 * again by the same adds, resumed from the running sums saved every 16 bins. Bit-identical to
 * the scalar scan. scratch: 2 x 256 f32 scores, then 2 x 17 checkpoints of (g, h).
 */
function scanNumericPairs(p: usize, h: usize, nBins: i32, g: f64, hs: f64, parentGain: f32, out: usize, scratch: usize): void {
  const G = f64x2.splat(g), HS = f64x2.splat(hs), parent = f32x4.splat(parentGain);
  const a = load<f64>(p + PARAM_ALPHA), alphaZero = a == 0.0;
  const alpha = f64x2.splat(a), lambda = f64x2.splat(load<f64>(p + PARAM_LAMBDA));
  const mcw = f64x2.splat(load<f64>(p + PARAM_MIN_CHILD_WEIGHT));
  const zero = f64x2.splat(0.0), ninf = f32x4.splat(-Infinity);
  const fwd = scratch, bwd = scratch + 1024, fck = scratch + 2048, bck = scratch + 2560;
  // Forward: the cut after bin b, missing values right; bin 0 is tried even when empty.
  // Checkpoint k: the running sums through bin 16k - 1 (the last write to its slot).
  v128.store(fck, zero);
  let acc = zero, top = ninf;
  for (let b = 0; b < nBins; b += 2) {
    const va = v128.load(h + (<usize>b << 4)), vb = v128.load(h + (<usize>b << 4), 16);
    const s0 = f64x2.add(acc, va), s1 = f64x2.add(s0, vb);
    acc = s1;
    v128.store(fck + (<usize>((b + 17) >> 4) << 4), s1);
    let skip = emptyPair(va, vb);
    if (b == 0) skip = i64x2.replace_lane(skip, 0, 0);
    if (b + 1 >= nBins) skip = i64x2.replace_lane(skip, 1, -1);
    const gain = pairGain(f64x2.shuffle(s0, s1, 0, 2), f64x2.shuffle(s0, s1, 1, 3), G, HS, alpha, alphaZero, lambda, mcw, parent, skip);
    v128.store64_lane(fwd + (<usize>b << 2), gain, 0);
    top = f32x4.pmax(top, gain);
  }
  let best = laneMax(top), bin: i32 = -1, dl: i32 = 0;
  let gl: f64 = 0, hl: f64 = 0;
  if (best > -Infinity) {
    bin = firstAt(fwd, nBins, best);
    best = load<f32>(fwd + (<usize>bin << 2)); // the first one's zero sign, should the maximum be a zero
    const k = (bin + 1) >> 4;
    gl = load<f64>(fck + (<usize>k << 4)); hl = load<f64>(fck + (<usize>k << 4), 8);
    for (let b = k << 4; b <= bin; b++) { gl += gOf(h, b); hl += hOf(h, b); }
  }
  if (hOf(h, MISSING_BIN) > 0.0) {
    // Backward: the bins from b up right and the missing values left (the cut after b - 1), met
    // from the top down (index j = nBins - 1 - b); the top bin is tried even when empty. A cut
    // here must beat every forward one.
    v128.store(bck, zero);
    acc = zero; top = ninf;
    for (let b = nBins - 1; b >= 0; b -= 2) {
      const j = nBins - 1 - b;
      const va = v128.load(h + (<usize>b << 4));
      const vb = b >= 1 ? v128.load(h + (<usize>(b - 1) << 4)) : zero;
      const s0 = f64x2.add(acc, va), s1 = f64x2.add(s0, vb);
      acc = s1;
      v128.store(bck + (<usize>((j + 17) >> 4) << 4), s1);
      let skip = emptyPair(va, vb);
      if (j == 0) skip = i64x2.replace_lane(skip, 0, 0);
      const gain = pairGain(f64x2.sub(G, f64x2.shuffle(s0, s1, 0, 2)), f64x2.sub(HS, f64x2.shuffle(s0, s1, 1, 3)),
        G, HS, alpha, alphaZero, lambda, mcw, parent, skip);
      v128.store64_lane(bwd + (<usize>j << 2), gain, 0);
      top = f32x4.pmax(top, gain);
    }
    const back = laneMax(top);
    if (back > best) {
      const j = firstAt(bwd, nBins, back);
      const k = (j + 1) >> 4;
      let gr = load<f64>(bck + (<usize>k << 4)), hr = load<f64>(bck + (<usize>k << 4), 8);
      for (let i = k << 4; i <= j; i++) { gr += gOf(h, nBins - 1 - i); hr += hOf(h, nBins - 1 - i); }
      best = load<f32>(bwd + (<usize>j << 2)); bin = nBins - 2 - j; dl = 1;
      gl = g - gr; hl = hs - hr;
    }
  }
  writeSplit(out, best, gl, hl, bin, dl, 0);
}

/** The largest of four f32 lanes (lanes never hold NaN: pmax keeps the running value over a NaN score). */
@inline
function laneMax(v: v128): f32 {
  const m = f32x4.pmax(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  const a = f32x4.extract_lane(m, 0), b = f32x4.extract_lane(m, 1);
  return a < b ? b : a;
}

/** The first index below n whose f32 score equals `value` (one exists). */
@inline
function firstAt(scores: usize, n: i32, value: f32): i32 {
  let i = 0;
  while (i < n - 1 && load<f32>(scores + (<usize>i << 2)) != value) i++;
  return i;
}

@inline
function setBits(bits: usize, value: u32): void {
  for (let w = 0; w < CAT_WORDS; w++) store<u32>(bits + (<usize>w << 2), value);
}

@inline
function flipBit(bits: usize, b: i32): void {
  const a = bits + (<usize>(b >> 5) << 2);
  store<u32>(a, load<u32>(a) ^ (<u32>1 << (b & 31)));
}

/** Few categories: each one alone goes right, the rest and missing values left (XGBoost's one-hot mode). */
function scanOneHot(p: usize, h: usize, nCats: i32, g: f64, hs: f64, parent: f32, out: usize): void {
  const mcw = load<f64>(p + PARAM_MIN_CHILD_WEIGHT);
  let best: f32 = -Infinity, bestGl: f64 = 0, bestHl: f64 = 0, bestCat: i32 = -1;
  for (let c = 0; c < nCats; c++) {
    const gr = gOf(h, c), hr = hOf(h, c);
    const gl = g - gr, hl = hs - hr;
    if (hl >= mcw && hr >= mcw) {
      const gain = splitGain(p, gl, hl, gr, hr, parent);
      if (gain > best) { best = gain; bestGl = gl; bestHl = hl; bestCat = c; }
    }
  }
  const bits = out + SPLIT_CAT_BITS;
  setBits(bits, 0xFFFFFFFF);
  if (bestCat >= 0) flipBit(bits, bestCat);
  writeSplit(out, best, bestGl, bestHl, -1, 1, 1);
}

/**
 * Many categories (XGBoost's partition mode): categories stably sorted by leaf weight; a
 * prefix of the order goes right. Forward scan: prefix right, missing left; backward scan:
 * suffix left, missing right. At most max_cat_threshold positions are tried each way.
 * scratch: 256 x 16 bytes (weight f32, category i32).
 */
function scanPartition(p: usize, h: usize, nCats: i32, g: f64, hs: f64, parent: f32, out: usize, scratch: usize): void {
  const mcw = load<f64>(p + PARAM_MIN_CHILD_WEIGHT);
  for (let c = 0; c < nCats; c++) {
    const wt = <f32>weightOf(p, gOf(h, c), hOf(h, c));
    let j = c;
    while (j > 0 && load<f32>(scratch + (<usize>(j - 1) << 4)) > wt) {
      store<f32>(scratch + (<usize>j << 4), load<f32>(scratch + (<usize>(j - 1) << 4)));
      store<i32>(scratch + (<usize>j << 4), load<i32>(scratch + (<usize>(j - 1) << 4), 8), 8);
      j--;
    }
    store<f32>(scratch + (<usize>j << 4), wt);
    store<i32>(scratch + (<usize>j << 4), c, 8);
  }
  const maxThr = <i32>load<f64>(p + PARAM_MAX_CAT_THRESHOLD);
  const nb = nCats < maxThr ? nCats : maxThr;
  let best: f32 = -Infinity, bestGl: f64 = 0, bestHl: f64 = 0, bestDl: i32 = 0, bestPrefix: i32 = 0;
  let gr: f64 = 0, hr: f64 = 0;
  for (let k = 0; k < nb - 1; k++) {
    const c = load<i32>(scratch + (<usize>k << 4), 8);
    gr += gOf(h, c); hr += hOf(h, c);
    const gl = g - gr, hl = hs - hr;
    if (hl >= mcw && hr >= mcw) {
      const gain = splitGain(p, gl, hl, gr, hr, parent);
      if (gain > best) { best = gain; bestGl = gl; bestHl = hl; bestDl = 1; bestPrefix = k + 1; }
    }
  }
  let gl: f64 = 0, hl: f64 = 0;
  for (let k = nCats - 1; k > nCats - nb; k--) {
    const c = load<i32>(scratch + (<usize>k << 4), 8);
    gl += gOf(h, c); hl += hOf(h, c);
    const gr2 = g - gl, hr2 = hs - hl;
    if (hl >= mcw && hr2 >= mcw) {
      const gain = splitGain(p, gl, hl, gr2, hr2, parent);
      if (gain > best) { best = gain; bestGl = gl; bestHl = hl; bestDl = 0; bestPrefix = k; }
    }
  }
  const bits = out + SPLIT_CAT_BITS;
  setBits(bits, 0xFFFFFFFF);
  for (let k = 0; k < bestPrefix; k++) flipBit(bits, load<i32>(scratch + (<usize>k << 4), 8));
  writeSplit(out, best, bestGl, bestHl, -1, bestDl, 1);
}

/**
 * Best split of each listed feature for a node with gradient sums (g, h).
 * p: regularisation block (layout.ts PARAM_*); hist: FEATURE_HIST_BYTES per feature (indexed by feature);
 * info: i32 per feature (nBins | FEATURE_CAT_FLAG); out: SPLIT_BYTES per listed feature, in
 * list order; scratch: 4096 bytes. The gain written is the loss change (children minus
 * parent), -Infinity when no split is valid. Categorical splits write the bins going left.
 */
export function splitFind(p: usize, hist: usize, feats: usize, nFeats: i32, info: usize, g: f64, h: f64,
  out: usize, scratch: usize): void {
  const parent = gainOf(p, g, h);
  const onehot = <i32>load<f64>(p + PARAM_MAX_CAT_ONEHOT);
  const mds = load<f64>(p + PARAM_MAX_DELTA_STEP) != 0.0;
  for (let k = 0; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    const word = load<i32>(info + (f << 2));
    const nBins = word & 0xFFFF;
    const rec = out + <usize>k * SPLIT_BYTES;
    const fh = hist + f * FEATURE_HIST_BYTES;
    if (!(word & FEATURE_CAT_FLAG)) {
      if (mds) scanNumericScalar(p, fh, nBins, g, h, parent, rec);
      else scanNumericPairs(p, fh, nBins, g, h, parent, rec, scratch);
    }
    else if (nBins < onehot) scanOneHot(p, fh, nBins, g, h, parent, rec);
    else scanPartition(p, fh, nBins, g, h, parent, rec, scratch);
  }
}
