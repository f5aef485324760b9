/**
 * The final model from the kept trials: the best single trial, or a greedy-selection ensemble
 * (Caruana) of them when its honestly cross-validated out-of-fold score is better.
 *
 * Fold models are kept as a bagged ensemble rather than refitted on all rows: no refit time
 * comes out of the budget, the ensemble weights were fitted on exactly these models' out-of-
 * fold outputs, and averaging the k fold models bags them (AutoGluon makes the same choice).
 */
import type { Task } from '../data/frame.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel } from '../model/model.js';
import type { Schema } from '../data/frame.js';
import { greedySelection, greedySelectionCv } from '../ensemble/selection.js';
import { softVote } from '../ensemble/voting.js';
import type { ValidationPlan } from './folds.js';
import type { TrialRunner, KeptTrial } from './trial-runner.js';
import type { AutoMLMember, LeaderboardRow } from './automl-model.js';
import { metricValue, searchScore } from './scoring.js';
import type { FoldModel } from './trial.js';

export interface FinalEnsemble {
  kind: 'single' | 'greedy';
  reason: string;
  /** Out-of-fold value of the chosen model's metric. */
  value: number;
  members: AutoMLMember[];
  leaderboard: LeaderboardRow[];
}

function foldModel(schema: Schema, m: FoldModel): GBDTModel {
  return {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'gbdt', schema, objective: m.objective,
    nGroups: m.nGroups, baseMargin: m.baseMargin, params: m.params, trees: m.trees,
    training: { history: [], bestIteration: m.bestIteration, rounds: m.rounds },
  };
}

function member(schema: Schema, k: KeptTrial, weight: number): AutoMLMember {
  return { trial: k.record.trial, learner: k.record.learner, config: k.record.config, weight, folds: k.folds.map((f) => foldModel(schema, f)) };
}

export function buildEnsemble(runner: TrialRunner, schema: Schema, task: Task, metric: string, _plan: ValidationPlan): FinalEnsemble {
  const kept = runner.keptTrials();
  const y = runner.scoredTarget;
  const best = kept[0];
  const fmt = (v: number) => v.toPrecision(5);
  const leaderboard: LeaderboardRow[] = kept.map((k, i) => ({
    rank: i + 1, trial: k.record.trial, learner: k.record.learner, metric, value: k.record.value, seconds: k.record.seconds, config: k.record.config,
  }));
  const single = (): FinalEnsemble => ({
    kind: 'single', value: best.record.value, members: [member(schema, best, 1)], leaderboard,
    reason: `best single trial ${best.record.trial} (${best.record.learner}): ${metric} ${fmt(best.record.value)}`,
  });
  if (kept.length < 2) return single();
  const oofs = kept.map((k) => k.oof);
  // 3 inner folds x 25 rounds keeps this to seconds even for 100k scored rows and AUC.
  const cv = greedySelectionCv(oofs, y, { metric, task, folds: 3, seed: 0, maxIter: 25 });
  // The best single trial's own score was used to pick it among many, so compare like with
  // like: the ensemble must beat it on held-out inner folds to be chosen.
  if (!(searchScore(metric, cv.score) > searchScore(metric, best.record.value))) {
    const s = single();
    s.reason += `; greedy selection scored ${fmt(cv.score)} on inner folds, not better`;
    return s;
  }
  const sel = greedySelection(oofs, y, { metric, task, maxIter: 25 });
  const members = kept.map((k, i) => ({ k, w: sel.weights[i] })).filter((x) => x.w > 0).map((x) => member(schema, x.k, x.w));
  const value = metricValue(metric, task, y, softVote(oofs, sel.weights));
  leaderboard.unshift({ rank: 0, trial: -1, learner: 'ensemble', metric, value, seconds: 0 });
  return {
    kind: 'greedy', value, members, leaderboard,
    reason: `greedy selection of ${members.length} trials: ${metric} ${fmt(cv.score)} on inner folds vs best single ${fmt(best.record.value)}`,
  };
}
