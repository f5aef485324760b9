/** Batch prediction of a model over a dataset: margins, then the objective's output transform. */
import type { Dataset } from '../data/frame.js';
import type { Model } from '../model/model.js';

export interface Prediction {
  nRows: number;
  /** Output groups per row (classes for multiclass, else 1). */
  nGroups: number;
  /** Float32Array, nRows x nGroups row-major: raw margins. */
  margins: Float32Array;
  /**
   * Float64Array: regression -> nRows values; binary -> nRows x 2 class probabilities;
   * multiclass -> nRows x nClasses probabilities (row-major).
   */
  output: Float64Array;
  /** Classification only: Int32Array, nRows predicted class indices. */
  labels?: Int32Array;
}

/** Predicts every row of `data` (its features must follow model.schema). */
export function predictDataset(model: Model, data: Dataset): Prediction {
  void model; void data;
  throw new Error('predictDataset: not implemented yet');
}
