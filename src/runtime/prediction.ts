/** What the runtime's models return, and the helpers that shape outputs into labels and rows. */
import type { Task } from '../data/frame.js';

/** Typed-array predictions (the fast form; no per-row objects). */
export interface RawPrediction {
  nRows: number;
  /** Outputs per row: 1 (regression), 2 (binary: both class probabilities), classes (multiclass). */
  nOutputs: number;
  /** Float64Array, nRows x nOutputs, row-major: values (regression) or class probabilities in `classes` order. */
  output: Float64Array;
  /** Classification only: Int32Array, nRows: index into `classes` of each row's most probable class. */
  labels?: Int32Array;
}

/** Index of each row's largest output (ties: the first). */
export function argmaxRows(output: Float64Array, nRows: number, k: number): Int32Array {
  const labels = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let best = 0;
    const o = i * k;
    for (let c = 1; c < k; c++) if (output[o + c]! > output[o + best]!) best = c;
    labels[i] = best;
  }
  return labels;
}

export function rawPrediction(task: Task, output: Float64Array, nRows: number): RawPrediction {
  const nOutputs = nRows === 0 ? (task === 'regression' ? 1 : 0) : output.length / nRows;
  const pred: RawPrediction = { nRows, nOutputs, output };
  if (task !== 'regression') pred.labels = argmaxRows(output, nRows, nOutputs);
  return pred;
}

/** Labels as class text (classification) or values (regression), one per row. */
export function predictionValues(p: RawPrediction, classes: readonly string[] | undefined): string[] | number[] {
  if (!classes) return Array.from(p.output);
  const out = new Array<string>(p.nRows);
  for (let i = 0; i < p.nRows; i++) out[i] = classes[p.labels![i]!]!;
  return out;
}

/** Class probabilities, one array per row. */
export function probabilityRows(p: RawPrediction): number[][] {
  const k = p.nOutputs;
  const out = new Array<number[]>(p.nRows);
  for (let i = 0; i < p.nRows; i++) {
    const row = new Array<number>(k);
    for (let c = 0; c < k; c++) row[c] = p.output[i * k + c]!;
    out[i] = row;
  }
  return out;
}
