/**
 * Gradient kernels against src/reference/gradients.ts (f32 arithmetic via Math.fround).
 *
 * squared, absolute, pseudo-Huber and logistic use only +, -, *, /, sqrt and rounding to an
 * integer (logistic's exp is a polynomial), which f64-then-round reproduces exactly for f32
 * inputs, so they must match bit for bit. softmax and poisson go through Mathf.exp: the kernel's Mathf.exp (musl expf) and Math.fround(Math.exp) can
 * differ by one f32 ulp (~6e-8 relative), which a few more f32 operations can grow to a few
 * ulps, so those compare within 1e-6. The bound is relative to max(|expected|, scale), where
 * scale is the size of the terms that were subtracted (1 for p - y with p in [0, 1], exp(m) or
 * y for poisson) times the weight: p - y can cancel to far below one ulp of p.
 */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import * as R from '../../src/reference/gradients.js';
import { kGrad, kGradSoftmax } from './run.js';
import { SIZES, expectExact, expectClose } from './helpers.js';

const engine = createEngine();

/** Margins in [-spread, spread] with a few extremes, labels from `label`, weights in (0, 2] or none. */
function inputs(seed: number, n: number, spread: number, label: (rng: Rng, i: number) => number, weighted: boolean) {
  const rng = new Rng(seed);
  const extremes = [0, -0, 1e-30, 20, -20, 88, -88, 100, -100];
  const margin = Float32Array.from({ length: n }, (_, i) => (i < extremes.length && rng.next() < 0.5
    ? Math.max(-spread * 10, Math.min(spread * 10, extremes[i])) : (2 * rng.next() - 1) * spread));
  const lab = Float32Array.from({ length: n }, (_, i) => label(rng, i));
  const weights = weighted ? Float32Array.from({ length: n }, () => 2 - 2 * rng.next()) : null;
  return { margin, label: lab, weights };
}

/** Hessians within 1e-6 of their own size; gradients within 1e-6 of max(|expected|, gradScale(row)). */
function compareClose(k: Float32Array, ref: Float32Array, gradScale: (i: number) => number, what: string): void {
  const n = ref.length / 2;
  const part = (a: Float32Array, o: number) => Float32Array.from({ length: n }, (_, i) => a[2 * i + o]);
  expectClose(part(k, 1), part(ref, 1), 1e-6, `${what} hess`, 0);
  const kg = part(k, 0), rg = part(ref, 0);
  for (let i = 0; i < n; i++) expectClose([kg[i]], [rg[i]], 1e-6, `${what} grad row ${i}`, gradScale(i));
}

it('the logistic exp polynomial is within 2 ulp of exp over the f32 range it is used on', () => {
  const rng = new Rng(5);
  for (let j = 0; j < 20000; j++) {
    const x = Math.fround((2 * rng.next() - 1) * 87);
    const want = Math.fround(Math.exp(x));
    expect(Math.abs(R.expPoly(x) - want) / want, `exp(${x})`).toBeLessThan(2.5e-7);
  }
  expect(R.expPoly(200)).toBe(R.expPoly(88));
  expect(R.expPoly(-200)).toBe(R.expPoly(-87));
});

describe.each(SIZES)('gradients, %i rows', (n) => {
  for (const weighted of [false, true]) {
    const tag = weighted ? 'weighted' : 'unweighted';
    const w = (x: { weights: Float32Array | null }, i: number) => (x.weights ? x.weights[i] : 1);

    it(`squared, absolute and pseudo-Huber match exactly (${tag})`, () => {
      const x = inputs(n + 1, n, 50, (r) => (2 * r.next() - 1) * 50, weighted);
      // Ties (margin == label) exercise the absolute loss's zero sign.
      if (n > 2) x.label[2] = x.margin[2];
      expectExact(kGrad(engine, 'gradSquared', x.margin, x.label, x.weights), R.gradSquared(x.margin, x.label, x.weights), 'squared');
      expectExact(kGrad(engine, 'gradAbsolute', x.margin, x.label, x.weights), R.gradAbsolute(x.margin, x.label, x.weights), 'absolute');
      for (const delta of [1, 0.3, 7.5]) {
        expectExact(kGrad(engine, 'gradPseudoHuber', x.margin, x.label, x.weights, delta),
          R.gradPseudoHuber(x.margin, x.label, x.weights, delta), `pseudo-Huber delta ${delta}`);
      }
    });

    it(`logistic matches exactly (${tag}, scale_pos_weight 1 and 3.5)`, () => {
      const x = inputs(n + 2, n, 8, (r) => (r.next() < 0.4 ? 1 : 0), weighted);
      for (const spw of [1, 3.5]) {
        const k = kGrad(engine, 'gradLogistic', x.margin, x.label, x.weights, spw);
        const ref = R.gradLogistic(x.margin, x.label, x.weights, spw);
        expectExact(k, ref, `logistic spw ${spw}`);
        // And within 1e-6 of the gradient through the correctly rounded exp.
        const exact = R.gradLogisticExactExp(x.margin, x.label, x.weights, spw);
        compareClose(k, exact, (i) => w(x, i) * (x.label[i] === 1 ? spw : 1), `logistic spw ${spw} vs exp`);
        // The hessian floor keeps every hessian positive, even at |margin| = 100.
        for (let i = 0; i < n; i++) expect(k[2 * i + 1] > 0 || w(x, i) === 0).toBe(true);
      }
    });

    it(`poisson matches within 1e-6 (${tag})`, () => {
      const x = inputs(n + 3, n, 3, (r) => r.int(12), weighted);
      for (const mds of [0.7, 0]) {
        const k = kGrad(engine, 'gradPoisson', x.margin, x.label, x.weights, mds);
        const ref = R.gradPoisson(x.margin, x.label, x.weights, mds);
        compareClose(k, ref, (i) => w(x, i) * Math.max(Math.exp(x.margin[i]), x.label[i]), `poisson mds ${mds}`);
      }
    });

    it.each([1, 2, 3, 7])(`softmax matches within 1e-6 (${tag}, %i classes)`, (k) => {
      const rng = new Rng(n * 31 + k);
      const margin = Float32Array.from({ length: n * k }, () => (2 * rng.next() - 1) * 6);
      const label = Float32Array.from({ length: n }, () => rng.int(k));
      const weights = weighted ? Float32Array.from({ length: n }, () => 2 - 2 * rng.next()) : null;
      const kk = kGradSoftmax(engine, margin, label, weights, n, k);
      const ref = R.gradSoftmax(margin, label, weights, n, k);
      compareClose(kk, ref, (j) => (weights ? weights[j % n] : 1), `softmax k=${k}`);
      // Each row's class gradients sum to 0 (probabilities sum to 1, minus the one-hot label).
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += kk[2 * (c * n + i)];
        expect(Math.abs(s)).toBeLessThan(1e-5 * k);
      }
    });
  }
});
