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
 * y: class indices in [0, nClasses); weight: optional, length nRows. `opts.gtol` applies to the
 * preconditioned gradient (see below). Cost per L-BFGS evaluation: O(nRows x nCols x nOut).
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
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) throw new Error(`logistic: row ${i}: label ${c} is not a class index in [0, ${nClasses})`);
    W += w;
    classW[c] += w;
  }
  if (!(W > 0)) throw new Error('logistic: the rows have no weight');
  // Parameters: β row-major (θ[k*p + j], the layout of LogisticFit.coef), then K intercepts.
  // The row loops are dense (no zero skipping): branch-free inner loops over a contiguous row
  // run several times faster in V8 than skipping the zeros of one-hot columns.
  const nTheta = p * K + K;
  const theta0 = new Float64Array(nTheta);
  // Start the intercepts at the (smoothed) class log-odds, centred for softmax (whose likelihood
  // ignores a common shift, so only the tiny intercept penalty would pull it back): fewer
  // iterations, same optimum.
  const prior = (c: number) => (classW[c]! + 0.5) / (W + 0.5 * nClasses);
  let meanLog = 0;
  for (let k = 0; k < K; k++) meanLog += binary ? 0 : Math.log(prior(k)) / K;
  for (let k = 0; k < K; k++) theta0[p * K + k] = binary ? Math.log(prior(1) / prior(0)) : Math.log(prior(k)) - meanLog;
  const z = new Float64Array(K);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const b0 = p * K;
    for (let i = 0; i < nRows; i++) {
      const w = weight ? weight[i]! : 1;
      if (w === 0) continue;
      const row = i * p;
      const yi = y[i]!;
      if (binary) {
        let zi = theta[b0]!;
        for (let j = 0; j < p; j++) zi += X[row + j]! * theta[j]!;
        loss += w * (softplus(zi) - (yi === 1 ? zi : 0));
        const r = w * (1 / (1 + Math.exp(-zi)) - (yi === 1 ? 1 : 0));
        grad[b0] += r;
        for (let j = 0; j < p; j++) grad[j] += r * X[row + j]!;
        continue;
      }
      let mx = -Infinity;
      for (let k = 0; k < K; k++) {
        let zk = theta[b0 + k]!;
        const c = k * p;
        for (let j = 0; j < p; j++) zk += X[row + j]! * theta[c + j]!;
        z[k] = zk;
        if (zk > mx) mx = zk;
      }
      let se = 0;
      for (let k = 0; k < K; k++) se += Math.exp(z[k]! - mx);
      const lse = mx + Math.log(se);
      loss += w * (lse - z[yi]!);
      for (let k = 0; k < K; k++) {
        const r = w * (Math.exp(z[k]! - lse) - (k === yi ? 1 : 0));
        grad[b0 + k] += r;
        const c = k * p;
        for (let j = 0; j < p; j++) grad[c + j] += r * X[row + j]!;
      }
    }
    for (let t = 0; t < nTheta; t++) {
      const lam = t < b0 ? l2 : INTERCEPT_L2;
      loss += 0.5 * lam * theta[t]! * theta[t]!;
      grad[t] = (grad[t]! + lam * theta[t]!) / W;
    }
    return loss / W;
  };
  // Diagonal preconditioning: L-BFGS runs on φ with θ_t = scale_t φ_t, where 1 / scale_t² is the
  // t-th diagonal of the Hessian per unit weight at p = 1/2 (¼ X'WX / W plus the penalty). Rare
  // one-hot columns (tiny curvature) then look like standardised ones to the optimiser; the
  // optimum in θ is unchanged. The scale is the same for every class: the softmax likelihood is
  // blind to adding one vector to all classes, so a class-dependent scale would let the iterates
  // drift along that direction, where only the penalty's small curvature pulls them back.
  const colSq = new Float64Array(p);
  for (let i = 0; i < nRows; i++) {
    const w = weight ? weight[i]! : 1;
    for (let j = 0; j < p; j++) colSq[j] += w * X[i * p + j]! * X[i * p + j]!;
  }
  const scale = new Float64Array(nTheta);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < p; j++) scale[k * p + j] = 1 / Math.sqrt((0.25 * colSq[j]! + l2) / W + 1e-12);
    scale[p * K + k] = 1 / Math.sqrt(0.25 + INTERCEPT_L2 / W);
  }
  const theta = new Float64Array(nTheta);
  const inner = (phi: Float64Array, grad: Float64Array): number => {
    for (let t = 0; t < nTheta; t++) theta[t] = scale[t]! * phi[t]!;
    const f = objective(theta, grad);
    for (let t = 0; t < nTheta; t++) grad[t] *= scale[t]!;
    return f;
  };
  const phi0 = Float64Array.from(theta0, (v, t) => v / scale[t]!);
  const res = lbfgs(inner, phi0, opts);
  for (let t = 0; t < nTheta; t++) res.x[t] *= scale[t]!;
  return { coef: res.x.slice(0, p * K), intercept: res.x.slice(p * K), iterations: res.iterations, converged: res.converged };
}
