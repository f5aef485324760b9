// thicket `train` with default parameters vs XGBoost hist defaults (../shared/reference) on every
// public dataset. Usage: npm run build && node bench/defaults.mjs [--datasets a,b] [--skip airline_1m]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from './lib/manifest.mjs';

const shared = process.env.THICKET_SHARED ?? join(import.meta.dirname, '..', '..', 'shared');
const { readFrame } = await import('../dist/src/data/read-frame.js');
const { inferSchema } = await import('../dist/src/data/schema.js');
const { applySchema } = await import('../dist/src/data/apply-schema.js');
const { trainGBDT } = await import('../dist/src/boosting/train.js');
const { predictDataset } = await import('../dist/src/predict/predictor.js');
const { evaluateTask } = await import('../dist/src/metric/metrics.js');

const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const manifest = readManifest(join(shared, 'data'));
const reference = JSON.parse(readFileSync(join(shared, 'reference', 'reference.json'), 'utf8')).datasets;
const only = arg('--datasets')?.split(',');
const skip = (arg('--skip') ?? '').split(',');

const rows = [];
for (const d of manifest) {
  if ((only && !only.includes(d.name)) || skip.includes(d.name)) continue;
  const opts = { categorical: d.categorical_columns };
  const t0 = performance.now();
  const tr = await readFrame(join(shared, 'data', d.files.train), opts);
  const te = await readFrame(join(shared, 'data', d.files.test), opts);
  const schema = inferSchema(tr, d.target, { task: d.task });
  const train = applySchema(tr, schema, { requireTarget: true });
  const test = applySchema(te, schema, { requireTarget: true, onWarning: () => {} });
  const t1 = performance.now();
  const model = trainGBDT({}, train);
  const t2 = performance.now();
  const m = evaluateTask(d.task, test.target, predictDataset(model, test));
  const metric = d.metric;
  const ours = m[metric];
  const xgb = reference[d.name].methods.xgb_default.metrics[metric];
  const higher = metric === 'auc' || metric === 'accuracy';
  const ok = metric === 'auc' ? ours >= xgb - 0.005 : higher ? ours >= xgb * 0.99 : ours <= xgb * 1.01;
  rows.push({ dataset: d.name, metric, thicket: ours, xgb_default: xgb, ok, read_s: (t1 - t0) / 1000, fit_s: (t2 - t1) / 1000 });
  console.error(`${d.name.padEnd(14)} ${metric.padEnd(8)} thicket ${ours.toPrecision(5).padStart(9)}  xgb ${xgb.toPrecision(5).padStart(9)}  ${ok ? 'ok' : 'WORSE'}  fit ${((t2 - t1) / 1000).toFixed(2)}s`);
}
const passed = rows.filter((r) => r.ok).length;
console.log(JSON.stringify({ passed, total: rows.length, rows }, null, 1));
