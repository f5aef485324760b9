import { describe, expect, it } from 'vitest';
import { applySchema } from '../../src/data/apply-schema.js';
import { readCsvBatches } from '../../src/data/csv-batches.js';
import { readCsv } from '../../src/data/csv-reader.js';
import type { Schema } from '../../src/data/frame.js';
import { inferSchema } from '../../src/data/schema.js';
import { strings, tempFile, thicketMessage } from './helpers.js';

async function batches(path: string, rows: number, keep?: Set<string>) {
  const out = [];
  for await (const b of readCsvBatches(path, rows, { keep })) out.push(b);
  return out;
}

/** The whole file's dataset and the batches' datasets joined, both encoded with `schema`. */
async function joined(path: string, schema: Schema, rows: number) {
  const parts = (await batches(path, rows)).map((b) => applySchema(b.frame, schema, { requireTarget: true, rowOffset: b.firstRow }));
  const nF = schema.features.length;
  const n = parts.reduce((s, p) => s + p.nRows, 0);
  const features = new Float32Array(n * nF);
  const target = new Float64Array(n);
  let at = 0;
  for (const p of parts) {
    for (let f = 0; f < nF; f++) features.set(p.features.subarray(f * p.nRows, (f + 1) * p.nRows), f * n + at);
    target.set(p.target!, at);
    at += p.nRows;
  }
  return { nRows: n, features, target };
}

describe('readCsvBatches', () => {
  it('batches of any size encode to the whole file\'s dataset', async () => {
    for (const [name, target] of [['mlc_churn', 'churn'], ['iris', 'species'], ['penguins', 'species'], ['diabetes', 'progression']]) {
      const path = `data/${name}.train.csv`;
      const frame = await readCsv(path);
      const schema = inferSchema(frame, target!);
      const whole = applySchema(frame, schema, { requireTarget: true });
      for (const rows of [1, 7, 100, 1 << 20]) {
        const got = await joined(path, schema, rows);
        expect(got.nRows).toBe(whole.nRows);
        expect(got.features).toEqual(whole.features);
        expect(got.target).toEqual(whole.target);
      }
    }
  });

  it('recovers the text of a column that turns categorical inside a batch, and keeps only the named columns', async () => {
    const path = tempFile('zip.csv', 'zip,x,y\n007,1,a\n8,2,b\n"x,1",3,c\n010,4,d\n9,5,e\n');
    const [b1, b2] = await batches(path, 3, new Set(['zip', 'x']));
    expect(b1!.frame.columns.map((c) => c.name)).toEqual(['zip', 'x']);
    expect(strings(b1!.frame, 'zip')).toEqual(['007', '8', 'x,1']);
    expect(b2!.firstRow).toBe(3);
    expect(b2!.frame.columns[0]!.kind).toBe('numeric');
  });

  it('a ragged row or a text cell in a later batch names the same line / row as the whole-file reader', async () => {
    const rows = ['a,b,label', ...Array.from({ length: 50 }, (_, i) => (i === 37 ? '1,2' : `${i},${i % 3},${i % 2}`))];
    const ragged = tempFile('ragged.csv', rows.join('\n') + '\n');
    const want = await thicketMessage(readCsv(ragged));
    expect(want).toMatch(/line 39/);
    expect(await thicketMessage(batches(ragged, 10))).toBe(want);

    const good = tempFile('good.csv', ['a,b,label', ...Array.from({ length: 50 }, (_, i) => `${i},${i % 3},${i % 2}`)].join('\n') + '\n');
    const schema = inferSchema(await readCsv(good), 'label');
    const texty = tempFile('texty.csv', ['a,b,label', ...Array.from({ length: 50 }, (_, i) => `${i === 33 ? 'oops' : i},${i % 3},${i % 2}`)].join('\n') + '\n');
    const whole = await thicketMessage(async () => applySchema(await readCsv(texty), schema, { requireTarget: true }));
    expect(whole).toMatch(/row 34/);
    expect(await thicketMessage(() => joined(texty, schema, 8))).toBe(whole);
  });
});
