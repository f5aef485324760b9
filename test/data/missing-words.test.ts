// Missing-value words (NA, N/A, NaN, null, ?, ...) among numbers: missing on every read path
// (in-memory CSV, spilled CSV, Arrow text columns, runtime rows); other text among numbers stays
// an error naming row, column and value on every path, whatever the column's first value.
import { describe, expect, it } from 'vitest';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { spillCsv, readSpilledRows } from '../../src/data/csv-spill.js';
import { readFrame } from '../../src/data/read-frame.js';
import { inferSchema } from '../../src/data/schema.js';
import { applySchema } from '../../src/data/apply-schema.js';
import { MISSING_WORDS } from '../../src/data/number-parser.js';
import { numbers, strings, tempFile, thicketMessage } from './helpers.js';

const WORDS = [...MISSING_WORDS, 'NaN', 'nan', '-NaN', ' NA '];

/** 300 rows: x holds a missing-value word on every 7th row (the first row among them), y numbers, label 0/1. */
function wordsCsv(): { text: string; x: number[] } {
  const rows = ['x,y,label'];
  const x: number[] = [];
  for (let i = 0; i < 300; i++) {
    const word = i % 7 === 0 ? WORDS[(i / 7) % WORDS.length]! : null;
    x.push(word === null ? i % 13 : NaN);
    rows.push(`${word ?? i % 13},${(i * 7) % 11},${i % 2}`);
  }
  return { text: rows.join('\n') + '\n', x };
}

describe('missing-value words among numbers', () => {
  it('the in-memory reader and the spilled reader (1 and 2 threads, any cut) read them as missing', async () => {
    const { text, x } = wordsCsv();
    const path = tempFile('words.csv', text);
    const frame = await readFrame(path);
    expect(numbers(frame, 'x')).toEqual(x);
    expect(inferSchema(frame, 'label').features[0]).toEqual({ name: 'x', kind: 'numeric' });
    for (const cut of [{ threads: 1 }, { threads: 2, rangeBytes: 500, blockRows: 7 }]) {
      const got = await spillCsv(path, 'label', cut);
      expect(got.ok ? '' : got.reason).toBe('');
      if (!got.ok) continue;
      try {
        expect(got.data.schema.features[0]).toEqual({ name: 'x', kind: 'numeric' });
        const read: number[] = [];
        for (const r of got.data.ranges) {
          const rows = new Float32Array(r.rows * 2);
          const fd = openSync(r.spill, 'r');
          try { readSpilledRows(fd, r.spill, rows, 0, 2); } finally { closeSync(fd); }
          for (let i = 0; i < r.rows; i++) read.push(rows[i * 2]!);
        }
        expect(read).toEqual(x);
      } finally {
        got.data.dispose();
      }
    }
  });

  it('other text among numbers is an error naming row, column and value, also when it is the first value or follows words', async () => {
    const body = (first: string) => ['x,label', `${first},0`, 'NA,1', ...Array.from({ length: 300 }, (_, i) => `${i === 150 ? 'oops' : i},${i % 2}`)];
    for (const first of ['oops', 'NA', '?', '1']) {
      const path = tempFile('text.csv', body(first).join('\n') + '\n');
      const row = first === 'oops' ? 1 : 153;
      const expected = new RegExp(`data row ${row}, column 'x': value 'oops' is text`);
      expect(await thicketMessage(readFrame(path).then((f) => inferSchema(f, 'label')))).toMatch(expected);
      // The spilled reader leaves such a column to the serial reader, which names the row.
      for (const threads of [1, 2]) {
        const got = await spillCsv(path, 'label', { threads, rangeBytes: 400 });
        expect(got.ok).toBe(false);
      }
    }
  });

  it('in a column of text the words are ordinary levels; a --categorical column of numbers keeps them too', async () => {
    const path = tempFile('cat.csv', 'c,n,label\nred,1,0\nNA,NA,1\nblue,3,0\n?,4,1\n');
    const frame = await readFrame(path, { categorical: ['n'] });
    expect(strings(frame, 'c')).toEqual(['red', 'NA', 'blue', '?']);
    expect(strings(frame, 'n')).toEqual(['1', 'NA', '3', '4']);
  });

  it('Arrow: a text column of numbers and words is read as numbers; numbers alone or with other text keep their type', async () => {
    const table = tableFromArrays({
      a: ['1', 'NA', '2.5', null, 'null'],
      b: ['1', '2', '3', '4', '5'],
      c: ['1', 'NA', 'x', '4', '5'],
      label: Float64Array.from([0, 1, 0, 1, 0]),
    });
    const path = tempFile('words.arrow', tableToIPC(table, 'file'));
    const frame = await readFrame(path);
    expect(numbers(frame, 'a')).toEqual([1, NaN, 2.5, NaN, NaN]);
    expect(strings(frame, 'b')).toEqual(['1', '2', '3', '4', '5']);
    expect(strings(frame, 'c')).toEqual(['1', 'NA', 'x', '4', '5']);
    expect(strings(await readFrame(path, { categorical: ['a'] }), 'a')).toEqual(['1', 'NA', '2.5', null, 'null']);
  });

  it('scoring: a numeric feature given as text words is missing (predict and evaluate read through applySchema)', async () => {
    const train = await readFrame(tempFile('t.csv', 'x,label\n1,0\n2,1\n3,0\n4,1\n'));
    const schema = inferSchema(train, 'label');
    const arrow = tempFile('score.arrow', tableToIPC(tableFromArrays({ x: ['N/A', '2', '#N/A'], label: Float64Array.from([0, 1, 0]) }), 'file'));
    const scored = applySchema(await readFrame(arrow, { categorical: ['x'] }), schema, { requireTarget: true });
    expect(Array.from(scored.features)).toEqual([NaN, 2, NaN]);
  });

  it('README and --help list every word', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const w of MISSING_WORDS) expect(readme, w).toContain(`\`${w}\``);
    const { buildProgram } = await import('../../src/cli/program.js');
    let help = '';
    buildProgram({ stdout: (t: string) => { help += t; }, stderr: () => {} } as never).outputHelp();
    for (const w of MISSING_WORDS) expect(help, w).toContain(` ${w} `);
  });
});
