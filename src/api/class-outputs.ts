/** Turning a classifier's Prediction into labels and probability rows (shared by every classifier estimator). */
import type { Schema } from '../data/frame.js';
import type { Prediction } from '../predict/predictor.js';

/** The most probable class label (as text) of each row. */
export function predictedLabels(model: { schema: Schema }, pred: Prediction): string[] {
  const classes = model.schema.target.classes!;
  const k = classes.length;
  const out = new Array<string>(pred.nRows);
  for (let i = 0; i < pred.nRows; i++) {
    let best = 0;
    if (pred.labels) best = pred.labels[i]!;
    else for (let c = 1; c < k; c++) if (pred.output[i * k + c]! > pred.output[i * k + best]!) best = c;
    out[i] = classes[best]!;
  }
  return out;
}

/** Class probabilities: one array per row, columns in the schema's class order. */
export function probabilityRows(model: { schema: Schema }, pred: Prediction): number[][] {
  const k = model.schema.target.classes!.length;
  const out = new Array<number[]>(pred.nRows);
  for (let i = 0; i < pred.nRows; i++) out[i] = Array.from(pred.output.subarray(i * k, (i + 1) * k));
  return out;
}

/** Two distinct labels: binary; more: multiclass. Labels are compared as text. */
export function classificationTask(y: ArrayLike<unknown>): 'binary' | 'multiclass' {
  const seen = new Set<string>();
  for (let i = 0; i < y.length && seen.size <= 2; i++) {
    const v = y[i];
    if (v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v))) seen.add(String(v));
  }
  return seen.size > 2 ? 'multiclass' : 'binary';
}
