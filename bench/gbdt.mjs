#!/usr/bin/env node
// GBDT benchmark: thicket against XGBoost 1.7.4 (hist) in one run — fit and predict seconds, test AUC, peak RSS.
//
// Usage (from the repository root; `npm run bench:gbdt -- [flags]` builds first):
//   node bench/gbdt.mjs [--datasets airline_1m,synth_1m] [--depths 6,10] [--repeats 1]
//                       [--tools xgboost,thicket] [--threads 1,2] [--sklearn] [--md] [--timeout 3600]
// Each tool runs as its own child process, alternating which goes first, and its peak RSS
// is read with `/usr/bin/time -f %M` (apt-get install -y time), or from /proc when that is
// missing. Figures: thicket fit = `fit_seconds` of `train --json`; thicket predict =
// `predict_seconds` of `evaluate --json` when it reports one, otherwise the wall time of
// `evaluate` (marked "wall", includes Node start-up and reading the test file). XGBoost fit =
// DMatrix + xgb.train, predict = test DMatrix + predict, both excluding CSV reading
// (bench/xgb-train.py). stdout carries the table; progress goes to stderr; raw results are
// written to bench/out/gbdt-<time>.json. A failing or missing thicket CLI marks its rows as
// failed and the run goes on.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { haveTime, lastJson, runChild, tail } from './lib/child.mjs';
import { runXgbTrain } from './lib/xgb-train.mjs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import os from 'node:os';
import { mdTable } from './lib/markdown.mjs';
import { commitOf, isDirty, sh as shIn, uptimeLoad } from './lib/run-info.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
let THICKET = join(ROOT, 'bin', 'thicket.js');
const SKLEARN_SCRIPT = join(ROOT, 'bench', 'sklearn-hgb.py');
/** The scikit-learn comparison's trees: lossguide with this many leaves (thicket) / max_leaf_nodes (scikit-learn). */
const SK_LEAVES = 31;
const TIME_BIN = '/usr/bin/time';

const HELP = `Usage: node bench/gbdt.mjs [options]

GBDT benchmark: thicket vs XGBoost 1.7.4 (tree_method hist), 100 rounds, eta 0.1,
max_bin 256, one thread by default. Prints a table with thicket/XGBoost ratios.

Options:
  --datasets <list>   comma-separated, default airline_1m,synth_1m
                      (also: airline_100k, synth_100k for quick checks)
  --depths <list>     max_depth values, default 6,10
  --repeats <n>       runs per tool and configuration, alternating order (default 1);
                      the table shows medians
  --tools <list>      xgboost,thicket (default both)
  --threads <list>    thread counts, each run for every tool (default 1); the table
                      has a row per count and thicket's speed-up over its first count
  --nthread <n>       the same as --threads <n>
  --sklearn           also compare with scikit-learn HistGradientBoostingClassifier
                      (max_leaf_nodes 31, no early stopping) against thicket lossguide
                      with 31 leaves, at every thread count
  --rounds <n>        boosting rounds (default 100)
  --eta <x>           learning rate (default 0.1)
  --max-bin <n>       histogram bins (default 256)
  --timeout <s>       per child process (default 3600)
  --shared <dir>      the shared data folder root (default ../shared, or $THICKET_SHARED)
  --python <path>     Python with XGBoost 1.7.4 (default /usr/bin/python3)
  --thicket <path>    thicket CLI script (default bin/thicket.js)
  --md                also print a markdown section for BENCHMARKS.md
  -h, --help          this text
`;

// ---------------------------------------------------------------- arguments

function parseCli(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        datasets: { type: 'string', default: 'airline_1m,synth_1m' },
        depths: { type: 'string', default: '6,10' },
        repeats: { type: 'string', default: '1' },
        tools: { type: 'string', default: 'xgboost,thicket' },
        nthread: { type: 'string' },
        threads: { type: 'string' },
        sklearn: { type: 'boolean', default: false },
        rounds: { type: 'string', default: '100' },
        eta: { type: 'string', default: '0.1' },
        'max-bin': { type: 'string', default: '256' },
        timeout: { type: 'string', default: '3600' },
        shared: { type: 'string', default: process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared') },
        python: { type: 'string', default: '/usr/bin/python3' },
        thicket: { type: 'string', default: THICKET },
        md: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`gbdt: ${err.message}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const int = (name, s, min) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer >= ${min}, got "${s}"`);
    return n;
  };
  const opts = {
    datasets: list(parsed.datasets),
    depths: list(parsed.depths).map((d) => int('depths', d, 1)),
    repeats: int('repeats', parsed.repeats, 1),
    tools: list(parsed.tools),
    threads: list(parsed.threads ?? parsed.nthread ?? '1').map((t) => int('threads', t, 1)),
    sklearn: parsed.sklearn,
    rounds: int('rounds', parsed.rounds, 1),
    eta: Number(parsed.eta),
    maxBin: int('max-bin', parsed['max-bin'], 2),
    timeout: int('timeout', parsed.timeout, 1),
    shared: resolve(parsed.shared),
    python: parsed.python,
    thicket: resolve(parsed.thicket),
    md: parsed.md,
  };
  if (!(opts.eta > 0)) usage(`--eta must be a positive number, got "${parsed.eta}"`);
  for (const t of opts.tools) if (!['xgboost', 'thicket'].includes(t)) usage(`unknown tool "${t}"`);
  for (const d of opts.datasets) if (!(d in DATASETS)) usage(`unknown dataset "${d}" (known: ${Object.keys(DATASETS).join(', ')})`);
  return opts;
}

function usage(msg) {
  process.stderr.write(`gbdt: ${msg}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- datasets

/** Benchmark datasets: files, target column, and how to make them when they are generated. */
const DATASETS = {
  airline_1m: {
    files: (o) => sharedFiles(o, 'airline_1m'),
    target: 'delayed_15min',
  },
  airline_100k: {
    files: (o) => sharedFiles(o, 'airline_100k'),
    target: 'delayed_15min',
  },
  synth_1m: {
    files: (o) => synthFiles(o, 'synth_1m', 1_000_000, 200_000),
    target: 'label',
  },
  synth_100k: {
    files: (o) => synthFiles(o, 'synth_100k', 100_000, 20_000),
    target: 'label',
  },
};

function sharedFiles(o, name) {
  const train = join(o.shared, 'data', `${name}.train.csv.gz`);
  const test = join(o.shared, 'data', `${name}.test.csv.gz`);
  for (const f of [train, test]) {
    if (!existsSync(f)) throw new Error(`${f} not found: this benchmark reads the shared data folder (set --shared or THICKET_SHARED)`);
  }
  return { train, test };
}

/**
 * synth.mjs train rows [0, nTrain) and test rows [nTrain, nTrain + nTest), seed 1, cached in
 * bench/out (git-ignored). Written under a temporary name and renamed when complete.
 */
async function synthFiles(o, name, nTrain, nTest) {
  const tool = join(o.shared, 'tools', 'synth.mjs');
  const train = join(OUT, `${name}.train.csv`);
  const test = join(OUT, `${name}.test.csv`);
  /** @type {[string, string[]][]} */
  const parts = [
    [train, ['--rows', String(nTrain), '--seed', '1']],
    [test, ['--rows', String(nTest), '--start', String(nTrain), '--seed', '1']],
  ];
  for (const [file, args] of parts) {
    if (existsSync(file)) continue;
    if (!existsSync(tool)) throw new Error(`${tool} not found: needed to generate ${relative(ROOT, file)}`);
    const partial = `${file}.partial`;
    log(`generating ${relative(ROOT, file)} (node synth.mjs ${args.join(' ')})`);
    const r = await runChild(process.execPath, [tool, ...args, '--out', partial], { timeout: o.timeout, measure: false });
    if (r.code !== 0) throw new Error(`synth.mjs failed (exit ${r.code}): ${tail(r.stderr)}`);
    renameSync(partial, file);
  }
  return { train, test };
}

// ---------------------------------------------------------------- child processes

/** A path relative to the repository root when it is inside it, else absolute. */
function shown(p) {
  const r = relative(ROOT, p);
  return r.startsWith('..') ? p : r;
}

function log(msg) {
  process.stderr.write(`[gbdt ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

// ---------------------------------------------------------------- the two tools

async function runXgboost(o, ds, files, depth, threads) {
  const r = await runXgbTrain({ python: o.python, train: files.train, test: files.test, target: ds.target, task: 'binary',
    depth, eta: o.eta, rounds: o.rounds, maxBin: o.maxBin, nthread: threads, timeout: o.timeout });
  if (!r.ok) return r;
  const j = r.json;
  return {
    ok: true,
    fit_s: j.fit_seconds,
    predict_s: j.predict_seconds,
    predict_kind: 'in-process',
    read_s: j.read_seconds,
    auc: j.metrics?.auc ?? null,
    logloss: j.metrics?.logloss ?? null,
    peak_rss_mb: r.peak_rss_mb,
    wall_s: r.wall_s,
    cpu_s: r.cpu_s,
    detail: { dmatrix_train_s: j.dmatrix_train_seconds, train_s: j.train_seconds, dmatrix_test_s: j.dmatrix_test_seconds, predict_only_s: j.predict_only_seconds, xgboost_version: j.xgboost_version },
  };
}

/** depth 0: lossguide with SK_LEAVES leaves (the scikit-learn comparison). */
async function runThicket(o, name, ds, files, depth, threads) {
  if (!existsSync(THICKET)) {
    return { ok: false, error: `${shown(THICKET)} not found (the thicket CLI is not built or not written yet; run npm run build)` };
  }
  const model = join(OUT, `thicket-${name}-d${depth}.json`);
  rmSync(model, { force: true });
  const tree = depth > 0 ? [`max_depth=${depth}`] : ['grow_policy=lossguide', 'max_depth=0', `max_leaves=${SK_LEAVES}`];
  const params = [`eta=${o.eta}`, ...tree, `num_boost_round=${o.rounds}`, `max_bin=${o.maxBin}`, `nthread=${threads}`];
  // No --valid: a validation set is scored after every round (serially, on the main thread),
  // which XGBoost's xgb.train without evals does not do; the test AUC comes from evaluate.
  const trainArgs = [THICKET, 'train', files.train, '--target', ds.target,
    ...params.flatMap((p) => ['--param', p]), '--json', '--out', model];
  const tr = await runChild(process.execPath, trainArgs, { timeout: o.timeout });
  const tj = lastJson(tr.stdout);
  if (tr.code !== 0 || !tj) {
    return { ok: false, error: `thicket train exit ${tr.code}${tr.signal ? ` (${tr.signal})` : ''}${tj ? '' : ', no JSON on stdout'}: ${tail(tr.stderr)}` };
  }
  if (typeof tj.fit_seconds !== 'number') return { ok: false, error: `thicket train --json has no numeric fit_seconds: ${JSON.stringify(tj).slice(0, 300)}` };
  const row = {
    ok: true,
    fit_s: tj.fit_seconds,
    read_s: tj.read_seconds ?? null,
    auc: tj.metrics?.auc ?? null,
    logloss: tj.metrics?.logloss ?? null,
    peak_rss_mb: tr.peakRssMb,
    wall_s: tr.wallSeconds,
    cpu_s: tr.cpuSeconds,
    predict_s: null,
    predict_kind: null,
    detail: { train_json: tj },
  };
  if (!existsSync(model)) {
    row.predict_error = `train did not write ${relative(ROOT, model)}`;
    return row;
  }
  const ev = await runChild(process.execPath, [THICKET, 'evaluate', model, files.test, '--target', ds.target, '--json', '--nthread', String(threads)], { timeout: o.timeout });
  const ej = lastJson(ev.stdout);
  if (ev.code === 0 && ej) {
    if (typeof ej.metrics?.auc === 'number') row.auc = ej.metrics.auc;
    if (typeof ej.metrics?.logloss === 'number') row.logloss = ej.metrics.logloss;
    if (typeof ej.predict_seconds === 'number') {
      row.predict_s = ej.predict_seconds;
      row.predict_kind = 'in-process';
    } else {
      row.predict_s = ev.wallSeconds;
      row.predict_kind = 'wall';
    }
    row.predict_peak_rss_mb = ev.peakRssMb;
    row.detail.evaluate_json = ej;
    return row;
  }
  // Fall back to `predict` (wall time) and compute the AUC here from p_1.
  const preds = join(OUT, `thicket-${name}-d${depth}.pred.csv`);
  const pr = await runChild(process.execPath, [THICKET, 'predict', model, files.test, '--out', preds], { timeout: o.timeout });
  if (pr.code !== 0 || !existsSync(preds)) {
    row.predict_error = `evaluate exit ${ev.code}: ${tail(ev.stderr, 3)}; predict exit ${pr.code}: ${tail(pr.stderr, 3)}`;
    return row;
  }
  row.predict_s = pr.wallSeconds;
  row.predict_kind = 'wall';
  row.predict_peak_rss_mb = pr.peakRssMb;
  try {
    const p = await readColumn(preds, 'p_1');
    const y = await readColumn(files.test, ds.target);
    row.auc = auc(y.map(Number), p.map(Number));
  } catch (err) {
    row.predict_error = `evaluate failed (${tail(ev.stderr, 2)}); AUC from predict output failed: ${err.message}`;
  }
  return row;
}

async function runSklearn(o, ds, files, threads) {
  const args = [SKLEARN_SCRIPT, '--train', files.train, '--test', files.test, '--target', ds.target,
    '--max-leaf-nodes', String(SK_LEAVES), '--eta', String(o.eta), '--rounds', String(o.rounds), '--nthread', String(threads)];
  const r = await runChild(o.python, args, { timeout: o.timeout, env: { ...process.env, OMP_NUM_THREADS: String(threads) } });
  const j = lastJson(r.stdout);
  if (r.code !== 0 || !j) return { ok: false, error: `sklearn-hgb.py exit ${r.code}${r.signal ? ` (${r.signal})` : ''}: ${tail(r.stderr)}` };
  return {
    ok: true, fit_s: j.fit_seconds, predict_s: j.predict_seconds, predict_kind: 'in-process', read_s: j.read_seconds,
    auc: j.metrics?.auc ?? null, logloss: j.metrics?.logloss ?? null, peak_rss_mb: r.peakRssMb ?? j.peak_rss_mb ?? null,
    wall_s: r.wallSeconds, cpu_s: r.cpuSeconds, detail: { sklearn_version: j.sklearn_version, categorical_native: j.categorical_native },
  };
}

/** One column of a CSV or CSV.gz file as strings (simple split: fine for these numeric files). */
async function readColumn(file, column) {
  const input = createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  const values = [];
  let idx = -1;
  for await (const line of rl) {
    if (idx < 0) {
      idx = line.split(',').map((h) => h.replace(/^"|"$/g, '')).indexOf(column);
      if (idx < 0) throw new Error(`${file}: no column "${column}"`);
      continue;
    }
    if (line) values.push(line.split(',')[idx]);
  }
  return values;
}

/** ROC AUC with tied scores counted half (Mann-Whitney). y in {0,1}. */
function auc(y, p) {
  if (y.length !== p.length) throw new Error(`${y.length} labels but ${p.length} predictions`);
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]] === p[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]] === 1) { rankSumPos += rank; nPos++; }
    i = j + 1;
  }
  const nNeg = y.length - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

// ---------------------------------------------------------------- summary and output

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function range(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length > 1 ? [Math.min(...v), Math.max(...v)] : null;
}

function summarize(results, o) {
  const rows = [];
  for (const dataset of o.datasets) {
    for (const depth of o.depths) for (const threads of o.threads) {
      const row = { dataset, depth, threads };
      for (const tool of o.tools) {
        const runs = results.filter((r) => r.dataset === dataset && r.depth === depth && r.threads === threads && r.tool === tool);
        const ok = runs.filter((r) => r.ok);
        row[tool] = {
          runs: runs.length,
          ok: ok.length,
          error: ok.length ? null : (runs.find((r) => r.error)?.error ?? 'not run'),
          fit_s: median(ok.map((r) => r.fit_s)),
          fit_range: range(ok.map((r) => r.fit_s)),
          predict_s: median(ok.map((r) => r.predict_s)),
          predict_range: range(ok.map((r) => r.predict_s)),
          predict_kind: ok.find((r) => r.predict_kind)?.predict_kind ?? null,
          auc: median(ok.map((r) => r.auc)),
          peak_rss_mb: median(ok.map((r) => r.peak_rss_mb)),
        };
      }
      rows.push(row);
    }
  }
  return rows;
}

const fmt = (x, digits = 3) => (x == null ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(digits));
const fmtAuc = (x) => (x == null ? '–' : x.toFixed(4));
const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : `${(a / b).toFixed(2)}x`);

function cells(s, tool) {
  const t = s[tool];
  if (!t) return null;
  if (!t.ok) return { fit: 'failed', predict: 'failed', auc: 'failed', rss: 'failed' };
  const withRange = (x, r) => fmt(x) + (r ? ` (${fmt(r[0])}–${fmt(r[1])})` : '');
  return {
    fit: withRange(t.fit_s, t.fit_range),
    predict: withRange(t.predict_s, t.predict_range) + (t.predict_kind === 'wall' ? ' wall' : ''),
    auc: fmtAuc(t.auc),
    rss: t.peak_rss_mb == null ? '–' : t.peak_rss_mb.toFixed(0),
  };
}

function tableRows(summary, o) {
  const header = ['dataset', 'depth', 'threads'];
  for (const tool of o.tools) {
    const n = tool === 'xgboost' ? 'XGBoost' : 'thicket';
    header.push(`${n} fit s`, `${n} predict s`, `${n} AUC`, `${n} peak RSS MB`);
  }
  const both = o.tools.includes('xgboost') && o.tools.includes('thicket');
  if (both) header.push('fit ratio t/x', 'predict ratio t/x', 'RSS ratio t/x', 'AUC t-x');
  const body = summary.map((s) => {
    const r = [s.dataset, s.depth > 0 ? String(s.depth) : `lossguide ${SK_LEAVES}`, String(s.threads)];
    for (const tool of o.tools) {
      const c = cells(s, tool);
      r.push(c.fit, c.predict, c.auc, c.rss);
    }
    if (both) {
      const t = s.thicket.ok ? s.thicket : {};
      const x = s.xgboost.ok ? s.xgboost : {};
      const pr = t.predict_kind === 'wall' ? ' wall' : '';
      r.push(ratio(t.fit_s, x.fit_s), ratio(t.predict_s, x.predict_s) + (t.predict_s != null ? pr : ''),
        ratio(t.peak_rss_mb, x.peak_rss_mb),
        t.auc != null && x.auc != null ? `${t.auc - x.auc >= 0 ? '+' : ''}${(t.auc - x.auc).toFixed(4)}` : '–');
    }
    return r;
  });
  return { header, body };
}

/** thicket's fit speed-up from the first thread count to each other one, per dataset and depth. */
function speedupLines(summary, o) {
  if (o.threads.length < 2 || !o.tools.includes('thicket')) return [];
  const out = [];
  for (const d of o.datasets) for (const depth of o.depths) {
    const base = summary.find((s) => s.dataset === d && s.depth === depth && s.threads === o.threads[0])?.thicket;
    for (const t of o.threads.slice(1)) {
      const s = summary.find((x) => x.dataset === d && x.depth === depth && x.threads === t)?.thicket;
      if (base?.fit_s && s?.fit_s) out.push(`thicket ${d} depth ${depth}: ${o.threads[0]} -> ${t} threads fit speed-up ${(base.fit_s / s.fit_s).toFixed(2)}x`);
    }
  }
  return out;
}

/** The scikit-learn comparison table (rows: dataset x threads). */
function sklearnLines(rows, o) {
  const head = ['dataset', 'threads', 'scikit-learn fit s', 'scikit-learn AUC', 'scikit-learn peak RSS MB', `thicket lossguide ${SK_LEAVES} fit s`, 'thicket AUC', 'thicket peak RSS MB', 'fit ratio t/s', 'AUC t-s'];
  const lines = [`scikit-learn HistGradientBoostingClassifier (max_leaf_nodes ${SK_LEAVES}, max_bins 255, ${o.rounds} iterations, learning_rate ${o.eta}, no early stopping) vs thicket grow_policy=lossguide max_leaves=${SK_LEAVES}:`, '',
    `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const s = r.sklearn, t = r.thicket;
    const c = (x) => (x?.ok ? x : {});
    lines.push(`| ${[r.dataset, String(r.threads), fmt(c(s).fit_s), fmtAuc(c(s).auc), c(s).peak_rss_mb?.toFixed(0) ?? '–', fmt(c(t).fit_s), fmtAuc(c(t).auc), c(t).peak_rss_mb?.toFixed(0) ?? '–',
      ratio(c(t).fit_s, c(s).fit_s), c(t).auc != null && c(s).auc != null ? `${c(t).auc - c(s).auc >= 0 ? '+' : ''}${(c(t).auc - c(s).auc).toFixed(4)}` : '–'].join(' | ')} |`);
  }
  return lines;
}

function printText(summary, o) {
  const { header, body } = tableRows(summary, o);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  for (const s of summary) {
    for (const tool of o.tools) if (s[tool] && !s[tool].ok) out.push(`${s.dataset} d${s.depth} ${tool} failed: ${s[tool].error}`);
  }
  out.push(...speedupLines(summary, o));
  process.stdout.write(`${out.join('\n')}\n`);
}

const sh = (cmd, args) => shIn(cmd, args, ROOT);

function machine(o) {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const xgbVersion = sh(o.python, ['-c', 'import xgboost; print(xgboost.__version__)']);
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, XGBoost ${xgbVersion ?? 'not found'}`;
}

function printMarkdown(summary, o, meta) {
  const { header, body } = tableRows(summary, o);
  const lines = [
    `### GBDT vs XGBoost — ${meta.date}`,
    '',
    `- command: \`${meta.command}\``,
    `- commit: \`${meta.commit}\`${meta.dirty ? ' (working tree had uncommitted changes)' : ''}`,
    `- machine: ${meta.machine}`,
    `- load average (uptime) before: ${meta.loadBefore}; after: ${meta.loadAfter}; highest 1-min load at the start of a run: ${(meta.maxLoad1 ?? 0).toFixed(2)}`,
    `- settings: hist, ${o.rounds} rounds, eta ${o.eta}, max_bin ${o.maxBin}, threads ${o.threads.join(', ')} (the same for every tool in a row); ${o.repeats} run(s) per tool, alternating order; seconds are medians${o.repeats > 1 ? ' (min–max)' : ''}`,
    `- fit s: thicket \`fit_seconds\` (binning included, no per-round validation) / XGBoost DMatrix + train (no evals); predict s: test-set prediction excluding CSV reading ("wall": whole \`evaluate\` process); peak RSS: \`/usr/bin/time -f %M\` of each tool's process (data frames included)`,
    '',
    mdTable(header, body),
    ...speedupLines(summary, o).map((l) => `\n${l}`),
  ];
  if (meta.sklearn) lines.push('', ...sklearnLines(meta.sklearn, o));
  for (const s of summary) {
    for (const tool of o.tools) if (s[tool] && !s[tool].ok) lines.push('', `${s.dataset} depth ${s.depth} ${tool} failed: ${s[tool].error}`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseCli(process.argv.slice(2));
  THICKET = o.thicket;
  mkdirSync(OUT, { recursive: true });
  const meta = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    command: `node bench/gbdt.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    commit: commitOf(ROOT),
    dirty: isDirty(ROOT),
    machine: machine(o),
    loadBefore: uptimeLoad(),
  };
  log(`${meta.machine}; commit ${meta.commit}; load ${meta.loadBefore}`);
  if (!haveTime) log(`${TIME_BIN} not found (apt-get install -y time): sampling VmHWM from /proc instead`);

  const results = [];
  let turn = 0;
  for (const name of o.datasets) {
    const ds = DATASETS[name];
    let files;
    try {
      files = await ds.files(o);
    } catch (err) {
      log(`${name}: ${err.message}`);
      for (const depth of o.depths) for (const tool of o.tools) results.push({ dataset: name, depth, tool, repeat: 0, ok: false, error: err.message });
      continue;
    }
    for (const depth of o.depths) for (const threads of o.threads) {
      for (let rep = 0; rep < o.repeats; rep++) {
        const order = turn++ % 2 === 0 ? [...o.tools] : [...o.tools].reverse();
        for (const tool of order) {
          const load1 = os.loadavg()[0];
          meta.maxLoad1 = Math.max(meta.maxLoad1 ?? 0, load1);
          log(`${name} depth ${depth} threads ${threads} run ${rep + 1}/${o.repeats}: ${tool} (1-min load ${load1.toFixed(2)})`);
          let r;
          try {
            r = tool === 'xgboost' ? await runXgboost(o, ds, files, depth, threads) : await runThicket(o, name, ds, files, depth, threads);
          } catch (err) {
            r = { ok: false, error: `${tool}: ${err.stack ?? err}` };
          }
          if (r.ok) {
            log(`  fit ${fmt(r.fit_s)} s, predict ${fmt(r.predict_s)} s${r.predict_kind === 'wall' ? ' (wall)' : ''}, AUC ${fmtAuc(r.auc)}, peak RSS ${r.peak_rss_mb == null ? '?' : r.peak_rss_mb.toFixed(0)} MB, process CPU/wall ${r.cpu_s == null ? '?' : (r.cpu_s / r.wall_s).toFixed(2)}${r.predict_error ? `; predict: ${r.predict_error}` : ''}`);
          } else {
            log(`  FAILED: ${r.error}`);
          }
          results.push({ dataset: name, depth, threads, tool, repeat: rep, order: order.indexOf(tool), load1_before: load1, ...r });
        }
      }
    }
    if (o.sklearn) {
      meta.sklearn ??= [];
      for (const threads of o.threads) {
        const row = { dataset: name, threads };
        const order = turn++ % 2 === 0 ? ['sklearn', 'thicket'] : ['thicket', 'sklearn'];
        for (const tool of order) {
          const load1 = os.loadavg()[0];
          meta.maxLoad1 = Math.max(meta.maxLoad1 ?? 0, load1);
          log(`${name} lossguide ${SK_LEAVES} leaves, threads ${threads}: ${tool} (1-min load ${load1.toFixed(2)})`);
          let r;
          try {
            r = tool === 'sklearn' ? await runSklearn(o, ds, files, threads) : await runThicket(o, name, ds, files, 0, threads);
          } catch (err) {
            r = { ok: false, error: `${tool}: ${err.stack ?? err}` };
          }
          log(r.ok ? `  fit ${fmt(r.fit_s)} s, AUC ${fmtAuc(r.auc)}, peak RSS ${r.peak_rss_mb?.toFixed(0) ?? '?'} MB` : `  FAILED: ${r.error}`);
          row[tool] = r;
          results.push({ dataset: name, depth: 0, threads, tool, load1_before: load1, ...r });
        }
        meta.sklearn.push(row);
      }
    }
  }
  meta.loadAfter = uptimeLoad();
  const summary = summarize(results, o);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const rawPath = join(OUT, `gbdt-${stamp}.json`);
  writeFileSync(rawPath, `${JSON.stringify({ meta, options: o, results, summary }, null, 1)}\n`);
  log(`raw results: ${relative(ROOT, rawPath)}`);
  printText(summary, o);
  if (meta.sklearn) process.stdout.write(`\n${sklearnLines(meta.sklearn, o).join('\n')}\n`);
  if (o.md) printMarkdown(summary, o, meta);
}

main().catch((err) => {
  process.stderr.write(`gbdt: ${err.stack ?? err}\n`);
  process.exit(1);
});
