/** The final pick among ensemble candidates by validation score, with a one-sentence reason. */
import { usageError } from '../errors.js';
import { higherIsBetter, isBetter } from './oof-metric.js';

export type EnsembleKind = 'single' | 'soft-vote' | 'hard-vote' | 'greedy' | 'stacking';

/** Simplest first: a tie (or a gain within minGain) goes to the simpler kind. */
const SIMPLICITY: readonly EnsembleKind[] = ['single', 'soft-vote', 'hard-vote', 'greedy', 'stacking'];

export interface EnsembleCandidate {
  kind: EnsembleKind;
  /** Validation score of this candidate (NaN: unavailable, never chosen while another has a score). */
  score: number;
  /** Members with a non-zero weight. */
  nMembers: number;
  /** Optional detail for the reason, e.g. the single model's learner and trial ("gbdt #12"). */
  label?: string;
}

export interface EnsembleChoice {
  kind: EnsembleKind;
  /** Index of the chosen candidate in the input list. */
  index: number;
  score: number;
  /** A human sentence, e.g. "greedy selection of 4 models: logloss 0.312 vs best single 0.330". */
  reason: string;
}

export interface ChooseOptions {
  /**
   * A more complex candidate must beat a simpler one by more than this (absolute, in metric
   * units; default 0): the simplest candidate within minGain of the best score is chosen.
   */
  minGain?: number;
}

/** Names a candidate in a sentence. */
export function describeCandidate(c: EnsembleCandidate): string {
  const models = `${c.nMembers} model${c.nMembers === 1 ? '' : 's'}`;
  switch (c.kind) {
    case 'single': return `best single model${c.label ? ` (${c.label})` : ''}`;
    case 'soft-vote': return `soft vote of top ${models}`;
    case 'hard-vote': return `hard vote of top ${models}`;
    case 'greedy': return `greedy selection of ${models}`;
    case 'stacking': return `stacking of ${models}`;
  }
}

/** The two scores with just enough significant digits (3 to 10) to tell them apart. */
export function formatPair(a: number, b: number): [string, string] {
  const fmt = (x: number, d: number) => (Number.isFinite(x) ? Number(x.toPrecision(d)).toString() : String(x));
  for (let d = 3; d < 10; d++) if (fmt(a, d) !== fmt(b, d)) return [fmt(a, d), fmt(b, d)];
  return [fmt(a, 10), fmt(b, 10)];
}

/**
 * Picks the candidate with the best score, preferring the simplest kind among those within
 * `minGain` of it (on exact ties the earlier candidate of the same kind).
 */
export function chooseEnsemble(candidates: readonly EnsembleCandidate[], metric: string, opts: ChooseOptions = {}): EnsembleChoice {
  if (candidates.length === 0) throw usageError('no ensemble candidates to choose from');
  const minGain = opts.minGain ?? 0;
  let best = 0;
  candidates.forEach((c, i) => { if (isBetter(metric, c.score, candidates[best]!.score)) best = i; });
  const bestScore = candidates[best]!.score;
  const sign = higherIsBetter(metric) ? 1 : -1;
  const close = (s: number) => Number.isNaN(bestScore) || (!Number.isNaN(s) && sign * (bestScore - s) <= minGain);
  let pick = best;
  candidates.forEach((c, i) => {
    if (!close(c.score)) return;
    const rank = SIMPLICITY.indexOf(c.kind);
    const pickRank = SIMPLICITY.indexOf(candidates[pick]!.kind);
    if (rank < pickRank || (rank === pickRank && isBetter(metric, c.score, candidates[pick]!.score))) pick = i;
  });
  const chosen = candidates[pick]!;
  return { kind: chosen.kind, index: pick, score: chosen.score, reason: reasonFor(candidates, pick, best, metric, minGain) };
}

function reasonFor(cands: readonly EnsembleCandidate[], pick: number, best: number, metric: string, minGain: number): string {
  const chosen = cands[pick]!;
  const name = describeCandidate(chosen);
  if (Number.isNaN(chosen.score)) return `${name}: no candidate had a ${metric} score`;
  const others = cands.filter((_, i) => i !== pick && !Number.isNaN(cands[i]!.score));
  if (others.length === 0) return `${name}: ${metric} ${formatPair(chosen.score, chosen.score)[0]} (the only candidate)`;
  if (pick !== best) {
    const [a, b] = formatPair(chosen.score, cands[best]!.score);
    return `${name}: ${metric} ${a}, preferred as simpler to ${describeCandidate(cands[best]!)} (${b}), within the ${minGain} margin`;
  }
  if (chosen.kind !== 'single') {
    const single = cands.find((c) => c.kind === 'single' && !Number.isNaN(c.score));
    if (single) {
      const [a, b] = formatPair(chosen.score, single.score);
      return `${name}: ${metric} ${a} vs best single ${b}`;
    }
  }
  // The chosen one is the best single model, or there is no single to compare with: compare with the runner-up.
  let runner = others[0]!;
  for (const c of others) if (isBetter(metric, c.score, runner.score)) runner = c;
  const [a, b] = formatPair(chosen.score, runner.score);
  const verb = chosen.kind === 'single' ? 'no ensemble beat it' : 'best of the candidates';
  return `${name}: ${metric} ${a}; ${verb} (next: ${describeCandidate(runner)} at ${b})`;
}
