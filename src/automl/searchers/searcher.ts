/** The Searcher interface every hyper-parameter searcher implements and its options (registry.ts builds one by name). */
import type { Config } from '../space.js';

/** The outcome of one finished trial. */
export interface TrialResult {
  /** Validation score, HIGHER IS BETTER (the loop negates losses). NaN or -Infinity for a failed trial. */
  score: number;
  /** Seconds the trial took (its cost). */
  cost: number;
  /** True when the trial threw, ran out of memory or overran; its score is then ignored. */
  failed?: boolean;
}

/**
 * Proposes configs of one search space, one at a time, and learns from their results.
 *
 * Protocol for the AutoML loop: call suggest() whenever a worker is free (several trials may be pending at
 * once), and onTrialComplete() once per finished trial, in any order. A null suggestion means the searcher has
 * nothing left to propose (its finite space or grid is exhausted); stop asking it.
 */
export interface Searcher {
  readonly name: string;
  /** Next config to try, or null when the searcher has nothing left (grid exhausted). Never returns a config it already returned (dedupe by configKey) unless the space is exhausted. */
  suggest(): Config | null;
  /** Report a finished trial of a config this searcher suggested. Trials may complete out of order (several run in parallel). */
  onTrialComplete(config: Config, result: TrialResult): void;
}

/** Options shared by every searcher. */
export interface SearcherOptions {
  /** Seed of the searcher's Rng: the same seed and the same results give the same suggestions. */
  seed: number;
  /** Known-good configs tried first, in order (the default portfolio). */
  initial?: Config[];
  /** A cheap starting point for the cost-frugal search (FLAML's low_cost_partial_config idea). */
  lowCost?: Config;
}

export type SearcherName = 'grid' | 'random' | 'tpe' | 'cfo';

/** A trial's score as searchers compare it: failed trials and NaN count as -Infinity. */
export function effectiveScore(result: TrialResult): number {
  if (result.failed || Number.isNaN(result.score)) return -Infinity;
  return result.score;
}
