#!/usr/bin/env node
// Forest accuracy check: thicket's random forest with default parameters (100 trees) on every
// public dataset of ../shared/data/manifest.json, against scikit-learn's RandomForest
// (n_estimators=100, ../shared/reference/reference.json method rf_default), on each dataset's
// primary metric. "Within 1% or better": a higher-is-better metric at least 0.99 x scikit-learn's,
// a lower-is-better one (logloss, rmse) at most 1.01 x. Each dataset runs in its own child
// process (bench/forest-thicket.mjs, in-process fit and predict).
//
//   node bench/forest-accuracy.mjs [--datasets a,b] [--learner rf] [--param k=v]... [--seeds 0] [--md]
//   [--shared DIR] [--skip airline_1m]
// --seeds 0,1,2 runs each dataset with several seeds and reports the mean (forests of 100 trees
// vary by a few tenths of a percent from seed to seed on the small sets).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { readManifest } from './lib/manifest.mjs';
import { commitOf } from './lib/run-info.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const { values: a } = parseArgs({
  options: {
    datasets: { type: 'string' }, learner: { type: 'string', default: 'rf' },
    param: { type: 'string', multiple: true, default: [] }, seeds: { type: 'string', default: '0' },
    md: { type: 'boolean', default: false }, skip: { type: 'string', default: '' },
    shared: { type: 'string', default: process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared') },
  },
});
const manifest = readManifest(join(a.shared, 'data'));
const reference = JSON.parse(readFileSync(join(a.shared, 'reference', 'reference.json'), 'utf8'));
const wanted = a.datasets ? a.datasets.split(',') : manifest.map((d) => d.name);
const skip = new Set(a.skip.split(',').filter(Boolean));
const seeds = a.seeds.split(',').map(Number);
const LOWER = new Set(['logloss', 'rmse', 'mae']);

function run(args) {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'forest-thicket.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [], err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('close', (code) => res({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

const rows = [];
const load0 = os.loadavg();
for (const d of manifest) {
  if (!wanted.includes(d.name) || skip.has(d.name)) continue;
  const ref = reference.datasets[d.name]?.methods?.rf_default;
  const metric = d.metric;
  const values = [];
  let seconds = 0;
  for (const seed of seeds) {
    const args = ['--train', join(a.shared, 'data', d.files.train), '--test', join(a.shared, 'data', d.files.test), '--target', d.target,
      '--task', d.task, '--learner', a.learner, '--param', `seed=${seed}`, ...a.param.flatMap((p) => ['--param', p])];
    const r = await run(args);
    if (r.code !== 0) { process.stderr.write(`${d.name}: exit ${r.code}: ${r.stderr.slice(-400)}\n`); values.push(NaN); continue; }
    const j = JSON.parse(r.stdout.trim().split('\n').pop());
    values.push(j.metrics[metric]);
    seconds += j.fit_seconds;
  }
  const ours = values.reduce((s, v) => s + v, 0) / values.length;
  const theirs = ref?.metrics?.[metric];
  const ratio = theirs === undefined ? NaN : ours / theirs;
  const ok = theirs === undefined ? null : LOWER.has(metric) ? ours <= 1.01 * theirs : ours >= 0.99 * theirs;
  rows.push({ dataset: d.name, metric, thicket: ours, thicket_runs: values, sklearn_rf: theirs ?? null, ratio, within_1pct: ok, fit_seconds: seconds / seeds.length });
  process.stderr.write(`${d.name.padEnd(14)} ${metric.padEnd(8)} thicket ${ours.toPrecision(5)}  sklearn ${theirs?.toPrecision(5)}  ratio ${ratio.toFixed(4)}  ${ok ? 'ok' : 'MISS'}\n`);
}
const load1 = os.loadavg();
mkdirSync(OUT, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(OUT, `forest-accuracy-${stamp}.json`), JSON.stringify({ rows, seeds, learner: a.learner, params: a.param, load: [load0, load1] }, null, 1));
const fmt = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x.toPrecision(5)).toString());
const table = ['| dataset | metric | thicket rf | scikit-learn rf | ratio | within 1% |', '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.dataset} | ${r.metric} | ${fmt(r.thicket)} | ${fmt(r.sklearn_rf)} | ${r.ratio.toFixed(4)} | ${r.within_1pct === null ? '–' : r.within_1pct ? 'yes' : '**no**'} |`)];
process.stdout.write(table.join('\n') + '\n');
if (a.md) {
  let commit = '?';
  commit = commitOf(ROOT);
  process.stdout.write(`\ncommand: \`node bench/forest-accuracy.mjs${process.argv.slice(2).map((x) => ` ${x}`).join('')}\`; commit ${commit}; ` +
    `seeds ${seeds.join(',')}; load ${load0.map((x) => x.toFixed(2)).join(', ')} -> ${load1.map((x) => x.toFixed(2)).join(', ')}\n`);
}
