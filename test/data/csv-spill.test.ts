import { describe, expect, it } from 'vitest';
import { applySchema } from '../../src/data/apply-schema.js';
import { spillCsv, type SpillOptions } from '../../src/data/csv-spill.js';
import { readFrame } from '../../src/data/read-frame.js';
import { inferSchema } from '../../src/data/schema.js';
import { prepareSpilled } from '../../src/boosting/spill-bins.js';
import { binnedTraining, prepareTraining, type TrainingData } from '../../src/boosting/training-data.js';
import { binSpilled } from '../../src/binning/spill-binning.js';
import { spilledCuts } from '../../src/binning/spill-cuts.js';
import { trainGBDT, trainGBDTFrom } from '../../src/boosting/train.js';
import { createEngine, type Engine } from '../../src/wasm/load.js';
import { readFileSync } from 'node:fs';
import { tempFile, tempGzip, thicketMessage } from './helpers.js';

const DATASETS: [string, string][] = [
  ['breast_cancer', 'diagnosis'], ['iris', 'species'], ['diabetes', 'progression'],
  ['pima_diabetes', 'diabetes'], ['penguins', 'species'], ['mlc_churn', 'churn'],
];

/** Ways to cut a file: thread count, smallest byte range, rows per spill write. */
const CUTS: SpillOptions[] = [
  { threads: 1 },
  { threads: 1, rangeBytes: 997, blockRows: 7 },
  { threads: 2, rangeBytes: 4096, blockRows: 100 },
  { threads: 2, rangeBytes: 1 << 20, blockRows: 1 },
];

/**
 * Ways to bin the spill: threads and rows per claimed block (the spill's own when omitted); file:
 * cuts and rows on the same threads (prepareSpilled: binSpilledFile, samples sorted in parallel).
 */
interface BinCut { threads: number; block?: number; file?: boolean }
const BIN_CUTS: BinCut[] = [
  { threads: 1 }, { threads: 2, block: 5 }, { threads: 3, file: true }, { threads: 3, block: 64 }, { threads: 2, block: 1 << 16 }, { threads: 2, file: true },
];

function plain(engine: Engine, d: TrainingData) {
  const { arena } = engine;
  return {
    schema: d.schema,
    fbins: d.fbins.map((b) => ({ ...b, cuts: Array.from(b.cuts), levelToBin: b.levelToBin && Array.from(b.levelToBin) })),
    bins: Buffer.from(arena.u8(d.bins, d.nRows * d.nFeatures)).toString('base64'),
    binsRM: Buffer.from(arena.u8(d.binsRM, d.nRows * d.nFeatures)).toString('base64'),
    label: Array.from(arena.f32(d.label, d.nRows)),
    target: Array.from(d.target),
  };
}

async function inMemory(path: string, target: string, maxBin = 256, seed = 0, opts: { categorical?: string[] } = {}) {
  const frame = await readFrame(path, opts);
  const schema = inferSchema(frame, target);
  const engine = createEngine();
  return plain(engine, prepareTraining(engine, applySchema(frame, schema, { requireTarget: true }), maxBin, seed));
}

async function spilled(path: string, target: string, cut: SpillOptions, maxBin = 256, seed = 0, bin: BinCut = { threads: 1 }) {
  const outcome = await spillCsv(path, target, cut);
  if (!outcome.ok) return outcome.reason;
  try {
    const engine = createEngine();
    const { data } = outcome;
    if (bin.file) return plain(engine, prepareSpilled(engine, data, maxBin, seed, bin.threads));
    const fbins = spilledCuts(createEngine(), data, maxBin, seed);
    const { bins, binsRM } = binSpilled(engine, data, fbins, bin.threads, bin.block);
    return plain(engine, binnedTraining(engine, data.schema, fbins, bins, data.nRows, data.target, undefined, binsRM));
  } finally {
    outcome.data.dispose();
  }
}

describe('parallel spilled CSV ingest', () => {
  it('gives the same schema, bins and labels as the in-memory path, for any cut, block size and thread count', async () => {
    let k = 0;
    for (const [name, target] of DATASETS) {
      const path = `data/${name}.train.csv`;
      const want = await inMemory(path, target);
      for (const cut of CUTS) {
        const bin = BIN_CUTS[k++ % BIN_CUTS.length]!;
        expect(await spilled(path, target, cut, 256, 0, bin), `${name} ${JSON.stringify(cut)} binned ${JSON.stringify(bin)}`).toEqual(want);
      }
    }
  });

  it('reads .csv.gz as one gunzipped stream with the same result', async () => {
    for (const [name, target] of [['mlc_churn', 'churn'], ['penguins', 'species'], ['diabetes', 'progression']]) {
      const text = readFileSync(`data/${name}.train.csv`, 'utf8');
      const path = tempGzip(`${name}.csv.gz`, text);
      const want = await inMemory(`data/${name}.train.csv`, target!);
      for (const cut of [{ threads: 2, readBytes: 1000, blockRows: 9 }, { threads: 1 }]) expect(await spilled(path, target!, cut)).toEqual(want);
    }
  });

  it('trains the same model as the in-memory path', async () => {
    const params = { num_boost_round: 15, max_depth: 4 };
    for (const [name, target] of [['mlc_churn', 'churn'], ['iris', 'species'], ['diabetes', 'progression']]) {
      const path = `data/${name}.train.csv`;
      const frame = await readFrame(path);
      const schema = inferSchema(frame, target!);
      const want = trainGBDT(params, applySchema(frame, schema, { requireTarget: true }));
      const outcome = await spillCsv(path, target!, { threads: 2, rangeBytes: 5000, blockRows: 33 });
      if (!outcome.ok) throw new Error(outcome.reason);
      const got = trainGBDTFrom(params, outcome.data.schema, outcome.data.nRows, (e, maxBin, seed) => prepareSpilled(e, outcome.data, maxBin, seed, 2));
      outcome.data.dispose();
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }
  });

  it('samples cut points above 200k rows exactly as computeBins does', async () => {
    const lines = ['a,b,c,y'];
    let s = 7;
    const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
    for (let i = 0; i < 230_000; i++) {
      lines.push(`${(rnd() * 1000).toFixed(3)},${rnd() < 0.1 ? '' : Math.floor(rnd() * 40)},${rnd() < 0.5 ? 'u' : 'v'},${rnd() < 0.4 ? 1 : 0}`);
    }
    const path = tempFile('big.csv', lines.join('\n') + '\n');
    const want = await inMemory(path, 'y', 64, 3);
    expect(await spilled(path, 'y', { threads: 2, rangeBytes: 300_000, blockRows: 4096 }, 64, 3)).toEqual(want);
    expect(await spilled(path, 'y', { threads: 1, blockRows: 1000 }, 64, 3, { threads: 2, block: 777 })).toEqual(want);
    for (const threads of [1, 2, 3]) expect(await spilled(path, 'y', { threads: 2, blockRows: 5000 }, 64, 3, { threads, file: true })).toEqual(want);
  });

  it('cuts quoted fields holding newlines, commas and quotes only at record boundaries, or falls back', async () => {
    const lines = ['id,note,x,label'];
    for (let i = 0; i < 400; i++) {
      const note = i % 3 === 0 ? `"line one\nline ""two"", ${i}"` : i % 3 === 1 ? `plain ${i % 7}` : `"a,b ${i % 5}"`;
      lines.push(`${i},${note},${i % 11 === 0 ? '' : (i * 0.37).toFixed(2)},${i % 2 ? 'yes' : 'no'}`);
    }
    const path = tempFile('quoted.csv', lines.join('\r\n') + '\r\n');
    const want = await inMemory(path, 'label');
    let ok = 0;
    for (const rangeBytes of [101, 257, 1000, 4096]) {
      for (const threads of [1, 2]) {
        const got = await spilled(path, 'label', { threads, rangeBytes, blockRows: 13 });
        if (typeof got === 'string') {
          expect(got).toMatch(/quoted field|failed to parse/);
        } else {
          expect(got).toEqual(want);
          ok++;
        }
      }
    }
    expect(ok).toBeGreaterThan(0);
  });

  it('never returns rows that differ from the serial reader wherever the ranges are cut (quoted newlines, escaped quotes, CRLF, a ragged row)', async () => {
    const lines = ['id,note,x,label'];
    for (let i = 0; i < 120; i++) {
      const note = i % 4 === 0 ? '"two\r\nlines ""q"""' : i % 4 === 1 ? '"""lead quote"' : i % 4 === 2 ? '""' : `n${i % 3}`;
      lines.push(`${i},${note},${(i * 1.5).toFixed(1)},${i % 3 === 0 ? 'a' : 'b'}`);
    }
    const path = tempFile('boundaries.csv', lines.join('\r\n') + '\r\n');
    const want = await inMemory(path, 'label');
    const ragged = tempFile('ragged-sweep.csv', [...lines.slice(0, 70), '70,x,1', ...lines.slice(71)].join('\r\n') + '\r\n');
    let same = 0;
    // Range sizes from a few bytes to most of the file move every cut across records, quotes and \r\n pairs.
    for (let rangeBytes = 23; rangeBytes < 4000; rangeBytes += 173) {
      const got = await spilled(path, 'label', { threads: 2, rangeBytes, blockRows: 17 });
      if (typeof got === 'string') expect(got).toMatch(/quoted field|quote inside/);
      else { expect(got, `rangeBytes ${rangeBytes}`).toEqual(want); same++; }
      const bad = await spillCsv(ragged, 'label', { threads: 2, rangeBytes });
      expect(bad.ok, `ragged, rangeBytes ${rangeBytes}`).toBe(false);
    }
    expect(same).toBeGreaterThan(0);
  });

  it('leaves bad rows and columns that need the serial reader to it, which names the same row', async () => {
    const rows = ['x,y,label'];
    for (let i = 0; i < 300; i++) rows.push(i === 211 ? '1,2' : `${i},${i % 5},${i % 2}`);
    const ragged = tempFile('ragged.csv', rows.join('\n') + '\n');
    for (const threads of [1, 2]) {
      const got = await spillCsv(ragged, 'label', { threads, rangeBytes: 500 });
      expect(got.ok).toBe(false);
    }
    expect(await thicketMessage(readFrame(ragged))).toMatch(/line 213/);

    const late = ['x,label', ...Array.from({ length: 200 }, (_, i) => `${i === 150 ? 'abc' : i},${i % 2}`)];
    const got = await spillCsv(tempFile('late.csv', late.join('\n') + '\n'), 'label', { threads: 2, rangeBytes: 300 });
    expect(got.ok ? '' : got.reason).toMatch(/categorical after numbers|serial/);
    const inf = ['x,label', ...Array.from({ length: 200 }, (_, i) => `${i === 150 ? 'Inf' : i},${i % 2}`)];
    const got2 = await spillCsv(tempFile('inf.csv', inf.join('\n') + '\n'), 'label', { threads: 2, rangeBytes: 300 });
    expect(got2.ok).toBe(false);
    // Bytes that are not UTF-8 in a text cell or a header name: the serial reader names them.
    const cells = Array.from({ length: 200 }, (_, i) => Buffer.from(`${i === 150 ? 'caf\xe9' : i % 2 ? 'a' : 'b'},${i % 2}\n`, 'latin1'));
    for (const head of ['c,label\n', 'c\xff,label\n']) {
      const got3 = await spillCsv(tempFile('latin.csv', Buffer.concat([Buffer.from(head, 'latin1'), ...cells])), 'label', { threads: 2, rangeBytes: 300 });
      expect(got3.ok ? '' : got3.reason).toMatch(/serial|UTF-8/);
    }
  });

  it('stops reading with the row limit error once the rows pass it (parse threads or this thread)', async () => {
    const limit = (nF: number, rows: number) => (rows > 100 ? new Error(`too many: ${nF} features, over 100 rows`) : null);
    for (const threads of [1, 2]) {
      await expect(spillCsv('data/mlc_churn.train.csv', 'churn', { threads, rangeBytes: 5000, readBytes: 4096, rowLimit: limit }))
        .rejects.toThrow(/too many: 19 features, over 100 rows/);
    }
    const fits = await spillCsv('data/mlc_churn.train.csv', 'churn', { threads: 2, rowLimit: (_, rows) => (rows > 1e6 ? new Error('no') : null) });
    expect(fits.ok).toBe(true);
    if (fits.ok) fits.data.dispose();
  });

  it('reports the target errors of the serial reader with the same row', async () => {
    const rows = ['x,label', ...Array.from({ length: 300 }, (_, i) => `${i},${i === 260 ? '' : i % 2}`)];
    const path = tempFile('missing-target.csv', rows.join('\n') + '\n');
    const frame = await readFrame(path);
    let serial = '';
    try { inferSchema(frame, 'label'); } catch (e) { serial = (e as Error).message; }
    expect(serial).toMatch(/row 261/);
    await expect(spillCsv(path, 'label', { threads: 2, rangeBytes: 400 })).rejects.toThrow(serial);
  });
});
