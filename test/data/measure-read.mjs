// Measures readCsv on a generated 1M-row x 10-column CSV (8 numeric, 2 string columns); not a test.
//
// Usage (from the repo root):
//   npx tsc -p tsconfig.json && node test/data/measure-read.mjs [rows] [--gzip] [--late-string]
// Prints seconds and peak RSS. The CSV is generated once into /tmp and reused.
// --late-string puts text in the numeric column `hour` on the last row: the worst case, where
// that column turns categorical at the end and the reader re-reads the whole file for its text.

import { createWriteStream, existsSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { readCsv } from '../../dist/src/data/csv-reader.js';

const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const gzip = process.argv.includes('--gzip');
const late = process.argv.includes('--late-string');
const path = `/tmp/thicket-measure-${rows}${late ? '-late' : ''}.csv${gzip ? '.gz' : ''}`;

// Deterministic generator (mulberry32) so every run reads the same bytes.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* lines() {
  const r = rng(42);
  const airports = Array.from({ length: 230 }, (_, i) => String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26), 65 + ((i * 7) % 26)));
  const colours = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white', 'light grey', 'dark "navy"'];
  yield 'month,day,hour,distance,delay,ratio,score,temp,origin,colour\n';
  let batch = '';
  for (let i = 0; i < rows; i++) {
    const colour = colours[Math.floor(r() * colours.length)];
    const quoted = colour.includes('"') ? `"${colour.replaceAll('"', '""')}"` : colour;
    batch +=
      `${1 + Math.floor(r() * 12)},${1 + Math.floor(r() * 31)},${late && i === rows - 1 ? 'n/a' : Math.floor(r() * 24)},` +
      `${Math.floor(50 + r() * 2500)},${r() < 0.02 ? '' : Math.floor(r() * 300 - 60)},` +
      `${r().toFixed(6)},${(r() * 2 - 1).toExponential(4)},${(r() * 40 - 10).toFixed(1)},` +
      `${airports[Math.floor(r() * airports.length)]},${quoted}\n`;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  yield batch;
}

if (!existsSync(path)) {
  const t0 = performance.now();
  const out = createWriteStream(path);
  await pipeline(Readable.from(lines()), ...(gzip ? [createGzip(), out] : [out]));
  console.error(`generated ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const t0 = performance.now();
const frame = await readCsv(path);
const seconds = (performance.now() - t0) / 1000;
const peakMiB = process.resourceUsage().maxRSS / 1024;
const kinds = frame.columns.map((c) => `${c.name}:${c.kind === 'numeric' ? 'num' : `cat(${c.levels.length})`}`).join(' ');
console.log(`${path}: ${frame.nRows} rows x ${frame.columns.length} columns in ${seconds.toFixed(2)} s, peak RSS ${peakMiB.toFixed(0)} MiB`);
console.log(kinds);
