/** One-dimensional Parzen estimators on the unit interval (truncated Gaussian kernels plus a uniform prior) and over categories (smoothed frequencies), as TPE uses them. */
import type { Rng } from '../../util/rng.js';

/** erf by Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7). */
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - p * Math.exp(-a * a));
}

/** Standard normal CDF. */
function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** A standard normal draw (Box-Muller; two rng.next() calls). */
export function normalDraw(rng: Rng): number {
  const u1 = 1 - rng.next(); // in (0, 1]
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(exp(a) + exp(b)) without overflow. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Density on [0, 1]: a mixture of a uniform prior (weight `priorWeight`) and one Gaussian kernel per
 * observation (weight 1 each), each truncated to [0, 1]. A kernel's bandwidth is the larger gap to its
 * neighbouring observations (the interval ends do not count, so a lone extreme point stays sharp), clipped to
 * [1 / min(100, n + 1), 1]: wide while observations are few, narrower as they accumulate. A single
 * observation gets bandwidth 1.
 */
export class NumericParzen {
  private readonly mu: number[];
  private readonly sigma: number[];
  /** log of each kernel's mass inside [0, 1] (its truncation normaliser). */
  private readonly logMass: number[];
  private readonly logTotal: number;

  /** `points`: observations in [0, 1]. */
  constructor(points: readonly number[], private readonly priorWeight = 1) {
    const mu = [...points].sort((a, b) => a - b);
    const n = mu.length;
    const minBw = 1 / Math.min(100, n + 1);
    this.mu = mu;
    this.sigma = mu.map((m, i) => {
      const left = i > 0 ? m - mu[i - 1] : 0;
      const right = i < n - 1 ? mu[i + 1] - m : 0;
      return n === 1 ? 1 : Math.min(1, Math.max(minBw, left, right));
    });
    this.logMass = mu.map((m, i) => {
      const s = this.sigma[i];
      return Math.log(Math.max(1e-300, normalCdf((1 - m) / s) - normalCdf(-m / s)));
    });
    this.logTotal = Math.log(priorWeight + n);
  }

  /** log density at x in [0, 1]. */
  logPdf(x: number): number {
    let acc = this.priorWeight > 0 ? Math.log(this.priorWeight) : -Infinity; // uniform density 1 on [0, 1]
    for (let i = 0; i < this.mu.length; i++) {
      const z = (x - this.mu[i]) / this.sigma[i];
      acc = logAddExp(acc, -0.5 * z * z - LOG_SQRT_2PI - Math.log(this.sigma[i]) - this.logMass[i]);
    }
    return acc - this.logTotal;
  }

  /** A draw in [0, 1]: pick a component by weight, then sample it (kernels by rejection). */
  sample(rng: Rng): number {
    const r = rng.next() * (this.priorWeight + this.mu.length);
    if (r < this.priorWeight || this.mu.length === 0) return rng.next();
    const i = Math.min(this.mu.length - 1, Math.floor(r - this.priorWeight));
    for (let tries = 0; tries < 64; tries++) {
      const x = this.mu[i] + this.sigma[i] * normalDraw(rng);
      if (x >= 0 && x <= 1) return x;
    }
    return this.mu[i];
  }
}

/** Probabilities over k categories: (count + priorWeight / k) / (n + priorWeight). */
export class CategoricalParzen {
  private readonly weights: number[];
  private readonly total: number;

  /** `indices`: observed category indices in [0, k). */
  constructor(indices: readonly number[], k: number, priorWeight = 1) {
    this.weights = new Array<number>(k).fill(priorWeight / k);
    for (const i of indices) this.weights[i] += 1;
    this.total = priorWeight + indices.length;
  }

  logPdf(index: number): number {
    return Math.log(this.weights[index] / this.total);
  }

  sample(rng: Rng): number {
    let r = rng.next() * this.total;
    for (let i = 0; i < this.weights.length; i++) {
      r -= this.weights[i];
      if (r < 0) return i;
    }
    return this.weights.length - 1;
  }
}
