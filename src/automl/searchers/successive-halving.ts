/**
 * Asynchronous successive halving for stopping bad trials early on a budget resource (boosting rounds, trees):
 * a trial reports its score at each rung and continues only while it ranks in the top 1/eta of the scores
 * recorded at that rung so far. Independent of the searchers.
 */

/**
 * Resource levels at which trials are judged: minResource * eta^k below maxResource, then maxResource.
 * Example: rungs(10, 300, 3) = [10, 30, 90, 270, 300]. Values are rounded to integers (resources are counts).
 */
export function rungs(minResource: number, maxResource: number, eta: number): number[] {
  if (!(minResource > 0) || !(maxResource >= minResource) || !(eta > 1)) {
    throw new Error(`successive halving: need 0 < minResource <= maxResource and eta > 1 (got ${minResource}, ${maxResource}, ${eta})`);
  }
  const out: number[] = [];
  for (let r = minResource; r < maxResource; r *= eta) {
    const v = Math.round(r);
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  const last = Math.round(maxResource);
  if (out.length === 0 || last > out[out.length - 1]) out.push(last);
  return out;
}

export interface SuccessiveHalvingOptions {
  minResource: number;
  maxResource: number;
  /** Reduction factor: about 1 in eta trials goes on from each rung. Default 3. */
  eta?: number;
  /**
   * A rung judges nobody until it holds more than this many scores (those trials continue): the first few
   * trials have no peers to be compared with. Default eta.
   */
  minPeers?: number;
}

/** Trial identifiers as the AutoML loop names them. */
export type TrialId = string | number;

export class SuccessiveHalving {
  /** Resource levels, increasing; index = rung number used by shouldContinue. */
  readonly rungs: readonly number[];
  readonly eta: number;
  private readonly minPeers: number;
  /** Per rung: trial -> score at that rung (HIGHER IS BETTER; failures stored as -Infinity). */
  private readonly scores: Map<TrialId, number>[];

  constructor(opts: SuccessiveHalvingOptions) {
    this.eta = opts.eta ?? 3;
    this.rungs = rungs(opts.minResource, opts.maxResource, this.eta);
    this.minPeers = Math.max(0, Math.floor(opts.minPeers ?? this.eta));
    this.scores = this.rungs.map(() => new Map());
  }

  /**
   * Records `score` (higher is better; NaN counts as -Infinity) of trial `trialId` after `rungs[rung]` units
   * of resource, and says whether the trial should train on to the next rung: true while the rung holds at most
   * minPeers scores, otherwise only when the score is among the best ceil(n / eta) of the n scores recorded at
   * this rung (this one included; ties go to the trial). False at the last rung (the trial is complete) and
   * for a non-finite score. A trial reporting the same rung again replaces its earlier score.
   */
  shouldContinue(trialId: TrialId, rung: number, score: number): boolean {
    if (!Number.isInteger(rung) || rung < 0 || rung >= this.rungs.length) {
      throw new Error(`successive halving: rung ${rung} is outside 0..${this.rungs.length - 1}`);
    }
    const s = Number.isNaN(score) ? -Infinity : score;
    const at = this.scores[rung];
    at.set(trialId, s);
    if (rung === this.rungs.length - 1 || s === -Infinity) return false;
    const n = at.size;
    if (n <= this.minPeers) return true;
    let better = 0;
    for (const v of at.values()) if (v > s) better++;
    return better < Math.ceil(n / this.eta);
  }

  /** Number of scores recorded at `rung`. */
  recorded(rung: number): number {
    return this.scores[rung]?.size ?? 0;
  }
}
