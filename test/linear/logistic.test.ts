import { describe, expect, it } from 'vitest';
import { fitLogistic, INTERCEPT_L2, type LogisticFit } from '../../src/linear/logistic.js';
import { normal, uniform } from './helpers.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Row probabilities (nRows x K) of a fit; binary as [1-p, p]. */
function probs(fit: LogisticFit, X: Float64Array, n: number, p: number, K: number): Float64Array {
  const out = new Float64Array(n * K);
  const nOut = fit.intercept.length;
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: nOut }, (_, k) => {
      let s = fit.intercept[k]!;
      for (let j = 0; j < p; j++) s += X[i * p + j]! * fit.coef[k * p + j]!;
      return s;
    });
    if (nOut === 1) { out[i * 2 + 1] = sigmoid(z[0]!); out[i * 2] = 1 - out[i * 2 + 1]!; continue; }
    const mx = Math.max(...z);
    const e = z.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, k) => { out[i * K + k] = v / s; });
  }
  return out;
}

/** Max |gradient| of Σ loss + ½ l2 ‖β‖² + ½ INTERCEPT_L2 ‖b‖² at the fit, divided by n (first-order optimality). */
function gradientNorm(fit: LogisticFit, X: Float64Array, y: number[], n: number, p: number, K: number, l2: number): number {
  const P = probs(fit, X, n, p, K);
  const nOut = fit.intercept.length;
  let worst = 0;
  for (let k = 0; k < nOut; k++) {
    const cls = nOut === 1 ? 1 : k;
    const r = (i: number) => P[i * K + cls]! - (y[i] === cls ? 1 : 0);
    for (let j = 0; j <= p; j++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += r(i) * (j < p ? X[i * p + j]! : 1);
      g += j < p ? l2 * fit.coef[k * p + j]! : INTERCEPT_L2 * fit.intercept[k]!;
      worst = Math.max(worst, Math.abs(g) / n);
    }
  }
  return worst;
}

describe('fitLogistic (binary)', () => {
  const xs = [-3, -2, -1, -0.5, 0.5, 1, 2, 3];
  const X = Float64Array.from(xs);
  const y = xs.map((x) => (x > 0 ? 1 : 0));

  it('separable data: the L2 term keeps coefficients finite, probabilities sane and monotone', () => {
    const fit = fitLogistic(X, 8, 1, y, 2, 1);
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.coef[0]!)).toBe(true);
    expect(fit.coef[0]!).toBeGreaterThan(0);
    expect(fit.coef[0]!).toBeLessThan(20);
    const P = probs(fit, X, 8, 1, 2);
    for (let i = 0; i < 8; i++) {
      const p1 = P[2 * i + 1]!;
      expect(p1).toBeGreaterThan(0);
      expect(p1).toBeLessThan(1);
      if (i > 0) expect(p1).toBeGreaterThan(P[2 * (i - 1) + 1]!);
    }
    expect(P[1]!).toBeLessThan(0.05);
    expect(P[15]!).toBeGreaterThan(0.95);
    expect(gradientNorm(fit, X, y, 8, 1, 2, 1)).toBeLessThan(1e-5);
  });

  it('is deterministic: two fits are identical bit for bit', () => {
    const a = fitLogistic(X, 8, 1, y, 2, 0.1);
    const b = fitLogistic(X, 8, 1, y, 2, 0.1);
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(Array.from(b.intercept)).toEqual(Array.from(a.intercept));
  });

  it('a huge penalty shrinks to the class prior', () => {
    const yy = [0, 0, 0, 0, 0, 0, 1, 1];
    const fit = fitLogistic(X, 8, 1, yy, 2, 1e9);
    expect(Math.abs(fit.coef[0]!)).toBeLessThan(1e-6);
    expect(sigmoid(fit.intercept[0]!)).toBeCloseTo(0.25, 4);
  });

  it('noisy data: recovers the generating coefficients and reaches the optimum', () => {
    const u = uniform(7);
    const g = normal(u);
    const n = 4000;
    const X2 = new Float64Array(n * 2);
    const yy: number[] = [];
    for (let i = 0; i < n; i++) {
      X2[2 * i] = g(); X2[2 * i + 1] = g();
      yy.push(u() < sigmoid(0.5 + 2 * X2[2 * i]! - X2[2 * i + 1]!) ? 1 : 0);
    }
    const fit = fitLogistic(X2, n, 2, yy, 2, 1e-3);
    expect(fit.coef[0]!).toBeCloseTo(2, 0);
    expect(fit.coef[1]!).toBeCloseTo(-1, 0);
    expect(fit.intercept[0]!).toBeCloseTo(0.5, 0);
    expect(gradientNorm(fit, X2, yy, n, 2, 2, 1e-3)).toBeLessThan(1e-5);
  });

  it('one class only: the intercept stays finite', () => {
    const fit = fitLogistic(X, 8, 1, [0, 0, 0, 0, 0, 0, 0, 0], 2, 1);
    expect(Number.isFinite(fit.intercept[0]!)).toBe(true);
    expect(sigmoid(fit.intercept[0]!)).toBeLessThan(1e-3);
  });
});

describe('fitLogistic (multinomial)', () => {
  const u = uniform(11);
  const g = normal(u);
  const n = 1500;
  const K = 3;
  const X = new Float64Array(n * 2);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % K;
    const centre = [[0, 2], [-2, -1], [2, -1]][c]!;
    X[2 * i] = centre[0]! + g(); X[2 * i + 1] = centre[1]! + g();
    y.push(c);
  }

  it('probabilities sum to 1, classify well and satisfy first-order optimality', () => {
    const fit = fitLogistic(X, n, 2, y, K, 0.5);
    expect(fit.converged).toBe(true);
    expect(fit.coef.length).toBe(K * 2);
    const P = probs(fit, X, n, 2, K);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const row = [P[i * K]!, P[i * K + 1]!, P[i * K + 2]!];
      expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 12);
      if (row.indexOf(Math.max(...row)) === y[i]) correct++;
    }
    expect(correct / n).toBeGreaterThan(0.85);
    expect(gradientNorm(fit, X, y, n, 2, K, 0.5)).toBeLessThan(1e-5);
  });

  it('a class with no training rows gets a finite, very negative intercept', () => {
    const y2 = y.map((c) => (c === 2 ? 0 : c));
    const fit = fitLogistic(X, n, 2, y2, 4, 0.5);
    for (const v of [...fit.coef, ...fit.intercept]) expect(Number.isFinite(v)).toBe(true);
    const P = probs(fit, X, n, 2, 4);
    for (let i = 0; i < n; i += 50) expect(P[i * 4 + 3]!).toBeLessThan(0.01);
  });
});
