#!/usr/bin/env node
// AutoML at scale: `thicket fit --time T` on million-row sets, against XGBoost trained on the same
// files in the same run.
//
// Usage (from the repository root; `npm run bench:automl-scale -- [flags]` builds first):
//   node bench/automl-scale.mjs [--times 10,30,60,300] [--datasets airline_1m,synth_1m]
//                               [--big] [--workers n] [--md]
// For every dataset: XGBoost hist defaults (100 rounds, depth 6, eta 0.3, all threads) and, when
// a budget of 300 s or more is run, XGBoost depth 10 eta 0.1 100 rounds (bench/xgb-train.py); then
// for every --time: `thicket fit` as its own process under /usr/bin/time (exit code, wall seconds
// of the whole process against the budget, peak RSS), and `thicket evaluate --nthread` of the
// model on the test file (test AUC). --big adds synth_10m (/work/synth/synth_10m.train.csv) at
// --time 300 with its peak RSS, against XGBoost defaults on its first 1M rows (synth_1m); its test
// rows start at row 10,000,000 (synth_10m.test.csv, made here when missing). The load average is
// noted before every run. stdout: the table (and with --md a BENCHMARKS.md section); raw results in
// bench/out/automl-scale-<time>.json.

import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { commitOf, loadavgText } from './lib/run-info.mjs';
import { runXgbTrain } from './lib/xgb-train.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared');
const SYNTH = '/work/synth';
const OUT = join(ROOT, 'bench', 'out');
const TOLERANCE = 0.05;

const SETS = {
  airline_1m: { train: join(SHARED, 'data', 'airline_1m.train.csv.gz'), test: join(SHARED, 'data', 'airline_1m.test.csv.gz'), target: 'delayed_15min' },
  synth_1m: { train: join(SYNTH, 'synth_1m.train.csv'), test: join(SYNTH, 'synth_1m.test.csv'), target: 'label' },
  synth_10m: { train: join(SYNTH, 'synth_10m.train.csv'), test: join(SYNTH, 'synth_10m.test.csv'), target: 'label', xgbTrain: join(SYNTH, 'synth_1m.train.csv') },
};

const { values: args } = parseArgs({
  options: {
    times: { type: 'string', default: '10,30,60,300' },
    datasets: { type: 'string', default: 'airline_1m,synth_1m' },
    big: { type: 'boolean', default: false },
    workers: { type: 'string' },
    md: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 16).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
  process.exit(0);
}

const load = () => loadavgText();
const commit = commitOf(ROOT);
const say = (s) => process.stderr.write(`${s}\n`);

/** Runs a command under /usr/bin/time: exit code, wall seconds, peak RSS (MB), stdout. */
function timed(cmd, argv) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '@@rss %M', cmd, ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  const m = /@@rss (\d+)/.exec(r.stderr ?? '');
  return { code: r.status, wall, rssMb: m ? Number(m[1]) / 1024 : null, stdout: r.stdout, stderr: r.stderr };
}

async function xgb(set, depth, eta, trainPath) {
  say(`xgboost depth ${depth} eta ${eta} on ${trainPath} (load ${load()})`);
  const r = await runXgbTrain({ train: trainPath, test: set.test, target: set.target, depth, eta, rounds: 100, nthread: os.availableParallelism() });
  if (!r.ok) return { error: r.error };
  const j = r.json;
  return { auc: j.metrics?.auc ?? j.auc, fit_seconds: j.fit_seconds, wall: r.wall_s, rssMb: r.peak_rss_mb };
}

function thicket(name, set, time, dir) {
  const model = join(dir, `${name}-${time}.json`);
  const l = load();
  say(`thicket fit ${name} --time ${time} (load ${l})`);
  const argv = [join(ROOT, 'bin', 'thicket.js'), 'fit', set.train, '--target', set.target, '--time', String(time), '--out', model, '--json'];
  if (args.workers) argv.push('--workers', args.workers);
  const r = timed(process.execPath, argv);
  const row = { dataset: name, time, load: l, code: r.code, wall: r.wall, rssMb: r.rssMb };
  if (r.code !== 0) return { ...row, error: r.stderr.trim().split('\n').slice(-2).join(' ') };
  const j = JSON.parse(r.stdout.trim().split('\n').pop());
  const lines = r.stderr.split('\n');
  const final = lines.find((x) => x.startsWith('final members')) ?? '';
  Object.assign(row, {
    read_seconds: j.read_seconds, fit_seconds: j.fit_seconds, trials: j.trials, ensemble: j.ensemble.kind,
    validation: j.validation.value, sample: /sample of (\d+)/.exec(final)?.[1] ?? 'all',
  });
  say(`  evaluate (load ${load()})`);
  const e = timed(process.execPath, [join(ROOT, 'bin', 'thicket.js'), 'evaluate', model, set.test, '--target', set.target, '--json']);
  if (e.code === 0) { row.auc = JSON.parse(e.stdout).metrics.auc; row.evaluate_seconds = e.wall; } else row.evalError = e.stderr.slice(-300);
  return row;
}

const times = args.times.split(',').map(Number);
const names = args.datasets.split(',').filter(Boolean);
const dir = mkdtempSync(join(os.tmpdir(), 'automl-scale-'));
const results = { commit, started: new Date().toISOString(), cores: os.availableParallelism(), xgb: {}, rows: [] };
const plan = names.map((n) => ({ name: n, times }));
if (args.big) plan.push({ name: 'synth_10m', times: [300] });
for (const { name, times: ts } of plan) {
  const set = SETS[name];
  if (!set) throw new Error(`unknown dataset ${name}`);
  if (name === 'synth_10m' && !existsSync(set.test)) {
    say('making synth_10m.test.csv (rows from 10,000,000)');
    execFileSync('flock', [join(SYNTH, '.lock'), process.execPath, join(SHARED, 'tools', 'synth.mjs'), '--rows', '200000', '--start', '10000000', '--seed', '1', '--out', set.test]);
  }
  results.xgb[name] = { defaults: await xgb(set, 6, 0.3, set.xgbTrain ?? set.train) };
  if (ts.some((t) => t >= 300) && name !== 'synth_10m') results.xgb[name].deep = await xgb(set, 10, 0.1, set.train);
  for (const t of ts) {
    const row = thicket(name, set, t, dir);
    results.rows.push(row);
    say(`  ${JSON.stringify(row)}`);
  }
}
mkdirSync(OUT, { recursive: true });
const rawPath = join(OUT, `automl-scale-${Date.now()}.json`);
writeFileSync(rawPath, JSON.stringify(results, null, 1));

const f = (x, d = 3) => (x === undefined || x === null ? '-' : typeof x === 'number' ? x.toFixed(d) : String(x));
const head = '| dataset | --time | exit | wall s | wall / budget | read s | trials | final sample | ensemble | test AUC | XGB defaults AUC | XGB d10 AUC | peak RSS MB | load before |';
const sep = '|' + head.split('|').slice(1, -1).map(() => '---').join('|') + '|';
const body = results.rows.map((r) => {
  const x = results.xgb[r.dataset];
  const ratio = r.wall / r.time;
  return `| ${r.dataset} | ${r.time} | ${r.code} | ${f(r.wall, 1)} | ${f(ratio, 2)}${ratio > 1 + TOLERANCE ? ' (over)' : ''} | ${f(r.read_seconds, 1)} | ${f(r.trials, 0)} | ${r.sample ?? '-'} | ${r.ensemble ?? r.error ?? '-'} | ${f(r.auc, 4)} | ${f(x.defaults.auc, 4)} | ${f(x.deep?.auc, 4)} | ${f(r.rssMb, 0)} | ${r.load} |`;
});
const xgbLines = Object.entries(results.xgb).map(([n, x]) => `- ${n}: XGBoost defaults auc ${f(x.defaults.auc, 4)} fit ${f(x.defaults.fit_seconds, 1)} s${x.deep ? `; depth 10 eta 0.1: auc ${f(x.deep.auc, 4)} fit ${f(x.deep.fit_seconds, 1)} s` : ''}`);
const table = [head, sep, ...body].join('\n');
if (args.md) {
  process.stdout.write(`### AutoML at scale (bench/automl-scale.mjs)\n\nCommand: \`node bench/automl-scale.mjs --times ${args.times} --datasets ${args.datasets}${args.big ? ' --big' : ''} --md\`, commit ${commit}, ${results.cores} cores, ${results.started}. Wall seconds are the whole \`thicket fit\` process (reading, binning, search, ensemble, writing); test AUC by \`thicket evaluate\` on the test file; XGBoost (bench/xgb-train.py, all threads) trained on the same files in the same run.\n\n${table}\n\n${xgbLines.join('\n')}\n\nRaw: ${rawPath}\n`);
} else {
  process.stdout.write(`${table}\n${xgbLines.join('\n')}\n`);
}
