/** Weighted ridge regression in closed form (Cholesky), with an unpenalised intercept. */
import { solveSpd } from './cholesky.js';

export interface RidgeFit {
  /** Float64Array, length nCols. */
  coef: Float64Array;
  intercept: number;
}

/**
 * Minimises ½ Σ w_i (y_i - b - x_i·β)² + ½ λ ‖β‖² over β and b, i.e. solves
 * [X 1]' W [X 1] + diag(λ, ..., λ, 0) for (β, b): the same solution as centring X and y and
 * solving (Xc' W Xc + λ I) β = Xc' W yc, but the uncentred form keeps one-hot rows sparse.
 * X: Float64Array nRows x nCols row-major; y, weight: length nRows. Cost O(n p² + p³).
 */
export function fitRidge(
  X: Float64Array,
  nRows: number,
  nCols: number,
  y: ArrayLike<number>,
  lambda: number,
  weight?: ArrayLike<number>,
): RidgeFit {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`ridge: lambda must be a finite number >= 0, got ${lambda}`);
  const p = nCols;
  const q = p + 1; // the last unknown is the intercept
  const A = new Float64Array(q * q);
  const rhs = new Float64Array(q);
  for (let i = 0; i < nRows; i++) {
    const w = weight ? weight[i]! : 1;
    if (w === 0) continue;
    const row = i * p;
    const yi = y[i]!;
    // Lower triangle only: A[j][k] for k <= j; zero entries (one-hot) are skipped.
    for (let j = 0; j < p; j++) {
      const xj = X[row + j]!;
      if (xj === 0) continue;
      const wx = w * xj;
      for (let k = 0; k <= j; k++) A[j * q + k] += wx * X[row + k]!;
      A[p * q + j] += wx;
      rhs[j] += wx * yi;
    }
    A[p * q + p] += w;
    rhs[p] += w * yi;
  }
  for (let j = 0; j < q; j++) for (let k = 0; k < j; k++) A[k * q + j] = A[j * q + k]!;
  for (let j = 0; j < p; j++) A[j * q + j] += lambda;
  if (A[p * q + p] === 0) return { coef: new Float64Array(p), intercept: 0 };
  const sol = solveSpd(A, q, rhs);
  return { coef: sol.slice(0, p), intercept: sol[p]! };
}
