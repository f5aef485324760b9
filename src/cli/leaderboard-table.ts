/**
 * The leaderboard as `thicket fit` shows it: validation score (out-of-fold, or inner-fold for the
 * ensemble, labelled), test score with --test, fit seconds, prediction time per row, and each
 * trial's parameters under the names `thicket train --param` takes.
 */
import type { AutoMLModel, LeaderboardRow } from '../automl/automl-model.js';
import { predictAutoML } from '../automl/automl-model.js';
import { learnerByName } from '../automl/learners/registry.js';
import type { TrialRecord } from '../automl/trial-runner.js';
import type { Dataset } from '../data/frame.js';
import { scoreOutput } from '../ensemble/oof-metric.js';
import type { ParamValue } from '../params.js';
import { formatMetric } from './io.js';

/** One leaderboard row with the columns fit adds (the `--json` leaderboard entries). */
export interface LeaderboardEntry extends LeaderboardRow {
  /** What `value` is: out-of-fold on the validation rows (trials) or inner-fold of the out-of-fold outputs (the ensemble). */
  score_kind: 'out-of-fold' | 'inner-fold';
  /** The metric on --test (rows whose models are in the model file: the ensemble and its members). */
  test?: number;
  /** Training seconds of the trial, its folds summed (the ensemble: its members'). */
  fit_seconds?: number;
  /** Prediction seconds per row on the test (or training) rows: the model, or the member with its fold models. */
  predict_seconds_per_row?: number;
  /** The trial's parameters as `thicket train --learner <learner> --param k=v` takes them (tree learners). */
  params?: Record<string, ParamValue>;
}

/**
 * Parameters of a trial under train's names (seed and threads left out), or undefined for the
 * linear learner. GBDT: num_boost_round is the rounds its folds kept (mean), without early stopping.
 */
function trainParams(model: AutoMLModel, r: LeaderboardRow, trial: TrialRecord | undefined): Record<string, ParamValue> | undefined {
  if (r.learner === 'ensemble' || r.learner === 'linear' || !r.config) return undefined;
  const shape = {
    task: model.schema.target.task, nRows: model.validation.rows, nFeatures: model.schema.features.length,
    nClasses: model.schema.target.classes?.length ?? 0,
  };
  const { seed: _seed, nthread: _nthread, ...params } = learnerByName(r.learner).params(r.config, shape, 0);
  if (r.learner === 'gbdt' && trial?.rounds?.length) {
    params.num_boost_round = Math.max(1, Math.round(trial.rounds.reduce((a, b) => a + b, 0) / trial.rounds.length));
    delete params.early_stopping_rounds;
  }
  return params;
}

/**
 * The leaderboard rows with fit's columns. `rows`: labelled rows to time prediction on and, when
 * `isTest`, to score (members and the ensemble only: other trials' models are not kept).
 */
export function leaderboardEntries(model: AutoMLModel, trials: TrialRecord[], rows: Dataset | undefined, isTest: boolean): LeaderboardEntry[] {
  const byTrial = new Map(trials.map((t) => [t.trial, t]));
  const task = model.schema.target.task;
  const measure = (m: AutoMLModel): { test?: number; perRow?: number } => {
    if (!rows || rows.nRows === 0) return {};
    const t0 = performance.now();
    const out = predictAutoML(m, rows);
    const perRow = (performance.now() - t0) / 1000 / rows.nRows;
    return { perRow, test: isTest && rows.target ? scoreOutput(model.metric, task, rows.target, out) : undefined };
  };
  const byMember = new Map(model.members.map((mem) => [mem.trial, measure({ ...model, members: [{ ...mem, weight: 1 }], ensemble: { kind: 'single', reason: '' } })]));
  return model.leaderboard.map((r) => {
    const ensemble = r.learner === 'ensemble';
    const m = ensemble ? measure(model) : byMember.get(r.trial) ?? {};
    const fit = ensemble ? model.members.reduce((s, x) => s + (byTrial.get(x.trial)?.cost ?? 0), 0) : byTrial.get(r.trial)?.cost;
    const e: LeaderboardEntry = { ...r, score_kind: ensemble ? 'inner-fold' : 'out-of-fold' };
    if (m.test !== undefined) e.test = m.test;
    if (fit !== undefined) e.fit_seconds = Number(fit.toFixed(3));
    if (m.perRow !== undefined) e.predict_seconds_per_row = Number(m.perRow.toPrecision(3));
    const params = trainParams(model, r, byTrial.get(r.trial));
    if (params) e.params = params;
    return e;
  });
}

function configText(c: Record<string, unknown> | undefined): string {
  if (!c) return '';
  return Object.entries(c).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(' ');
}

/** Microseconds per row, for people. */
function perRowText(s: number | undefined): string {
  if (s === undefined) return '-';
  const us = s * 1e6;
  return us >= 100 ? us.toFixed(0) : us.toPrecision(2);
}

export function formatLeaderboard(rows: (LeaderboardRow | LeaderboardEntry)[], limit: number, validRows?: number): string {
  const metric = rows[0]?.metric ?? 'metric';
  const entries = rows as LeaderboardEntry[];
  const hasTest = entries.some((r) => r.test !== undefined);
  const head = ['rank', 'trial', 'learner', `valid ${metric}`, ...(hasTest ? [`test ${metric}`] : []), 'fit s', 'rows', 'predict us/row', 'parameters (train --param names)'];
  const body = entries.slice(0, limit).map((r) => [
    r.learner === 'ensemble' ? '*' : String(r.rank), r.trial < 0 ? '-' : String(r.trial), r.learner,
    `${formatMetric(r.value)}${r.learner === 'ensemble' ? ' *' : ''}`,
    ...(hasTest ? [r.test === undefined ? '-' : formatMetric(r.test)] : []),
    r.fit_seconds === undefined ? r.seconds.toFixed(2) : r.fit_seconds.toFixed(2),
    r.sample === undefined ? '-' : String(r.sample),
    perRowText(r.predict_seconds_per_row),
    configText(r.params ?? r.config),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const note = `valid: out-of-fold ${metric} on the ${validRows ?? ''}${validRows ? ' ' : ''}validation rows; * the ensemble's is inner-fold (the ensemble chosen and scored on different folds of the out-of-fold outputs)` +
    `${hasTest ? '; test: --test rows (models kept in the file only)' : ''}; fit s: training seconds, folds summed`;
  return ['leaderboard:', line(head), ...body.map(line), note].join('\n') + '\n';
}
