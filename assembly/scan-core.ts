// The split-gain arithmetic of the two multi-channel split scanners, written once and inlined into
// each: splitFindMulti (split-multi.ts: a node's 256-bin histograms, forests above the subtree
// threshold) and the forest's whole-subtree scan (forest-scan.ts: a node's rows grouped by bin).
// Channels share one hessian (class indicators or a regression target); the node score is
// sum_c G_c^2 / (H + lambda) (forests: lambda 0). One operation order, so both scanners give the
// same gains, and one tie rule: a cut replaces the best only when strictly better, missing values
// tried right (dl 0) before left (dl 1).

/** Sum over channels of G_c^2 / (H + lambda). gs: f64 x valueWidth. */
@inline
export function channelScore(gs: usize, valueWidth: i32, h: f64, lambda: f64): f64 {
  let s: f64 = 0;
  for (let c = 0; c < valueWidth; c++) { const g = load<f64>(gs + (<usize>c << 3)); s += g * g; }
  return s / (h + lambda);
}

/** channelScore of the complement: (total - part) per channel. */
@inline
export function channelScoreRest(total: usize, part: usize, valueWidth: i32, h: f64, lambda: f64): f64 {
  let s: f64 = 0;
  for (let c = 0; c < valueWidth; c++) {
    const g = load<f64>(total + (<usize>c << 3)) - load<f64>(part + (<usize>c << 3));
    s += g * g;
  }
  return s / (h + lambda);
}

/**
 * One cut: gl / hl the left side's sums without missing values, gm / hm the missing bin's; gl2:
 * f64 x valueWidth of room for gl + gm. Tries missing values right, then left; where a side is
 * allowed (both hessians >= mcw and > 0) and its gain beats `best` strictly, it becomes the best:
 * its default-left flag goes to dlAt (i32), its left hessian to hlAt (f64), its left channel sums
 * to gAt. Returns the best gain (unchanged: no side was better).
 */
@inline
export function tryCutSides(gl: usize, gm: usize, gl2: usize, valueWidth: i32, hl: f64, hm: f64, gTot: usize, hTot: f64,
  parent: f64, mcw: f64, lambda: f64, best: f64, dlAt: usize, hlAt: usize, gAt: usize): f64 {
  for (let dl = 0; dl < 2; dl++) {
    if (dl == 1 && hm <= 0) break;
    let hL = hl;
    let gLp = gl;
    if (dl == 1) {
      for (let c = 0; c < valueWidth; c++) store<f64>(gl2 + (<usize>c << 3), load<f64>(gl + (<usize>c << 3)) + load<f64>(gm + (<usize>c << 3)));
      hL = hl + hm;
      gLp = gl2;
    }
    const hR = hTot - hL;
    if (hL < mcw || hR < mcw || hL <= 0 || hR <= 0) continue;
    const gain = channelScore(gLp, valueWidth, hL, lambda) + channelScoreRest(gTot, gLp, valueWidth, hR, lambda) - parent;
    if (gain > best) {
      best = gain;
      store<i32>(dlAt, dl);
      store<f64>(hlAt, hL);
      memory.copy(gAt, gLp, <usize>valueWidth << 3);
    }
  }
  return best;
}
