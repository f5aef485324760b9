/**
 * The forest's split search on the splitFindMulti kernel: valueWidth gradient channels sharing one hessian,
 * the best (random forest) or a random (extra trees) threshold per feature, scikit-learn's feature
 * sampling per node, and leaves holding class frequencies or means scaled by 1 / n_estimators.
 *
 * With g_c = -w * y_c and h = w (w: the row's bootstrap count times its class weight), the
 * kernel's score sum_c G_c^2 / H is the node's weighted sum of squared class frequencies (or of
 * the squared mean), so its gain is the weighted Gini decrease (classification; half of it for
 * the one-channel binary case, which does not change the argmax) or the variance decrease
 * (regression), and -G_c / H is the class frequency or the mean.
 */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { PARAM_BYTES, FEATURE_CAT_FLAG, PARTITION_MIN_ROWS } from '../wasm/layout.js';
import { doubleAt, doubles, splitBytes, splitMultiScratchBytes, wordAt, words } from '../wasm/addressing.js';
import { featureHistogram, readSplit, splitGains, writeSplitParams } from '../wasm/records.js';
import type { SplitChoice, Splitter } from '../tree/splitter.js';
import type { Rng } from '../util/rng.js';

/**
 * A split must improve the node's score by more than this fraction of it: pure nodes (exact
 * integer sums for classification, constant targets up to rounding for regression) never split.
 */
const REL_GAIN_EPS = 1e-11;

export interface ForestSplitParams {
  /** Gradient channels: classes (multiclass), else 1. */
  valueWidth: number;
  /** Features tried per node (max_features resolved); all features are then tried in index order. */
  featuresPerNode: number;
  /** Minimum hessian (weighted row count) in a child. */
  minSamplesLeaf: number;
  /** Extra trees: one uniformly drawn threshold per tried feature. */
  randomSplits: boolean;
  /** Added to every channel's -G/H (the regression target's centring offset; 0 for classification). */
  leafOffset: number;
  /** Multiplies every leaf output: 1 / n_estimators, so a prediction is the sum over trees. */
  leafScale: number;
}

export class ForestSplitter implements Splitter {
  readonly valueWidth: number;
  private readonly params: Ptr;
  private readonly feats: Ptr;
  private readonly out: Ptr;
  private readonly leftG: Ptr;
  private readonly gTot: Ptr;
  private readonly randomU: Ptr;
  private readonly scratch: Ptr;
  /** Features not yet drawn at the current node (a partial Fisher-Yates shuffle). */
  private readonly order: Int32Array;
  /** The feature info with categorical flags cleared: small nodes split categories in level order. */
  private readonly infoLevelOrder: Ptr;

  constructor(private readonly engine: Engine, private readonly info: Ptr, nFeatures: number, private readonly p: ForestSplitParams) {
    const { arena } = engine;
    const valueWidth = p.valueWidth;
    this.valueWidth = valueWidth;
    this.params = arena.alloc(PARAM_BYTES);
    writeSplitParams(arena, this.params, { lambda: 0, alpha: 0, minChildWeight: p.minSamplesLeaf, maxDeltaStep: 0, maxCatToOnehot: 0, maxCatThreshold: 0 });
    this.feats = arena.alloc(words(nFeatures));
    this.out = arena.alloc(splitBytes(nFeatures));
    this.leftG = arena.alloc(doubles(nFeatures * valueWidth));
    this.gTot = arena.alloc(doubles(valueWidth));
    this.randomU = arena.alloc(doubles(nFeatures));
    this.scratch = arena.alloc(splitMultiScratchBytes(valueWidth));
    this.order = new Int32Array(nFeatures);
    const infoWords = arena.i32(info, nFeatures).slice();
    for (let f = 0; f < nFeatures; f++) infoWords[f] &= ~FEATURE_CAT_FLAG;
    this.infoLevelOrder = arena.put(infoWords);
  }

  /**
   * scikit-learn's draw: features are drawn without replacement until `featuresPerNode` have been
   * drawn and at least one of them offered a valid split (features constant in the node offer
   * none), or none is left. The best split wins; ties go to the first drawn. When every feature
   * is to be tried, they are tried in index order.
   */
  find(hist: Ptr, channelBytes: number, list: Int32Array, g: Float64Array, h: number, rng: Rng, rows = Infinity): SplitChoice | null {
    const { arena, kernels: k } = this.engine;
    const valueWidth = this.valueWidth;
    const n = list.length;
    const mtry = this.p.featuresPerNode;
    const order = this.order;
    order.set(list);
    arena.f64(this.gTot, valueWidth).set(g);
    let parentScore = 0;
    for (let c = 0; c < valueWidth; c++) parentScore += g[c] * g[c];
    parentScore = h > 0 ? parentScore / h : 0;
    const shuffle = mtry < n;
    // As the subtree kernel: mean-ordered partitions of one channel only from PARTITION_MIN_ROWS
    // rows on (as assembly/forest-scan.ts); smaller nodes cut categories in level order.
    const info = valueWidth === 1 && !this.p.randomSplits && rows < PARTITION_MIN_ROWS ? this.infoLevelOrder : this.info;
    let drawn = 0, found = 0;
    let bestGain = -Infinity;
    let best: SplitChoice | null = null;
    while (drawn < n && (drawn < mtry || found === 0)) {
      const m = drawn < mtry ? Math.min(mtry - drawn, n - drawn) : 1;
      if (shuffle) {
        for (let i = drawn; i < drawn + m; i++) {
          const j = i + rng.int(n - i);
          const t = order[i]; order[i] = order[j]; order[j] = t;
        }
      }
      arena.i32(this.feats, m).set(order.subarray(drawn, drawn + m));
      let uPtr = 0;
      if (this.p.randomSplits) {
        const u = arena.f64(this.randomU, m);
        for (let i = 0; i < m; i++) u[i] = rng.next();
        uPtr = this.randomU;
      }
      k.splitFindMulti(this.params, hist, valueWidth, channelBytes, this.feats, m, info, this.gTot, h, uPtr, this.out, this.leftG, this.scratch);
      const gains = splitGains(arena, this.out, m);
      let bestJ = -1;
      for (let i = 0; i < m; i++) {
        const gain = gains[i];
        if (gain === -Infinity) continue;
        found++;
        if (gain > bestGain) { bestGain = gain; bestJ = i; }
      }
      if (bestJ >= 0) {
        // Read the record now: the next batch overwrites the kernel's output.
        const r = readSplit(arena, this.out, bestJ);
        const feature = order[drawn + bestJ];
        best = {
          gain: bestGain, feature,
          splitBin: r.splitBin,
          nextBin: r.isCat ? undefined : this.nextBin(hist, feature, r.splitBin),
          defaultLeft: r.defaultLeft,
          isCat: r.isCat,
          catBits: r.catBits,
          leftG: arena.f64(doubleAt(this.leftG, bestJ * valueWidth), valueWidth).slice(),
          leftH: r.leftH,
        };
      }
      drawn += m;
    }
    if (!best || !(bestGain > REL_GAIN_EPS * parentScore)) return null;
    return best;
  }

  /** The first bin after `splitBin` that holds rows of the node (channel 0's hessian > 0). */
  private nextBin(hist: Ptr, feature: number, splitBin: number): number {
    const { arena } = this.engine;
    const nBins = arena.i32(wordAt(this.info, feature), 1)[0] & 0xffff;
    const h = featureHistogram(arena, hist, feature);
    for (let b = splitBin + 1; b < nBins; b++) if (h[2 * b + 1] > 0) return b;
    return splitBin + 1;
  }

  /** Class frequencies (or the mean, plus the centring offset), times 1 / n_estimators. */
  leafOutput(g: Float64Array, h: number): Float64Array {
    const valueWidth = this.valueWidth;
    const out = new Float64Array(valueWidth);
    if (h <= 0) return out;
    for (let c = 0; c < valueWidth; c++) out[c] = (-g[c] / h + this.p.leafOffset) * this.p.leafScale;
    return out;
  }
}
