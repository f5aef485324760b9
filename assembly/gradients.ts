// Gradients and hessians per objective: f32 (grad, hess) pairs written per row.

// Hessians are floored so a node's hessian sum never reaches zero (as XGBoost does).
const HESS_FLOOR: f32 = 1e-16;

@inline
function weightOf(weights: usize, i: usize): f32 {
  return weights == 0 ? <f32>1.0 : load<f32>(weights + (i << 2));
}

@inline
function put(gh: usize, i: usize, g: f32, h: f32): void {
  store<f32>(gh + (i << 3), g);
  store<f32>(gh + (i << 3), h, 4);
}

// exp for the logistic gradient, four rows at a time: Cephes' expf (range reduction by ln 2 in
// two parts, a degree-6 polynomial, scaling by 2^n through the exponent bits), in f32 multiplies
// and adds only, so the scalar form (expPoly) gives the same bits as each SIMD lane, and so does
// its plain-TypeScript twin. Inputs are clamped to where 2^n stays a normal f32.
const EXP_HI: f32 = 88.0;
const EXP_LO: f32 = -87.0;
const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

@inline
function expPoly4(x0: v128): v128 {
  const x = f32x4.max(f32x4.min(x0, f32x4.splat(EXP_HI)), f32x4.splat(EXP_LO));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(f32x4.splat(P0), r), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(P5));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** One lane of expPoly4 (the rows after the last group of four). */
function expPoly(x0: f32): f32 {
  const x = Mathf.max(Mathf.min(x0, EXP_HI), EXP_LO);
  const n = nearest<f32>(x * LOG2E);
  const r = (x - n * LN2_HI) - n * LN2_LO;
  let p = P0 * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  p = p * r + P5;
  p = (p * (r * r) + r) + <f32>1.0;
  return p * reinterpret<f32>((<i32>n + 127) << 23);
}

@inline
function logisticRow(m: f32, y: f32, w0: f32, scalePosWeight: f32, gh: usize, i: usize): void {
  const p = <f32>1.0 / (<f32>1.0 + expPoly(-m));
  const w = y == 1.0 ? w0 * scalePosWeight : w0;
  const h = p * (<f32>1.0 - p);
  put(gh, i, (p - y) * w, (h > HESS_FLOOR ? h : HESS_FLOOR) * w);
}

/** binary:logistic. margin, label (0/1), weights (0 = none): f32 x n. Four rows per step. */
export function gradLogistic(margin: usize, label: usize, weights: usize, scalePosWeight: f32, n: i32, gh: usize): void {
  const nn = <usize>n;
  const one = f32x4.splat(1.0), floor = f32x4.splat(HESS_FLOOR), spw = f32x4.splat(scalePosWeight);
  let i: usize = 0;
  for (; i + 4 <= nn; i += 4) {
    const m = v128.load(margin + (i << 2));
    const y = v128.load(label + (i << 2));
    const p = f32x4.div(one, f32x4.add(one, expPoly4(f32x4.neg(m))));
    const w0 = weights == 0 ? one : v128.load(weights + (i << 2));
    const w = v128.bitselect(f32x4.mul(w0, spw), w0, f32x4.eq(y, one));
    const h = f32x4.mul(p, f32x4.sub(one, p));
    const g4 = f32x4.mul(f32x4.sub(p, y), w);
    const h4 = f32x4.mul(f32x4.max(h, floor), w);
    // Interleave (g, h) pairs: rows i, i+1 then i+2, i+3.
    v128.store(gh + (i << 3), v128.shuffle<f32>(g4, h4, 0, 4, 1, 5));
    v128.store(gh + (i << 3), v128.shuffle<f32>(g4, h4, 2, 6, 3, 7), 16);
  }
  for (; i < nn; i++) logisticRow(load<f32>(margin + (i << 2)), load<f32>(label + (i << 2)), weightOf(weights, i), scalePosWeight, gh, i);
}

/**
 * multi:softprob / multi:softmax. margin: f32 x n x nGroups (row-major); label: class index as f32;
 * gh: nGroups blocks of n pairs (class c at gh + c * n * 8), so each class's tree reads one block.
 */
export function gradSoftmax(margin: usize, label: usize, weights: usize, n: i32, nGroups: i32, gh: usize): void {
  gradSoftmaxStrided(margin, label, weights, n, nGroups, gh, <usize>n << 3);
}

/** gradSoftmax over a range of rows: class c's pairs at gh + c * block (block: bytes per class block of all rows). */
export function gradSoftmaxStrided(margin: usize, label: usize, weights: usize, n: i32, nGroups: i32, gh: usize, block: usize): void {
  const ng = <usize>nGroups;
  for (let i: usize = 0; i < <usize>n; i++) {
    const row = margin + ((i * ng) << 2);
    let mx = load<f32>(row);
    for (let c: usize = 1; c < ng; c++) { const v = load<f32>(row + (c << 2)); if (v > mx) mx = v; }
    let sum: f32 = 0;
    for (let c: usize = 0; c < ng; c++) sum += Mathf.exp(load<f32>(row + (c << 2)) - mx);
    const y = <usize>load<f32>(label + (i << 2));
    const w = weightOf(weights, i);
    for (let c: usize = 0; c < ng; c++) {
      const p = Mathf.exp(load<f32>(row + (c << 2)) - mx) / sum;
      const g = c == y ? p - <f32>1.0 : p;
      const h = <f32>2.0 * p * (<f32>1.0 - p);
      put(gh + c * block, i, g * w, (h > HESS_FLOOR ? h : HESS_FLOOR) * w);
    }
  }
}

/** reg:squarederror. */
export function gradSquared(margin: usize, label: usize, weights: usize, n: i32, gh: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const w = weightOf(weights, i);
    put(gh, i, (load<f32>(margin + (i << 2)) - load<f32>(label + (i << 2))) * w, w);
  }
}

/** reg:absoluteerror: sign of the residual, unit hessian (leaves are refit to medians by the host). */
export function gradAbsolute(margin: usize, label: usize, weights: usize, n: i32, gh: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const w = weightOf(weights, i);
    const d = load<f32>(margin + (i << 2)) - load<f32>(label + (i << 2));
    const s: f32 = d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0);
    put(gh, i, s * w, w);
  }
}

/** reg:pseudohubererror with slope delta. */
export function gradPseudoHuber(margin: usize, label: usize, weights: usize, delta: f32, n: i32, gh: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const w = weightOf(weights, i);
    const z = load<f32>(margin + (i << 2)) - load<f32>(label + (i << 2));
    const q = z / delta;
    const scale = <f32>1.0 + q * q;
    const sq = Mathf.sqrt(scale);
    put(gh, i, z / sq * w, <f32>1.0 / (scale * sq) * w);
  }
}

/** count:poisson on a log-link margin; maxDeltaStep stabilises the hessian as XGBoost does. */
export function gradPoisson(margin: usize, label: usize, weights: usize, maxDeltaStep: f32, n: i32, gh: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const w = weightOf(weights, i);
    const m = load<f32>(margin + (i << 2));
    put(gh, i, (Mathf.exp(m) - load<f32>(label + (i << 2))) * w, Mathf.exp(m + maxDeltaStep) * w);
  }
}

/** Adds a leaf's value to the margins (n x nGroups, row-major; class c) of rows[begin..end), in f32 as XGBoost. */
export function leafAdd(rows: usize, begin: i32, end: i32, margin: usize, nGroups: i32, c: i32, value: f32): void {
  const ng = <usize>nGroups, cc = <usize>c;
  for (let i = begin; i < end; i++) {
    const a = margin + (((<usize>load<u32>(rows + (<usize>i << 2))) * ng + cc) << 2);
    store<f32>(a, load<f32>(a) + value);
  }
}

/** First i in [lo, hi) with rows[i] >= r (hi when none); rows[lo..hi) ascending. */
@inline
function lowerBound(rows: usize, lo: i32, hi: i32, r: u32): i32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<u32>(rows + (<usize>mid << 2)) < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds each leaf's value to the margins of its rows in [r0, r1): leaf k's rows are
 * rows[segs[2k] .. segs[2k + 1]) in ascending order, its value values[k] (f32). One block of the
 * row space per item, so no two threads write margins of neighbouring rows (one cache line).
 */
export function leafAddRange(rows: usize, segs: usize, values: usize, nLeaves: i32, r0: i32, r1: i32, margin: usize,
  nGroups: i32, c: i32): void {
  for (let k = 0; k < nLeaves; k++) {
    const s = segs + (<usize>k << 3);
    const i0 = lowerBound(rows, load<i32>(s), load<i32>(s, 4), <u32>r0);
    const i1 = lowerBound(rows, i0, load<i32>(s, 4), <u32>r1);
    if (i0 < i1) leafAdd(rows, i0, i1, margin, nGroups, c, load<f32>(values + (<usize>k << 2)));
  }
}
