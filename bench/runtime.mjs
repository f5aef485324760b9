#!/usr/bin/env node
// Runtime benchmark (thicket/runtime, dist/thicket-runtime.js): size, cold start, single-row latency
// and batch throughput against XGBoost 1.7.4's predict, on airline_1m (100 trees, depth 6).
//
// Usage (from the repository root; `npm run bench:runtime -- [flags]` builds first):
//   node bench/runtime.mjs [--cold-runs 20] [--repeats 5] [--md] [--shared DIR] [--python PATH]
//
// Models (made once into bench/out/, reused while their settings match): thicket's GBDT
// (`thicket train`, eta 0.1, max_depth 6, 100 rounds) and XGBoost's (hist, same settings,
// categoricals as pandas categories; bench/runtime-xgb.py), both on airline_1m.train.
// - size: dist/thicket-runtime.js (JS with the WebAssembly embedded), gzip -9.
// - cold start: fresh `node` processes; from the child's first statement (Node's own start-up
//   excluded, reported apart) through import of the runtime, reading the model file, loadModel
//   (parse + validation + kernel instantiation) and the first predictProba of one row.
// - single-row latency: predictProba([row]) / predict([row]) on warm models, per call.
// - batch: the 100k-row test set as columns ({columns: {name: Float64Array | string[]}}) and as
//   row objects, one thread, vs XGBoost's Booster.predict on a fresh DMatrix (DMatrix time
//   excluded; nthread 1 and every core) for the same XGBoost model loaded by the runtime.
// No static imports: the cold-start child (`--child-cold`) times from its first statement.

if (process.argv[2] === '--child-cold') {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const [, , , runtimeUrl, modelPath, schemaPath, rowJson] = process.argv;
  const { loadModel } = await import(runtimeUrl);
  const t1 = performance.now();
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(modelPath);
  const schema = schemaPath ? JSON.parse(readFileSync(schemaPath, 'utf8')) : undefined;
  const t2 = performance.now();
  // A thicket JSON model: text decoding + JSON.parse timed apart from loadModel (validation, kernel, packing).
  const doc = modelPath.endsWith('.json') ? JSON.parse(new TextDecoder().decode(bytes)) : bytes;
  const tp = performance.now();
  const model = loadModel(doc, schema ? { schema } : {});
  const t3 = performance.now();
  const p = model.predictProba([JSON.parse(rowJson)]);
  const t4 = performance.now();
  const c = process.cpuUsage(c0);
  // cpu: CPU time of the whole process over the same span (every thread: V8's compiler and GC helpers too).
  console.log(JSON.stringify({ boot: t0, import: t1 - t0, read: t2 - t1, parse: tp - t2, loadModel: t3 - tp, load: t3 - t2, first: t4 - t3, total: t4 - t0, cpu: (c.user + c.system) / 1000, p: p[0][1] }));
  process.exit(0);
}

const { execFileSync } = await import('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = await import('node:fs');
const { dirname, join, resolve, relative } = await import('node:path');
const { fileURLToPath, pathToFileURL } = await import('node:url');
const { parseArgs } = await import('node:util');
const { gzipSync } = await import('node:zlib');
const os = await import('node:os');
const { commitOf, loadavgText } = await import('./lib/run-info.mjs');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const BUNDLE = join(ROOT, 'dist', 'thicket-runtime.js');

const { values: args } = parseArgs({
  options: {
    'cold-runs': { type: 'string', default: '20' },
    repeats: { type: 'string', default: '5' },
    shared: { type: 'string', default: process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared') },
    python: { type: 'string', default: '/usr/bin/python3' },
    md: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('Usage: node bench/runtime.mjs [--cold-runs 20] [--repeats 5] [--md] [--shared DIR] [--python PATH]');
  process.exit(0);
}
const coldRuns = Number(args['cold-runs']);
const repeats = Number(args.repeats);
const log = (s) => console.error(`bench/runtime: ${s}`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const min = (xs) => Math.min(...xs);
const load = () => loadavgText(', ');

if (!existsSync(BUNDLE)) {
  console.error('bench/runtime: dist/thicket-runtime.js is missing; run npm run build');
  process.exit(1);
}
const train = join(args.shared, 'data', 'airline_1m.train.csv.gz');
const test = join(args.shared, 'data', 'airline_1m.test.csv.gz');
if (!existsSync(train) || !existsSync(test)) {
  console.error(`bench/runtime: ${train} or ${test} is missing (--shared DIR)`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const loadBefore = load();

// ------------------------------------------------------------------ models
const thicketModel = join(OUT, 'runtime-airline-gbdt.json');
const thicketStamp = `${thicketModel}.settings`;
// The model file format version too: a model written by an older thicket is made again.
const { MODEL_VERSION } = await import(pathToFileURL(join(ROOT, 'dist/src/index.js')).href);
const thicketSettings = `${train} eta=0.1 max_depth=6 num_boost_round=100 format=${MODEL_VERSION}`;
if (!existsSync(thicketModel) || !existsSync(thicketStamp) || readFileSync(thicketStamp, 'utf8') !== thicketSettings) {
  log('training the thicket model (100 rounds, depth 6)...');
  execFileSync(process.execPath, [join(ROOT, 'bin/thicket.js'), 'train', train, '--target', 'delayed_15min', '--param', 'eta=0.1',
    '--param', 'max_depth=6', '--param', 'num_boost_round=100', '--out', thicketModel], { stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(thicketStamp, thicketSettings);
}
const xgbPrefix = join(OUT, 'runtime-xgb-airline');
log('XGBoost: model and predict timings (bench/runtime-xgb.py)...');
const xgb = JSON.parse(execFileSync(args.python, [join(ROOT, 'bench/runtime-xgb.py'), '--train', train, '--test', test,
  '--target', 'delayed_15min', '--out', xgbPrefix, '--repeats', String(repeats)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 }));
const xgbSchemaPath = `${xgbPrefix}.schema.json`;
const xgbSchema = JSON.parse(readFileSync(xgbSchemaPath, 'utf8'));

// ------------------------------------------------------------------ test data
const full = await import(pathToFileURL(join(ROOT, 'dist/src/index.js')).href);
const frame = await full.readFrame(test);
const inputs = frame.columns.filter((c) => c.name !== 'delayed_15min');
const n = frame.nRows;
const columns = {};
for (const c of inputs) columns[c.name] = c.kind === 'numeric' ? c.values : Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]));
const rows = Array.from({ length: n }, (_, i) => {
  const r = {};
  for (const c of inputs) r[c.name] = columns[c.name][i];
  return r;
});

const rt = await import(pathToFileURL(BUNDLE).href);
const models = {
  thicket: { label: 'thicket GBDT (JSON)', path: thicketModel, schemaPath: '', model: rt.loadModel(readFileSync(thicketModel)) },
  xgboost: { label: 'XGBoost model (UBJ)', path: `${xgbPrefix}.ubj`, schemaPath: xgbSchemaPath, model: rt.loadModel(readFileSync(`${xgbPrefix}.ubj`), { schema: xgbSchema }) },
};
for (const m of Object.values(models)) {
  m.trees = JSON.parse(readFileSync(m.path.replace(/\.ubj$/, '.json'), 'utf8').replace(/\bNaN\b/g, 'null')).trees?.treeRoot?.length ?? 100;
  m.fileKB = readFileSync(m.path).length / 1024;
}

// ------------------------------------------------------------------ size
const bundle = readFileSync(BUNDLE);
const wasm = readFileSync(join(ROOT, 'build/thicket-runtime.wasm'));
const size = { bundleKB: bundle.length / 1024, gzipKB: gzipSync(bundle, { level: 9 }).length / 1024, wasmBytes: wasm.length };
log(`size: ${size.bundleKB.toFixed(1)} KiB, gzip ${size.gzipKB.toFixed(1)} KiB (wasm ${size.wasmBytes} bytes inside)`);

// ------------------------------------------------------------------ cold start
const cold = { thicket: [], xgboost: [] };
const row0 = JSON.stringify(rows[0]);
for (let i = 0; i < coldRuns; i++) {
  for (const key of i % 2 ? ['xgboost', 'thicket'] : ['thicket', 'xgboost']) {
    const m = models[key];
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child-cold', pathToFileURL(BUNDLE).href, m.path, m.schemaPath, row0], { encoding: 'utf8' });
    cold[key].push(JSON.parse(out));
  }
}
const coldSummary = {};
for (const [key, runs] of Object.entries(cold)) {
  coldSummary[key] = Object.fromEntries(['boot', 'import', 'read', 'parse', 'loadModel', 'load', 'first', 'total', 'cpu'].map((k) => [k, { median: median(runs.map((r) => r[k])), min: min(runs.map((r) => r[k])) }]));
  log(`cold ${key}: total median ${coldSummary[key].total.median.toFixed(2)} ms (min ${coldSummary[key].total.min.toFixed(2)})`);
}

// ------------------------------------------------------------------ single-row latency
const cpuMs = (c) => (c.user + c.system) / 1000;
function perCall(fn, calls) {
  const batches = [], cpu = [];
  for (let b = 0; b < 30; b++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn(rows[(b * calls + i) % n]);
    cpu.push((cpuMs(process.cpuUsage(c)) * 1000) / calls);
    batches.push(((performance.now() - t) * 1000) / calls);
  }
  return { median: median(batches), min: min(batches), cpu: median(cpu) };
}
const latency = {};
for (const [key, m] of Object.entries(models)) {
  const { model } = m;
  for (let i = 0; i < 20000; i++) model.predictProba([rows[i % n]]);
  latency[key] = {
    predictProba: perCall((r) => model.predictProba([r]), 2000),
    predict: perCall((r) => model.predict([r]), 2000),
    predictRaw: perCall((r) => model.predictRaw([r]), 2000),
  };
  log(`latency ${key}: predictProba([row]) ${latency[key].predictProba.median.toFixed(2)} µs`);
}

// ------------------------------------------------------------------ batch throughput
const batch = {};
for (const [key, m] of Object.entries(models)) {
  const times = { columns: [], rows: [] }, cpu = { columns: [], rows: [] };
  let out;
  for (let r = 0; r < repeats; r++) {
    for (const form of r % 2 ? ['rows', 'columns'] : ['columns', 'rows']) {
      const t = performance.now();
      const c = process.cpuUsage();
      out = m.model.predictRaw(form === 'columns' ? { columns } : rows);
      cpu[form].push(cpuMs(process.cpuUsage(c)) / 1000);
      times[form].push((performance.now() - t) / 1000);
    }
  }
  batch[key] = { columns: median(times.columns), columnsMin: min(times.columns), rows: median(times.rows), rowsMin: min(times.rows),
    columnsCpu: median(cpu.columns), rowsCpu: median(cpu.rows) };
  if (key === 'xgboost') {
    const ref = new Float32Array(readFileSync(`${xgbPrefix}.pred.f32`).buffer.slice(0));
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(out.output[2 * i + 1] - ref[i]));
    batch[key].maxDiffVsXGBoost = worst;
  }
  log(`batch ${key}: columns ${batch[key].columns.toFixed(4)} s, rows ${batch[key].rows.toFixed(4)} s`);
}
const x1 = xgb.timings.nthread1, xAll = xgb.timings[`nthread${xgb.cores}`];

// ------------------------------------------------------------------ report
const commit = commitOf(ROOT);
const loadAfter = load();
const result = { commit, node: process.version, cores: os.cpus().length, loadBefore, loadAfter, nTest: n, size, cold: coldSummary, latency, batch, xgboost: xgb, models: Object.fromEntries(Object.entries(models).map(([k, m]) => [k, { path: relative(ROOT, m.path), fileKB: m.fileKB }])) };
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(OUT, `runtime-${stamp}.json`), JSON.stringify(result, null, 2));

const f = (x, d = 2) => x.toFixed(d);
const kRows = (s) => f(n / s / 1000, 0);
const lines = [];
lines.push(`| measure | target | thicket model (${f(models.thicket.fileKB, 0)} KB JSON) | XGBoost model (${f(models.xgboost.fileKB, 0)} KB UBJ) |`);
lines.push('|---|---|---|---|');
lines.push(`| runtime size, gzip -9 (JS + WASM) | <= 60 KB | ${f(size.gzipKB, 1)} KB (${f(size.bundleKB, 1)} KB raw, WASM ${size.wasmBytes} B) | same file |`);
const c = (k, key) => `${f(coldSummary[key][k].median)} (min ${f(coldSummary[key][k].min)})`;
lines.push(`| cold start, ms wall: import + read + load + first prediction | <= 15 ms | ${c('total', 'thicket')} | ${c('total', 'xgboost')} |`);
const phase = { import: 'import of the runtime', read: 'reading the model file', parse: 'JSON.parse (thicket JSON only; the UBJ is decoded inside loadModel)', loadModel: 'loadModel: validation, kernel instantiation, tree packing', first: 'first predictProba of one row' };
for (const k of Object.keys(phase)) lines.push(`| &nbsp;&nbsp;${phase[k]}, ms wall | | ${c(k, 'thicket')} | ${c(k, 'xgboost')} |`);
lines.push(`| &nbsp;&nbsp;CPU ms of the process over the same span (all threads) | | ${c('cpu', 'thicket')} | ${c('cpu', 'xgboost')} |`);
lines.push(`| &nbsp;&nbsp;(Node start-up before the first statement, excluded), ms wall | | ${c('boot', 'thicket')} | ${c('boot', 'xgboost')} |`);
const l = (k, key) => `${f(latency[key][k].median)} (min ${f(latency[key][k].min)}; CPU ${f(latency[key][k].cpu)})`;
lines.push(`| single row: predictProba([row]), µs wall | <= 5 µs | ${l('predictProba', 'thicket')} | ${l('predictProba', 'xgboost')} |`);
lines.push(`| single row: predict([row]) (label), µs | | ${l('predict', 'thicket')} | ${l('predict', 'xgboost')} |`);
lines.push(`| single row: predictRaw([row]), µs | | ${l('predictRaw', 'thicket')} | ${l('predictRaw', 'xgboost')} |`);
const b = (key, form) => `${f(batch[key][form], 3)} (${kRows(batch[key][form])}k rows/s; CPU ${f(batch[key][`${form}Cpu`], 3)})`;
lines.push(`| batch of ${n} rows, columns input, 1 thread: s | >= XGBoost | ${b('thicket', 'columns')} | ${b('xgboost', 'columns')} |`);
lines.push(`| batch, row objects, 1 thread: s | | ${b('thicket', 'rows')} | ${b('xgboost', 'rows')} |`);
const xp = (t) => `${f(t.predict_s, 3)} (${kRows(t.predict_s)}k rows/s; CPU ${f(t.predict_cpu_s, 3)})`;
lines.push(`| XGBoost Booster.predict, nthread 1 (fresh DMatrix, its construction excluded): s | | | ${xp(x1)} |`);
lines.push(`| XGBoost Booster.predict, nthread ${xgb.cores}: s | | | ${xp(xAll)} |`);
lines.push(`| XGBoost DMatrix construction, nthread 1 / ${xgb.cores}: s | | | ${f(x1.dmatrix_s, 3)} / ${f(xAll.dmatrix_s, 3)} |`);
lines.push(`| runtime (columns, 1 thread) vs XGBoost predict (nthread 1 / ${xgb.cores}), same model: speed-up, wall | >= 1 | | ${f(x1.predict_s / batch.xgboost.columns)}x / ${f(xAll.predict_s / batch.xgboost.columns)}x |`);
lines.push(`| runtime vs XGBoost nthread 1: speed-up, CPU time | | | ${f(x1.predict_cpu_s / batch.xgboost.columnsCpu)}x |`);
lines.push(`| runtime vs XGBoost: largest difference in P(class 1) | | | ${batch.xgboost.maxDiffVsXGBoost.toExponential(2)} |`);
console.log(lines.join('\n'));
if (args.md) {
  console.log(`\n### Runtime — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n`);
  console.log(`- command: \`npm run bench:runtime -- --md\` (= \`npm run build && node bench/runtime.mjs --md\`), ${coldRuns} cold runs per model, ${repeats} batch repeats`);
  console.log(`- commit: \`${commit}\`; Node ${process.version}, XGBoost ${xgb.xgboost_version}, ${os.cpus().length} cores`);
  console.log(`- load average (uptime) before: ${loadBefore}; after: ${loadAfter}`);
  console.log(`- data: airline_1m test set, ${n} rows, 8 features (origin, dest categorical); models: 100 trees, depth 6, eta 0.1`);
  console.log('- figures: medians, (min) where shown\n');
  console.log(lines.join('\n'));
}
