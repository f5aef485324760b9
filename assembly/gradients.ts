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

/** binary:logistic. margin, label (0/1), weights (0 = none): f32 x n. */
export function gradLogistic(margin: usize, label: usize, weights: usize, scalePosWeight: f32, n: i32, gh: usize): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    const m = load<f32>(margin + (i << 2));
    const y = load<f32>(label + (i << 2));
    const p = <f32>1.0 / (<f32>1.0 + Mathf.exp(-m));
    let w = weightOf(weights, i);
    if (y == 1.0) w *= scalePosWeight;
    const h = p * (<f32>1.0 - p);
    put(gh, i, (p - y) * w, (h > HESS_FLOOR ? h : HESS_FLOOR) * w);
  }
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
