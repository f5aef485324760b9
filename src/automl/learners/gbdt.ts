/** The gradient-boosting learner's search space and portfolio (XGBoost parameter names). */
import type { ParamMap } from '../../params.js';
import type { Config, Space } from '../space.js';
import type { DataShape, LearnerSpec } from './learner.js';

/** Boosting rounds are capped here and tuned per fold by early stopping on the fold's validation rows. */
export const MAX_ROUNDS = 2000;
export const EARLY_STOPPING_ROUNDS = 40;
/**
 * Boosting a model as far as XGBoost's defaults do takes eta x rounds = 30 (0.3 x 100); the
 * round cap leaves room for ~1.7x that at any eta, so a small eta is stopped by early stopping
 * or the deadline, not by a cap below what the defaults reach.
 */
export const ETA_ROUNDS = 50;

/**
 * The round cap of a trial: MAX_ROUNDS; with many classes (one tree per class per round) fewer
 * to keep a trial's cost in line, but never fewer than ETA_ROUNDS / eta.
 */
export function roundCap(eta: number, nClasses: number): number {
  const byClasses = nClasses > 2 ? Math.max(100, Math.round(MAX_ROUNDS / 2 / Math.sqrt(nClasses))) : MAX_ROUNDS;
  return Math.min(MAX_ROUNDS, Math.max(byClasses, Math.ceil(ETA_ROUNDS / eta)));
}

/**
 * The large-data warm start's depth on a sample of `rows` training rows: about a thousand rows
 * a leaf, 8 to 12 levels. More rows carry more interactions than a fixed depth can use: on
 * airline_1m's 900k rows depth 10 and 12 beat depth 8 per boosting round and per second by far
 * (BENCHMARKS section 11); below ~360k rows this is the depth 8 it always was.
 */
export function warmDepth(rows: number): number {
  return Math.min(12, Math.max(8, Math.round(Math.log2(rows / 1000))));
}

export const gbdtLearner: LearnerSpec = {
  name: 'gbdt',
  cost: 1,
  space(): Space {
    return {
      eta: { type: 'float', low: 0.01, high: 0.3, log: true },
      max_depth: { type: 'int', low: 2, high: 10 },
      min_child_weight: { type: 'float', low: 0.01, high: 50, log: true },
      subsample: { type: 'float', low: 0.5, high: 1 },
      colsample_bytree: { type: 'float', low: 0.4, high: 1 },
      lambda: { type: 'float', low: 0.01, high: 30, log: true },
      alpha: { type: 'float', low: 0.001, high: 10, log: true },
    };
  },
  lowCost(): Config {
    return { eta: 0.3, max_depth: 4, min_child_weight: 1, subsample: 1, colsample_bytree: 1, lambda: 1, alpha: 0.001 };
  },
  portfolio(shape: DataShape): Config[] {
    const base = { min_child_weight: 1, subsample: 1, colsample_bytree: 1, lambda: 1, alpha: 0.001 };
    const list: Config[] = [
      { ...base, eta: 0.1, max_depth: 6, subsample: 0.8, colsample_bytree: 0.8 },
      { ...base, eta: 0.05, max_depth: 4, subsample: 0.9, colsample_bytree: 0.7 },
      { ...base, eta: 0.3, max_depth: 6 },
      { ...base, eta: 0.05, max_depth: 8, min_child_weight: 5, subsample: 0.8, colsample_bytree: 0.6, lambda: 5 },
    ];
    // Small data: a shallow, strongly regularised config is usually among the best.
    if (shape.nRows < 2000) list.splice(1, 0, { ...base, eta: 0.03, max_depth: 3, min_child_weight: 3, subsample: 0.8, colsample_bytree: 0.5, lambda: 10 });
    return list;
  },
  warmStart(shape: DataShape): Config {
    // Deeper trees than XGBoost's defaults and a moderate eta: on hundreds of thousands of rows
    // depth pays, and early stopping or the deadline picks the rounds. The final stage sets the
    // depth again for the sample it trains on, and eta for the rounds it affords.
    return { eta: 0.1, max_depth: warmDepth(shape.nRows), min_child_weight: 1, subsample: 0.8, colsample_bytree: 0.8, lambda: 1, alpha: 0.001 };
  },
  params(config: Config, shape: DataShape, seed: number): ParamMap {
    const rounds = roundCap(Number(config.eta), shape.nClasses);
    return { ...config, num_boost_round: rounds, early_stopping_rounds: EARLY_STOPPING_ROUNDS, seed, nthread: 1 };
  },
};
