/** XGBoost's split search and leaf weights (one gradient channel), on the splitFind kernel. */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { PARAM_BYTES } from '../wasm/layout.js';
import { splitBytes, words } from '../wasm/addressing.js';
import { bestSplit, readSplit, writeSplitParams, type SplitParams } from '../wasm/records.js';
import type { SplitChoice, Splitter } from './splitter.js';

/** A split must reduce the loss by more than this (XGBoost's kRtEps). */
const MIN_GAIN = 1e-6;

export interface BoostSplitParams extends SplitParams {
  eta: number;
  gamma: number;
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
    // XGBoost keeps these parameters as float32; rounding them the same way keeps parity.
    writeSplitParams(arena, this.params, {
      lambda: Math.fround(p.lambda), alpha: Math.fround(p.alpha), minChildWeight: Math.fround(p.minChildWeight),
      maxDeltaStep: Math.fround(p.maxDeltaStep), maxCatToOnehot: p.maxCatToOnehot, maxCatThreshold: p.maxCatThreshold,
    });
    this.feats = arena.alloc(words(nFeatures));
    this.out = arena.alloc(splitBytes(nFeatures));
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
    // Ties go to the lower feature index, as in XGBoost's SplitEntry::NeedReplace.
    const { index: best, gain: bestGain } = bestSplit(arena, out, list.length);
    // gamma (min_split_loss) is checked when a node is expanded, as XGBoost's hist updater does.
    if (best < 0 || !(bestGain > MIN_GAIN) || bestGain < Math.fround(this.p.gamma)) return null;
    const r = readSplit(arena, out, best);
    return {
      gain: bestGain, feature: list[best], splitBin: r.splitBin, defaultLeft: r.defaultLeft, isCat: r.isCat,
      catBits: r.catBits, leftG: Float64Array.of(r.leftG), leftH: r.leftH,
    };
  }

  /** float32 weight times float32 eta, as XGBoost stores leaves. */
  leafOutput(g: Float64Array, h: number): Float64Array {
    const w = Math.fround(this.engine.kernels.leafWeight(this.params, g[0], h));
    return Float64Array.of(Math.fround(w * Math.fround(this.p.eta)));
  }
}
