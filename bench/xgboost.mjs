#!/usr/bin/env node
// XGBoost interop benchmark: (1) thicket and XGBoost 1.7.4 trained with the same parameters on every public
// dataset — metrics, fit and predict seconds, how far their predictions agree, and how exactly thicket
// reproduces XGBoost's predictions when it imports XGBoost's model; (2) import-and-predict speed of an XGBoost
// model on the airline test set against XGBoost's own load + DMatrix + predict.
//
// Usage (from the repository root; `npm run bench:xgboost -- [flags]` builds first):
//   node bench/xgboost.mjs [--datasets all|a,b] [--speed-depths 6,10] [--repeats 5] [--nthread 1] [--md]
//                          [--skip-compare] [--skip-speed] [--shared ../shared] [--python /usr/bin/python3]
// thicket runs in this process (dist/ modules, one thread); XGBoost runs as a child process
// (bench/xgb-interop.py). Raw results go to bench/out/xgboost-<time>.json; stdout carries the tables.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out', 'xgboost');
const HELPER = join(ROOT, 'bench', 'xgb-interop.py');

const HELP = `Usage: node bench/xgboost.mjs [options]

XGBoost interop benchmark (thicket vs XGBoost 1.7.4, tree_method hist, one thread by default).

Part 1, compare: on every dataset of ../shared/data/manifest.json, XGBoost and thicket train with
the same parameters (eta 0.3, max_depth 6, 100 rounds, max_bin 256, lambda 1, min_child_weight 1,
base_score 0.5 for classification or the train mean for regression); the table shows test metrics,
fit and predict seconds, the agreement of the two models' predictions, and the largest difference
between XGBoost's predictions and thicket's predictions of XGBoost's own model (imported).

Part 2, speed: XGBoost trains on airline_1m (100 rounds, eta 0.1, depths --speed-depths); then
XGBoost's load + DMatrix + predict on the 100,000-row test set against thicket's import
(JSON and UBJ) + encode + predict of the same model file; medians of --repeats runs.

Options:
  --datasets <list>      comma-separated manifest names, or all (default all)
  --speed-depths <list>  max_depth values of part 2 (default 6,10)
  --repeats <n>          timing repeats in part 2 and of predictions in part 1 (default 5)
  --nthread <n>          XGBoost threads (default 1; thicket's predictor uses one)
  --skip-compare         only part 2
  --skip-speed           only part 1
  --shared <dir>         the shared folder (default ../shared or $THICKET_SHARED)
  --python <path>        Python with XGBoost 1.7.4 (default /usr/bin/python3)
  --md                   also print a markdown section for BENCHMARKS.md
  -h, --help             this text
`;

function cli() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      datasets: { type: 'string', default: 'all' },
      'speed-depths': { type: 'string', default: '6,10' },
      repeats: { type: 'string', default: '5' },
      nthread: { type: 'string', default: '1' },
      'skip-compare': { type: 'boolean', default: false },
      'skip-speed': { type: 'boolean', default: false },
      shared: { type: 'string', default: process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared') },
      python: { type: 'string', default: '/usr/bin/python3' },
      md: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  return {
    datasets: values.datasets,
    speedDepths: values['speed-depths'].split(',').map(Number),
    repeats: Math.max(1, Number(values.repeats)),
    nthread: Number(values.nthread),
    compare: !values['skip-compare'],
    speed: !values['skip-speed'],
    shared: values.shared,
    python: values.python,
    md: values.md,
  };
}

const log = (m) => process.stderr.write(`bench:xgboost: ${m}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const seconds = (t0) => (performance.now() - t0) / 1000;
const fmt = (x, d = 4) => (x === undefined || Number.isNaN(x) ? 'n/a' : Number(x.toPrecision(d)).toString());
const fmtE = (x) => (x === 0 ? '0' : x.toExponential(1));

async function thicketModules() {
  const dist = join(ROOT, 'dist', 'src');
  if (!existsSync(join(dist, 'xgboost', 'import.js'))) throw new Error('build thicket first: npm run build');
  const mod = async (p) => import(join(dist, p));
  return {
    ...(await mod('data/read-frame.js')), ...(await mod('data/schema.js')), ...(await mod('data/apply-schema.js')),
    ...(await mod('boosting/train.js')), ...(await mod('predict/predictor.js')), ...(await mod('metric/metrics.js')),
    ...(await mod('xgboost/import.js')),
  };
}

function runXGBoost(o, args) {
  const text = execFileSync(o.python, [HELPER, ...args, '--nthread', String(o.nthread)], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'], timeout: 3600_000,
  });
  return JSON.parse(text.trim().split('\n').pop());
}

function readF32(path) {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Outputs as XGBoost's predict() gives them: P(class 1) (binary), class probabilities, or values. */
function xgbStyle(task, pred) {
  if (task === 'binary') return Float64Array.from({ length: pred.nRows }, (_, i) => pred.output[2 * i + 1]);
  return pred.output;
}

function agreement(task, a, b, k) {
  let sum = 0, worst = 0;
  for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); sum += d; if (d > worst) worst = d; }
  const out = { mean_abs_diff: sum / a.length, max_abs_diff: worst };
  if (task !== 'regression') {
    const n = a.length / k;
    let same = 0;
    const arg = (v, i) => { if (k === 1) return v[i] > 0.5 ? 1 : 0; let best = 0; for (let c = 1; c < k; c++) if (v[i * k + c] > v[i * k + best]) best = c; return best; };
    for (let i = 0; i < n; i++) if (arg(a, i) === arg(b, i)) same++;
    out.same_label = same / n;
  }
  return out;
}

const MAIN_METRIC = { binary: 'auc', multiclass: 'logloss', regression: 'rmse' };

async function compareDataset(o, t, ds) {
  const train = join(o.shared, 'data', ds.files.train), test = join(o.shared, 'data', ds.files.test);
  const prefix = join(OUT, ds.name);
  log(`${ds.name}: XGBoost`);
  const x = runXGBoost(o, ['--train', train, '--test', test, '--target', ds.target, '--task', ds.task, '--out-prefix', prefix]);

  log(`${ds.name}: thicket`);
  const trFrame = await t.readFrame(train), teFrame = await t.readFrame(test);
  const params = {
    eta: 0.3, max_depth: 6, num_boost_round: 100, max_bin: 256, nthread: 1, seed: 0, base_score: x.params.base_score,
    objective: x.objective,
  };
  const t0 = performance.now();
  const schema = t.inferSchema(trFrame, ds.target, { task: ds.task });
  const trainData = t.applySchema(trFrame, schema, { requireTarget: true });
  const model = t.trainGBDT(params, trainData);
  const fitSeconds = seconds(t0);
  const predTimes = [];
  let testData, pred;
  for (let r = 0; r < o.repeats; r++) {
    const t1 = performance.now();
    testData = t.applySchema(teFrame, schema, { requireTarget: true });
    pred = t.predictDataset(model, testData);
    predTimes.push(seconds(t1));
  }
  const metrics = t.evaluateTask(ds.task, testData.target, pred);

  // XGBoost's model imported: its level names and classes come from the `thicket` attribute the helper set.
  const imported = t.importXGBoost(new Uint8Array(readFileSync(x.model_files.ubj)), x.model_files.ubj);
  const impData = t.applySchema(teFrame, imported.schema, { requireTarget: true });
  const impPred = t.predictDataset(imported, impData);
  const xgbPred = readF32(`${prefix}.pred.f32`), xgbMargin = readF32(`${prefix}.margin.f32`);
  const k = ds.task === 'multiclass' ? ds.classes.length : 1;
  let marginDiff = 0;
  for (let i = 0; i < xgbMargin.length; i++) marginDiff = Math.max(marginDiff, Math.abs(impPred.margins[i] - xgbMargin[i]));
  const imp = agreement(ds.task, xgbStyle(ds.task, impPred), xgbPred, k);
  return {
    dataset: ds.name, task: ds.task, n_train: x.n_train, n_test: x.n_test, metric: MAIN_METRIC[ds.task],
    xgboost: { metrics: x.metrics, fit_seconds: x.fit_seconds, predict_seconds: x.predict_seconds },
    thicket: { metrics, fit_seconds: fitSeconds, predict_seconds: median(predTimes) },
    agreement: agreement(ds.task, xgbStyle(ds.task, pred), xgbPred, k),
    import: { max_abs_diff: imp.max_abs_diff, max_margin_diff: marginDiff, same_label: imp.same_label },
  };
}

async function speedRun(o, t, depth) {
  const ds = { train: join(o.shared, 'data', 'airline_1m.train.csv.gz'), test: join(o.shared, 'data', 'airline_1m.test.csv.gz') };
  const prefix = join(OUT, `airline_1m-d${depth}`);
  log(`speed, depth ${depth}: XGBoost trains on airline_1m and predicts (${o.repeats} repeats)`);
  const x = runXGBoost(o, ['--train', ds.train, '--test', ds.test, '--target', 'delayed_15min', '--task', 'binary',
    '--out-prefix', prefix, '--max-depth', String(depth), '--eta', '0.1', '--rounds', '100', '--repeats', String(o.repeats)]);
  log(`speed, depth ${depth}: thicket imports and predicts`);
  const teFrame = await t.readFrame(ds.test);
  const files = { json: readFileSync(x.model_files.json), ubj: readFileSync(x.model_files.ubj) };
  const times = { import_json: [], import_ubj: [], encode: [], predict: [] };
  let pred, model;
  for (let r = 0; r < o.repeats + 1; r++) {
    let t0 = performance.now();
    t.importXGBoost(new Uint8Array(files.json), x.model_files.json);
    const json = seconds(t0);
    t0 = performance.now();
    model = t.importXGBoost(new Uint8Array(files.ubj), x.model_files.ubj);
    const ubj = seconds(t0);
    t0 = performance.now();
    const data = t.applySchema(teFrame, model.schema, { requireTarget: false });
    const enc = seconds(t0);
    t0 = performance.now();
    pred = t.predictDataset(model, data);
    const p = seconds(t0);
    if (r === 0) continue; // warm-up: WASM instantiation and JIT
    times.import_json.push(json); times.import_ubj.push(ubj); times.encode.push(enc); times.predict.push(p);
  }
  const xgbPred = readF32(`${prefix}.pred.f32`);
  const agree = agreement('binary', xgbStyle('binary', pred), xgbPred, 1);
  const th = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  return {
    depth, n_test: x.n_test, nodes: model.trees.left.length, trees: model.trees.treeRoot.length,
    file_bytes: { json: files.json.length, ubj: files.ubj.length },
    xgboost: { load_json: x.load_seconds.json, load_ubj: x.load_seconds.ubj, dmatrix: x.dmatrix_test_seconds, predict: x.predict_only_seconds, auc: x.metrics.auc },
    thicket: th,
    totals: {
      xgboost: x.load_seconds.ubj + x.dmatrix_test_seconds + x.predict_only_seconds,
      thicket: th.import_ubj + th.encode + th.predict,
    },
    max_abs_diff: agree.max_abs_diff,
  };
}

function compareTable(rows) {
  const head = ['dataset', 'task', 'metric', 'XGBoost', 'thicket', 'XGBoost fit s', 'thicket fit s', 'fit t/x',
    'XGBoost predict s', 'thicket predict s', 'models agree: mean / max abs diff, same label', 'XGBoost model imported: max abs diff (margins)'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const m = r.metric;
    const agree = `${fmtE(r.agreement.mean_abs_diff)} / ${fmtE(r.agreement.max_abs_diff)}${r.agreement.same_label !== undefined ? `, ${(100 * r.agreement.same_label).toFixed(1)}%` : ''}`;
    lines.push(`| ${[r.dataset, r.task, m, fmt(r.xgboost.metrics[m]), fmt(r.thicket.metrics[m]), fmt(r.xgboost.fit_seconds, 3), fmt(r.thicket.fit_seconds, 3),
      fmt(r.thicket.fit_seconds / r.xgboost.fit_seconds, 3), fmt(r.xgboost.predict_seconds, 3), fmt(r.thicket.predict_seconds, 3), agree,
      `${fmtE(r.import.max_abs_diff)} (${fmtE(r.import.max_margin_diff)})`].join(' | ')} |`);
  }
  return lines.join('\n');
}

function speedTable(rows) {
  const head = ['model (airline_1m, 100 rounds)', 'nodes', 'XGBoost load (ubj / json) s', 'XGBoost DMatrix s', 'XGBoost predict s',
    'thicket import (ubj / json) s', 'thicket encode s', 'thicket predict s', 'total XGBoost s', 'total thicket s', 'total t/x', 'predict t/x', 'max abs diff vs XGBoost'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(`| ${[`depth ${r.depth}`, r.nodes, `${fmt(r.xgboost.load_ubj, 3)} / ${fmt(r.xgboost.load_json, 3)}`, fmt(r.xgboost.dmatrix, 3), fmt(r.xgboost.predict, 3),
      `${fmt(r.thicket.import_ubj, 3)} / ${fmt(r.thicket.import_json, 3)}`, fmt(r.thicket.encode, 3), fmt(r.thicket.predict, 3),
      fmt(r.totals.xgboost, 3), fmt(r.totals.thicket, 3), fmt(r.totals.thicket / r.totals.xgboost, 3),
      fmt(r.thicket.predict / r.xgboost.predict, 3), fmtE(r.max_abs_diff)].join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main() {
  const o = cli();
  mkdirSync(OUT, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(o.shared, 'data', 'manifest.json'), 'utf8'));
  const wanted = o.datasets === 'all' ? manifest.map((d) => d.name) : o.datasets.split(',');
  const t = await thicketModules();
  const load0 = os.loadavg();
  const started = new Date();
  const result = { started: started.toISOString(), commit: git(['rev-parse', '--short', 'HEAD']), node: process.version, cpus: os.cpus().length, nthread: o.nthread, compare: [], speed: [] };
  if (o.compare) {
    for (const name of wanted) {
      const ds = manifest.find((d) => d.name === name);
      if (!ds) throw new Error(`no dataset ${name} in the manifest`);
      result.compare.push(await compareDataset(o, t, ds));
    }
  }
  if (o.speed) for (const d of o.speedDepths) result.speed.push(await speedRun(o, t, d));
  result.load = { before: load0, after: os.loadavg() };
  const file = join(ROOT, 'bench', 'out', `xgboost-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 1));
  const out = [];
  if (result.compare.length) out.push('Compare (same parameters):', '', compareTable(result.compare), '');
  if (result.speed.length) out.push('Import-and-predict speed on the airline test set (100,000 rows):', '', speedTable(result.speed), '');
  process.stdout.write(out.join('\n') + '\n');
  if (o.md) process.stdout.write(markdown(o, result) + '\n');
  log(`raw results: ${file}`);
}

function git(args) {
  try { return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { return 'unknown'; }
}

function markdown(o, r) {
  const l = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? ' (the shared working tree had other engineers\' uncommitted changes)' : '';
  return [
    `### XGBoost interop — ${r.started.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- command: \`node bench/xgboost.mjs ${process.argv.slice(2).join(' ')}\``,
    `- commit: \`${r.commit}\`${dirty}`,
    `- machine: ${r.cpus} cores, Node ${r.node}, XGBoost 1.7.4, nthread ${o.nthread} (thicket predicts on one thread)`,
    `- load average before: ${l(r.load.before)}; after: ${l(r.load.after)}`,
    '',
    r.compare.length ? compareTable(r.compare) : '',
    '',
    r.speed.length ? speedTable(r.speed) : '',
  ].join('\n');
}

main().catch((e) => {
  process.stderr.write(`bench:xgboost: ${e.stack ?? e}\n`);
  process.exit(1);
});
