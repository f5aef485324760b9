/** Split-based feature importance of any tree model (GBDT or forest): total gain and number of splits per feature. */
import type { Model } from './model.js';

export interface FeatureImportance {
  feature: string;
  /** Sum over the feature's splits of the loss change (GBDT) or impurity decrease (forests), in the model's own units. */
  gain: number;
  /** gain / the sum of gain over all features (0 when no tree splits). */
  gainShare: number;
  /** Number of splits on the feature. */
  split: number;
}

/** One entry per schema feature, in schema order. */
export function featureImportance(model: Model): FeatureImportance[] {
  const t = model.trees;
  const nF = model.schema.features.length;
  const gain = new Float64Array(nF);
  const split = new Float64Array(nF);
  for (let i = 0; i < t.left.length; i++) {
    if (t.left[i] === -1) continue;
    const f = t.feature[i]!;
    // Negative gains cannot occur in a grown tree; a hand-edited file could hold them.
    gain[f] += Math.max(0, t.gain[i]!);
    split[f]++;
  }
  let total = 0;
  for (let f = 0; f < nF; f++) total += gain[f];
  return model.schema.features.map((spec, f) => ({
    feature: spec.name,
    gain: gain[f],
    gainShare: total > 0 ? gain[f] / total : 0,
    split: split[f],
  }));
}
