/**
 * The HTML report of a model: one self-contained file (inline SVG plots and CSS, no script, no
 * network reference) with the search progress, leaderboard, ensemble, feature importance,
 * diagnostics on labelled rows, learning curves, data summary and run facts. Sections appear
 * when their inputs exist: `thicket fit --report` passes everything, `thicket report` what the
 * model file, its trial log and a labelled data file hold.
 */
import type { AutoMLModel } from '../automl/automl-model.js';
import { memberWeights } from '../inference/automl-model.js';
import type { Dataset, Frame, Schema, Task } from '../data/frame.js';
import { higherIsBetter } from '../ensemble/oof-metric.js';
import { featureImportance } from '../model/feature-importance.js';
import type { Model } from '../model/model.js';
import type { PermutationImportance } from '../predict/permutation-importance.js';
import type { Prediction } from '../predict/predictor.js';
import { calibrationBins, confusionMatrix, prCurve, rocCurve, sampleRows } from './diagnostics.js';
import { escapeHtml as esc, plotLib, renderPlot } from './plot.js';

/** One trial of the search, as the trial log holds it (fields the report reads). */
export interface ReportTrial {
  trial: number;
  learner: string;
  status: string;
  /** Out-of-fold value of the run's metric (NaN / null unless ok). */
  value: number | null;
  seconds: number;
  /** Seconds since the run started when the trial finished (absent in old logs: the trial number is used). */
  elapsed?: number;
  /** The metric on each fold's validation rows. */
  foldValues?: number[];
  config?: Record<string, unknown>;
  rounds?: number[];
  error?: string;
}

/** Labelled rows scored by the model: diagnostics and permutation importance. */
export interface ReportEvaluation {
  source: string;
  data: Dataset;
  prediction: Prediction;
  metrics: Record<string, number>;
  permutation?: PermutationImportance;
  /** Binary: the probability of the second class at or above which a row is labelled with it. */
  threshold?: number;
}

export interface ReportInput {
  title: string;
  model: Model | AutoMLModel;
  trials?: ReportTrial[];
  /** Run facts, in display order (budget, interrupted, seconds, versions, ...). */
  facts: [string, string][];
  evaluation?: ReportEvaluation;
  /** The data the summary describes (the training file for fit, the --data file for report). */
  dataSummary?: { source: string; frame: Frame };
}

const TOP_FEATURES = 20;
const TOP_LEADERBOARD = 15;

function num(v: number | null | undefined, digits = 6): string {
  return v !== null && v !== undefined && Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : '–';
}

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function configText(c: Record<string, unknown> | undefined): string {
  if (!c) return '';
  return Object.entries(c).map(([k, v]) => `${k}=${typeof v === 'number' ? num(v, 4) : String(v)}`).join(' ');
}

function isAutoML(m: Model | AutoMLModel): m is AutoMLModel {
  return m.learner === 'automl';
}

function section(id: string, title: string, body: string, note = ''): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${note ? `<p class="note">${esc(note)}</p>` : ''}${body}</section>`;
}

/** Search progress: every trial's score against the time it finished, by learner, and the best so far. */
async function searchProgress(trials: ReportTrial[], metric: string): Promise<string> {
  const higher = higherIsBetter(metric);
  const hasTime = trials.every((t) => typeof t.elapsed === 'number');
  const ok = trials.filter((t) => t.status === 'ok' && t.value !== null && Number.isFinite(t.value))
    .map((t) => ({ x: hasTime ? t.elapsed! : t.trial, value: t.value!, learner: t.learner, trial: t.trial }))
    .sort((a, b) => a.x - b.x);
  if (ok.length === 0) return '<p>No trial finished.</p>';
  const best: { x: number; value: number }[] = [];
  for (const t of ok) {
    const prev = best.length ? best[best.length - 1].value : undefined;
    best.push({ x: t.x, value: prev === undefined ? t.value : higher ? Math.max(prev, t.value) : Math.min(prev, t.value) });
  }
  const Plot = await plotLib();
  const failed = trials.length - ok.length;
  const chart = await renderPlot('search-progress', `${ok.length} finished trials${failed ? ` (${failed} pruned, failed or timed out, not shown)` : ''}; line: best so far (${higher ? 'higher' : 'lower'} is better)`, {
    width: 720, height: 300, grid: true, marginLeft: 60,
    x: { label: hasTime ? 'seconds since start' : 'trial' },
    y: { label: `${metric} (out-of-fold)`, nice: true },
    color: { legend: true, domain: [...new Set(ok.map((t) => t.learner))].sort() },
    marks: [
      Plot.dot(ok, { x: 'x', y: 'value', stroke: 'learner', r: 3.5, title: (d: { trial: number; learner: string; value: number }) => `trial ${d.trial} ${d.learner}: ${num(d.value)}` }),
      Plot.line(best, { x: 'x', y: 'value', curve: 'step-after', stroke: '#222', strokeWidth: 1.5 }),
    ],
  });
  return chart;
}

/** The leaderboard: each entry's out-of-fold value with the spread of its per-fold values, then the table. */
async function leaderboard(model: AutoMLModel, trials: ReportTrial[] | undefined): Promise<string> {
  const byTrial = new Map((trials ?? []).map((t) => [t.trial, t]));
  const rows = model.leaderboard.slice(0, TOP_LEADERBOARD);
  const label = (r: AutoMLModel['leaderboard'][number]) => (r.learner === 'ensemble' ? 'ensemble' : `#${r.trial} ${r.learner}`);
  const points = rows.filter((r) => Number.isFinite(r.value)).map((r) => ({ label: label(r), value: r.value, learner: r.learner }));
  const folds = rows.flatMap((r) => (byTrial.get(r.trial)?.foldValues ?? []).filter(Number.isFinite).map((v) => ({ label: label(r), value: v })));
  const spread = rows.flatMap((r) => {
    const f = (byTrial.get(r.trial)?.foldValues ?? []).filter(Number.isFinite);
    return f.length > 1 ? [{ label: label(r), lo: Math.min(...f), hi: Math.max(...f) }] : [];
  });
  const Plot = await plotLib();
  const chart = points.length === 0 ? '' : await renderPlot('leaderboard',
    `dot: the ${model.metric} on all validation rows (the ensemble's: on inner folds of the out-of-fold outputs); ticks and bar: each fold's value and their range`, {
      width: 720, height: 40 + 22 * points.length, marginLeft: 130, grid: true,
      x: { label: `${model.metric} (${higherIsBetter(model.metric) ? 'higher' : 'lower'} is better)` },
      y: { label: null, domain: points.map((p) => p.label) },
      color: { domain: [...new Set(points.map((p) => p.learner))].sort() },
      marks: [
        Plot.ruleY(spread, { y: 'label', x1: 'lo', x2: 'hi', stroke: '#bbb', strokeWidth: 6 }),
        Plot.tickX(folds, { x: 'value', y: 'label', stroke: '#666' }),
        Plot.dot(points, { x: 'value', y: 'label', fill: 'learner', r: 5 }),
      ],
    });
  const hasFolds = rows.some((r) => byTrial.get(r.trial)?.foldValues);
  const body = rows.map((r) => {
    const f = byTrial.get(r.trial)?.foldValues?.filter(Number.isFinite) ?? [];
    const sd = f.length > 1 ? Math.sqrt(f.reduce((a, v) => a + (v - f.reduce((s, x) => s + x, 0) / f.length) ** 2, 0) / (f.length - 1)) : NaN;
    return [r.learner === 'ensemble' ? '*' : String(r.rank), r.trial < 0 ? '' : String(r.trial), r.learner, num(r.value),
      ...(hasFolds ? [num(sd, 3)] : []), r.seconds.toFixed(2), configText(r.config)];
  });
  const head = ['rank', 'trial', 'learner', `${model.metric}`, ...(hasFolds ? ['fold sd'] : []), 'seconds', 'config'];
  return chart + table(head, body);
}

/** Ensemble members and their weights (a stacked ensemble: each member's share of the meta-learner's absolute coefficients). */
async function ensembleMembers(model: AutoMLModel): Promise<string> {
  const Plot = await plotLib();
  const weights = memberWeights(model);
  const members = model.members.map((m, j) => ({ label: `#${m.trial} ${m.learner}`, weight: weights[j]!, learner: m.learner, folds: m.folds.length }));
  const stacked = model.ensemble.kind === 'stacking' || model.ensemble.stacker !== undefined;
  const chart = await renderPlot('ensemble', stacked
    ? 'stacked: a linear meta-learner combines the members\' outputs; the bars are each member\'s share of its absolute (standardised) coefficients'
    : 'each member\'s share of the ensemble output (its fold models averaged)', {
    width: 720, height: 40 + 24 * members.length, marginLeft: 130,
    x: { label: 'weight', domain: [0, Math.max(...members.map((m) => m.weight), 1e-9)] },
    y: { label: null, domain: members.map((m) => m.label) },
    color: { domain: [...new Set(members.map((m) => m.learner))].sort() },
    marks: [Plot.barX(members, { x: 'weight', y: 'label', fill: 'learner' }), Plot.ruleX([0])],
  });
  return `<p>${esc(model.ensemble.reason)}</p>${chart}${table(['member', 'learner', 'weight', 'fold models', 'config'],
    model.members.map((m, j) => [`#${m.trial}`, m.learner, num(weights[j]!, 4), String(m.folds.length), configText(m.config)]))}`;
}

/** Gain (or split count) importance of a single model or an AutoML ensemble (members' shares weighted by their weights). */
function gainImportance(model: Model | AutoMLModel, schema: Schema): { kind: 'gain' | 'splits'; values: { feature: string; value: number }[] } | null {
  const parts: { fi: ReturnType<typeof featureImportance>; weight: number }[] = isAutoML(model)
    ? model.members.flatMap((m, j) => (m.learner === 'linear' ? [] : m.folds.map((f) => ({ fi: featureImportance(f as Model), weight: memberWeights(model)[j]! / m.folds.length }))))
    : [{ fi: featureImportance(model), weight: 1 }];
  if (parts.length === 0) return null;
  // Shares of one kind only: without gains in any tree model, every model counts splits.
  const kind = parts.every((p) => p.fi.every((f) => f.gainShare !== null)) ? 'gain' : 'splits';
  const index = new Map(schema.features.map((f, i) => [f.name, i]));
  const total = new Float64Array(schema.features.length);
  for (const { fi, weight } of parts) {
    const splits = fi.reduce((s, f) => s + f.split, 0);
    for (const f of fi) {
      const at = index.get(f.feature);
      const share = kind === 'gain' ? f.gainShare! : splits > 0 ? f.split / splits : 0;
      if (at !== undefined) total[at] += weight * share;
    }
  }
  return { kind, values: schema.features.map((f, i) => ({ feature: f.name, value: total[i] })) };
}

async function importance(model: Model | AutoMLModel, schema: Schema, perm: PermutationImportance | undefined, source: string | undefined): Promise<string> {
  const Plot = await plotLib();
  const parts: string[] = [];
  const gain = gainImportance(model, schema);
  if (gain) {
    const top = [...gain.values].sort((a, b) => b.value - a.value).slice(0, TOP_FEATURES);
    parts.push(await renderPlot('importance-gain', gain.kind === 'gain'
      ? 'share of the split gain (ensemble: weighted by member weight); top features'
      : 'share of the splits (this model file keeps no split gains: AutoML fold models leave them out); top features', {
      width: 720, height: 40 + 20 * top.length, marginLeft: 160,
      x: { label: gain.kind === 'gain' ? 'gain share' : 'split share' },
      y: { label: null, domain: top.map((t) => t.feature) },
      marks: [Plot.barX(top, { x: 'value', y: 'feature', fill: '#4269d0' }), Plot.ruleX([0])],
    }));
  }
  if (perm) {
    const top = [...perm.features].sort((a, b) => b.mean - a.mean).slice(0, TOP_FEATURES)
      .map((f) => ({ feature: f.feature, mean: f.mean, lo: f.mean - f.std, hi: f.mean + f.std }));
    parts.push(await renderPlot('importance-permutation',
      `drop in ${perm.metric} when the feature's column is shuffled on ${perm.rows} rows of ${source ?? 'the labelled data'} (${perm.repeats} repeats; bar: mean, line: ± one standard deviation); baseline ${num(perm.baseline)}`, {
        width: 720, height: 40 + 20 * top.length, marginLeft: 160, grid: true,
        x: { label: `${perm.metric} drop` },
        y: { label: null, domain: top.map((t) => t.feature) },
        marks: [Plot.barX(top, { x: 'mean', y: 'feature', fill: '#efb118' }), Plot.ruleY(top, { y: 'feature', x1: 'lo', x2: 'hi', stroke: '#333' }), Plot.ruleX([0])],
      }));
  }
  return parts.join('');
}

/** The probability of class 1 per row from a binary prediction (n x 2 output). */
function positiveScores(p: Prediction): Float64Array {
  const out = new Float64Array(p.nRows);
  for (let i = 0; i < p.nRows; i++) out[i] = p.output[i * 2 + 1];
  return out;
}

async function confusionPlot(name: string, y: ArrayLike<number>, labels: ArrayLike<number>, classes: string[], caption: string): Promise<string> {
  const Plot = await plotLib();
  const cells = confusionMatrix(y, labels, classes);
  const size = Math.min(720, Math.max(340, 120 + 40 * classes.length));
  return renderPlot(name, caption, {
    width: size, height: size - 40, marginLeft: 100, marginBottom: 60, padding: 0.05,
    x: { label: 'predicted', domain: classes, tickRotate: classes.length > 6 ? -45 : 0 },
    y: { label: 'actual', domain: classes },
    color: { scheme: 'blues', domain: [0, 1] },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'actual', fill: 'share', title: (d: { count: number; share: number }) => `${d.count} rows (${(100 * d.share).toFixed(1)}%)` }),
      ...(classes.length <= 12 ? [Plot.text(cells, { x: 'predicted', y: 'actual', text: (d: { count: number }) => String(d.count), fill: (d: { share: number }) => (d.share > 0.5 ? 'white' : 'black') })] : []),
    ],
  });
}

async function diagnostics(task: Task, schema: Schema, ev: ReportEvaluation): Promise<string> {
  const Plot = await plotLib();
  const y = ev.data.target!;
  const w = ev.data.weight;
  const parts: string[] = [table(['metric', 'value'], Object.entries(ev.metrics).map(([k, v]) => [k, num(v)]))];
  if (task === 'binary') {
    const p = positiveScores(ev.prediction);
    const pos = schema.target.classes![1];
    const roc = rocCurve(y, p, w);
    parts.push(await renderPlot('roc', `ROC curve on ${ev.source}: positive class ${pos}${ev.metrics.auc !== undefined ? `, auc ${num(ev.metrics.auc)}` : ''}`, {
      width: 360, height: 340, grid: true, x: { label: 'false positive rate', domain: [0, 1] }, y: { label: 'true positive rate', domain: [0, 1] },
      marks: [Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: 'x', y: 'y', stroke: '#aaa', strokeDasharray: '4 4' }), Plot.line(roc, { x: 'x', y: 'y', stroke: '#4269d0', strokeWidth: 2 })],
    }));
    const pr = prCurve(y, p, w);
    let rate = 0; for (let i = 0; i < y.length; i++) rate += y[i] === 1 ? 1 : 0; rate /= Math.max(1, y.length);
    parts.push(await renderPlot('precision-recall', `precision-recall curve (positive class ${pos}); dashed: the positive rate ${num(rate, 3)}`, {
      width: 360, height: 340, grid: true, x: { label: 'recall', domain: [0, 1] }, y: { label: 'precision', domain: [0, 1] },
      marks: [Plot.ruleY([rate], { stroke: '#aaa', strokeDasharray: '4 4' }), Plot.line(pr, { x: 'x', y: 'y', stroke: '#ff725c', strokeWidth: 2 })],
    }));
    const bins = calibrationBins(y, p);
    parts.push(await renderPlot('calibration', 'calibration: mean predicted probability against the observed positive rate per tenth of the probability range (dot area: rows)', {
      width: 360, height: 340, grid: true, x: { label: 'predicted probability', domain: [0, 1] }, y: { label: 'observed positive rate', domain: [0, 1] },
      r: { range: [2, 10] },
      marks: [Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: 'x', y: 'y', stroke: '#aaa', strokeDasharray: '4 4' }),
        Plot.line(bins, { x: 'predicted', y: 'observed', stroke: '#3ca951' }), Plot.dot(bins, { x: 'predicted', y: 'observed', r: 'count', fill: '#3ca951' })],
    }));
    const t = ev.threshold ?? 0.5;
    const labels = Int32Array.from(p, (q) => (q >= t ? 1 : 0));
    parts.push(await confusionPlot('confusion', y, labels, schema.target.classes!, `confusion matrix at threshold ${num(t, 3)} on P(${pos}) (colour: share of the actual class's rows)`));
  } else if (task === 'multiclass') {
    parts.push(await confusionPlot('confusion', y, ev.prediction.labels!, schema.target.classes!, 'confusion matrix, most probable class (colour: share of the actual class\'s rows)'));
  } else {
    const rows = sampleRows(ev.data.nRows);
    const pts = rows.map((i) => ({ actual: y[i], predicted: ev.prediction.output[i], residual: y[i] - ev.prediction.output[i] }));
    let lo = Infinity, hi = -Infinity;
    for (const q of pts) { lo = Math.min(lo, q.actual, q.predicted); hi = Math.max(hi, q.actual, q.predicted); }
    const shown = rows.length < ev.data.nRows ? ` (${rows.length} of ${ev.data.nRows} rows, evenly spaced)` : '';
    parts.push(await renderPlot('predicted-actual', `predicted against actual${shown}; dashed: prediction = actual`, {
      width: 360, height: 340, grid: true, x: { label: 'actual', domain: [lo, hi] }, y: { label: 'predicted', domain: [lo, hi] },
      marks: [Plot.line([{ x: lo, y: lo }, { x: hi, y: hi }], { x: 'x', y: 'y', stroke: '#aaa', strokeDasharray: '4 4' }), Plot.dot(pts, { x: 'actual', y: 'predicted', r: 2, fill: '#4269d0', fillOpacity: 0.5 })],
    }));
    parts.push(await renderPlot('residuals', `residual (actual - predicted) against predicted${shown}`, {
      width: 360, height: 340, grid: true, x: { label: 'predicted' }, y: { label: 'residual' },
      marks: [Plot.ruleY([0], { stroke: '#aaa' }), Plot.dot(pts, { x: 'predicted', y: 'residual', r: 2, fill: '#ff725c', fillOpacity: 0.5 })],
    }));
  }
  return `<div class="row">${parts.join('')}</div>`;
}

/** GBDT learning curves: the validation metric per round of each fold model (AutoML members) or of the single model. */
async function learningCurves(model: Model | AutoMLModel): Promise<string> {
  const curves: { round: number; value: number; curve: string }[] = [];
  let metric = '';
  const addModel = (m: Model, name: string) => {
    if (m.learner !== 'gbdt') return;
    const h = m.training?.history ?? [];
    if (m.training?.evalMetric) metric = m.training.evalMetric;
    h.forEach((v, r) => { if (Number.isFinite(v)) curves.push({ round: r + 1, value: v, curve: name }); });
  };
  if (isAutoML(model)) {
    for (const m of model.members) if (m.learner === 'gbdt') m.folds.forEach((f, i) => addModel(f as Model, `#${m.trial} fold ${i + 1}`));
  } else {
    addModel(model, 'validation');
  }
  if (curves.length === 0) return '';
  const Plot = await plotLib();
  const names = new Set(curves.map((c) => c.curve));
  return renderPlot('learning-curves', `validation ${metric || 'metric'} after each boosting round, ${names.size} curve${names.size === 1 ? '' : 's'} (AutoML: each GBDT member's fold models on their held-out fold)`, {
    width: 720, height: 300, grid: true, marginLeft: 60,
    x: { label: 'round' }, y: { label: metric || 'metric' },
    color: { legend: names.size <= 12 },
    marks: [Plot.line(curves, { x: 'round', y: 'value', stroke: 'curve', z: 'curve' })],
  });
}

/** Columns of a frame: kind, missing cells, distinct levels or range, and whether the model uses them. */
function dataSummary(frame: Frame, model: Model | AutoMLModel, schema: Schema): string {
  const used = new Set(schema.features.map((f) => f.name));
  const dropped = new Map((isAutoML(model) ? model.preprocess.dropped : []).map((d) => [d.name, d.reason]));
  const dates = new Set(isAutoML(model) ? model.preprocess.dates.map((d) => d.name) : []);
  const rows = frame.columns.map((c) => {
    let missing = 0;
    let detail: string;
    if (c.kind === 'numeric') {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < c.values.length; i++) { const v = c.values[i]; if (v !== v) missing++; else { if (v < lo) lo = v; if (v > hi) hi = v; } }
      detail = missing === c.values.length ? '' : `${num(lo, 4)} .. ${num(hi, 4)}`;
    } else {
      for (let i = 0; i < c.codes.length; i++) if (c.codes[i] < 0) missing++;
      detail = `${c.levels.length} levels`;
    }
    const role = c.name === schema.target.name ? 'target'
      : used.has(c.name) ? 'feature'
        : dropped.has(c.name) ? `dropped: ${dropped.get(c.name)}`
          : dates.has(c.name) ? 'date: expanded into numeric parts'
            : schema.features.some((f) => f.name.startsWith(`${c.name}_`)) ? 'expanded' : 'not used by the model';
    return [c.name, c.kind, String(missing), frame.nRows ? `${(100 * missing / frame.nRows).toFixed(1)}%` : '', detail, role];
  });
  return table(['column', 'kind', 'missing', 'missing %', 'range / levels', 'use'], rows);
}

function trialsTable(trials: ReportTrial[], metric: string): string {
  return `<details><summary>All ${trials.length} trials</summary>${table(['trial', 'learner', 'status', metric, 'fold values', 'seconds', 'finished at', 'rounds/trees per fold', 'config', 'error'],
    trials.map((t) => [String(t.trial), t.learner, t.status, num(t.value), (t.foldValues ?? []).map((v) => num(v, 4)).join(' '), t.seconds.toFixed(2),
      t.elapsed !== undefined ? `${t.elapsed.toFixed(1)}s` : '', (t.rounds ?? []).join(','), configText(t.config), t.error ?? '']))}</details>`;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1500px;padding:0 1em;color:#222}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px;vertical-align:top}
th{background:#f0f0f0}figure.chart{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}figcaption{font-size:12px;color:#555;max-width:720px}
.row{display:flex;flex-wrap:wrap;align-items:flex-start}.note{color:#555;font-size:13px}nav a{margin-right:1em}`;

/** The whole report as one HTML document. */
export async function buildReport(r: ReportInput): Promise<string> {
  const m = r.model;
  const schema = m.schema;
  const task = schema.target.task;
  const metric = isAutoML(m) ? m.metric : (r.evaluation ? Object.keys(r.evaluation.metrics)[0] : undefined) ?? '';
  const sections: [string, string, string][] = [];
  sections.push(['facts', 'Run', table(['', ''], r.facts)]);
  if (r.trials && r.trials.length > 0 && isAutoML(m)) sections.push(['search', 'Search progress', await searchProgress(r.trials, m.metric)]);
  if (isAutoML(m)) {
    sections.push(['leaderboard', 'Leaderboard', await leaderboard(m, r.trials)]);
    sections.push(['ensemble', 'Ensemble', await ensembleMembers(m)]);
  }
  const imp = await importance(m, schema, r.evaluation?.permutation, r.evaluation?.source);
  if (imp) sections.push(['importance', 'Feature importance', imp]);
  if (r.evaluation) sections.push(['diagnostics', `Diagnostics on ${r.evaluation.source} (${r.evaluation.data.nRows} rows)`, await diagnostics(task, schema, r.evaluation)]);
  const curves = await learningCurves(m);
  if (curves) sections.push(['learning', 'Learning curves', curves]);
  if (r.dataSummary) sections.push(['data', `Data: ${r.dataSummary.source} (${r.dataSummary.frame.nRows} rows, ${r.dataSummary.frame.columns.length} columns)`, dataSummary(r.dataSummary.frame, m, schema)]);
  if (r.trials && r.trials.length > 0) sections.push(['trials', 'Trials', trialsTable(r.trials, metric)]);
  const nav = sections.map(([id, title]) => `<a href="#${id}">${esc(title.split(' (')[0].split(' on ')[0])}</a>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title><style>${CSS}</style></head><body>
<h1>${esc(r.title)}</h1><nav>${nav}</nav>
${sections.map(([id, title, body]) => section(id, title, body)).join('\n')}
</body></html>
`;
}
