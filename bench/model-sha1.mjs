#!/usr/bin/env node
// Prints one line per (dataset, learner, threads): the sha1 of a trained model's node arrays
// (the model file's `trees` object), to check that a refactor leaves every model bit-identical.
// Trains through the CLI of this checkout (`node bin/thicket.js train`, after `npm run build`),
// so the same script runs on any commit. Compare two checkouts with diff.
//   node bench/model-sha1.mjs [--data ../shared/data] [--big] [--only name,name]
// --big adds airline_1m (GBDT only). Datasets and targets come from the data folder's manifest.json.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readManifest } from './lib/manifest.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: a } = parseArgs({
  options: {
    data: { type: 'string', default: join(ROOT, '..', 'shared', 'data') },
    big: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const manifest = readManifest(a.data);
const only = a.only ? new Set(a.only.split(',')) : undefined;
const RUNS = [
  ['gbdt', ['num_boost_round=30', 'max_depth=6', 'seed=1']],
  ['rf', ['n_estimators=12', 'seed=1']],
  ['extratrees', ['n_estimators=6', 'seed=1']],
];
const dir = mkdtempSync(join(tmpdir(), 'model-sha1-'));
try {
  for (const d of manifest) {
    if (only && !only.has(d.name)) continue;
    const big = d.n_train > 200_000;
    if (big && !a.big) continue;
    for (const [learner, params] of RUNS) {
      if (big && learner !== 'gbdt') continue;
      for (const threads of [1, 2]) {
        const out = join(dir, `${d.name}-${learner}-${threads}.json`);
        const args = [join(ROOT, 'bin', 'thicket.js'), 'train', join(a.data, d.files.train), '--target', d.target,
          '--task', d.task, '--learner', learner, '--out', out, '--json'];
        for (const p of [...params, `nthread=${threads}`]) args.push('--param', p);
        execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
        const trees = JSON.parse(readFileSync(out, 'utf8')).trees;
        const sha = createHash('sha1').update(JSON.stringify(trees)).digest('hex');
        console.log(`${d.name} ${learner} nthread=${threads} nodes=${trees.nodes ?? trees.left?.length} ${sha}`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
