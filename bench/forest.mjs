#!/usr/bin/env node
// Forest benchmark: thicket's random forest against scikit-learn RandomForest and R ranger in one
// run — fit and predict seconds, test metric, peak RSS, and thicket/reference ratios.
//
// Usage (from the repository root; `npm run bench:forest -- [flags]` builds first):
//   node bench/forest.mjs [--datasets airline_100k,diamonds,letter,synth_1m] [--tools thicket,sklearn,ranger]
//                         [--trees 100] [--threads 2] [--repeats 1] [--learner rf] [--md] [--timeout 7200]
// Each tool runs as its own child process, the order rotating between repeats; peak RSS is
// `/usr/bin/time -f %M` of that process (reading the data included, for every tool). thicket runs
// in-process through the library (bench/forest-thicket.mjs: fit = data in memory to the finished
// model, binning included; predict = the test set), so forests too large for a JSON model file are
// measured too; scikit-learn (bench/forest-sklearn.py: n_jobs = threads, random_state 0, data
// encoded and imputed as ../shared/reference rf_default) and ranger (bench/forest-ranger.R:
// num.threads = threads, seed 1, probability forests, as ranger_default) time fit and predict
// inside the tool, excluding reading and encoding. Every tool grows `--trees` trees with its
// defaults otherwise (full depth; sqrt features for classification; sklearn / thicket all features,
// ranger floor(sqrt(p)) for regression; ranger's min.node.size 10 (probability) / 5 (regression)).
// stdout: a table; --md adds a markdown section for BENCHMARKS.md. Raw results: bench/out/forest-<time>.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions } from './lib/options.mjs';
import os from 'node:os';
import { readManifest } from './lib/manifest.mjs';
import { commitOf, machineText } from './lib/run-info.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const TIME_BIN = '/usr/bin/time';

const a = benchOptions({
  datasets: 'airline_100k,diamonds,letter,synth_1m', tools: 'thicket,sklearn,ranger', trees: '100', threads: '2', repeats: '1',
  learner: 'rf', param: [], md: false, timeout: '7200', shared: process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared'),
  python: '/usr/bin/python3', rscript: 'Rscript', help: false,
}, { help: 'h' });
if (a.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
  process.exit(0);
}
const trees = Number(a.trees), threads = Number(a.threads), repeats = Number(a.repeats), timeout = Number(a.timeout);
const tools = a.tools.split(',').filter(Boolean);
mkdirSync(OUT, { recursive: true });
const log = (m) => process.stderr.write(`[forest ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

// ---------------------------------------------------------------- datasets

const manifest = readManifest(join(a.shared, 'data'));
async function dataset(name) {
  if (name === 'synth_1m' || name === 'synth_100k') {
    const [nTrain, nTest] = name === 'synth_1m' ? [1_000_000, 200_000] : [100_000, 20_000];
    const train = join(OUT, `${name}.train.csv`), test = join(OUT, `${name}.test.csv`);
    for (const [file, args] of /** @type {[string, string[]][]} */ ([[train, ['--rows', String(nTrain), '--seed', '1']], [test, ['--rows', String(nTest), '--start', String(nTrain), '--seed', '1']]])) {
      if (existsSync(file)) continue;
      log(`generating ${file}`);
      const r = await runChild(process.execPath, [join(a.shared, 'tools', 'synth.mjs'), ...args, '--out', `${file}.partial`], false);
      if (r.code !== 0) throw new Error(`synth.mjs failed: ${r.stderr.slice(-300)}`);
      renameSync(`${file}.partial`, file);
    }
    return { name, train, test, target: 'label', task: 'binary', metric: 'auc', categorical: [] };
  }
  const m = manifest.find((d) => d.name === name);
  if (!m) throw new Error(`unknown dataset ${name}`);
  return { name, train: join(a.shared, 'data', m.files.train), test: join(a.shared, 'data', m.files.test), target: m.target, task: m.task,
    metric: m.metric, categorical: m.categorical_columns };
}

// ---------------------------------------------------------------- child processes

function runChild(cmd, args, measure = true) {
  return new Promise((res) => {
    const rssFile = join(OUT, `.rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const useTime = measure && existsSync(TIME_BIN);
    const [file, argv] = useTime ? [TIME_BIN, ['-f', '%M %U %S', '-o', rssFile, cmd, ...args]] : [cmd, args];
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = [], err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, timeout * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let peakRssMb = null, cpuSeconds = null;
      if (useTime && existsSync(rssFile)) {
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        const [kb, user, sys] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
        if (kb > 0) peakRssMb = kb / 1024;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = user + sys;
        rmSync(rssFile, { force: true });
      }
      res({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), wallSeconds: (performance.now() - t0) / 1000, peakRssMb, cpuSeconds });
    });
  });
}

const lastJson = (s) => { const line = s.trim().split('\n').filter((l) => l.startsWith('{')).pop(); try { return line ? JSON.parse(line) : null; } catch { return null; } };

async function runTool(tool, d) {
  let r;
  if (tool === 'thicket') {
    r = await runChild(process.execPath, [join(ROOT, 'bench', 'forest-thicket.mjs'), '--train', d.train, '--test', d.test, '--target', d.target,
      '--task', d.task, '--learner', a.learner, '--param', `n_estimators=${trees}`, '--param', `nthread=${threads}`, '--predict-nthread', String(threads), ...a.param.flatMap((p) => ['--param', p])]);
  } else if (tool === 'sklearn') {
    r = await runChild(a.python, [join(ROOT, 'bench', 'forest-sklearn.py'), '--train', d.train, '--test', d.test, '--target', d.target, '--task', d.task,
      '--categorical', d.categorical.join(','), '--learner', a.learner, '--n-estimators', String(trees), '--n-jobs', String(threads)]);
  } else if (tool === 'ranger') {
    r = await runChild(a.rscript, [join(ROOT, 'bench', 'forest-ranger.R'), d.train, d.test, d.target, d.task, d.categorical.length ? d.categorical.join(',') : '-',
      String(trees), String(threads), '1']);
  } else throw new Error(`unknown tool ${tool}`);
  const j = lastJson(r.stdout);
  if (r.code !== 0 || !j) return { ok: false, error: `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}` };
  return { ok: true, fit_s: j.fit_seconds, predict_s: j.predict_seconds, metric: j.metrics[d.metric], metrics: j.metrics, peak_rss_mb: r.peakRssMb,
    cpu_s: r.cpuSeconds, wall_s: r.wallSeconds, detail: j };
}

// ---------------------------------------------------------------- run

const load0 = os.loadavg();
const results = [];
for (const name of a.datasets.split(',').filter(Boolean)) {
  const d = await dataset(name);
  const runs = Object.fromEntries(tools.map((t) => [t, []]));
  for (let rep = 0; rep < repeats; rep++) {
    const order = tools.map((_, i) => tools[(i + rep) % tools.length]);
    for (const tool of order) {
      log(`${name} ${tool} (run ${rep + 1}/${repeats})`);
      const r = await runTool(tool, d);
      log(r.ok ? `  fit ${r.fit_s.toFixed(2)} s, predict ${r.predict_s.toFixed(2)} s, ${d.metric} ${r.metric}, peak ${r.peak_rss_mb?.toFixed(0)} MB` : `  failed: ${r.error}`);
      runs[tool].push(r);
    }
  }
  results.push({ dataset: name, metric: d.metric, runs });
}
const load1 = os.loadavg();

const median = (xs) => { const s = xs.filter((x) => typeof x === 'number').sort((p, q) => p - q); return s.length ? s[(s.length - 1) >> 1] : null; };
const summary = results.map((r) => {
  const s = { dataset: r.dataset, metric: r.metric };
  for (const t of tools) {
    const ok = r.runs[t].filter((x) => x.ok);
    s[t] = ok.length ? { fit_s: median(ok.map((x) => x.fit_s)), predict_s: median(ok.map((x) => x.predict_s)), metric: ok[0].metric,
      peak_rss_mb: median(ok.map((x) => x.peak_rss_mb)), fit_range: [Math.min(...ok.map((x) => x.fit_s)), Math.max(...ok.map((x) => x.fit_s))] }
      : { error: r.runs[t][0]?.error ?? 'not run' };
  }
  return s;
});
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(OUT, `forest-${stamp}.json`), JSON.stringify({ trees, threads, repeats, learner: a.learner, params: a.param, load: [load0, load1], results, summary }, null, 1));

const f = (x, p = 3) => (typeof x === 'number' ? Number(x.toPrecision(p)).toString() : '–');
const ratio = (x, y) => (typeof x === 'number' && typeof y === 'number' && y > 0 ? (x / y).toFixed(2) : '–');
const cols = ['dataset', 'metric', ...tools.flatMap((t) => [`${t} fit s`, `${t} predict s`, `${t} metric`, `${t} peak MB`])];
const refs = tools.filter((t) => t !== 'thicket');
if (tools.includes('thicket')) for (const t of refs) cols.push(`fit t/${t[0]}`, `predict t/${t[0]}`, `RSS t/${t[0]}`);
const lines = [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`];
for (const s of summary) {
  const row = [s.dataset, s.metric];
  for (const t of tools) {
    const x = s[t];
    if (x.error) row.push('failed', '–', '–', '–');
    else row.push(`${f(x.fit_s)}${repeats > 1 ? ` (${f(x.fit_range[0])}–${f(x.fit_range[1])})` : ''}`, f(x.predict_s), f(x.metric, 4), f(x.peak_rss_mb));
  }
  if (tools.includes('thicket')) for (const t of refs) row.push(ratio(s.thicket.fit_s, s[t].fit_s), ratio(s.thicket.predict_s, s[t].predict_s), ratio(s.thicket.peak_rss_mb, s[t].peak_rss_mb));
  lines.push(`| ${row.join(' | ')} |`);
}
process.stdout.write(lines.join('\n') + '\n');
if (a.md) {
  process.stdout.write(`\n- command: \`node bench/forest.mjs${process.argv.slice(2).map((x) => ` ${x}`).join('')}\`\n- commit: \`${commitOf(ROOT)}\`\n` +
    `- machine: ${machineText()}\n` +
    `- load average before: ${load0.map((x) => x.toFixed(2)).join(', ')}; after: ${load1.map((x) => x.toFixed(2)).join(', ')}\n` +
    `- ${trees} trees, ${threads} threads per tool, ${repeats} run(s) per tool; seconds are medians\n`);
}
