/**
 * Greedy ensemble selection (Caruana et al., "Ensemble selection from libraries of models",
 * ICML 2004) over members' OOF outputs: a weighted soft vote whose integer weights are built
 * by adding, with replacement, the member that most improves the ensemble's metric.
 */
import type { Task } from '../data/frame.js';
import { usageError } from '../errors.js';
import { innerFolds, splitFold, takeRows } from './inner-folds.js';
import { memberWidth } from '../inference/stacking.js';
import { checkMetric, isBetter, scoreOutput } from './oof-metric.js';
import { rankMembers, softVote } from './voting.js';

export interface SelectionOptions {
  metric: string;
  task: Task;
  /** Rounds of adding one member (default 50). */
  maxIter?: number;
  /** The ensemble starts with the `init` best single members, once each (default 1). */
  init?: number;
  /** Stop early after this many rounds without a new best score (default: run all maxIter rounds). */
  patience?: number;
  /** Row weights (length nRows): ensembles are scored by the weighted metric. */
  weights?: Float64Array;
}

export interface SelectionResult {
  /** Times each member was picked, in the ensemble returned (length nMembers). */
  counts: number[];
  /** counts / sum(counts). */
  weights: number[];
  /** Metric of the returned ensemble on the OOF rows (in-sample for the selection: mildly optimistic). */
  score: number;
  /** curve[0]: score of the initial ensemble; curve[r]: after round r (length: rounds run + 1). */
  curve: number[];
  /** Round of the returned ensemble: the first round with the best score on the curve. */
  bestRound: number;
}

/**
 * Runs selection for maxIter rounds (fewer with `patience`) and returns the best ensemble seen along the way (earliest
 * on ties). Each round tries every member in index order and keeps the first with the best
 * score, so equal members resolve to the lower index and the result is deterministic.
 * members: Float64Array each, nRows x nOut; y: class indices or values, length nRows.
 * Cost: maxIter x nMembers metric evaluations.
 */
export function greedySelection(members: readonly Float64Array[], y: Float64Array, opts: SelectionOptions): SelectionResult {
  const metric = checkMetric(opts.metric, opts.task);
  const nOut = memberWidth(members, y.length, opts.task);
  const M = members.length;
  const maxIter = opts.maxIter ?? 50;
  const init = Math.max(1, Math.min(M, Math.floor(opts.init ?? 1)));
  if (!Number.isInteger(maxIter) || maxIter < 0) throw usageError(`selection maxIter must be an integer >= 0 (got ${opts.maxIter})`);
  const len = y.length * nOut;
  const single = members.map((m) => scoreOutput(metric, opts.task, y, m, opts.weights));
  const counts = new Array<number>(M).fill(0);
  const sum = new Float64Array(len);
  for (const j of rankMembers(single, metric).slice(0, init)) {
    counts[j]! += 1;
    for (let i = 0; i < len; i++) sum[i] += members[j]![i]!;
  }
  let total = init;
  const current = new Float64Array(len);
  for (let i = 0; i < len; i++) current[i] = sum[i]! / total;
  const curve = [scoreOutput(metric, opts.task, y, current, opts.weights)];
  let best = { score: curve[0]!, counts: counts.slice(), round: 0 };
  const candidate = new Float64Array(len);
  for (let round = 1; round <= maxIter; round++) {
    let pick = -1;
    let pickScore = NaN;
    for (let j = 0; j < M; j++) {
      const m = members[j]!;
      for (let i = 0; i < len; i++) candidate[i] = (sum[i]! + m[i]!) / (total + 1);
      const s = scoreOutput(metric, opts.task, y, candidate, opts.weights);
      if (pick < 0 || isBetter(metric, s, pickScore)) { pick = j; pickScore = s; }
    }
    counts[pick]! += 1;
    total += 1;
    for (let i = 0; i < len; i++) sum[i] += members[pick]![i]!;
    curve.push(pickScore);
    if (isBetter(metric, pickScore, best.score)) best = { score: pickScore, counts: counts.slice(), round };
    else if (opts.patience !== undefined && round - best.round >= opts.patience) break;
  }
  const n = best.counts.reduce((a, b) => a + b, 0);
  return { counts: best.counts, weights: best.counts.map((c) => c / n), score: best.score, curve, bestRound: best.round };
}

export interface SelectionCvOptions extends SelectionOptions {
  /** Inner folds (default 5). */
  folds?: number;
  seed?: number;
}

/**
 * An honest score for greedy selection: select on k-1 inner folds of the OOF rows, predict the
 * held-out fold with those weights, and score the assembled predictions. Comparable with
 * stacking's inner-CV score (the full-data selection's own score is optimistic).
 */
export function greedySelectionCv(
  members: readonly Float64Array[],
  y: Float64Array,
  opts: SelectionCvOptions,
): { score: number; oof: Float64Array } {
  const metric = checkMetric(opts.metric, opts.task);
  const nOut = memberWidth(members, y.length, opts.task);
  const k = opts.folds ?? 5;
  const folds = innerFolds(y, opts.task, k, opts.seed ?? 0);
  const oof = new Float64Array(y.length * nOut);
  for (let f = 0; f < k; f++) {
    const { train, held } = splitFold(folds, f);
    const w = opts.weights && Float64Array.from(train, (i) => opts.weights![i]!);
    const sel = greedySelection(members.map((m) => takeRows(m, nOut, train)), Float64Array.from(train, (i) => y[i]!), { ...opts, weights: w });
    const pred = softVote(members.map((m) => takeRows(m, nOut, held)), sel.weights);
    held.forEach((row, r) => { for (let c = 0; c < nOut; c++) oof[row * nOut + c] = pred[r * nOut + c]!; });
  }
  return { score: scoreOutput(metric, opts.task, y, oof, opts.weights), oof };
}
