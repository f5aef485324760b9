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

/** Numeric feature: forward scan with missing values right, then (if any) backward with them left. */
function scanNumeric(p: usize, h: usize, nBins: i32, g: f64, hs: f64, parent: f32, out: usize): void {
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
 * p: regularisation block (layout.ts PARAM_*); hist: 4096 bytes per feature (indexed by feature);
 * info: i32 per feature (nBins | FEATURE_CAT_FLAG); out: SPLIT_BYTES per listed feature, in
 * list order; scratch: 4096 bytes. The gain written is the loss change (children minus
 * parent), -Infinity when no split is valid. Categorical splits write the bins going left.
 */
export function splitFind(p: usize, hist: usize, feats: usize, nFeats: i32, info: usize, g: f64, h: f64,
  out: usize, scratch: usize): void {
  const parent = gainOf(p, g, h);
  const onehot = <i32>load<f64>(p + PARAM_MAX_CAT_ONEHOT);
  for (let k = 0; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    const word = load<i32>(info + (f << 2));
    const nBins = word & 0xFFFF;
    const rec = out + <usize>k * SPLIT_BYTES;
    const fh = hist + f * FEATURE_HIST_BYTES;
    if (!(word & FEATURE_CAT_FLAG)) scanNumeric(p, fh, nBins, g, h, parent, rec);
    else if (nBins < onehot) scanOneHot(p, fh, nBins, g, h, parent, rec);
    else scanPartition(p, fh, nBins, g, h, parent, rec, scratch);
  }
}
