#!/usr/bin/env node
// Writes the bin codes thicket's random forest trains on (u8, row-major; 255 = missing) for one
// public dataset's train and test files, plus the targets, so bench/forest-sklearn-bins.py can run
// scikit-learn on exactly those bins. That separates what binning costs from how trees grow:
// scikit-learn on the bins vs unbinned is the binning loss; thicket vs scikit-learn on the same
// bins (thicket with categorical_split=ordinal, since the codes keep the level order) is the rest.
//   node bench/forest-bins.mjs --dataset diamonds [--rule distinct|quantile] [--out bench/out/diamonds-bins] [--shared DIR]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { manifestEntry, readManifest } from './lib/manifest.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({
  options: {
    dataset: { type: 'string' }, rule: { type: 'string', default: 'distinct' }, out: { type: 'string' },
    shared: { type: 'string', default: process.env.THICKET_SHARED ?? resolve(ROOT, '..', 'shared') },
  },
});
const api = await import(join(ROOT, 'dist', 'src', 'index.js'));
const { computeBins } = await import(join(ROOT, 'dist', 'src', 'binning', 'bin-mapper.js'));
const { createEngine } = await import(join(ROOT, 'dist', 'src', 'wasm', 'load.js'));
const d = manifestEntry(readManifest(join(a.shared, 'data')), a.dataset);
const out = a.out ?? join(ROOT, 'bench', 'out', `${a.dataset}-bins`);
mkdirSync(dirname(out), { recursive: true });
const frames = [await api.readFrame(join(a.shared, 'data', d.files.train)), await api.readFrame(join(a.shared, 'data', d.files.test))];
const schema = api.inferSchema(frames[0], d.target, { task: d.task });
const [train, test] = frames.map((f) => api.applySchema(f, schema, { requireTarget: true, onWarning: () => {} }));
// The forest's cuts (seed 0, 256 bins as the forest's default max_bin), computed from the training rows.
const bins = computeBins(createEngine(), train.features, train.nRows, schema, 256, 0, undefined, a.rule);

/** Bin codes of a dataset, row-major: numeric values by the cuts (bin b holds cuts[b-1] <= x < cuts[b]), levels by their bin. */
function codes(ds) {
  const n = ds.nRows, nF = bins.length, o = new Uint8Array(n * nF);
  bins.forEach((b, f) => {
    for (let i = 0; i < n; i++) {
      const v = ds.features[f * n + i];
      let c = 255;
      if (v === v && b.kind === 'categorical') c = b.levelToBin[v];
      else if (v === v) {
        let lo = 0, hi = b.cuts.length;
        while (lo < hi) { const m = (lo + hi) >> 1; if (b.cuts[m] <= v) lo = m + 1; else hi = m; }
        c = lo;
      }
      o[i * nF + f] = c;
    }
  });
  return o;
}
writeFileSync(`${out}.train.u8`, codes(train));
writeFileSync(`${out}.test.u8`, codes(test));
writeFileSync(`${out}.json`, JSON.stringify({
  dataset: d.name, rule: a.rule, task: d.task, metric: d.metric, nFeatures: bins.length, nBins: bins.map((b) => b.nBins),
  trainTarget: Array.from(train.target), testTarget: Array.from(test.target),
}));
process.stderr.write(`${out}.{train.u8,test.u8,json}: ${a.rule} bins per feature ${bins.map((b) => b.nBins).join(' ')}\n`);
