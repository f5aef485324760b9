/** The numbers behind the report's diagnostic plots: ROC and precision-recall curves, calibration bins, confusion matrices, residuals. */

/** A curve thinned to at most this many points (the report stays small on large data). */
const MAX_CURVE_POINTS = 400;
/** Scatter plots show an evenly spaced sample of at most this many rows. */
export const MAX_SCATTER_POINTS = 2000;

export interface CurvePoint { x: number; y: number }

/** Keeps every k-th point (and the last) so a curve has at most `max` points. */
function thinCurve(points: CurvePoint[], max = MAX_CURVE_POINTS): CurvePoint[] {
  if (points.length <= max) return points;
  const step = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % step === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}

/** Rows ordered by decreasing score, with tied scores kept together (one curve point per distinct score). */
function byScore(p: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(p.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => p[b] - p[a]);
}

/** Weighted true and false positive counts at every distinct score, highest score first, with the totals. */
function sweep(y: ArrayLike<number>, p: ArrayLike<number>, w: ArrayLike<number> | undefined): { tp: number; fp: number }[] & { pos: number; neg: number } {
  const idx = byScore(p);
  const out = [] as unknown as { tp: number; fp: number }[] & { pos: number; neg: number };
  let tp = 0, fp = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const wi = w ? w[i] : 1;
    if (y[i] === 1) tp += wi; else fp += wi;
    if (k + 1 < idx.length && p[idx[k + 1]] === p[i]) continue;
    out.push({ tp, fp });
  }
  out.pos = tp;
  out.neg = fp;
  return out;
}

/** ROC curve (x: false positive rate, y: true positive rate) of class-1 scores `p` against 0/1 labels `y`. */
export function rocCurve(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): CurvePoint[] {
  const s = sweep(y, p, w);
  return thinCurve([{ x: 0, y: 0 }, ...s.map((c) => ({ x: s.neg > 0 ? c.fp / s.neg : 0, y: s.pos > 0 ? c.tp / s.pos : 0 }))]);
}

/** Precision-recall curve (x: recall, y: precision). */
export function prCurve(y: ArrayLike<number>, p: ArrayLike<number>, w?: ArrayLike<number>): CurvePoint[] {
  const s = sweep(y, p, w);
  return thinCurve(s.map((c) => ({ x: s.pos > 0 ? c.tp / s.pos : 0, y: c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 1 })));
}

export interface CalibrationBin { predicted: number; observed: number; count: number }

/** Reliability diagram: `bins` equal-width bins of predicted probability, each bin's mean prediction and observed positive rate. */
export function calibrationBins(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const sumP = new Float64Array(bins), sumY = new Float64Array(bins), n = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    sumP[b] += p[i]; sumY[b] += y[i] === 1 ? 1 : 0; n[b]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) if (n[b] > 0) out.push({ predicted: sumP[b] / n[b], observed: sumY[b] / n[b], count: n[b] });
  return out;
}

export interface ConfusionCell { actual: string; predicted: string; count: number; share: number }

/** Confusion matrix cells (every actual x predicted pair), `share` the fraction of the actual class's rows. */
export function confusionMatrix(y: ArrayLike<number>, labels: ArrayLike<number>, classes: string[]): ConfusionCell[] {
  const k = classes.length;
  const m = new Float64Array(k * k);
  const rowTotal = new Float64Array(k);
  for (let i = 0; i < y.length; i++) { m[y[i] * k + labels[i]]++; rowTotal[y[i]]++; }
  const out: ConfusionCell[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      out.push({ actual: classes[a], predicted: classes[b], count: m[a * k + b], share: rowTotal[a] > 0 ? m[a * k + b] / rowTotal[a] : 0 });
    }
  }
  return out;
}

/** Evenly spaced row indices, at most `max` of them. */
export function sampleRows(n: number, max = MAX_SCATTER_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = n / max;
  return Array.from({ length: max }, (_, i) => Math.floor(i * step));
}
