/**
 * Plain-TypeScript twins of assembly/gradients.ts (tests only). The kernels compute in f32, so
 * every operation here is rounded with Math.fround: one f32 operation on f32 inputs done in f64
 * and rounded once gives the same result as the f32 operation (f64 has more than 2 x 24 + 2
 * mantissa bits), so squared, absolute, pseudo-Huber and logistic (whose exp is a polynomial in
 * f32 operations, expPoly below) match the kernels bit for bit. softmax and poisson use
 * AssemblyScript's Mathf.exp, a port of musl's expf (error about 0.5 ulp, not always correctly
 * rounded), where Math.fround(Math.exp(x)) may differ by an ulp.
 * Returns Float32Array (grad, hess) per row; softmax returns k blocks of n pairs.
 */

const f = Math.fround;
const HESS_FLOOR = f(1e-16);
const floorHess = (h: number) => (h > HESS_FLOOR ? h : HESS_FLOOR);
const expf = (x: number) => f(Math.exp(x));
const weightOf = (weights: Float32Array | null, i: number) => (weights ? weights[i] : 1);

/** Round half to even, as f32x4.nearest. */
function nearestEven(v: number): number {
  const fl = Math.floor(v), d = v - fl;
  if (d !== 0.5) return d < 0.5 ? fl : fl + 1;
  return fl % 2 === 0 ? fl : fl + 1;
}

/** The logistic kernel's exp (assembly/gradients.ts expPoly): Cephes' expf in f32 steps. */
export function expPoly(x0: number): number {
  const x = Math.max(Math.min(x0, 88), -87);
  const n = nearestEven(f(x * f(1.4426950408889634)));
  const r = f(f(x - f(n * f(0.693359375))) - f(n * f(-2.12194440e-4)));
  let p = f(f(f(1.9875691500e-4) * r) + f(1.3981999507e-3));
  for (const c of [8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]) p = f(f(p * r) + f(c));
  p = f(f(f(p * f(r * r)) + r) + 1);
  return f(p * 2 ** n);
}

export function gradLogistic(margin: Float32Array, label: Float32Array, weights: Float32Array | null, scalePosWeight: number): Float32Array {
  return logistic(margin, label, weights, scalePosWeight, expPoly);
}

/** gradLogistic through the correctly rounded exp (how far the polynomial moves the gradients). */
export function gradLogisticExactExp(margin: Float32Array, label: Float32Array, weights: Float32Array | null, scalePosWeight: number): Float32Array {
  return logistic(margin, label, weights, scalePosWeight, expf);
}

function logistic(margin: Float32Array, label: Float32Array, weights: Float32Array | null, scalePosWeight: number,
  exp: (x: number) => number): Float32Array {
  const n = margin.length, gh = new Float32Array(2 * n), spw = f(scalePosWeight);
  for (let i = 0; i < n; i++) {
    const p = f(1 / f(1 + exp(-margin[i])));
    let w = weightOf(weights, i);
    if (label[i] === 1) w = f(w * spw);
    gh[2 * i] = f(f(p - label[i]) * w);
    gh[2 * i + 1] = f(floorHess(f(p * f(1 - p))) * w);
  }
  return gh;
}

/** margin: n x nGroups row-major; label: class index. */
export function gradSoftmax(margin: Float32Array, label: Float32Array, weights: Float32Array | null, n: number, nGroups: number): Float32Array {
  const gh = new Float32Array(2 * n * nGroups);
  for (let i = 0; i < n; i++) {
    const row = margin.subarray(i * nGroups, (i + 1) * nGroups);
    let mx = row[0];
    for (let c = 1; c < nGroups; c++) if (row[c] > mx) mx = row[c];
    let sum = 0;
    for (let c = 0; c < nGroups; c++) sum = f(sum + expf(f(row[c] - mx)));
    const w = weightOf(weights, i);
    for (let c = 0; c < nGroups; c++) {
      const p = f(expf(f(row[c] - mx)) / sum);
      const g = c === Math.trunc(label[i]) ? f(p - 1) : p;
      const o = 2 * (c * n + i);
      gh[o] = f(g * w);
      gh[o + 1] = f(floorHess(f(f(2 * p) * f(1 - p))) * w);
    }
  }
  return gh;
}

export function gradSquared(margin: Float32Array, label: Float32Array, weights: Float32Array | null): Float32Array {
  const gh = new Float32Array(2 * margin.length);
  for (let i = 0; i < margin.length; i++) {
    const w = weightOf(weights, i);
    gh[2 * i] = f(f(margin[i] - label[i]) * w);
    gh[2 * i + 1] = w;
  }
  return gh;
}

export function gradAbsolute(margin: Float32Array, label: Float32Array, weights: Float32Array | null): Float32Array {
  const gh = new Float32Array(2 * margin.length);
  for (let i = 0; i < margin.length; i++) {
    const w = weightOf(weights, i);
    const d = f(margin[i] - label[i]);
    gh[2 * i] = f((d > 0 ? 1 : d < 0 ? -1 : 0) * w);
    gh[2 * i + 1] = w;
  }
  return gh;
}

export function gradPseudoHuber(margin: Float32Array, label: Float32Array, weights: Float32Array | null, delta: number): Float32Array {
  const gh = new Float32Array(2 * margin.length), d = f(delta);
  for (let i = 0; i < margin.length; i++) {
    const w = weightOf(weights, i);
    const z = f(margin[i] - label[i]);
    const q = f(z / d);
    const scale = f(1 + f(q * q));
    const sq = f(Math.sqrt(scale));
    gh[2 * i] = f(f(z / sq) * w);
    gh[2 * i + 1] = f(f(1 / f(scale * sq)) * w);
  }
  return gh;
}

export function gradPoisson(margin: Float32Array, label: Float32Array, weights: Float32Array | null, maxDeltaStep: number): Float32Array {
  const gh = new Float32Array(2 * margin.length), mds = f(maxDeltaStep);
  for (let i = 0; i < margin.length; i++) {
    const w = weightOf(weights, i);
    gh[2 * i] = f(f(expf(margin[i]) - label[i]) * w);
    gh[2 * i + 1] = f(expf(f(margin[i] + mds)) * w);
  }
  return gh;
}

/**
 * Twin of leafAdd / leafAddRange: adds leaf k's value (f32) to the margin (rows x nGroups, group c)
 * of each row in rows[segs[k][0] .. segs[k][1]). Returns new margins.
 */
export function leafAdd(margin: Float32Array, rows: Uint32Array, segs: [number, number][], values: number[], nGroups: number, c: number): Float32Array {
  const out = margin.slice();
  segs.forEach(([b, e], k) => {
    for (let i = b; i < e; i++) { const a = rows[i] * nGroups + c; out[a] = Math.fround(out[a] + Math.fround(values[k])); }
  });
  return out;
}
