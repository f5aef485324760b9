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
  const nGroups = nClasses === 2 ? 1 : nClasses;
  const binary = nGroups === 1;
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
  // Parameters: β row-major (θ[k*p + j], the layout of LogisticFit.coef), then nGroups intercepts.
  const nTheta = p * nGroups + nGroups;
  const theta0 = new Float64Array(nTheta);
  // Start the intercepts at the (smoothed) class log-odds, centred for softmax (whose likelihood
  // ignores a common shift, so only the tiny intercept penalty would pull it back): fewer
  // iterations, same optimum.
  const prior = (c: number) => (classW[c]! + 0.5) / (W + 0.5 * nClasses);
  let meanLog = 0;
  for (let k = 0; k < nGroups; k++) meanLog += binary ? 0 : Math.log(prior(k)) / nGroups;
  for (let k = 0; k < nGroups; k++) theta0[p * nGroups + k] = binary ? Math.log(prior(1) / prior(0)) : Math.log(prior(k)) - meanLog;
  // The rows' nonzero cells (compressed rows): one-hot blocks are mostly zeros, and a zero term
  // adds nothing to a sum, so visiting only the nonzeros in column order gives the same sums
  // bit for bit at a fraction of the cost (BENCHMARKS.md section 11).
  const rowStart = new Int32Array(nRows + 1);
  let nnz = 0;
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < p; j++) if (X[i * p + j] !== 0) nnz++;
    rowStart[i + 1] = nnz;
  }
  const colOf = new Int32Array(nnz), valOf = new Float64Array(nnz);
  for (let i = 0, t = 0; i < nRows; i++) for (let j = 0; j < p; j++) { const v = X[i * p + j]!; if (v !== 0) { colOf[t] = j; valOf[t++] = v; } }
  const z = new Float64Array(nGroups), ez = new Float64Array(nGroups);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const b0 = p * nGroups;
    for (let i = 0; i < nRows; i++) {
      const w = weight ? weight[i]! : 1;
      if (w === 0) continue;
      const s0 = rowStart[i]!, s1 = rowStart[i + 1]!;
      const yi = y[i]!;
      if (binary) {
        let zi = theta[b0]!;
        for (let t = s0; t < s1; t++) zi += valOf[t]! * theta[colOf[t]!]!;
        loss += w * (softplus(zi) - (yi === 1 ? zi : 0));
        const r = w * (1 / (1 + Math.exp(-zi)) - (yi === 1 ? 1 : 0));
        grad[b0] += r;
        for (let t = s0; t < s1; t++) grad[colOf[t]!] += r * valOf[t]!;
        continue;
      }
      let mx = -Infinity;
      for (let k = 0; k < nGroups; k++) {
        let zk = theta[b0 + k]!;
        const c = k * p;
        for (let t = s0; t < s1; t++) zk += valOf[t]! * theta[c + colOf[t]!]!;
        z[k] = zk;
        if (zk > mx) mx = zk;
      }
      let se = 0;
      for (let k = 0; k < nGroups; k++) { const e = Math.exp(z[k]! - mx); ez[k] = e; se += e; }
      const lse = mx + Math.log(se);
      loss += w * (lse - z[yi]!);
      for (let k = 0; k < nGroups; k++) {
        const r = w * (ez[k]! / se - (k === yi ? 1 : 0));
        grad[b0 + k] += r;
        const c = k * p;
        for (let t = s0; t < s1; t++) grad[c + colOf[t]!] += r * valOf[t]!;
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
  //
  // Centring: the optimiser's intercept is the one of centred columns, c_k = b_k + Σ_j μ_j β_kj
  // (μ: weighted column means), so a one-hot column and the intercept no longer pull along the
  // same direction (uncentred, every level's coefficient trades off against the intercept: on a
  // 7k-row, 13-feature, 9-class table L-BFGS still crawled after 200 iterations). It is a linear
  // change of variables, θ = A φ, so the objective and its optimum are unchanged and the gradient
  // in φ is Aᵀ ∇θ; the rows stay sparse, and the curvature scales use centred second moments.
  const mu = new Float64Array(p);
  for (let i = 0; i < nRows; i++) {
    const w = weight ? weight[i]! : 1;
    for (let t = rowStart[i]!; t < rowStart[i + 1]!; t++) mu[colOf[t]!] += w * valOf[t]!;
  }
  for (let j = 0; j < p; j++) mu[j] /= W;
  const colSq = new Float64Array(p);
  for (let i = 0; i < nRows; i++) {
    const w = weight ? weight[i]! : 1;
    for (let t = rowStart[i]!; t < rowStart[i + 1]!; t++) colSq[colOf[t]!] += w * valOf[t]! * valOf[t]!;
  }
  for (let j = 0; j < p; j++) colSq[j] = Math.max(0, colSq[j]! - W * mu[j]! * mu[j]!);
  const scale = new Float64Array(nTheta);
  for (let k = 0; k < nGroups; k++) {
    for (let j = 0; j < p; j++) scale[k * p + j] = 1 / Math.sqrt((0.25 * colSq[j]! + l2) / W + 1e-12);
    scale[p * nGroups + k] = 1 / Math.sqrt(0.25 + INTERCEPT_L2 / W);
  }
  const b0 = p * nGroups;
  /** θ from φ: β = scale φ; b_k = scale φ_c - μ·β_k. */
  const toTheta = (phi: Float64Array, out: Float64Array): Float64Array => {
    for (let t = 0; t < nTheta; t++) out[t] = scale[t]! * phi[t]!;
    for (let k = 0; k < nGroups; k++) {
      let m = 0;
      for (let j = 0; j < p; j++) m += mu[j]! * out[k * p + j]!;
      out[b0 + k] -= m;
    }
    return out;
  };
  const theta = new Float64Array(nTheta);
  const inner = (phi: Float64Array, grad: Float64Array): number => {
    const f = objective(toTheta(phi, theta), grad);
    // ∇φ = Aᵀ ∇θ: ∂/∂φ_kj = scale (∂/∂β_kj - μ_j ∂/∂b_k), ∂/∂φ_c = scale ∂/∂b_k.
    for (let k = 0; k < nGroups; k++) {
      const gb = grad[b0 + k]!;
      for (let j = 0; j < p; j++) grad[k * p + j] = scale[k * p + j]! * (grad[k * p + j]! - mu[j]! * gb);
      grad[b0 + k] = scale[b0 + k]! * gb;
    }
    return f;
  };
  // φ of the starting θ (β = 0, so c = b).
  const phi0 = Float64Array.from(theta0, (v, t) => v / scale[t]!);
  const res = lbfgs(inner, phi0, opts);
  res.x = toTheta(res.x, new Float64Array(nTheta));
  return { coef: res.x.slice(0, p * nGroups), intercept: res.x.slice(p * nGroups), iterations: res.iterations, converged: res.converged };
}
