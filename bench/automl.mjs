#!/usr/bin/env node
// AutoML benchmark: `thicket fit` against the seed document's pipeline (bench/seed-pipeline.py:
// RandomizedSearchCV over RandomForest and XGBoost) on the public datasets, same train/test files.
//
// Usage (from the repository root; `npm run bench:automl -- [flags]` builds first):
//   node bench/automl.mjs [--budget reference|same-run] [--datasets a,b] [--skip a,b]
//                         [--sweep 0.05,0.1,0.2,0.5] [--md] ...
// For every dataset: the seed pipeline's test metric and time (run here with --budget same-run,
// or taken from ../shared/reference/reference.json with --budget reference, the default), then
// `thicket fit --time <seed seconds>` on the same files, then a sweep of shorter budgets (fractions
// of the seed time, smallest first, stopping at the first whose test metric reaches the seed's) to
// find the time at which thicket first reaches the seed pipeline's test score. Each tool runs as
// its own child process under `/usr/bin/time -f "%M %U %S"` (peak RSS, CPU seconds; /proc
// sampling when GNU time is missing); the load average is noted before every run. The order of
// the tools cannot alternate here: thicket's budget is the seed pipeline's measured time, so the
// seed pipeline runs first on each dataset. stdout carries the table and summary (and with --md a
// section for BENCHMARKS.md); progress goes to stderr; raw results go to
// bench/out/automl-<time>.json. A failing thicket run is recorded and the run goes on. A dataset
// without a seed pipeline result (airline_1m: n_train > 200,000) gets --time --large-time and is
// compared with XGBoost's defaults only. A long run goes in pieces (--datasets lists, each under
// its own lock) and `--merge a.json,b.json` prints the one report of the pieces' raw results.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { haveTime, lastJson, runChild, tail as lastLines } from './lib/child.mjs';
import { compare, cpuWall, fmtMetric, fmtS, fracLabel, markdownReport, mergeRuns, pct, reaches, summarize, textReport } from './lib/automl-report.mjs';
import os from 'node:os';
import { commitOf, isDirty, sh as shIn, uptimeLoad } from './lib/run-info.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const SEED_SCRIPT = join(ROOT, 'bench', 'seed-pipeline.py');
const TIME_BIN = '/usr/bin/time';
/** Budget of a dataset without a seed pipeline result (airline_1m: the reference skipped it, n_train > 200,000). */
const DEFAULT_LARGE_TIME = 60;
/** The reference (and --budget same-run) runs no seed pipeline above this many training rows. */
const SEED_MAX_ROWS = 200_000;
const DEFAULT_SWEEP = '0.05,0.1,0.2,0.5';

const HELP = `Usage: node bench/automl.mjs [options]

AutoML benchmark: thicket fit vs the seed pipeline (RandomizedSearchCV over RandomForest and
XGBoost, bench/seed-pipeline.py) and XGBoost's defaults on every public dataset of the shared
manifest, same train/test files; thicket gets --time = the seed pipeline's time on that dataset
(--large-time where there is no seed result: airline_1m, n_train > 200,000).

Options:
  --budget <mode>     reference (default): the seed pipeline is not run; its time (fit_s) and
                      test metrics come from ../shared/reference/reference.json (measured on
                      another day, so thicket's seconds are not compared with it in one run).
                      same-run: run bench/seed-pipeline.py first on each dataset and give
                      thicket its measured time (about 25-35 min for all datasets on the
                      2-core reference VM, hence not the default)
  --datasets <list>   comma-separated manifest names (default: all of them)
  --skip <list>       datasets to leave out
  --large-time <s>    thicket --time for a dataset without a seed pipeline result (default
                      ${DEFAULT_LARGE_TIME}: issue 10's airline_1m budget against XGBoost's defaults)
  --merge <files>     print one report (and --md) from the raw results of pieces of a run
                      (bench/out/automl-<time>.json, comma-separated); runs nothing
  --sweep <list>      budget fractions of the seed time for the time-to-seed-score sweep,
                      run smallest first, stopping at the first that reaches the seed's test
                      score (default ${DEFAULT_SWEEP}; "none" to skip the sweep)
  --sweep-all         run every sweep fraction even after one reached the seed's score
  --seed <n>          thicket --seed (default 0)
  --workers <n>       thicket --workers (default: thicket's own, all cores)
  --thicket-arg <a>   extra argument for every thicket fit (repeatable), e.g.
                      --thicket-arg=--searcher --thicket-arg=tpe
  --pipeline-random-state <n>
                      same-run: random_state for the seed pipeline's RandomForest and
                      XGBoost estimators (default: library defaults, as the reference,
                      so the RF search varies from run to run)
  --timeout <s>       limit for one seed-pipeline process (default 3600); a thicket
                      process is killed after 2 x its budget + 60 s
  --shared <dir>      the shared folder (default ../shared, or $THICKET_SHARED)
  --python <path>     Python with scikit-learn 1.2.1 and XGBoost 1.7.4 (default /usr/bin/python3)
  --thicket <path>    thicket CLI script (default bin/thicket.js)
  --md                also print a markdown section for BENCHMARKS.md
  -h, --help          this text
`;

// ---------------------------------------------------------------- arguments

function usage(msg) {
  process.stderr.write(`automl: ${msg}\n`);
  process.exit(2);
}

function parseCli(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        budget: { type: 'string', default: 'reference' },
        datasets: { type: 'string' },
        skip: { type: 'string' },
        'large-time': { type: 'string', default: String(DEFAULT_LARGE_TIME) },
        merge: { type: 'string' },
        sweep: { type: 'string', default: DEFAULT_SWEEP },
        'sweep-all': { type: 'boolean', default: false },
        seed: { type: 'string', default: '0' },
        workers: { type: 'string' },
        'thicket-arg': { type: 'string', multiple: true, default: [] },
        'pipeline-random-state': { type: 'string' },
        timeout: { type: 'string', default: '3600' },
        shared: { type: 'string', default: process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared') },
        python: { type: 'string', default: '/usr/bin/python3' },
        thicket: { type: 'string', default: join(ROOT, 'bin', 'thicket.js') },
        md: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`automl: ${err.message}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const list = (s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const int = (name, s, min) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer >= ${min}, got "${s}"`);
    return n;
  };
  if (!['reference', 'same-run'].includes(parsed.budget)) usage(`--budget must be reference or same-run, got "${parsed.budget}"`);
  const sweep = parsed.sweep.trim() === 'none' ? [] : list(parsed.sweep).map(Number);
  for (const f of sweep) if (!(f > 0 && f < 1)) usage(`--sweep fractions must be in (0, 1), got "${parsed.sweep}"`);
  sweep.sort((a, b) => a - b);
  return {
    budget: parsed.budget,
    datasets: parsed.datasets ? list(parsed.datasets) : null,
    skip: list(parsed.skip),
    largeTime: int('large-time', parsed['large-time'], 1),
    merge: parsed.merge === undefined ? null : list(parsed.merge),
    sweep,
    sweepAll: parsed['sweep-all'],
    seed: int('seed', parsed.seed, 0),
    workers: parsed.workers === undefined ? null : int('workers', parsed.workers, 1),
    thicketArgs: parsed['thicket-arg'],
    pipelineRandomState: parsed['pipeline-random-state'] === undefined ? null : int('pipeline-random-state', parsed['pipeline-random-state'], 0),
    timeout: int('timeout', parsed.timeout, 1),
    shared: resolve(parsed.shared),
    python: parsed.python,
    thicket: resolve(parsed.thicket),
    md: parsed.md,
  };
}

// ---------------------------------------------------------------- child processes

/** The last n lines of s on one line (as bench/lib/child.mjs tail, four lines by default here). */
const tail = (s, n = 4) => lastLines(s, n);

function log(msg) {
  process.stderr.write(`[automl ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

const sh = (cmd, args) => shIn(cmd, args, ROOT);

// ---------------------------------------------------------------- the two tools

async function runSeedPipeline(o, d, files) {
  const args = [SEED_SCRIPT, '--train', files.train, '--test', files.test, '--target', d.target, '--task', d.task,
    '--categorical', d.categorical_columns.join(','), '--out', join(OUT, `automl-seed-${d.name}.json`)];
  if (d.task === 'binary' && d.positive_class != null) args.push('--positive-class', String(d.positive_class));
  if (o.pipelineRandomState != null) args.push('--estimator-random-state', String(o.pipelineRandomState));
  const load1 = os.loadavg()[0];
  const r = await runChild(o.python, args, { timeout: o.timeout });
  const j = lastJson(r.stdout);
  if (r.code !== 0 || !j || typeof j.fit_seconds !== 'number') {
    return { ok: false, load1, error: `seed-pipeline.py exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${j ? '' : ', no JSON'}: ${tail(r.stderr)}` };
  }
  return {
    ok: true,
    source: 'run',
    load1,
    fit_s: j.fit_seconds,
    read_s: j.read_seconds,
    metrics: j.metrics,
    winner: j.winner,
    wall_s: r.wallSeconds,
    cpu_s: r.cpuSeconds,
    peak_rss_mb: r.peakRssMb,
    detail: j,
  };
}

function seedFromReference(ref) {
  const sp = ref?.methods?.seed_pipeline;
  if (sp?.skipped) return { ok: false, error: `reference.json: seed pipeline skipped, ${sp.skipped}` };
  if (!sp || typeof sp.fit_s !== 'number' || !sp.metrics) return { ok: false, error: 'no seed_pipeline result in reference.json' };
  return { ok: true, source: 'reference', fit_s: sp.fit_s, metrics: sp.metrics, winner: sp.winner ?? null, wall_s: null, cpu_s: null, peak_rss_mb: sp.peak_rss_mb ?? null };
}

async function runThicket(o, d, files, budget, label) {
  const model = join(OUT, `automl-${d.name}-${label}.json`);
  rmSync(model, { force: true });
  const args = [o.thicket, 'fit', files.train, '--target', d.target, '--task', d.task, '--test', files.test,
    '--time', String(Number(budget.toFixed(3))), '--seed', String(o.seed), '--json', '--out', model];
  if (d.categorical_columns.length) args.push('--categorical', d.categorical_columns.join(','));
  if (o.workers != null) args.push('--workers', String(o.workers));
  args.push(...o.thicketArgs);
  const load1 = os.loadavg()[0];
  const r = await runChild(process.execPath, args, { timeout: 2 * budget + 60 });
  const j = lastJson(r.stdout);
  const base = {
    budget_s: budget,
    load1,
    wall_s: r.wallSeconds,
    cpu_s: r.cpuSeconds,
    peak_rss_mb: r.peakRssMb,
    overrun_s: r.wallSeconds - budget,
    overrun_frac: r.wallSeconds / budget - 1,
  };
  if (r.code !== 0 || !j || !j.metrics) {
    return { ok: false, ...base, error: `thicket fit exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' (timed out)' : ''}${j ? '' : ', no JSON on stdout'}: ${tail(r.stderr, 2)}` };
  }
  return {
    ok: true,
    ...base,
    fit_s: j.fit_seconds ?? null,
    read_s: j.read_seconds ?? null,
    metrics: j.metrics,
    trials: j.trials ?? null,
    ensemble: j.ensemble?.kind ?? null,
    best_learner: j.leaderboard?.[0]?.learner ?? null,
    validation: j.validation ?? null,
    detail: { ...j, leaderboard: j.leaderboard?.slice(0, 5) },
  };
}

// ---------------------------------------------------------------- one dataset

async function runDataset(o, d, ref, meta) {
  const metric = d.metric;
  const files = { train: join(o.shared, 'data', d.files.train), test: join(o.shared, 'data', d.files.test) };
  const row = { dataset: d.name, task: d.task, metric, xgb_default: ref?.methods?.xgb_default?.metrics ?? null, seed: null, thicket: null, sweep: [], reached: null, notes: [] };
  for (const f of Object.values(files)) if (!existsSync(f)) { row.error = `${f} not found`; return row; }

  // 1. The seed pipeline: its time is thicket's budget, its test score the target.
  if (o.budget === 'same-run' && d.n_train > SEED_MAX_ROWS) {
    row.seed = { ok: false, error: `n_train ${d.n_train} > ${SEED_MAX_ROWS}: no seed pipeline, as in the reference` };
  } else if (o.budget === 'same-run') {
    log(`${d.name}: seed pipeline (1-min load ${os.loadavg()[0].toFixed(2)})`);
    row.seed = await runSeedPipeline(o, d, files);
    if (row.seed.ok) {
      log(`  ${fmtMetric(metric, row.seed.metrics[metric])} ${metric}, searches + refits ${fmtS(row.seed.fit_s)} s (process ${fmtS(row.seed.wall_s)} s, CPU/wall ${cpuWall(row.seed)}), winner ${row.seed.winner}`);
    } else {
      log(`  FAILED: ${row.seed.error}; falling back to the reference's seed_pipeline time and metrics`);
      row.notes.push(`seed pipeline failed here (${row.seed.error}); reference time and metrics used`);
      row.seed = { ...seedFromReference(ref), run_error: row.seed.error };
    }
  } else {
    row.seed = seedFromReference(ref);
  }
  meta.maxLoad1 = Math.max(meta.maxLoad1, row.seed.load1 ?? 0);
  if (!row.seed.ok) return runWithoutSeed(o, d, files, row, meta);
  const seedTime = row.seed.fit_s;
  const seedScore = row.seed.metrics[metric];

  // 2. thicket with the seed's time.
  log(`${d.name}: thicket fit --time ${fmtS(seedTime)} (1-min load ${os.loadavg()[0].toFixed(2)})`);
  row.thicket = await runThicket(o, d, files, seedTime, 'full');
  meta.maxLoad1 = Math.max(meta.maxLoad1, row.thicket.load1);
  logThicket(row.thicket, metric);

  // 3. The sweep: smallest budget whose test metric reaches the seed's.
  for (const f of o.sweep) {
    if (row.reached && !o.sweepAll) break;
    const budget = f * seedTime;
    log(`${d.name}: sweep ${fracLabel(f)}: thicket fit --time ${fmtS(budget)}`);
    const r = await runThicket(o, d, files, budget, `f${f}`);
    meta.maxLoad1 = Math.max(meta.maxLoad1, r.load1);
    logThicket(r, metric);
    const ok = r.ok && 'metrics' in r && reaches(metric, r.metrics[metric], seedScore);
    row.sweep.push({ fraction: f, reached: ok, ...r });
    if (ok && !row.reached) row.reached = { fraction: f, budget_s: budget, wall_s: r.wall_s };
  }
  if (!row.reached && row.thicket.ok && reaches(metric, row.thicket.metrics[metric], seedScore)) {
    row.reached = { fraction: 1, budget_s: seedTime, wall_s: row.thicket.wall_s };
  }
  row.vs_seed = row.thicket.ok ? compare(metric, row.thicket.metrics[metric], seedScore) : 'failed';
  row.vs_xgb = row.thicket.ok && row.xgb_default ? compare(metric, row.thicket.metrics[metric], row.xgb_default[metric]) : (row.thicket.ok ? null : 'failed');
  log(`${d.name}: vs seed ${row.vs_seed}, vs xgb_default ${row.vs_xgb ?? '–'}, seed score reached at ${row.reached ? `${fracLabel(row.reached.fraction)} of the seed time` : 'no budget tried'}`);
  return row;
}

/** A dataset without a seed pipeline result: thicket at --large-time against XGBoost's defaults only, no sweep. */
async function runWithoutSeed(o, d, files, row, meta) {
  log(`${d.name}: no seed pipeline result (${row.seed.error}); thicket fit --time ${o.largeTime} against xgb_default only`);
  row.thicket = await runThicket(o, d, files, o.largeTime, 'full');
  meta.maxLoad1 = Math.max(meta.maxLoad1, row.thicket.load1);
  logThicket(row.thicket, d.metric);
  row.vs_seed = null;
  row.vs_xgb = row.thicket.ok && row.xgb_default ? compare(d.metric, row.thicket.metrics[d.metric], row.xgb_default[d.metric]) : (row.thicket.ok ? null : 'failed');
  log(`${d.name}: vs xgb_default ${row.vs_xgb ?? '–'}`);
  return row;
}

function logThicket(r, metric) {
  if (r.ok) {
    log(`  ${metric} ${fmtMetric(metric, r.metrics[metric])}; ${r.trials ?? '?'} trials, ensemble ${r.ensemble ?? '?'}; process wall ${fmtS(r.wall_s)} s vs budget ${fmtS(r.budget_s)} s (${pct(r.overrun_frac)}), CPU/wall ${cpuWall(r)}, peak RSS ${r.peak_rss_mb == null ? '?' : r.peak_rss_mb.toFixed(0)} MB`);
  } else {
    log(`  FAILED (process wall ${fmtS(r.wall_s)} s): ${r.error}`);
  }
}

// ---------------------------------------------------------------- notes

function budgetNote(o, est) {
  const range = ([a, b]) => (a === b ? `${a}` : `${a}-${b}`);
  const time = `${est.n} datasets: about ${range(est.sameRun)} min same-run, ${range(est.reference)} min reference (estimated from the reference seed times; the range is the sweep stopping at its first budget vs running all of them)`;
  if (o.budget === 'reference') {
    return `budget: reference (the default; ${time}). The seed pipeline was NOT run: its time (fit_s: both searches + refits) and test metrics come from ../shared/reference/reference.json, measured on another day on the 2-core VM, so thicket's seconds and the seed's are not from the same run`;
  }
  return `budget: same-run: bench/seed-pipeline.py ran just before thicket on each dataset and thicket got --time = its measured time (both searches + refits, excluding Python start-up and CSV reading); ${time}`;
}

/** Minutes, [best, worst] case, from the reference seed times (sweep stopping at once vs running all). */
function estimateMinutes(datasets, reference, o) {
  const best = { same: 0, ref: 0 };
  const worst = { same: 0, ref: 0 };
  const sweepAll = o.sweep.reduce((a, b) => a + b, 0);
  const sweepMin = o.sweep.length ? o.sweep[0] : 0;
  for (const d of datasets) {
    const t = reference[d.name]?.methods?.seed_pipeline?.fit_s;
    const overhead = 1.5 * (2 + o.sweep.length); // Node start-up + reading per thicket process
    if (typeof t !== 'number') {
      for (const x of [best, worst]) { x.ref += o.largeTime + 15; x.same += o.largeTime + 15; }
      continue;
    }
    best.ref += t * (1 + sweepMin) + overhead;
    worst.ref += t * (1 + sweepAll) + overhead;
    best.same += t * (2 + sweepMin) + overhead + 3;
    worst.same += t * (2 + sweepAll) + overhead + 3;
  }
  const m = (s) => Math.max(1, Math.round(s / 60));
  return { n: datasets.length, reference: [m(best.ref), m(worst.ref)], sameRun: [m(best.same), m(worst.same)] };
}

function machine(o) {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const versions = o.budget === 'same-run'
    ? sh(o.python, ['-c', 'import sklearn, xgboost; print("scikit-learn", sklearn.__version__ + ", XGBoost", xgboost.__version__)'])
    : null;
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}${versions ? `, ${versions}` : ''}`;
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseCli(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const manifestPath = join(o.shared, 'data', 'manifest.json');
  const referencePath = join(o.shared, 'reference', 'reference.json');
  for (const f of [manifestPath, referencePath]) {
    if (!existsSync(f)) usage(`${f} not found: this benchmark reads the shared folder (set --shared or THICKET_SHARED)`);
  }
  if (!existsSync(o.thicket)) usage(`${o.thicket} not found (run npm run build)`);
  if (o.budget === 'same-run' && !existsSync(SEED_SCRIPT)) usage(`${SEED_SCRIPT} not found`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const reference = JSON.parse(readFileSync(referencePath, 'utf8')).datasets;
  if (o.merge) return printMerged(o, manifest, reference);
  const known = manifest.map((d) => d.name);
  for (const n of [...(o.datasets ?? []), ...o.skip]) if (!known.includes(n)) usage(`unknown dataset "${n}" (known: ${known.join(', ')})`);
  const chosen = manifest.filter((d) => (!o.datasets || o.datasets.includes(d.name)) && !o.skip.includes(d.name));
  if (!chosen.length) usage('no datasets left to run');

  const est = estimateMinutes(chosen, reference, o);
  const meta = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commands: [`node bench/automl.mjs ${process.argv.slice(2).join(' ')}`.trim()],
    commit: commitOf(ROOT),
    dirty: isDirty(ROOT),
    machine: machine(o),
    loadBefore: uptimeLoad(),
    maxLoad1: 0,
    estimateMinutes: est,
  };
  meta.budgetNote = budgetNote(o, est);
  log(`${meta.machine}; commit ${meta.commit}; load ${meta.loadBefore}`);
  log(`${chosen.length} datasets: ${chosen.map((d) => d.name).join(', ')}`);
  log(meta.budgetNote);
  if (!haveTime) log(`${TIME_BIN} not found (apt-get install -y time): sampling VmHWM from /proc instead`);

  const rows = [];
  for (const d of chosen) {
    try {
      rows.push(await runDataset(o, d, reference[d.name], meta));
    } catch (err) {
      log(`${d.name}: ${err.stack ?? err}`);
      rows.push({ dataset: d.name, metric: d.metric, error: String(err.message ?? err), notes: [], sweep: [] });
    }
  }
  meta.loadAfter = uptimeLoad();
  meta.loads = [`before ${meta.loadBefore}, after ${meta.loadAfter}`];
  const s = summarize(rows);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const rawPath = join(OUT, `automl-${stamp}.json`);
  writeFileSync(rawPath, `${JSON.stringify({ meta, options: o, rows, summary: s }, null, 1)}\n`);
  log(`raw results: ${relative(ROOT, rawPath)}`);
  process.stdout.write(`${textReport(rows, o.budget, meta, s)}\n`);
  if (o.md) process.stdout.write(`\n${markdownReport(rows, o, meta, s)}\n`);
}

/** --merge: one report from the raw results of the pieces of a run, rows in manifest order. */
function printMerged(o, manifest, reference) {
  const runs = o.merge.map((f) => JSON.parse(readFileSync(resolve(f), 'utf8')));
  const { meta, options, rows, summary } = mergeRuns(runs, manifest.map((d) => d.name));
  meta.budgetNote = budgetNote(options, estimateMinutes(manifest.filter((d) => rows.some((r) => r.dataset === d.name)), reference, options));
  process.stdout.write(`${textReport(rows, options.budget, meta, summary)}\n`);
  if (o.md) process.stdout.write(`\n${markdownReport(rows, options, meta, summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(`automl: ${err.stack ?? err}\n`);
  process.exit(1);
});
