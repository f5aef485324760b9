/** A model's summary for `thicket info`: a plain object (for --json) and its human-readable text. */
import type { Model } from './model.js';
import { featureImportance, type FeatureImportance } from './feature-importance.js';

export interface ModelSummary {
  file: string;
  learner: string;
  /** GBDT: the objective; forests: "probability" (classification) or "value" (regression). */
  objective: string;
  task: string;
  target: string;
  classes?: string[];
  features: { name: string; kind: string; levels?: number }[];
  trees: number;
  nodes: number;
  leaves: number;
  max_depth: number;
  output_groups: number;
  /** GBDT only. */
  base_margin?: number;
  /** GBDT: boosting rounds; forests: trees. */
  rounds: number;
  /** GBDT only. */
  best_iteration?: number;
  eval_metric?: string;
  /** Forests: out-of-bag score, its metric, and every out-of-bag metric. */
  oob_score?: number;
  oob_metric?: string;
  oob_metrics?: Record<string, number>;
  params: Record<string, number | string | boolean>;
  metrics: Record<string, number>;
  /** Split-based importance per feature, most important first. */
  importance: FeatureImportance[];
  /** Permutation importance on a given dataset, when computed (see permutation-importance.ts). */
  permutation_importance?: { metric: string; repeats: number; rows: number; features: { feature: string; mean: number; std: number }[] };
}

/** Depth of the deepest leaf of the tree rooted at `root` (a lone leaf has depth 0). Assumes a validated model. */
function treeDepth(left: Int32Array, right: Int32Array, root: number): number {
  let deepest = 0;
  const stack: number[] = [root, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const node = stack.pop()!;
    if (left[node] === -1) {
      if (depth > deepest) deepest = depth;
    } else {
      stack.push(left[node]!, depth + 1, right[node]!, depth + 1);
    }
  }
  return deepest;
}

export function summarizeModel(model: Model, file: string): ModelSummary {
  const t = model.trees;
  let leaves = 0;
  for (let i = 0; i < t.left.length; i++) if (t.left[i] === -1) leaves++;
  let maxDepth = 0;
  for (const root of t.treeRoot) maxDepth = Math.max(maxDepth, treeDepth(t.left, t.right, root));
  const importance = featureImportance(model).sort((a, b) => (b.gain ?? 0) - (a.gain ?? 0) || b.split - a.split);
  const forest = model.learner !== 'gbdt' ? model : null;
  const gbdt = model.learner === 'gbdt' ? model : null;
  return {
    file,
    learner: model.learner,
    objective: gbdt ? gbdt.objective : forest!.output,
    task: model.schema.target.task,
    target: model.schema.target.name,
    classes: model.schema.target.classes,
    features: model.schema.features.map((f) => (f.kind === 'categorical' ? { name: f.name, kind: f.kind, levels: f.levels?.length ?? 0 } : { name: f.name, kind: f.kind })),
    trees: t.treeRoot.length,
    nodes: t.left.length,
    leaves,
    max_depth: maxDepth,
    output_groups: model.nGroups,
    base_margin: gbdt?.baseMargin,
    rounds: gbdt ? gbdt.training.rounds : forest!.training.nTrees,
    best_iteration: gbdt?.training.bestIteration,
    eval_metric: gbdt?.training.evalMetric,
    oob_score: forest?.training.oobScore,
    oob_metric: forest?.training.oobMetric,
    oob_metrics: forest?.training.oobMetrics,
    params: { ...model.params },
    metrics: { ...(model.training.metrics ?? {}) },
    importance,
  };
}

function fmt(x: number | string | boolean): string {
  if (typeof x !== 'number') return String(x);
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** Lists at most `max` items, then "... and N more". */
function list(items: string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, ... and ${items.length - max} more`;
}

/** Multi-line text of a summary, for a terminal. */
export function formatModelInfo(s: ModelSummary): string {
  const lines: string[] = [];
  const row = (k: string, v: string) => lines.push(`${(k + ':').padEnd(16)}${v}`);
  row('model', s.file);
  row('learner', s.learner);
  row(s.learner === 'gbdt' ? 'objective' : 'output', s.objective);
  row('target', `${s.target} (${s.task})`);
  if (s.classes) row('classes', `${s.classes.length}: ${list(s.classes, 20)}`);
  const nCat = s.features.filter((f) => f.kind === 'categorical').length;
  row('features', `${s.features.length} (${s.features.length - nCat} numeric, ${nCat} categorical)`);
  for (const f of s.features.slice(0, 50)) {
    lines.push(`  ${f.name.padEnd(24)} ${f.kind}${f.levels !== undefined ? ` (${f.levels} levels)` : ''}`);
  }
  if (s.features.length > 50) lines.push(`  ... and ${s.features.length - 50} more`);
  if (s.learner === 'gbdt') {
    row('trees', `${s.trees} (${s.output_groups} per round), ${s.nodes} nodes, ${s.leaves} leaves, max depth ${s.max_depth}`);
    row('rounds', String(s.rounds));
    row('best iteration', String(s.best_iteration));
    if (s.eval_metric) row('eval metric', s.eval_metric);
    if (s.base_margin !== undefined) row('base margin', fmt(s.base_margin));
  } else {
    row('trees', `${s.trees}, ${s.nodes} nodes, ${s.leaves} leaves, max depth ${s.max_depth}, ${s.output_groups} output(s) per leaf`);
    if (s.oob_score !== undefined) {
      const others = Object.entries(s.oob_metrics ?? {}).map(([k, v]) => `${k}=${fmt(v)}`).join(' ');
      row('oob score', `${s.oob_metric ?? ''} ${fmt(s.oob_score)}${others ? ` (${others})` : ''}`.trim());
    } else {
      row('oob score', '(none: no out-of-bag rows)');
    }
  }
  const params = Object.entries(s.params);
  row('params', params.length === 0 ? '(defaults)' : params.map(([k, v]) => `${k}=${fmt(v)}`).join(' '));
  const metrics = Object.entries(s.metrics);
  row('metrics', metrics.length === 0 ? '(none recorded)' : metrics.map(([k, v]) => `${k}=${fmt(v)}`).join(' '));
  const used = s.importance.filter((f) => f.split > 0);
  const gains = used.length === 0 || used[0]!.gain !== null;
  row('importance', used.length === 0 ? '(no splits)' : gains ? 'gain share, total gain, splits' : 'splits (gain importance unavailable: the model file keeps no split gains)');
  for (const f of used.slice(0, 30)) {
    const g = f.gain === null ? '' : `${(100 * f.gainShare!).toFixed(2).padStart(6)}%  ${fmt(f.gain).padStart(12)}  `;
    lines.push(`  ${f.feature.padEnd(24)} ${g}${String(f.split).padStart(8)}`);
  }
  if (used.length > 30) lines.push(`  ... and ${used.length - 30} more`);
  const p = s.permutation_importance;
  if (p) {
    row('permutation', `drop in ${p.metric} when a feature is shuffled (${p.rows} rows, ${p.repeats} repeats): mean ± std`);
    for (const f of [...p.features].sort((a, b) => b.mean - a.mean).slice(0, 30)) {
      lines.push(`  ${f.feature.padEnd(24)} ${fmt(f.mean).padStart(12)} ± ${fmt(f.std)}`);
    }
  }
  return lines.join('\n') + '\n';
}
