#!/usr/bin/env node
// thicket side of bench/forest.mjs: one forest fit + predict in this process, through the
// library API of the compiled package (dist/), so a forest too large for a JSON model file
// (millions of nodes) is still measured. fit_seconds: data in memory to the finished model
// (binning included, as `train --json` counts it); predict_seconds: the test set's outputs.
// Prints one JSON object on stdout.
//   node bench/forest-thicket.mjs --train F --test F --target COL [--task T] [--learner rf]
//        [--param k=v]... [--subtree-rows N]
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
t0 = performance.now();
const pred = api.predictDataset(model, test);
const predictSeconds = (performance.now() - t0) / 1000;
const metrics = api.evaluateTask(schema.target.task, test.target, pred);
process.stdout.write(JSON.stringify({
  fit_seconds: fitSeconds, predict_seconds: predictSeconds, read_seconds: readSeconds, metrics, threads,
  nodes: model.trees.left.length, oob_score: model.training.oobScore ?? null, oob_metric: model.training.oobMetric ?? null,
}) + '\n');
