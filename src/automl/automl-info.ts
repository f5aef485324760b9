/** `thicket info` for AutoML models: validation, ensemble, members and the leaderboard. */
import type { AutoMLModel } from './automl-model.js';
import { memberWeights } from '../inference/automl-model.js';

export interface AutoMLSummary {
  model: string;
  learner: 'automl';
  task: string;
  target: string;
  classes?: string[];
  features: { name: string; kind: string }[];
  preprocess: AutoMLModel['preprocess'];
  metric: string;
  validation: AutoMLModel['validation'];
  ensemble: AutoMLModel['ensemble'];
  /** weight: the averaging weight, or a stacked ensemble's share of the stacker (see memberWeights). */
  members: { trial: number; learner: string; weight: number; folds: number; trees: number }[];
  leaderboard: AutoMLModel['leaderboard'];
}

export function summarizeAutoML(m: AutoMLModel, path: string): AutoMLSummary {
  const weights = memberWeights(m);
  return {
    model: path, learner: 'automl', task: m.schema.target.task, target: m.schema.target.name, classes: m.schema.target.classes,
    features: m.schema.features.map((f) => ({ name: f.name, kind: f.kind })),
    preprocess: m.preprocess, metric: m.metric, validation: m.validation, ensemble: m.ensemble,
    members: m.members.map((x, j) => ({ trial: x.trial, learner: x.learner, weight: weights[j]!, folds: x.folds.length, trees: x.folds.reduce((s, f) => s + (f.learner === 'linear' ? 0 : f.trees.treeRoot.length), 0) })),
    leaderboard: m.leaderboard,
  };
}

export function formatAutoMLInfo(s: AutoMLSummary): string {
  const lines = [
    `model:          ${s.model}`,
    `learner:        automl (${s.ensemble.kind})`,
    `target:         ${s.target} (${s.task})`,
    ...(s.classes ? [`classes:        ${s.classes.length}: ${s.classes.join(', ')}`] : []),
    `features:       ${s.features.length} after preprocessing (${s.features.filter((f) => f.kind === 'categorical').length} categorical)`,
    ...s.preprocess.dropped.map((d) => `  dropped ${d.name}: ${d.reason}`),
    ...s.preprocess.dates.map((d) => `  ${d.name}: date parts`),
    ...s.preprocess.rare.map((r) => `  ${r.name}: rare levels grouped (${r.keep.length} kept)`),
    `validation:     ${s.validation.kind === 'cv' ? `${s.validation.folds}-fold CV` : 'holdout'} on ${s.validation.rows} rows: ${s.metric} ${s.validation.value}`,
    `ensemble:       ${s.ensemble.reason}`,
    s.ensemble.kind === 'stacking' ? 'members (weight: share of the stacker\'s absolute coefficients):' : 'members:',
    ...s.members.map((m) => `  trial ${m.trial} ${m.learner} weight ${m.weight.toFixed(3)}: ${m.folds} fold models, ${m.trees} trees`),
    'leaderboard:',
    ...s.leaderboard.slice(0, 10).map((r) => `  ${r.learner === 'ensemble' ? '*' : r.rank}. ${r.learner}${r.trial >= 0 ? ` trial ${r.trial}` : ''}: ${r.metric} ${r.value}`),
  ];
  return lines.join('\n') + '\n';
}
