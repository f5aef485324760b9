/**
 * Plain-TypeScript twin of assembly/split-multi.ts (tests only): split search over valueWidth gradient
 * channels sharing one hessian (forests), scored by sum_c G_c^2 / (H + lambda) in f64.
 */
import { MISSING_BIN } from '../wasm/layout.js';

export interface MultiParams {
  lambda: number;
  minChildWeight: number;
}

/** One feature's histograms: chans[c] is channel c's 512 values (g, h per slot); hessians are read from channel 0. */
export type Channels = Float64Array[];

export interface MultiSplit {
  /** Loss change; -Infinity when no candidate is valid. */
  gain: number;
  /** Left-child gradient sum per channel. */
  leftG: number[];
  leftH: number;
  /** Value bins going left (missing follows defaultLeft). */
  leftBins: number[];
  defaultLeft: boolean;
  /** Position of the cut in the scan order (left = order[0..pos]); -1 when not from a scan. */
  pos: number;
}

/** Sum over channels of G_c^2 / (H + lambda). */
export function multiScore(g: ArrayLike<number>, h: number, lambda: number): number {
  let s = 0;
  for (let c = 0; c < g.length; c++) s += g[c] * g[c];
  return s / (h + lambda);
}

const NONE: MultiSplit = { gain: -Infinity, leftG: [], leftH: 0, leftBins: [], defaultLeft: false, pos: -1 };

/** Channel sums and hessian of a side: value bins in `side`, plus missing when withMissing, summed directly. */
export function sideSums(chans: Channels, nBins: number, side: (b: number) => boolean, withMissing: boolean): [number[], number] {
  const slots = [...Array(nBins).keys()].filter(side);
  if (withMissing) slots.push(MISSING_BIN);
  const g = chans.map((ch) => slots.reduce((a, b) => a + ch[2 * b], 0));
  return [g, slots.reduce((a, b) => a + chans[0][2 * b + 1], 0)];
}

/** Scores a candidate; both sides non-empty (positive hessian) and at least min_child_weight. */
function consider(best: MultiSplit, p: MultiParams, chans: Channels, nBins: number, gTot: number[], h: number,
  left: number[], dl: boolean, pos: number): MultiSplit {
  const inLeft = new Set(left);
  const [gl, hl] = sideSums(chans, nBins, (b) => inLeft.has(b), dl);
  const [gr, hr] = sideSums(chans, nBins, (b) => !inLeft.has(b), !dl);
  if (hl <= 0 || hr <= 0 || hl < p.minChildWeight || hr < p.minChildWeight) return best;
  const gain = multiScore(gl, hl, p.lambda) + multiScore(gr, hr, p.lambda) - multiScore(gTot, h, p.lambda);
  return gain > best.gain ? { gain, leftG: gl, leftH: hl, leftBins: left, defaultLeft: dl, pos } : best;
}

/**
 * The kernel's scan order of a feature's bins: bin order, except exact single-channel
 * categorical features, sorted (stably) by G/H with empty bins keyed 0.
 */
export function scanOrder(chans: Channels, nBins: number, isCat: boolean, random: boolean): number[] {
  const order = [...Array(nBins).keys()];
  if (!isCat || chans.length !== 1 || random) return order;
  const key = (b: number) => (chans[0][2 * b + 1] > 0 ? chans[0][2 * b] / chans[0][2 * b + 1] : 0);
  return order.sort((a, b) => key(a) - key(b));
}

/**
 * Cuts of `order` (left = order[0..pos]) with missing values on either side. mode 'kernel':
 * cuts with present bins on both sides, as the kernel scans them (u >= 0: only the cut at
 * position lo + floor(u * (hi - lo)), lo / hi the first / last present positions). mode 'all':
 * every cut, including those that leave the missing values alone on one side.
 */
export function scanCuts(p: MultiParams, chans: Channels, nBins: number, gTot: number[], h: number, order: number[],
  mode: 'kernel' | 'all', u = -1): MultiSplit {
  const present = order.map((b) => chans[0][2 * b + 1] > 0);
  const lo = present.indexOf(true), hi = present.lastIndexOf(true);
  if (mode === 'kernel' && hi <= lo) return NONE;
  const only = u >= 0 ? lo + Math.floor(u * (hi - lo)) : -1;
  let best = NONE;
  for (let pos = -1; pos < nBins; pos++) {
    if (mode === 'kernel' && (pos < lo || pos >= hi || (only >= 0 && pos !== only))) continue;
    for (const dl of [false, true]) best = consider(best, p, chans, nBins, gTot, h, order.slice(0, pos + 1), dl, pos);
  }
  return best;
}

/** Every subset of the present bins (2^n, n <= 16) with missing values on either side. */
export function exhaustiveSubsets(p: MultiParams, chans: Channels, nBins: number, gTot: number[], h: number,
  includeMissingAlone = true): MultiSplit {
  const cats = [...Array(nBins).keys()].filter((b) => chans[0][2 * b + 1] > 0);
  const n = cats.length;
  if (n > 16) throw new Error(`exhaustiveSubsets: ${n} bins is too many to enumerate`);
  let best = NONE;
  for (let mask = 0; mask < 1 << n; mask++) {
    const left = cats.filter((_, i) => (mask >> i) & 1);
    for (const dl of [false, true]) {
      if (!includeMissingAlone && ((mask === 0 && dl) || (mask === (1 << n) - 1 && !dl))) continue;
      best = consider(best, p, chans, nBins, gTot, h, left, dl, -1);
    }
  }
  return best;
}
