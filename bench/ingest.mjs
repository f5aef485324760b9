#!/usr/bin/env node
// Ingest benchmark: reading and binning a large CSV, training on it, and predicting over it, with
// pandas and XGBoost 1.7.4 in the same run.
//
// Usage (from the repository root; `npm run bench:ingest -- [flags]` builds first):
//   node bench/ingest.mjs [--rows 10M] [--nthread 2] [--rounds 100] [--depth 6] [--big 0] [--md]
//                         [--skip pandas,read,train,xgboost,predict] [--big-test 1M]
// --rows 0: only the --big piece.
// --rows: the synth training file (../shared/tools/synth.mjs --seed 1), made once under
// /work/synth (or $THICKET_SYNTH) as synth_<rows>.train.csv under flock; a 100k-row test file
// from the same seed (rows from --start <rows>) is made next to it.
// Steps, each a child process with its peak RSS from `/usr/bin/time -f %M`:
//   pandas   pd.read_csv(float32, C engine): read seconds;
//   read     thicket's parallel reader + streaming binning (bench/ingest-read.mjs): read and bin seconds;
//   train    `thicket train --param nthread=N` (depth, rounds): read_seconds, fit_seconds;
//   xgboost  bench/xgb-train.py on the same files and threads: read, DMatrix + train;
//   predict  `thicket predict` over the training file (streaming), seconds and peak RSS.
// --big N (e.g. 100M): also makes an N-row file and a --big-test-row test file (rows from --start N)
// in a temporary folder under the synth folder, trains (rounds, depth; beyond one kernel memory
// the rows are split across shards, and the binning time comes from train's log), scores the test
// file and predicts over the training file, then deletes them (--big-file PATH: an N-row file
// made beforehand in a folder of its own, deleted with its folder afterwards). Run the whole bench under
// `flock -x /tmp/quiet.lock` (a quiet machine) and `flock /tmp/bigmem.lock` (pandas and XGBoost peak above 3 GB).
// stdout: the table (--md: markdown); progress on stderr; raw results in bench/out/ingest-<time>.json.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { commitOf, loadavgText } from './lib/run-info.mjs';
import { runXgbTrain } from './lib/xgb-train.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const THICKET = join(ROOT, 'bin', 'thicket.js');
const { values: a } = parseArgs({
  options: {
    rows: { type: 'string', default: '10M' }, nthread: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '100' }, depth: { type: 'string', default: '6' },
    big: { type: 'string', default: '0' }, 'big-test': { type: 'string', default: '1M' }, md: { type: 'boolean', default: false },
    skip: { type: 'string', default: '' }, 'big-file': { type: 'string' }, shared: { type: 'string' }, python: { type: 'string', default: '/usr/bin/python3' },
  },
});
const SHARED = resolve(a.shared ?? process.env.THICKET_SHARED ?? join(ROOT, '..', 'shared'));
const SYNTH_DIR = process.env.THICKET_SYNTH ?? '/work/synth';
const skip = new Set(a.skip.split(',').filter(Boolean));
const log = (s) => process.stderr.write(`[ingest] ${s}\n`);

function rowsOf(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  if (!m) throw new Error(`bad row count ${text}`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}
const tag = (n) => (n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
const load = () => loadavgText();

/** Runs a command under /usr/bin/time; resolves with stdout, stderr, wall seconds and peak RSS (MB). */
function run(cmd, args, opts = {}) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'PEAK_KB %M', cmd, ...args], { env: { ...process.env, ...opts.env } });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => {
      err += d;
      for (const line of String(d).split('\n')) if (/^read |rows|\[\d+\]|^binned/.test(line) && opts.echo) log(`  ${line}`);
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      const m = /PEAK_KB (\d+)/.exec(err);
      if (code !== 0) fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      else done({ out, err, wall, peakMB: m ? Number(m[1]) / 1024 : null });
    });
  });
}

function synth(rows, out, start = 0) {
  if (existsSync(out)) return;
  log(`making ${out} (${rows} rows)`);
  execFileSync('flock', [join(dirname(out), '.lock'), 'sh', '-c',
    `test -s '${out}' || (node '${join(SHARED, 'tools', 'synth.mjs')}' --rows ${rows} --start ${start} --seed 1 --out '${out}.tmp' && mv '${out}.tmp' '${out}')`],
  { stdio: ['ignore', 'ignore', 'inherit'] });
}

const PANDAS = `
import sys, time, numpy as np, pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1], engine='c', dtype=np.float32)
print(time.perf_counter() - t, df.shape[0])
`;

/** Runs one step; a failure is recorded (and printed) instead of ending the run. */
async function step(r, name, work) {
  try {
    await work();
  } catch (err) {
    log(`${name} failed: ${String(err.message).slice(-500)}`);
    r[`${name}_error`] = String(err.message).slice(-500);
  }
  writeFileSync(join(OUT, 'ingest-partial.json'), JSON.stringify(r, null, 2));
}

async function measure(train, test, rows, nthread) {
  const r = { rows, file_mb: statSync(train).size / 1e6, nthread, load_before: load() };
  const th = ['--param', `nthread=${nthread}`, '--param', `num_boost_round=${a.rounds}`, '--param', `max_depth=${a.depth}`];
  const model = join(OUT, `ingest-model-${rows}.json`);
  if (!skip.has('pandas')) await step(r, 'pandas', async () => {
    log('pandas read_csv');
    const p = await run(a.python, ['-c', PANDAS, train]);
    r.pandas = { read_seconds: Number(p.out.trim().split(' ')[0]), peak_mb: p.peakMB };
  });
  if (!skip.has('read')) await step(r, 'read', async () => {
    log('thicket read + bin');
    const p = await run(process.execPath, [join(ROOT, 'bench', 'ingest-read.mjs'), train, 'label', String(nthread)]);
    r.thicket_read = { ...JSON.parse(p.out), peak_mb: p.peakMB };
  });
  if (!skip.has('train')) await step(r, 'train', async () => {
    log(`thicket train (${a.rounds} rounds, depth ${a.depth}, nthread ${nthread})`);
    const p = await run(process.execPath, [THICKET, 'train', train, '--target', 'label', ...th, '--out', model, '--json'], { echo: true });
    const j = JSON.parse(p.out);
    const binned = /binned [\d,]+ rows into (\d+) shards .* in ([\d.]+) s/.exec(p.err);
    r.thicket_train = { read_seconds: j.read_seconds, fit_seconds: j.fit_seconds, wall: p.wall, peak_mb: p.peakMB,
      ...(binned ? { shards: Number(binned[1]), bin_seconds: Number(binned[2]) } : {}) };
    log(JSON.stringify(r.thicket_train));
  });
  if (!skip.has('xgboost') && test) await step(r, 'xgboost', async () => {
    log(`xgboost (pandas read + DMatrix + train, nthread ${nthread})`);
    const p = await runXgbTrain({ python: a.python, train, test, target: 'label', depth: a.depth, rounds: a.rounds, nthread });
    if (!p.ok) throw new Error(p.error);
    const j = p.json;
    r.xgboost = { read_seconds: j.read_seconds, fit_seconds: j.fit_seconds, wall: p.wall_s, peak_mb: p.peak_rss_mb, metrics: j.metrics };
    log(JSON.stringify(r.xgboost));
  });
  if (!skip.has('predict') && r.thicket_train) await step(r, 'predict', async () => {
    log('thicket predict over the training file');
    const pr = await run(process.execPath, [THICKET, 'predict', model, train, '--out', join(OUT, `ingest-pred-${rows}.csv`)]);
    r.thicket_predict = { wall: pr.wall, peak_mb: pr.peakMB };
    rmSync(join(OUT, `ingest-pred-${rows}.csv`), { force: true });
    if (test) {
      const ev = await run(process.execPath, [THICKET, 'evaluate', model, test, '--target', 'label', '--json']);
      r.thicket_test = JSON.parse(ev.out).metrics;
    }
  });
  r.load_after = load();
  return r;
}

const f = (x, d = 1) => (x === undefined || x === null ? '-' : Number(x).toFixed(d));
function table(results) {
  const lines = [];
  const row = (cells) => lines.push(a.md ? `| ${cells.join(' | ')} |` : cells.join('  '));
  row(['rows', 'step', 'thicket s', 'reference s', 'ratio', 'thicket peak MB', 'reference peak MB', 'load (1 min) before / after']);
  if (a.md) row(Array(8).fill('---'));
  for (const r of results) {
    const l = `${r.load_before.split(' ')[0]} / ${r.load_after.split(' ')[0]}`;
    const f32 = (r.rows * 28 * 4) / 1e6;
    if (r.thicket_read || r.pandas) {
      const t = r.thicket_read ? r.thicket_read.read_seconds + r.thicket_read.bin_seconds : undefined;
      row([tag(r.rows), `read + bin (thicket read ${f(r.thicket_read?.read_seconds)} + bin ${f(r.thicket_read?.bin_seconds)}) vs pandas read_csv float32`,
        f(t), f(r.pandas?.read_seconds), t && r.pandas ? f(t / r.pandas.read_seconds, 2) : '-', f(r.thicket_read?.peak_mb, 0), f(r.pandas?.peak_mb, 0), l]);
    }
    if (r.thicket_train) {
      row([tag(r.rows), `train ${a.rounds} rounds depth ${a.depth}: fit (binning included) vs XGBoost DMatrix + train`,
        f(r.thicket_train.fit_seconds), f(r.xgboost?.fit_seconds), r.xgboost ? f(r.thicket_train.fit_seconds / r.xgboost.fit_seconds, 2) : '-',
        `${f(r.thicket_train.peak_mb, 0)} (${f(r.thicket_train.peak_mb / f32, 2)}x float32 ${f(f32, 0)} MB)`, f(r.xgboost?.peak_mb, 0), l]);
      if (r.thicket_train.bin_seconds !== undefined) {
        row([tag(r.rows), `train: read ${f(r.thicket_train.read_seconds)} + bin into ${r.thicket_train.shards} shards ${f(r.thicket_train.bin_seconds)}; fit without binning ${f(r.thicket_train.fit_seconds - r.thicket_train.bin_seconds)}`,
          f(r.thicket_train.read_seconds + r.thicket_train.bin_seconds), '-', '-', '', '', l]);
      }
      row([tag(r.rows), 'train whole process wall (read included)', f(r.thicket_train.wall), f(r.xgboost?.wall), r.xgboost ? f(r.thicket_train.wall / r.xgboost.wall, 2) : '-', '', '', l]);
    }
    if (r.thicket_predict) row([tag(r.rows), 'predict over the training file (whole process)', f(r.thicket_predict.wall), '-', '-', f(r.thicket_predict.peak_mb, 0), '-', l]);
    if (r.thicket_test) row([tag(r.rows), `test auc thicket ${f(r.thicket_test.auc, 4)} / XGBoost ${f(r.xgboost?.metrics?.auc, 4)}`, '', '', '', '', '', l]);
  }
  return lines.join('\n');
}

mkdirSync(OUT, { recursive: true });
const nthread = Number(a.nthread);
const results = [];
const rows = rowsOf(a.rows);
if (rows > 0) {
  const train = join(SYNTH_DIR, `synth_${tag(rows)}.train.csv`);
  const test = join(SYNTH_DIR, `synth_${tag(rows)}.test100k.csv`);
  synth(rows, train);
  synth(100_000, test, rows);
  results.push(await measure(train, test, rows, nthread));
}

const big = rowsOf(a.big);
if (big > 0) {
  // --big-file: a file made beforehand (in its own temporary folder), used and then deleted with that folder.
  const dir = a['big-file'] ? dirname(a['big-file']) : mkdtempSync(join(SYNTH_DIR, 'ingest-big-'));
  try {
    const bigTrain = a['big-file'] ?? join(dir, `synth_${tag(big)}.train.csv`);
    log(`df: ${execFileSync('df', ['-h', SYNTH_DIR]).toString().split('\n')[1]}`);
    const bigTest = join(dir, `synth_${tag(big)}.test.csv`);
    synth(big, bigTrain);
    synth(rowsOf(a['big-test']), bigTest, big);
    // pandas and XGBoost hold the float matrix (beyond this machine at 100M); read: one kernel memory only (train's log gives the sharded binning).
    skip.add('pandas'); skip.add('xgboost'); skip.add('read');
    results.push(await measure(bigTrain, bigTest, big, nthread));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const commit = commitOf(ROOT);
writeFileSync(join(OUT, `ingest-${Date.now()}.json`), JSON.stringify({ commit, results }, null, 2));
process.stdout.write(`commit ${commit}, ${os.cpus().length} cores, nthread ${nthread}\n\n${table(results)}\n`);
