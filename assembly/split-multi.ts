// Split search over valueWidth gradient channels that share one hessian (forests: class indicators or
// a regression target), optionally at one random threshold per feature (extra trees).
import {
  PARAM_LAMBDA, PARAM_MIN_CHILD_WEIGHT, MISSING_BIN, SPLIT_GAIN, SPLIT_LEFT_G, SPLIT_LEFT_H, SPLIT_BIN,
  SPLIT_DEFAULT_LEFT, SPLIT_IS_CAT, SPLIT_CAT_BITS, CAT_WORDS, FEATURE_CAT_FLAG, FEATURE_HIST_BYTES, SPLIT_BYTES,
} from './layout';
import { channelScore, tryCutSides } from './scan-core';

// Channel c of feature f, bin b: (g, h) at hist + c * chanStride + f * FEATURE_HIST_BYTES + b * 16.

@inline
function addChannels(acc: usize, hist: usize, chanStride: usize, valueWidth: i32, b: i32): void {
  for (let c = 0; c < valueWidth; c++) {
    const a = acc + (<usize>c << 3);
    store<f64>(a, load<f64>(a) + load<f64>(hist + <usize>c * chanStride + (<usize>b << 4)));
  }
}

@inline
function copyChannels(dst: usize, src: usize, valueWidth: i32): void {
  memory.copy(dst, src, <usize>valueWidth << 3);
}

/**
 * Scans the bins of one feature in the order given by `order` (i32 bin ids; nOrder entries):
 * prefixes of that order go left. With u >= 0 only the one prefix at a random position is
 * tried (extra trees). Missing values are tried on both sides. Returns through `out`.
 * work: 4 x valueWidth f64 accumulators.
 */
function scanOrdered(p: usize, hist: usize, chanStride: usize, valueWidth: i32, order: usize, nOrder: i32, gTot: usize,
  hTot: f64, parent: f64, u: f64, out: usize, work: usize): i32 {
  const lambda = load<f64>(p + PARAM_LAMBDA);
  const mcw = load<f64>(p + PARAM_MIN_CHILD_WEIGHT);
  const gl = work, gm = work + (<usize>valueWidth << 3), gl2 = work + (<usize>valueWidth << 4), best = work + (<usize>valueWidth * 24);
  for (let c = 0; c < valueWidth; c++) { store<f64>(gl + (<usize>c << 3), 0); store<f64>(gm + (<usize>c << 3), 0); }
  addChannels(gm, hist, chanStride, valueWidth, MISSING_BIN);
  const hm = load<f64>(hist + (<usize>MISSING_BIN << 4), 8);
  let lo = nOrder, hi = -1;
  for (let i = 0; i < nOrder; i++) {
    const b = load<i32>(order + (<usize>i << 2));
    if (load<f64>(hist + (<usize>b << 4), 8) > 0) { if (i < lo) lo = i; hi = i; }
  }
  let bestGain: f64 = -Infinity, bestPos: i32 = -1;
  if (hi <= lo) { store<f64>(out + SPLIT_GAIN, bestGain); return -1; }
  // The best cut's default-left flag and left hessian go straight to the split record.
  store<i32>(out + SPLIT_DEFAULT_LEFT, 0);
  store<f64>(out + SPLIT_LEFT_H, 0);
  // Random mode: one cut between positions lo..hi-1 (left gets order[0..pos]).
  const only = u >= 0 ? lo + <i32>Math.floor(u * <f64>(hi - lo)) : -1;
  let hl: f64 = 0;
  for (let i = 0; i < hi; i++) {
    const b = load<i32>(order + (<usize>i << 2));
    addChannels(gl, hist, chanStride, valueWidth, b);
    hl += load<f64>(hist + (<usize>b << 4), 8);
    if (i < lo || (only >= 0 && i != only)) continue;
    const g = tryCutSides(gl, gm, gl2, valueWidth, hl, hm, gTot, hTot, parent, mcw, lambda, bestGain, out + SPLIT_DEFAULT_LEFT, out + SPLIT_LEFT_H, best);
    if (g > bestGain) { bestGain = g; bestPos = i; }
  }
  store<f64>(out + SPLIT_GAIN, bestGain);
  store<f64>(out + SPLIT_LEFT_G, load<f64>(best)); // channel 0; all channels are in work + 3 x valueWidth
  return bestPos;
}

/**
 * Best split of each listed feature over valueWidth channels. chanStride: bytes between channel
 * histograms; gTot: f64 x valueWidth node gradient sums; h: node hessian sum; randomU: 0, or f64 per
 * listed feature in [0, 1) for one random threshold each; leftG: f64 x valueWidth per listed feature
 * (left-child channel sums of the chosen split); scratch: 4096 + 32 x valueWidth bytes.
 * Numeric features and, in random mode or with valueWidth > 1, categorical ones are scanned in bin
 * order; exact valueWidth = 1 categorical features in order of G/H (the optimal partition for one channel).
 */
export function splitFindMulti(p: usize, hist: usize, valueWidth: i32, chanStride: i32, feats: usize, nFeats: i32, info: usize,
  gTot: usize, h: f64, randomU: usize, out: usize, leftG: usize, scratch: usize): void {
  const lambda = load<f64>(p + PARAM_LAMBDA);
  const parent = channelScore(gTot, valueWidth, h, lambda);
  const order = scratch;
  const keys = scratch + 1024;
  const work = scratch + 4096;
  for (let j = 0; j < nFeats; j++) {
    const f = <usize>load<i32>(feats + (<usize>j << 2));
    const word = load<i32>(info + (f << 2));
    const nBins = word & 0xFFFF;
    const isCat = (word & FEATURE_CAT_FLAG) != 0;
    const fh = hist + f * FEATURE_HIST_BYTES;
    for (let b = 0; b < nBins; b++) store<i32>(order + (<usize>b << 2), b);
    const u = randomU != 0 ? load<f64>(randomU + (<usize>j << 3)) : -1.0;
    if (isCat && valueWidth == 1 && u < 0) {
      // Insertion sort of bins by mean gradient (stable; empty bins sort by 0).
      for (let b = 0; b < nBins; b++) {
        const hb = load<f64>(fh + (<usize>b << 4), 8);
        const key = hb > 0 ? load<f64>(fh + (<usize>b << 4)) / hb : 0.0;
        let i = b;
        while (i > 0 && load<f64>(keys + (<usize>(i - 1) << 3)) > key) {
          store<f64>(keys + (<usize>i << 3), load<f64>(keys + (<usize>(i - 1) << 3)));
          store<i32>(order + (<usize>i << 2), load<i32>(order + (<usize>(i - 1) << 2)));
          i--;
        }
        store<f64>(keys + (<usize>i << 3), key);
        store<i32>(order + (<usize>i << 2), b);
      }
    }
    const rec = out + <usize>j * SPLIT_BYTES;
    const pos = scanOrdered(p, fh, <usize>chanStride, valueWidth, order, nBins, gTot, h, parent, u, rec, work);
    store<i32>(rec + SPLIT_IS_CAT, isCat ? 1 : 0);
    store<i32>(rec + SPLIT_BIN, pos);
    memory.copy(leftG + ((<usize>j * <usize>valueWidth) << 3), work + (<usize>valueWidth * 24), <usize>valueWidth << 3);
    const bits = rec + SPLIT_CAT_BITS;
    for (let w = 0; w < CAT_WORDS; w++) store<u32>(bits + (<usize>w << 2), 0);
    if (isCat && pos >= 0) {
      for (let i = 0; i <= pos; i++) {
        const b = load<i32>(order + (<usize>i << 2));
        const a = bits + (<usize>(b >> 5) << 2);
        store<u32>(a, load<u32>(a) | (<u32>1 << (b & 31)));
      }
    }
  }
}
