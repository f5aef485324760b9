/**
 * The final model from the kept trials: the best single trial, a greedy-selection ensemble
 * (Caruana) or a stacked linear meta-learner, whichever scores best on inner folds of the
 * out-of-fold outputs (all three are scored the same honest way: chosen or fitted on part of
 * the rows, scored on the rest).
 *
 * Fold models are kept as a bagged ensemble rather than refitted on all rows: no refit time
 * comes out of the budget, the ensemble weights were fitted on exactly these models' out-of-
 * fold outputs, and averaging the k fold models bags them (AutoGluon makes the same choice).
 */
import type { Task } from '../data/frame.js';
import { greedySelection, greedySelectionCv } from '../ensemble/selection.js';
import type { Stacker } from '../inference/stacking.js';
import { fitStack } from '../ensemble/stacking.js';
import { chooseEnsemble, type EnsembleCandidate } from '../ensemble/choose.js';
import type { ValidationPlan } from './folds.js';
import type { TrialRunner, KeptTrial } from './trial-runner.js';
import type { AutoMLMember, LeaderboardRow } from './automl-model.js';

/** Stacking uses the best few trials only: the meta-learner and the model file stay small. */
const STACK_MEMBERS = 6;
/**
 * Stacking fits (inner folds + 1) logistic / ridge models on rows x members x outputs meta-
 * features; above this many cells (e.g. 16k rows x 6 members x 26 classes) the multinomial
 * fits take minutes, so stacking is not tried.
 */
const STACK_MAX_CELLS = 1_500_000;
/** Greedy selection rounds, and inner folds for the honest scores. */
const SELECTION_ROUNDS = 25;
const INNER_FOLDS = 3;
/** Greedy selection stops after this many rounds without a better ensemble (it keeps the best seen). */
const SELECTION_PATIENCE = 8;
/** Fewer rounds than this are not worth a selection: the best single trial is the model then. */
const MIN_SELECTION_ROUNDS = 4;

/**
 * Greedy selection rounds that fit in `ms`, given `onceMs`, the time to score every member once
 * on the inner folds (one round costs about that much): SELECTION_ROUNDS when they fit, fewer
 * when only those fit, 0 below MIN_SELECTION_ROUNDS.
 */
export function affordableRounds(ms: number, onceMs: number): number {
  const rounds = Math.min(SELECTION_ROUNDS, Math.floor((ms - onceMs) / Math.max(onceMs, 1e-3)));
  return rounds >= MIN_SELECTION_ROUNDS ? rounds : 0;
}
/**
 * Rows the ensemble search looks at: selection and stacking score hundreds of candidate
 * ensembles (cost per ensemble on 100k rows: BENCHMARKS.md section 11); an evenly spaced 20k-row sample keeps
 * the final step short and estimates a handful of weights just as well.
 */
const ENSEMBLE_ROWS = 20_000;

/** Every k-th row of the OOF matrices and target (k = ceil(n / max)); all rows when n <= max. */
function thin(oofs: Float64Array[], y: Float64Array, max: number, weights?: Float64Array): { oofs: Float64Array[]; y: Float64Array; weights?: Float64Array } {
  if (y.length <= max) return { oofs, y, weights };
  const step = Math.ceil(y.length / max);
  const rows = Array.from({ length: Math.ceil(y.length / step) }, (_, i) => i * step);
  const w = oofs[0].length / y.length;
  return {
    y: Float64Array.from(rows, (r) => y[r]),
    weights: weights && Float64Array.from(rows, (r) => weights[r]),
    oofs: oofs.map((o) => {
      const out = new Float64Array(rows.length * w);
      rows.forEach((r, i) => { for (let c = 0; c < w; c++) out[i * w + c] = o[r * w + c]; });
      return out;
    }),
  };
}

export interface FinalEnsemble {
  kind: string;
  reason: string;
  /** Out-of-fold value of the chosen model's metric (inner-fold value for ensembles). */
  value: number;
  members: AutoMLMember[];
  stacker?: Stacker;
  leaderboard: LeaderboardRow[];
}

function member(k: KeptTrial, weight: number): AutoMLMember {
  return { trial: k.record.trial, learner: k.record.learner, config: k.record.config, weight, folds: k.folds };
}

/** budgetMs: time left for this step; candidates that would not fit are skipped. */
export function buildEnsemble(runner: TrialRunner, task: Task, metric: string, _plan: ValidationPlan, budgetMs = Infinity): FinalEnsemble {
  const t0 = performance.now();
  const kept = runner.keptTrials();
  const y = runner.scoredTarget;
  const best = kept[0];
  const leaderboard: LeaderboardRow[] = kept.map((k, i) => ({
    rank: i + 1, trial: k.record.trial, learner: k.record.learner, metric, value: k.record.value, seconds: k.record.seconds, sample: k.record.sample, config: k.record.config,
  }));
  const label = `trial ${best.record.trial}, ${best.record.learner}`;
  if (kept.length < 2) {
    return { kind: 'single', value: best.record.value, members: [member(best, 1)], leaderboard, reason: `best single model (${label}): ${metric} ${best.record.value}` };
  }
  const { oofs, y: ys, weights } = thin(kept.map((k) => k.oof), y, ENSEMBLE_ROWS, runner.scoredWeights);
  // Under --weight every candidate is scored by the weighted metric, as the trials were.
  const opts = { metric, task, folds: INNER_FOLDS, seed: 0, weights };
  // Picking the best single trial on part of the rows and scoring it on the rest puts the
  // single model on the same footing as the ensembles (its own OOF score won a contest).
  const single = greedySelectionCv(oofs, ys, { ...opts, maxIter: 0 });
  // Greedy selection scores each member once per round, so a round costs about what scoring
  // them once did (which also paid the first call's warm-up: an over-estimate). Without time
  // for a few rounds (a tight or overrun budget) the best single trial is the model.
  const once = performance.now() - t0;
  const rounds = affordableRounds(budgetMs - once, once);
  if (rounds === 0) {
    return { kind: 'single', value: best.record.value, members: [member(best, 1)], leaderboard, reason: `best single model (${label}): ${metric} ${best.record.value}; no time left to search ensembles` };
  }
  const selection = { ...opts, maxIter: rounds, patience: SELECTION_PATIENCE };
  const greedy = greedySelectionCv(oofs, ys, selection);
  const top = oofs.slice(0, Math.min(STACK_MEMBERS, oofs.length));
  const nOutputs = oofs[0].length / ys.length;
  const spent = performance.now() - t0;
  // Stacking costs several times the selection: try it only when it is small and time is left.
  const stack = ys.length * top.length * nOutputs <= STACK_MAX_CELLS && budgetMs - spent > 4 * spent ? fitStack(top, ys, opts) : null;
  const candidates: EnsembleCandidate[] = [
    { kind: 'single', score: single.score, nMembers: 1, label },
    { kind: 'greedy', score: greedy.score, nMembers: kept.length },
  ];
  if (stack) candidates.push({ kind: 'stacking', score: stack.score, nMembers: top.length });
  const choice = chooseEnsemble(candidates, metric);
  if (choice.kind === 'single') {
    return { kind: 'single', value: best.record.value, members: [member(best, 1)], leaderboard, reason: choice.reason };
  }
  if (choice.kind === 'stacking' && stack) {
    leaderboard.unshift({ rank: 0, trial: -1, learner: 'ensemble', metric, value: stack.score, seconds: 0 });
    return {
      kind: 'stacking', value: stack.score, leaderboard, reason: choice.reason, stacker: stack.stacker,
      members: kept.slice(0, top.length).map((k) => member(k, 1 / top.length)),
    };
  }
  const sel = greedySelection(oofs, ys, selection);
  const members = kept.map((k, i) => ({ k, w: sel.weights[i] })).filter((x) => x.w > 0).map((x) => member(x.k, x.w));
  const total = members.reduce((s, m) => s + m.weight, 0);
  for (const m of members) m.weight /= total;
  leaderboard.unshift({ rank: 0, trial: -1, learner: 'ensemble', metric, value: greedy.score, seconds: 0 });
  return { kind: 'greedy', value: greedy.score, members, leaderboard, reason: choice.reason };
}
