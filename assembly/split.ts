// Best split per feature from a node histogram, with XGBoost's gain and leaf-weight formulas.
import {
  PARAM_LAMBDA, PARAM_ALPHA, PARAM_MIN_CHILD_WEIGHT, PARAM_MAX_DELTA_STEP, PARAM_MAX_CAT_ONEHOT,
  PARAM_MAX_CAT_THRESHOLD,
  FEATURE_HIST_BYTES, MISSING_BIN, SPLIT_BYTES, SPLIT_GAIN, SPLIT_LEFT_G, SPLIT_LEFT_H, SPLIT_BIN,
  SPLIT_DEFAULT_LEFT, SPLIT_IS_CAT, SPLIT_CAT_BITS, CAT_WORDS, FEATURE_CAT_FLAG,
} from './layout';

// The regularisation block (f64 x 6, see layout.ts PARAM_*) is passed by pointer: kernels keep
// no module state, since every worker instance shares one memory.

@inline
function thresholdL1(g: f64, alpha: f64): f64 {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0.0;
}

/** Leaf weight -T(G)/(H+lambda), clipped to max_delta_step when that is set. */
export function leafWeight(p: usize, g: f64, h: f64): f64 {
  return weightOf(p, g, h);
}

/** Structure score of a node with sums (g, h): XGBoost's CalcGain. */
export function nodeGain(p: usize, g: f64, h: f64): f64 {
  return gainOf(p, g, h);
}

@inline
function weightOf(p: usize, g: f64, h: f64): f64 {
  if (h < load<f64>(p + PARAM_MIN_CHILD_WEIGHT) || h <= 0.0) return 0.0;
  let w = -thresholdL1(g, load<f64>(p + PARAM_ALPHA)) / (h + load<f64>(p + PARAM_LAMBDA));
  const mds = load<f64>(p + PARAM_MAX_DELTA_STEP);
  if (mds != 0.0) {
    if (w > mds) w = mds;
    if (w < -mds) w = -mds;
  }
  return w;
}

@inline
function gainOf(p: usize, g: f64, h: f64): f64 {
  if (h < load<f64>(p + PARAM_MIN_CHILD_WEIGHT) || h <= 0.0) return 0.0;
  const lambda = load<f64>(p + PARAM_LAMBDA);
  if (load<f64>(p + PARAM_MAX_DELTA_STEP) == 0.0) {
    const t = thresholdL1(g, load<f64>(p + PARAM_ALPHA));
    return t * t / (h + lambda);
  }
  const w = weightOf(p, g, h);
  return -(2.0 * g * w + (h + lambda) * w * w);
}

@inline
function writeSplit(out: usize, gain: f64, gl: f64, hl: f64, bin: i32, defaultLeft: i32, isCat: i32): void {
  store<f64>(out + SPLIT_GAIN, gain);
  store<f64>(out + SPLIT_LEFT_G, gl);
  store<f64>(out + SPLIT_LEFT_H, hl);
  store<i32>(out + SPLIT_BIN, bin);
  store<i32>(out + SPLIT_DEFAULT_LEFT, defaultLeft);
  store<i32>(out + SPLIT_IS_CAT, isCat);
}

/** Numeric feature: scan thresholds with missing values sent right, then left. */
function scanNumeric(p: usize, h: usize, nBins: i32, g: f64, hs: f64, parent: f64, out: usize): void {
  const gm = load<f64>(h + (<usize>MISSING_BIN << 4));
  const hm = load<f64>(h + (<usize>MISSING_BIN << 4), 8);
  const hasMissing = hm > 0.0;
  const mcw = load<f64>(p + PARAM_MIN_CHILD_WEIGHT);
  let best: f64 = -Infinity, bestGl: f64 = 0, bestHl: f64 = 0;
  let bestBin: i32 = -1, bestDl: i32 = 0;
  // Missing right (XGBoost's forward scan): left = bins 0..b.
  let gl: f64 = 0, hl: f64 = 0;
  for (let b = 0; b < nBins; b++) {
    gl += load<f64>(h + (<usize>b << 4));
    hl += load<f64>(h + (<usize>b << 4), 8);
    const gr = g - gl, hr = hs - hl;
    if (hl >= mcw && hr >= mcw) {
      const gain = gainOf(p, gl, hl) + gainOf(p, gr, hr) - parent;
      if (gain > best) { best = gain; bestGl = gl; bestHl = hl; bestBin = b; bestDl = 0; }
    }
  }
  if (hasMissing) {
    // Missing left (backward scan): left = missing + bins 0..b, b from nBins-2 down to -1.
    let gr: f64 = 0, hr: f64 = 0;
    for (let b = nBins - 1; b >= 0; b--) {
      gr += load<f64>(h + (<usize>b << 4));
      hr += load<f64>(h + (<usize>b << 4), 8);
      const gl2 = g - gr, hl2 = hs - hr;
      if (hl2 >= mcw && hr >= mcw) {
        const gain = gainOf(p, gl2, hl2) + gainOf(p, gr, hr) - parent;
        if (gain > best) { best = gain; bestGl = gl2; bestHl = hl2; bestBin = b - 1; bestDl = 1; }
      }
    }
  }
  writeSplit(out, best, bestGl, bestHl, bestBin, bestDl, 0);
}

@inline
function setBit(bits: usize, b: i32): void {
  const a = bits + (<usize>(b >> 5) << 2);
  store<u32>(a, load<u32>(a) | (1 << (b & 31)));
}

/**
 * Categorical feature. Few categories: one category against the rest (it goes right, as in
 * XGBoost's one-hot mode). Otherwise categories sorted by leaf weight and scanned as prefixes
 * (the LightGBM / XGBoost partition method). Missing values are tried on both sides.
 * scratch: 256 x 16 bytes (weight f64, bin i32).
 */
function scanCategorical(p: usize, h: usize, nCats: i32, g: f64, hs: f64, parent: f64, out: usize, scratch: usize): void {
  const gm = load<f64>(h + (<usize>MISSING_BIN << 4));
  const hm = load<f64>(h + (<usize>MISSING_BIN << 4), 8);
  const mcw = load<f64>(p + PARAM_MIN_CHILD_WEIGHT);
  let best: f64 = -Infinity, bestGl: f64 = 0, bestHl: f64 = 0, bestDl: i32 = 0;
  let bestCat: i32 = -1, bestPrefix: i32 = 0;
  const bits = out + SPLIT_CAT_BITS;
  for (let w = 0; w < CAT_WORDS; w++) store<u32>(bits + (<usize>w << 2), 0);
  if (nCats < <i32>load<f64>(p + PARAM_MAX_CAT_ONEHOT)) {
    for (let c = 0; c < nCats; c++) {
      const gc = load<f64>(h + (<usize>c << 4)), hc = load<f64>(h + (<usize>c << 4), 8);
      if (hc <= 0.0) continue;
      for (let dl = 0; dl < 2; dl++) {
        if (dl == 1 && hm <= 0.0) break;
        // right = category c (+ missing when dl == 0)
        const gr = dl == 0 ? gc + gm : gc, hr = dl == 0 ? hc + hm : hc;
        const gl = g - gr, hl = hs - hr;
        if (hl >= mcw && hr >= mcw) {
          const gain = gainOf(p, gl, hl) + gainOf(p, gr, hr) - parent;
          if (gain > best) { best = gain; bestGl = gl; bestHl = hl; bestCat = c; bestDl = dl; }
        }
      }
    }
    if (bestCat >= 0) {
      for (let w = 0; w < CAT_WORDS; w++) store<u32>(bits + (<usize>w << 2), 0xFFFFFFFF);
      const a = bits + (<usize>(bestCat >> 5) << 2);
      store<u32>(a, load<u32>(a) & ~(<u32>1 << (bestCat & 31)));
      store<u32>(bits + (<usize>(MISSING_BIN >> 5) << 2), load<u32>(bits + (<usize>(MISSING_BIN >> 5) << 2)) & ~(<u32>1 << (MISSING_BIN & 31)));
    }
    writeSplit(out, best, bestGl, bestHl, -1, bestDl, 1);
    return;
  }
  // Sort present categories by weight (insertion sort: at most 255 entries, rare features).
  let n = 0;
  for (let c = 0; c < nCats; c++) {
    const gc = load<f64>(h + (<usize>c << 4)), hc = load<f64>(h + (<usize>c << 4), 8);
    if (hc <= 0.0) continue;
    const wt = -gc / (hc + load<f64>(p + PARAM_LAMBDA));
    let j = n;
    while (j > 0 && load<f64>(scratch + (<usize>(j - 1) << 4)) > wt) {
      store<f64>(scratch + (<usize>j << 4), load<f64>(scratch + (<usize>(j - 1) << 4)));
      store<i32>(scratch + (<usize>j << 4), load<i32>(scratch + (<usize>(j - 1) << 4), 8), 8);
      j--;
    }
    store<f64>(scratch + (<usize>j << 4), wt);
    store<i32>(scratch + (<usize>j << 4), c, 8);
    n++;
  }
  const maxThr = <i32>load<f64>(p + PARAM_MAX_CAT_THRESHOLD);
  const limit = n - 1 < maxThr ? n - 1 : maxThr;
  let gl: f64 = 0, hl: f64 = 0;
  for (let k = 0; k < limit; k++) {
    const c = load<i32>(scratch + (<usize>k << 4), 8);
    gl += load<f64>(h + (<usize>c << 4));
    hl += load<f64>(h + (<usize>c << 4), 8);
    for (let dl = 0; dl < 2; dl++) {
      if (dl == 1 && hm <= 0.0) break;
      const gl2 = dl == 1 ? gl + gm : gl, hl2 = dl == 1 ? hl + hm : hl;
      const gr = g - gl2, hr = hs - hl2;
      if (hl2 >= mcw && hr >= mcw) {
        const gain = gainOf(p, gl2, hl2) + gainOf(p, gr, hr) - parent;
        if (gain > best) { best = gain; bestGl = gl2; bestHl = hl2; bestPrefix = k + 1; bestDl = dl; }
      }
    }
  }
  for (let k = 0; k < bestPrefix; k++) setBit(bits, load<i32>(scratch + (<usize>k << 4), 8));
  writeSplit(out, best, bestGl, bestHl, -1, bestDl, 1);
}

/**
 * Best split of each listed feature for a node with gradient sums (g, h).
 * p: regularisation block (layout.ts PARAM_*); hist: 4096 bytes per feature (indexed by feature); info: i32 per feature (nBins | FEATURE_CAT_FLAG);
 * out: SPLIT_BYTES per listed feature, in list order; scratch: 4096 bytes.
 * The gain written is the loss change (children minus parent), -Infinity when no split is valid.
 */
export function splitFind(p: usize, hist: usize, feats: usize, nFeats: i32, info: usize, g: f64, h: f64,
  out: usize, scratch: usize): void {
  const parent = gainOf(p, g, h);
  for (let k = 0; k < nFeats; k++) {
    const f = <usize>load<i32>(feats + (<usize>k << 2));
    const word = load<i32>(info + (f << 2));
    const nBins = word & 0xFFFF;
    const rec = out + <usize>k * SPLIT_BYTES;
    const fh = hist + f * FEATURE_HIST_BYTES;
    if (word & FEATURE_CAT_FLAG) scanCategorical(p, fh, nBins, g, h, parent, rec, scratch);
    else scanNumeric(p, fh, nBins, g, h, parent, rec);
  }
}
