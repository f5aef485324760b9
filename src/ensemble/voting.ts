/** Soft and hard voting over member OOF / test outputs, and equal weights for the top-k members. */
import { usageError } from '../errors.js';
import { isBetter } from './oof-metric.js';

/** Weights checked (finite, >= 0, positive sum, one per member) and scaled to sum to 1. */
export function normaliseWeights(weights: ArrayLike<number>, nMembers: number): Float64Array {
  if (weights.length !== nMembers) throw usageError(`${weights.length} weights for ${nMembers} members`);
  let sum = 0;
  for (let j = 0; j < nMembers; j++) {
    const w = weights[j]!;
    if (!Number.isFinite(w) || w < 0) throw usageError(`weight ${j} must be a finite number >= 0 (got ${w})`);
    sum += w;
  }
  if (!(sum > 0)) throw usageError('ensemble weights sum to 0');
  return Float64Array.from({ length: nMembers }, (_, j) => weights[j]! / sum);
}

function checkSameLength(members: readonly Float64Array[]): number {
  if (members.length === 0) throw usageError('voting needs at least one member');
  const len = members[0]!.length;
  members.forEach((m, j) => { if (m.length !== len) throw usageError(`member ${j} has ${m.length} outputs, member 0 has ${len}`); });
  return len;
}

/** Weighted mean of the members' outputs (probabilities or values), same shape as a member. */
export function softVote(members: readonly Float64Array[], weights: ArrayLike<number>): Float64Array {
  const len = checkSameLength(members);
  const w = normaliseWeights(weights, members.length);
  const out = new Float64Array(len);
  members.forEach((m, j) => {
    const wj = w[j]!;
    if (wj === 0) return;
    for (let i = 0; i < len; i++) out[i] += wj * m[i]!;
  });
  return out;
}

/**
 * Weighted majority of the members' argmax labels, as one-hot probabilities (nRows x nOut).
 * A tie between classes goes to the one with the larger soft-vote probability, then to the
 * lower class index.
 */
export function hardVote(members: readonly Float64Array[], weights: ArrayLike<number>, nOut: number): Float64Array {
  const len = checkSameLength(members);
  if (!Number.isInteger(nOut) || nOut < 2 || len % nOut !== 0) throw usageError(`hard voting needs class probabilities; ${len} outputs do not split into rows of ${nOut}`);
  const w = normaliseWeights(weights, members.length);
  const n = len / nOut;
  const soft = softVote(members, w);
  const votes = new Float64Array(nOut);
  const out = new Float64Array(len);
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    members.forEach((m, j) => {
      let best = 0;
      for (let c = 1; c < nOut; c++) if (m[i * nOut + c]! > m[i * nOut + best]!) best = c;
      votes[best] += w[j]!;
    });
    let win = 0;
    for (let c = 1; c < nOut; c++) {
      const dv = votes[c]! - votes[win]!;
      // Vote sums of equal weights can differ by rounding only: treat |dv| < 1e-12 as a tie.
      if (dv > 1e-12 || (Math.abs(dv) <= 1e-12 && soft[i * nOut + c]! > soft[i * nOut + win]!)) win = c;
    }
    out[i * nOut + win] = 1;
  }
  return out;
}

/**
 * Equal weights 1/k for the k best members by score (ties: lower index first; NaN scores
 * never chosen while others remain), 0 for the rest; k is clamped to [1, members].
 */
export function topKWeights(scores: readonly number[], k: number, metric: string): number[] {
  const n = scores.length;
  if (n === 0) throw usageError('topKWeights: no members');
  const kk = Math.max(1, Math.min(n, Math.floor(k)));
  const order = rankMembers(scores, metric);
  const weights = new Array<number>(n).fill(0);
  for (const j of order.slice(0, kk)) weights[j] = 1 / kk;
  return weights;
}

/** Member indices from best to worst score (ties by index); NaN scores last. */
export function rankMembers(scores: readonly number[], metric: string): number[] {
  return scores.map((_, j) => j).sort((a, b) => {
    if (isBetter(metric, scores[a]!, scores[b]!)) return -1;
    if (isBetter(metric, scores[b]!, scores[a]!)) return 1;
    return a - b;
  });
}
