#!/usr/bin/env node
// Distributed trials benchmark: `thicket fit --queue` with 1 and 2 `thicket worker` processes on
// this machine against the local pool at equal cores, on a private redis-server.
//
// Usage (from the repository root, after `npm run build`):
//   flock /tmp/bench.lock node bench/distributed.mjs [--data data/mlc_churn.train.csv --target churn]
//        [--trials 16] [--cores 2] [--repeats 2] [--md]
// Configurations, alternated repeat by repeat (same --seed and --trials, so every run does the same
// folds and ends with the same leaderboard, checked):
//   local      fit --workers <cores> (the KernelPool, no queue)
//   queue-1w   fit --queue --workers 0 + 1 worker --concurrency <cores>
//   queue-2w   fit --queue --workers 0 + 2 workers --concurrency <cores/2>
// Measured: trials per second of the search (fit_seconds from --json, reading the data excluded),
// per-fold queue latency (enqueue -> a worker starts it, plus the worker's end -> the coordinator
// has the result: THICKET_QUEUE_STATS timings; one clock, one machine), Redis commands and bytes
// per trial (INFO commandstats / stats deltas), and a projection to 100 workers. The load
// average is noted with every run. Raw results: bench/out/distributed-<time>.json.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions } from './lib/options.mjs';
import { commitOf, loadavgText } from './lib/run-info.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'thicket.js');
const o = benchOptions({ data: 'data/mlc_churn.train.csv', target: 'churn', trials: '16', seed: '1', cores: '2', repeats: '2', md: false });
const cores = Number(o.cores);
const dir = mkdtempSync(join(tmpdir(), 'thicket-dist-bench-'));
const load = () => loadavgText();
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

async function freePort() {
  const s = createServer(); s.listen(0, '127.0.0.1'); await once(s, 'listening');
  const p = /** @type {import('node:net').AddressInfo} */ (s.address()).port; s.close(); await once(s, 'close'); return p;
}

function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  const waitFor = (re) => new Promise((res, rej) => {
    const t = setInterval(() => { if (re.test(err) || re.test(out)) { clearInterval(t); res(); } }, 50);
    exited.then((c) => { clearInterval(t); rej(new Error(`exited ${c}: ${err}`)); });
  });
  return { child, exited, waitFor, out: () => out, err: () => err };
}

const port = await freePort();
const redis = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
await redis.waitFor(/Ready to accept connections/);
const url = `redis://127.0.0.1:${port}`;
const cli = (...a) => execFileSync('redis-cli', ['-p', String(port), ...a], { encoding: 'utf8' });
function redisCounters() {
  const calls = [...cli('INFO', 'commandstats').matchAll(/cmdstat_(\w+):calls=(\d+)/g)].reduce((m, [, k, v]) => ({ ...m, [k]: Number(v) }), {});
  const stats = cli('INFO', 'stats');
  const num = (k) => Number(new RegExp(`${k}:(\\d+)`).exec(stats)[1]);
  return { calls, inBytes: num('total_net_input_bytes'), outBytes: num('total_net_output_bytes') };
}

/** A leaderboard row without its timings (wall seconds, fit seconds, prediction time differ run to run). */
const untimed = (row) => Object.fromEntries(Object.entries(row).filter(([k]) => !/seconds/.test(k)));

const fitArgs = ['fit', o.data, '--target', o.target, '--trials', o.trials, '--seed', o.seed, '--json'];
async function runConfig(name, repeat) {
  const out = join(dir, `${name}-${repeat}.json`);
  const stats = join(dir, `${name}-${repeat}.stats.jsonl`);
  const workers = [];
  const loadBefore = load();
  let args;
  if (name === 'local') args = [...fitArgs, '--workers', String(cores), '--out', out];
  else {
    const n = name === 'queue-1w' ? 1 : 2;
    for (let i = 0; i < n; i++) workers.push(start(process.execPath, [BIN, 'worker', '--queue', url, '--concurrency', String(cores / n)]));
    await Promise.all(workers.map((w) => w.waitFor(/worker ready/)));
    args = [...fitArgs, '--queue', url, '--workers', '0', '--out', out];
  }
  const before = name === 'local' ? null : redisCounters();
  const fit = start(process.execPath, [BIN, ...args], { THICKET_QUEUE_STATS: stats });
  const code = await fit.exited;
  if (code !== 0) throw new Error(`${name}: fit exited ${code}\n${fit.err()}`);
  const after = name === 'local' ? null : redisCounters();
  for (const w of workers) { w.child.kill('SIGTERM'); await w.exited; }
  const j = JSON.parse(fit.out());
  const r = { name, repeat, trials: j.trials, fitSeconds: j.fit_seconds, trialsPerSecond: j.trials / j.fit_seconds, load: loadBefore, leaderboard: j.leaderboard.map(untimed) };
  if (existsSync(stats)) {
    const folds = readFileSync(stats, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    r.folds = folds.length;
    r.waitMs = folds.map((f) => f.startedAt - f.addedAt);
    // Pickup latency: from when the fold could start (enqueued, and a worker slot free: the last
    // fold end before its start) to when a worker started it. Waiting for a busy slot is not the
    // queue's cost; the local pool waits the same.
    const ends = folds.map((f) => f.finishedAt).sort((a, b) => a - b);
    r.pickupMs = folds.map((f) => {
      let free = f.addedAt;
      for (const e of ends) { if (e <= f.startedAt) free = Math.max(free, e); else break; }
      return f.startedAt - free;
    });
    r.latencyMs = folds.map((f, i) => r.pickupMs[i] + (f.receivedAt - f.finishedAt));
    r.returnMs = folds.map((f) => f.receivedAt - f.finishedAt);
    r.overheadMs = folds.map((f) => f.receivedAt - f.addedAt - (f.finishedAt - f.startedAt));
    r.foldSeconds = folds.map((f) => (f.finishedAt - f.startedAt) / 1000);
  }
  if (before) {
    const calls = Object.entries(after.calls).reduce((s, [k, v]) => s + v - (before.calls[k] ?? 0), 0);
    // Idle workers poll (blocking BZPOPMIN / stalled checks): counted, they are part of the cost.
    r.redisCalls = calls;
    r.redisCallsPerTrial = calls / j.trials;
    r.redisCallsPerFold = r.folds ? calls / r.folds : NaN;
    r.redisBytesPerTrial = (after.inBytes - before.inBytes + after.outBytes - before.outBytes) / j.trials;
    r.topCommands = Object.entries(after.calls).map(([k, v]) => /** @type {[string, number]} */ ([k, v - (before.calls[k] ?? 0)])).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, 6);
  }
  process.stderr.write(`${name} #${repeat}: ${j.trials} trials in ${j.fit_seconds.toFixed(2)} s (${r.trialsPerSecond.toFixed(3)} trials/s), load ${loadBefore}\n`);
  return r;
}

const configs = ['local', 'queue-1w', 'queue-2w'];
const results = [];
const commit = commitOf(ROOT);
for (let rep = 0; rep < Number(o.repeats); rep++) {
  // Alternate the order so drifting load does not favour one configuration.
  const order = rep % 2 === 0 ? configs : [...configs].reverse();
  for (const c of order) results.push(await runConfig(c, rep));
}
redis.child.kill('SIGTERM');
await redis.exited;

const ref = JSON.stringify(results[0].leaderboard);
const same = results.every((r) => JSON.stringify(r.leaderboard) === ref);
const by = (n) => results.filter((r) => r.name === n);
const localTps = median(by('local').map((r) => r.trialsPerSecond));
const rows = configs.map((n) => {
  const rs = by(n);
  const tps = median(rs.map((r) => r.trialsPerSecond));
  const all = (k) => rs.flatMap((r) => r[k] ?? []);
  return {
    name: n, tps, vsLocal: tps / localTps, fitSeconds: median(rs.map((r) => r.fitSeconds)), load: rs.map((r) => r.load).join(' | '),
    pickupP50: all('pickupMs').length ? median(all('pickupMs')) : NaN, latencyP50: all('latencyMs').length ? median(all('latencyMs')) : NaN,
    latencyP90: all('latencyMs').length ? pct(all('latencyMs'), 0.9) : NaN, returnP50: all('returnMs').length ? median(all('returnMs')) : NaN,
    callsPerTrial: median(rs.map((r) => r.redisCallsPerTrial ?? NaN)), callsPerFold: median(rs.map((r) => r.redisCallsPerFold ?? NaN)),
    bytesPerTrial: median(rs.map((r) => r.redisBytesPerTrial ?? NaN)), foldP50: all('foldSeconds').length ? median(all('foldSeconds')) : NaN,
  };
});
const q2 = rows.find((r) => r.name === 'queue-2w');
// 100 workers of `cores` slots each, folds as long as measured here: fold completions per second
// times Redis commands per fold (idle polling included) against one Redis core's capacity.
const foldsPerSecond100 = (100 * cores) / q2.foldP50;
const opsPerSecond100 = foldsPerSecond100 * q2.callsPerFold;
let redisCapacity = NaN;
try {
  const p2 = await freePort();
  const r2 = start('redis-server', ['--port', String(p2), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await r2.waitFor(/Ready to accept connections/);
  const b = execFileSync('redis-benchmark', ['-p', String(p2), '-q', '-n', '100000', '-t', 'set,get,lpush,zadd', '-c', '50'], { encoding: 'utf8' });
  const rates = [...b.matchAll(/([\d.]+) requests per second/g)].map((m) => Number(m[1]));
  redisCapacity = median(rates);
  r2.child.kill('SIGTERM'); await r2.exited;
} catch { /* redis-benchmark missing */ }

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const table = [
  `| configuration (${cores} cores) | trials/s (median) | vs local | fit s | fold p50 s | queue latency per fold p50 / p90 ms | pickup p50 ms | result back p50 ms | Redis cmds per trial / fold | Redis bytes per trial | load (1/5/15) before each run |`,
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.name} | ${fmt(r.tps, 3)} | ${fmt(r.vsLocal, 3)} | ${fmt(r.fitSeconds)} | ${fmt(r.foldP50)} | ${fmt(r.latencyP50, 0)} / ${fmt(r.latencyP90, 0)} | ${fmt(r.pickupP50, 0)} | ${fmt(r.returnP50, 0)} | ${fmt(r.callsPerTrial, 0)} / ${fmt(r.callsPerFold, 1)} | ${fmt(r.bytesPerTrial, 0)} | ${r.load} |`),
];
const summary = [
  `Same leaderboard in every run (seed ${o.seed}, ${o.trials} trials): ${same ? 'yes' : 'NO'}.`,
  `Projection to 100 workers x ${cores} slots at this fold length (${fmt(q2.foldP50)} s): ${fmt(foldsPerSecond100, 0)} folds/s x ${fmt(q2.callsPerFold, 1)} Redis commands per fold = ${fmt(opsPerSecond100, 0)} commands/s; one Redis core here serves ~${fmt(redisCapacity, 0)} simple commands/s (redis-benchmark median of SET/GET/LPUSH/ZADD, 50 clients; BullMQ's Lua scripts cost several times a simple command), i.e. ${fmt(100 * opsPerSecond100 / redisCapacity, 1)}% of it.`,
];
const text = [`commit ${commit}, ${o.data} --target ${o.target}, ${o.repeats} repeats alternated`, '', ...table, '', ...summary].join('\n');
process.stdout.write(text + '\n');
mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'out', `distributed-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ commit, options: o, results, rows, same, redisCapacity }, null, 1));
