/** A deterministic limited-memory BFGS minimiser with a backtracking (Armijo) line search. */

export interface LbfgsOptions {
  /** Iteration cap (default 200). */
  maxIter?: number;
  /** Stop when max |gradient| <= gtol (default 1e-5). */
  gtol?: number;
  /** Stop when the relative decrease of f in one step is <= ftol (default 1e-12). */
  ftol?: number;
  /** Correction pairs kept (default 10). */
  memory?: number;
  /** Date.now() time (epoch ms) after which no new iteration starts: the iterate so far is returned. */
  deadline?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/** f(x) and its gradient, written into `grad` (same length as x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Minimises a smooth convex `fn` from x0. Pure arithmetic in a fixed order, so repeatable bit for bit. */
export function lbfgs(fn: Objective, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const maxIter = opts.maxIter ?? 200;
  const gtol = opts.gtol ?? 1e-5;
  const ftol = opts.ftol ?? 1e-12;
  const m = opts.memory ?? 10;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fn(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Float64Array(m);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    if (!(maxAbs(g) > gtol)) return { x, f, iterations: iter, converged: true };
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, d);
      for (let i = 0; i < n; i++) d[i] -= alpha[k]! * Y[k]![i]!;
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, d);
      for (let i = 0; i < n; i++) d[i] += S[k]![i]! * (alpha[k]! - beta);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0; Y.length = 0; rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = dot(g, d);
    }
    // First step of a fresh memory: length 1 in the max-norm, so a huge gradient does not overshoot.
    let step = S.length === 0 ? Math.min(1, 1 / maxAbs(d)) : 1;
    let fNew = NaN;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fn(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) { accepted = true; break; }
      step *= 0.5;
    }
    if (!accepted) return { x, f, iterations: iter, converged: false };
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = xNew[i]! - x[i]!; yv[i] = gNew[i]! - g[i]!; }
    const sy = dot(s, yv);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(yv, yv))) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(yv); rho.push(1 / sy);
    }
    const decrease = f - fNew;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    if (decrease <= ftol * Math.max(Math.abs(f), 1)) {
      return { x, f, iterations: iter + 1, converged: true };
    }
    if (opts.deadline !== undefined && Date.now() >= opts.deadline) return { x, f, iterations: iter + 1, converged: false };
  }
  return { x, f, iterations: maxIter, converged: !(maxAbs(g) > gtol) };
}
