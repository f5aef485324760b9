/** The report's diagnostic numbers: ROC area equals the metric's auc, precision-recall end points, calibration bins, confusion counts. */
import { describe, expect, it } from 'vitest';
import { auc } from '../../src/metric/metrics.js';
import { calibrationBins, confusionMatrix, prCurve, rocCurve, sampleRows } from '../../src/report/diagnostics.js';
import { Rng } from '../../src/util/rng.js';

describe('report diagnostics', () => {
  const rng = new Rng(3);
  const n = 300;
  const y = Float64Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
  // Scores with ties (two decimals) that separate the classes imperfectly.
  const p = Float64Array.from(y, (v) => Math.round(100 * Math.min(1, Math.max(0, 0.35 * v + 0.65 * rng.next()))) / 100);

  it('the ROC curve runs from (0,0) to (1,1) and its trapezoid area is the auc (ties included)', () => {
    const c = rocCurve(y, p);
    expect(c[0]).toEqual({ x: 0, y: 0 });
    expect(c[c.length - 1]).toEqual({ x: 1, y: 1 });
    let area = 0;
    for (let i = 1; i < c.length; i++) area += (c[i].x - c[i - 1].x) * (c[i].y + c[i - 1].y) / 2;
    expect(area).toBeCloseTo(auc(y, p), 12);
  });

  it('precision-recall ends at recall 1 with the positive rate as precision', () => {
    const c = prCurve(y, p);
    const rate = y.reduce((a, b) => a + b, 0) / n;
    expect(c[c.length - 1].x).toBe(1);
    expect(c[c.length - 1].y).toBeCloseTo(rate, 12);
  });

  it('calibration bins count every row; confusion cells sum to the rows', () => {
    expect(calibrationBins(y, p).reduce((a, b) => a + b.count, 0)).toBe(n);
    const cells = confusionMatrix(y, Int32Array.from(p, (q) => (q >= 0.5 ? 1 : 0)), ['a', 'b']);
    expect(cells).toHaveLength(4);
    expect(cells.reduce((a, b) => a + b.count, 0)).toBe(n);
    expect(cells.filter((c) => c.actual === 'b').reduce((a, b) => a + b.share, 0)).toBeCloseTo(1, 12);
  });

  it('sampleRows keeps at most the limit, evenly spaced', () => {
    expect(sampleRows(10, 20)).toHaveLength(10);
    const s = sampleRows(10_000, 100);
    expect(s).toHaveLength(100);
    expect(s[1] - s[0]).toBe(100);
  });
});
