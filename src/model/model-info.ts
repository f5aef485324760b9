/** A model's summary for `thicket info`: a plain object (for --json) and its human-readable text. */
import type { GBDTModel } from './model.js';

export interface ModelSummary {
  file: string;
  learner: string;
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
  base_margin: number;
  rounds: number;
  best_iteration: number;
  eval_metric?: string;
  params: Record<string, number | string | boolean>;
  metrics: Record<string, number>;
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

export function summarizeModel(model: GBDTModel, file: string): ModelSummary {
  const t = model.trees;
  let leaves = 0;
  for (let i = 0; i < t.left.length; i++) if (t.left[i] === -1) leaves++;
  let maxDepth = 0;
  for (const root of t.treeRoot) maxDepth = Math.max(maxDepth, treeDepth(t.left, t.right, root));
  return {
    file,
    learner: model.learner,
    objective: model.objective,
    task: model.schema.target.task,
    target: model.schema.target.name,
    classes: model.schema.target.classes,
    features: model.schema.features.map((f) => (f.kind === 'categorical' ? { name: f.name, kind: f.kind, levels: f.levels?.length ?? 0 } : { name: f.name, kind: f.kind })),
    trees: t.treeRoot.length,
    nodes: t.left.length,
    leaves,
    max_depth: maxDepth,
    output_groups: model.nGroups,
    base_margin: model.baseMargin,
    rounds: model.training.rounds,
    best_iteration: model.training.bestIteration,
    eval_metric: model.training.evalMetric,
    params: { ...model.params },
    metrics: { ...(model.training.metrics ?? {}) },
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
  row('objective', s.objective);
  row('target', `${s.target} (${s.task})`);
  if (s.classes) row('classes', `${s.classes.length}: ${list(s.classes, 20)}`);
  const nCat = s.features.filter((f) => f.kind === 'categorical').length;
  row('features', `${s.features.length} (${s.features.length - nCat} numeric, ${nCat} categorical)`);
  for (const f of s.features.slice(0, 50)) {
    lines.push(`  ${f.name.padEnd(24)} ${f.kind}${f.levels !== undefined ? ` (${f.levels} levels)` : ''}`);
  }
  if (s.features.length > 50) lines.push(`  ... and ${s.features.length - 50} more`);
  row('trees', `${s.trees} (${s.output_groups} per round), ${s.nodes} nodes, ${s.leaves} leaves, max depth ${s.max_depth}`);
  row('rounds', String(s.rounds));
  row('best iteration', String(s.best_iteration));
  if (s.eval_metric) row('eval metric', s.eval_metric);
  row('base margin', fmt(s.base_margin));
  const params = Object.entries(s.params);
  row('params', params.length === 0 ? '(defaults)' : params.map(([k, v]) => `${k}=${fmt(v)}`).join(' '));
  const metrics = Object.entries(s.metrics);
  row('metrics', metrics.length === 0 ? '(none recorded)' : metrics.map(([k, v]) => `${k}=${fmt(v)}`).join(' '));
  return lines.join('\n') + '\n';
}
