/** XGBoost's split search and leaf weights (one gradient channel), on the splitFind kernel. */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import {
  PARAM_BYTES, PARAM_LAMBDA, PARAM_ALPHA, PARAM_MIN_CHILD_WEIGHT, PARAM_MAX_DELTA_STEP, PARAM_MAX_CAT_ONEHOT,
  PARAM_MAX_CAT_THRESHOLD, SPLIT_BYTES, SPLIT_GAIN, SPLIT_LEFT_G, SPLIT_LEFT_H, SPLIT_BIN, SPLIT_DEFAULT_LEFT,
  SPLIT_IS_CAT, SPLIT_CAT_BITS, CAT_WORDS,
} from '../wasm/layout.js';
import type { SplitChoice, Splitter } from './splitter.js';

/** A split must reduce the loss by more than this (XGBoost's kRtEps). */
const MIN_GAIN = 1e-6;

export interface BoostSplitParams {
  eta: number;
  gamma: number;
  lambda: number;
  alpha: number;
  minChildWeight: number;
  maxDeltaStep: number;
  maxCatToOnehot: number;
  maxCatThreshold: number;
}

export class XGBoostSplitter implements Splitter {
  readonly valueWidth = 1;
  private readonly params: Ptr;
  private readonly feats: Ptr;
  private readonly out: Ptr;
  private readonly scratch: Ptr;

  constructor(private readonly engine: Engine, private readonly info: Ptr, nFeatures: number, private readonly p: BoostSplitParams) {
    const { arena } = engine;
    this.params = arena.alloc(PARAM_BYTES);
    const pv = arena.f64(this.params, PARAM_BYTES / 8);
    // XGBoost keeps these parameters as float32; rounding them the same way keeps parity.
    pv[PARAM_LAMBDA / 8] = Math.fround(p.lambda);
    pv[PARAM_ALPHA / 8] = Math.fround(p.alpha);
    pv[PARAM_MIN_CHILD_WEIGHT / 8] = Math.fround(p.minChildWeight);
    pv[PARAM_MAX_DELTA_STEP / 8] = Math.fround(p.maxDeltaStep);
    pv[PARAM_MAX_CAT_ONEHOT / 8] = p.maxCatToOnehot;
    pv[PARAM_MAX_CAT_THRESHOLD / 8] = p.maxCatThreshold;
    this.feats = arena.alloc(nFeatures * 4);
    this.out = arena.alloc(nFeatures * SPLIT_BYTES);
    this.scratch = arena.alloc(4096);
  }

  find(hist: Ptr, _channelBytes: number, list: Int32Array, g: Float64Array, h: number): SplitChoice | null {
    const { arena, kernels: k } = this.engine;
    arena.i32(this.feats, list.length).set(list);
    k.splitFind(this.params, hist, this.feats, list.length, this.info, g[0], h, this.out, this.scratch);
    return this.pick(this.out, list);
  }

  /** The regularisation block splitFind reads (layout.ts PARAM_*). */
  get paramBlock(): Ptr {
    return this.params;
  }

  /** The best of the split records splitFind wrote at `out` for the features in `list`; null when the node stays a leaf. */
  pick(out: Ptr, list: Int32Array): SplitChoice | null {
    const { arena } = this.engine;
    const rec = arena.u8(out, list.length * SPLIT_BYTES);
    const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    // Ties go to the lower feature index, as in XGBoost's SplitEntry::NeedReplace.
    let best = -1, bestGain = -Infinity;
    for (let i = 0; i < list.length; i++) {
      const gain = dv.getFloat64(i * SPLIT_BYTES + SPLIT_GAIN, true);
      if (gain > bestGain) { bestGain = gain; best = i; }
    }
    // gamma (min_split_loss) is checked when a node is expanded, as XGBoost's hist updater does.
    if (best < 0 || !(bestGain > MIN_GAIN) || bestGain < Math.fround(this.p.gamma)) return null;
    const o = best * SPLIT_BYTES;
    const isCat = dv.getInt32(o + SPLIT_IS_CAT, true) === 1;
    return {
      gain: bestGain, feature: list[best],
      splitBin: dv.getInt32(o + SPLIT_BIN, true),
      defaultLeft: dv.getInt32(o + SPLIT_DEFAULT_LEFT, true) === 1,
      isCat,
      catBits: isCat ? arena.u32(out + o + SPLIT_CAT_BITS, CAT_WORDS).slice() : null,
      leftG: Float64Array.of(dv.getFloat64(o + SPLIT_LEFT_G, true)),
      leftH: dv.getFloat64(o + SPLIT_LEFT_H, true),
    };
  }

  /** float32 weight times float32 eta, as XGBoost stores leaves. */
  leafOutput(g: Float64Array, h: number): Float64Array {
    const w = Math.fround(this.engine.kernels.leafWeight(this.params, g[0], h));
    return Float64Array.of(Math.fround(w * Math.fround(this.p.eta)));
  }
}
