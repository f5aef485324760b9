#!/usr/bin/env node
// Times thicket's parallel CSV reader and streaming binning on one file (used by bench/ingest.mjs):
//   node bench/ingest-read.mjs FILE TARGET NTHREAD   ->   {"rows", "read_seconds", "bin_seconds"} on stdout
import { spillCsv } from '../dist/src/data/csv-spill.js';
import { prepareSpilled } from '../dist/src/boosting/spill-bins.js';
import { createEngine } from '../dist/src/wasm/load.js';

const [path, target, nthread] = process.argv.slice(2);
const t0 = performance.now();
const outcome = await spillCsv(path, target, { threads: Number(nthread) });
if ("reason" in outcome) throw new Error(`fell back to the serial reader: ${outcome.reason}`);
const t1 = performance.now();
prepareSpilled(createEngine(), outcome.data, 256, 0);
const t2 = performance.now();
outcome.data.dispose();
process.stdout.write(JSON.stringify({ rows: outcome.data.nRows, read_seconds: (t1 - t0) / 1000, bin_seconds: (t2 - t1) / 1000 }) + '\n');
