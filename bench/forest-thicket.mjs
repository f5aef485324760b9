#!/usr/bin/env node
// thicket side of bench/forest.mjs: one forest fit + predict in this process, through the
// library API of the compiled package (dist/), so a forest too large for a JSON model file
// (millions of nodes) is still measured. fit_seconds: data in memory to the finished model
// (binning included, as `train --json` counts it); predict_seconds: the test set's outputs.
// predict_seconds is the median of --predict-repeats runs (all listed in predict_runs) on
// --predict-nthread threads (0, the default: all cores; 1: the main thread, as predictDataset).
// Prints one JSON object on stdout.
//   node bench/forest-thicket.mjs --train F --test F --target COL [--task T] [--learner rf]
//        [--param k=v]... [--subtree-rows N] [--predict-nthread N] [--predict-repeats R]
import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const api = await import(join(ROOT, 'dist', 'src', 'index.js'));

const { values: a } = parseArgs({
  options: {
    train: { type: 'string' }, test: { type: 'string' }, target: { type: 'string' },
    task: { type: 'string', default: 'auto' }, learner: { type: 'string', default: 'rf' },
    param: { type: 'string', multiple: true, default: [] }, 'subtree-rows': { type: 'string' },
    'predict-nthread': { type: 'string', default: '0' }, 'predict-repeats': { type: 'string', default: '1' },
  },
});
const params = {};
for (const kv of a.param) { const i = kv.indexOf('='); params[kv.slice(0, i)] = kv.slice(i + 1); }

let t0 = performance.now();
const trainFrame = await api.readFrame(a.train);
const testFrame = await api.readFrame(a.test);
const readSeconds = (performance.now() - t0) / 1000;

t0 = performance.now();
const schema = api.inferSchema(trainFrame, a.target, { task: a.task });
const train = api.applySchema(trainFrame, schema, { requireTarget: true, onWarning: () => {} });
const opts = a['subtree-rows'] !== undefined ? { subtreeRows: Number(a['subtree-rows']) } : {};
const { model, threads } = await api.trainForest(a.learner, params, train, opts);
const fitSeconds = (performance.now() - t0) / 1000;

const test = api.applySchema(testFrame, schema, { requireTarget: true, onWarning: () => {} });
const predictOpts = { nthread: Number(a['predict-nthread']) };
const predictRuns = [];
let pred;
for (let r = 0; r < Number(a['predict-repeats']); r++) {
  t0 = performance.now();
  pred = await api.predictDatasetParallel(model, test, predictOpts);
  predictRuns.push((performance.now() - t0) / 1000);
}
const predictSeconds = [...predictRuns].sort((x, y) => x - y)[Math.floor((predictRuns.length - 1) / 2)];
const metrics = api.evaluateTask(schema.target.task, test.target, pred);
process.stdout.write(JSON.stringify({
  fit_seconds: fitSeconds, predict_seconds: predictSeconds, predict_runs: predictRuns,
  predict_threads: api.predictThreads(model, test.nRows, predictOpts), read_seconds: readSeconds, metrics, threads,
  nodes: model.trees.left.length, oob_score: model.training.oobScore ?? null, oob_metric: model.training.oobMetric ?? null,
}) + '\n');
