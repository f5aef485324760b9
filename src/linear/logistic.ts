/**
 * L2-regularised logistic regression, binary (sigmoid) and multinomial (softmax), fitted by
 * L-BFGS on the mean-scaled penalised log-likelihood.
 */
import { lbfgs, type LbfgsOptions } from './lbfgs.js';

/**
 * Penalty on the intercepts, in the same units as l2. It is negligible for real data but
 * keeps the optimum finite when a class is absent from the training rows (the intercept
 * would otherwise run to -infinity) and makes the softmax intercepts identifiable.
 */
export const INTERCEPT_L2 = 1e-4;

export interface LogisticFit {
  /** Float64Array, nOut x nCols row-major; nOut = 1 for binary (class 1 logit), else nClasses. */
  coef: Float64Array;
  /** Float64Array, length nOut. */
  intercept: Float64Array;
  iterations: number;
  converged: boolean;
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Minimises Σ w_i loss_i + ½ l2 ‖β‖² + ½ INTERCEPT_L2 ‖b‖² (scaled by 1/Σw for conditioning),
 * where loss is the binary (nClasses = 2) or multinomial log loss. Strictly convex for l2 > 0,
 * so separable data still give finite coefficients. X: Float64Array nRows x nCols row-major;
 * y: class indices in [0, nClasses); weight: optional, length nRows.
 */
export function fitLogistic(
  X: Float64Array,
  nRows: number,
  nCols: number,
  y: ArrayLike<number>,
  nClasses: number,
  l2: number,
  weight?: ArrayLike<number>,
  opts: LbfgsOptions = {},
): LogisticFit {
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new Error(`logistic: l2 must be a finite number >= 0, got ${l2}`);
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new Error(`logistic: needs at least 2 classes, got ${nClasses}`);
  const p = nCols;
  const K = nClasses === 2 ? 1 : nClasses;
  const binary = K === 1;
  let W = 0;
  const classW = new Float64Array(nClasses);
  for (let i = 0; i < nRows; i++) {
    const w = weight ? weight[i]! : 1;
    W += w;
    classW[y[i]!] += w;
  }
  if (!(W > 0)) throw new Error('logistic: the rows have no weight');
  // Parameters: β stored feature-major (θ[j*K + k]) so a row's inner loop over outputs is contiguous; then K intercepts.
  const nTheta = p * K + K;
  const theta0 = new Float64Array(nTheta);
  // Start the intercepts at the (smoothed) class log-odds: fewer iterations, same optimum.
  for (let k = 0; k < K; k++) {
    const prior = (c: number) => (classW[c]! + 0.5) / (W + 0.5 * nClasses);
    theta0[p * K + k] = binary ? Math.log(prior(1) / prior(0)) : Math.log(prior(k));
  }
  const z = new Float64Array(K);
  const r = new Float64Array(K);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < nRows; i++) {
      const w = weight ? weight[i]! : 1;
      if (w === 0) continue;
      const row = i * p;
      for (let k = 0; k < K; k++) z[k] = theta[p * K + k]!;
      for (let j = 0; j < p; j++) {
        const xj = X[row + j]!;
        if (xj === 0) continue;
        for (let k = 0; k < K; k++) z[k] += xj * theta[j * K + k]!;
      }
      const yi = y[i]!;
      if (binary) {
        loss += w * (softplus(z[0]!) - (yi === 1 ? z[0]! : 0));
        r[0] = w * (1 / (1 + Math.exp(-z[0]!)) - (yi === 1 ? 1 : 0));
      } else {
        let mx = -Infinity;
        for (let k = 0; k < K; k++) mx = Math.max(mx, z[k]!);
        let se = 0;
        for (let k = 0; k < K; k++) se += Math.exp(z[k]! - mx);
        const lse = mx + Math.log(se);
        loss += w * (lse - z[yi]!);
        for (let k = 0; k < K; k++) r[k] = w * (Math.exp(z[k]! - lse) - (k === yi ? 1 : 0));
      }
      for (let k = 0; k < K; k++) grad[p * K + k] += r[k]!;
      for (let j = 0; j < p; j++) {
        const xj = X[row + j]!;
        if (xj === 0) continue;
        for (let k = 0; k < K; k++) grad[j * K + k] += xj * r[k]!;
      }
    }
    for (let t = 0; t < nTheta; t++) {
      const lam = t < p * K ? l2 : INTERCEPT_L2;
      loss += 0.5 * lam * theta[t]! * theta[t]!;
      grad[t] = (grad[t]! + lam * theta[t]!) / W;
    }
    return loss / W;
  };
  const res = lbfgs(objective, theta0, opts);
  const coef = new Float64Array(K * p);
  for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) coef[k * p + j] = res.x[j * K + k]!;
  return { coef, intercept: res.x.slice(p * K), iterations: res.iterations, converged: res.converged };
}
