#!/usr/bin/env node
// Times thicket's parallel CSV reader and streaming binning on one file (used by bench/ingest.mjs):
//   node bench/ingest-read.mjs FILE TARGET NTHREAD
//   -> {"rows", "read_seconds", "bin_seconds", "cuts_seconds", "matrix_seconds", "labels_seconds"} on stdout
// bin_seconds = cuts (the sample read from the spill) + matrix (every row coded and copied row-major,
// NTHREAD threads) + labels and feature info (binnedTraining), i.e. everything `train` does before boosting.
import { spillCsv } from '../dist/src/data/csv-spill.js';
import { binSpilled } from '../dist/src/binning/spill-binning.js';
import { spilledCuts } from '../dist/src/binning/spill-cuts.js';
import { binnedTraining } from '../dist/src/boosting/training-data.js';
import { createEngine } from '../dist/src/wasm/load.js';

const [path, target, nthread] = process.argv.slice(2);
const t0 = performance.now();
const outcome = await spillCsv(path, target, { threads: Number(nthread) });
if ("reason" in outcome) throw new Error(`fell back to the serial reader: ${outcome.reason}`);
const { data } = outcome;
const t1 = performance.now();
const engine = createEngine();
const fbins = spilledCuts(createEngine(), data, 256, 0);
const t2 = performance.now();
const { bins, binsRM } = binSpilled(engine, data, fbins, Number(nthread));
const t3 = performance.now();
binnedTraining(engine, data.schema, fbins, bins, data.nRows, data.target, undefined, binsRM);
const t4 = performance.now();
data.dispose();
const s = (a, b) => (b - a) / 1000;
process.stdout.write(JSON.stringify({
  rows: data.nRows, read_seconds: s(t0, t1), bin_seconds: s(t1, t4), cuts_seconds: s(t1, t2), matrix_seconds: s(t2, t3), labels_seconds: s(t3, t4),
}) + '\n');
