/** Split-based feature importance of any tree model (GBDT or forest): total gain and number of splits per feature. */
import { hasStats, type Model } from './model.js';

export interface FeatureImportance {
  feature: string;
  /**
   * Sum over the feature's splits of the loss change (GBDT) or impurity decrease (forests), in
   * the model's own units; null when the model has no split gains (loaded from a file written
   * without them, as AutoML ensemble members are).
   */
  gain: number | null;
  /** gain / the sum of gain over all features (0 when no tree splits; null without gains). */
  gainShare: number | null;
  /** Number of splits on the feature. */
  split: number;
}

/** One entry per schema feature, in schema order. */
export function featureImportance(model: Model): FeatureImportance[] {
  const t = model.trees;
  const nF = model.schema.features.length;
  const gain = new Float64Array(nF);
  const split = new Float64Array(nF);
  const gains = hasStats(t);
  for (let i = 0; i < t.left.length; i++) {
    if (t.left[i] === -1) continue;
    const f = t.feature[i]!;
    // Negative gains cannot occur in a grown tree; a hand-edited file could hold them.
    if (gains) gain[f] += Math.max(0, t.gain[i]!);
    split[f]++;
  }
  let total = 0;
  for (let f = 0; f < nF; f++) total += gain[f];
  return model.schema.features.map((spec, f) => ({
    feature: spec.name,
    gain: gains ? gain[f] : null,
    gainShare: !gains ? null : total > 0 ? gain[f] / total : 0,
    split: split[f],
  }));
}
