/** What the report is built from: labelled rows scored by a model (metrics, permutation importance), run facts with versions, trial logs. */
import { readFileSync } from 'node:fs';
import type { Dataset } from '../data/frame.js';
import { evaluateTask } from '../metric/metrics.js';
import { permutationImportanceOf } from '../predict/permutation-importance.js';
import type { Prediction } from '../predict/predictor.js';
import { packageVersion } from '../util/package-version.js';
import type { ReportEvaluation, ReportTrial } from './html-report.js';

/** Permutation importance runs on at most this many rows (evenly spaced), so a report stays quick on large data. */
export const PERMUTATION_ROWS = 2000;
export const PERMUTATION_REPEATS = 3;

/** Rows `rows` of a dataset (features column-major, target and weight kept). */
function subset(d: Dataset, rows: Uint32Array): Dataset {
  const n = d.nRows, m = rows.length, nF = d.schema.features.length;
  const x = new Float32Array(m * nF);
  for (let f = 0; f < nF; f++) {
    const col = d.features.subarray(f * n, (f + 1) * n);
    for (let i = 0; i < m; i++) x[f * m + i] = col[rows[i]];
  }
  const pick = (a: Float64Array | undefined) => a && Float64Array.from(rows, (r) => a[r]);
  return { schema: d.schema, nRows: m, features: x, target: pick(d.target), weight: pick(d.weight) };
}

/** Metrics, diagnostics input and permutation importance of `predict` on labelled `data`. */
export function reportEvaluation(predict: (d: Dataset) => Prediction, data: Dataset, source: string, opts: { seed?: number; repeats?: number } = {}): ReportEvaluation {
  const prediction = predict(data);
  const metrics = evaluateTask(data.schema.target.task, data.target!, prediction);
  let rows = data;
  if (data.nRows > PERMUTATION_ROWS) {
    const step = data.nRows / PERMUTATION_ROWS;
    rows = subset(data, Uint32Array.from({ length: PERMUTATION_ROWS }, (_, i) => Math.floor(i * step)));
  }
  const permutation = data.nRows > 1 && data.schema.features.length > 0
    ? permutationImportanceOf(predict, rows, { repeats: opts.repeats ?? PERMUTATION_REPEATS, seed: opts.seed ?? 0 })
    : undefined;
  return { source, data, prediction, metrics, permutation };
}

/** Version facts: thicket, Node.js, the plotting library. */
export function versionFacts(): [string, string][] {
  let plot = 'unknown';
  try {
    // The package exports no package.json: it sits two folders above the entry (src/index.js).
    const url = new URL('../package.json', import.meta.resolve('@observablehq/plot'));
    plot = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    /* not resolvable: leave unknown */
  }
  return [['thicket', packageVersion()], ['node', process.version], ['plots', `@observablehq/plot ${plot} (static SVG)`]];
}

/** The trials of a trial log (JSON lines), as the report reads them; null when the file does not exist. */
export function readReportTrials(path: string): ReportTrial[] | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const out: ReportTrial[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const t = JSON.parse(line) as ReportTrial;
      if (typeof t.trial === 'number' && typeof t.learner === 'string') out.push(t);
    } catch {
      /* a truncated last line (interrupted run): skip */
    }
  }
  return out;
}
