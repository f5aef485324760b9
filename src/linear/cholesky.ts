/** Cholesky factorisation and solve for small dense symmetric positive-definite systems. */

/**
 * Factorises A (Float64Array, p x p row-major, symmetric; only the lower triangle is read) in
 * place into L with A = L L' (lower triangle of the result). Returns false when A is not
 * numerically positive definite.
 */
export function choleskyInPlace(A: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= A[j * p + k]! * A[j * p + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    A[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= A[i * p + k]! * A[j * p + k]!;
      A[i * p + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L L' x = b given the factor from choleskyInPlace; returns a new Float64Array, length p. */
export function choleskySolve(L: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}

/**
 * Solves the SPD system A x = b (A is not modified). If A is only semi-definite (a zero
 * penalty on collinear columns), a growing ridge of 1e-10 .. 1e-2 times the mean diagonal is
 * added until the factorisation succeeds, which picks a minimum-norm-like solution.
 */
export function solveSpd(A: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  let meanDiag = 0;
  for (let j = 0; j < p; j++) meanDiag += A[j * p + j]!;
  meanDiag = p > 0 ? Math.max(meanDiag / p, 1e-300) : 1;
  for (let jitter = 0; jitter <= 1e-2; jitter = jitter === 0 ? 1e-10 : jitter * 100) {
    const L = A.slice();
    for (let j = 0; j < p; j++) L[j * p + j] += jitter * meanDiag;
    if (choleskyInPlace(L, p)) return choleskySolve(L, p, b);
  }
  throw new Error(`linear solve: the ${p} x ${p} normal matrix is not positive definite`);
}
