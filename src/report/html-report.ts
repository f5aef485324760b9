/** A self-contained HTML report of an AutoML run: summary, ensemble choice, leaderboard and every trial. */
import type { AutoMLModel } from '../automl/automl-model.js';
import type { TrialRecord } from '../automl/trial-runner.js';

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function num(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '–';
}

function configText(c: Record<string, unknown> | undefined): string {
  if (!c) return '';
  return Object.entries(c).map(([k, v]) => `${k}=${typeof v === 'number' ? num(v) : String(v)}`).join(' ');
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export interface ReportInput {
  model: AutoMLModel;
  trials: TrialRecord[];
  trainPath: string;
  seconds: number;
  testMetrics?: Record<string, number>;
}

export function htmlReport(r: ReportInput): string {
  const m = r.model;
  const v = m.validation;
  const summary = [
    ['data', r.trainPath], ['task', `${m.schema.target.task} (target ${m.schema.target.name})`], ['metric', m.metric],
    ['validation', `${v.kind === 'cv' ? `${v.folds}-fold cross-validation` : 'holdout'} on ${v.rows} rows: ${num(v.value)}`],
    ['ensemble', m.ensemble.reason], ['trials', String(r.trials.length)], ['seconds', r.seconds.toFixed(1)],
    ...m.preprocess.dropped.map((d) => [`dropped ${d.name}`, d.reason]),
    ...Object.entries(r.testMetrics ?? {}).map(([k, x]) => [`test ${k}`, num(x)]),
  ];
  const lb = m.leaderboard.map((x) => [x.learner === 'ensemble' ? '*' : String(x.rank), x.trial < 0 ? '' : String(x.trial), x.learner, num(x.value), x.seconds.toFixed(2), configText(x.config)]);
  const tr = r.trials.map((t) => [String(t.trial), t.learner, t.status, num(t.value), t.seconds.toFixed(2), (t.rounds ?? []).join(','), configText(t.config), t.error ?? '']);
  return `<!doctype html><html><head><meta charset="utf-8"><title>thicket fit report</title><style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}th{background:#f0f0f0}
</style></head><body><h1>thicket fit</h1>
<h2>Summary</h2>${table(['', ''], summary)}
<h2>Leaderboard</h2>${table(['rank', 'trial', 'learner', m.metric, 'seconds', 'config'], lb)}
<h2>Trials</h2>${table(['trial', 'learner', 'status', m.metric, 'seconds', 'rounds/trees per fold', 'config', 'error'], tr)}
</body></html>
`;
}
