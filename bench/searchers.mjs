// Compares the AutoML searchers with a fixed trial budget (no time budget: the results do not
// depend on machine load). Usage: npm run build && node bench/searchers.mjs [--trials 24]
//   [--datasets a,b] [--searchers cfo,tpe,random] [--seed 0]
import { join } from 'node:path';
import { readManifest } from './lib/manifest.mjs';

const shared = process.env.THICKET_SHARED ?? join(import.meta.dirname, '..', '..', 'shared');
const { readFrame } = await import('../dist/src/data/read-frame.js');
const { runAutoML } = await import('../dist/src/automl/automl.js');
const { predictAutoML } = await import('../dist/src/automl/automl-model.js');
const { applyPreprocess } = await import('../dist/src/inference/preprocess.js');
const { applySchema } = await import('../dist/src/data/apply-schema.js');
const { metricValue, higherIsBetter } = await import('../dist/src/automl/scoring.js');

const arg = (name, d) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : d; };
const trials = Number(arg('--trials', '24'));
const seed = Number(arg('--seed', '0'));
const searchers = arg('--searchers', 'cfo,tpe,random').split(',');
const names = arg('--datasets', 'breast_cancer,pima_diabetes,wa_churn,lending_club,diamonds,letter').split(',');
const manifest = readManifest(join(shared, 'data'));

const rows = [];
for (const name of names) {
  const d = manifest.find((m) => m.name === name);
  const opts = { categorical: d.categorical_columns };
  const train = await readFrame(join(shared, 'data', d.files.train), opts);
  const test = await readFrame(join(shared, 'data', d.files.test), opts);
  const metric = d.metric === 'accuracy' ? 'logloss' : d.metric;
  for (const searcher of searchers) {
    const t0 = performance.now();
    const r = await runAutoML(train, { target: d.target, task: d.task, metric, trials, seed, searcher });
    const secs = (performance.now() - t0) / 1000;
    const data = applySchema(applyPreprocess(test, r.model.preprocess), r.model.schema, { requireTarget: true, onWarning: () => {} });
    const testValue = metricValue(metric, d.task, data.target, predictAutoML(r.model, data));
    rows.push({ dataset: name, searcher, metric, validation: r.model.validation.value, test: testValue, seconds: secs, ensemble: r.model.ensemble.kind });
    console.error(`${name.padEnd(14)} ${searcher.padEnd(7)} ${metric} valid ${r.model.validation.value.toPrecision(5)} test ${testValue.toPrecision(5)} ${secs.toFixed(1)}s ${r.model.ensemble.kind}`);
  }
}
// Rank the searchers per dataset by validation score (what the search optimises) and by test.
const wins = Object.fromEntries(searchers.map((s) => [s, { valid: 0, test: 0 }]));
for (const name of names) {
  const rs = rows.filter((r) => r.dataset === name);
  const better = (a, b) => (higherIsBetter(rs[0].metric) ? a > b : a < b);
  for (const key of ['validation', 'test']) {
    const best = rs.reduce((a, b) => (better(b[key], a[key]) ? b : a));
    wins[best.searcher][key === 'validation' ? 'valid' : 'test']++;
  }
}
console.log(JSON.stringify({ trials, seed, wins, rows }, null, 1));
