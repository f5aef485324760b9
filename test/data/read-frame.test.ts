import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { formatOf, readFrame } from '../../src/data/read-frame.js';
import { numbers, strings, tempFile, tempGzip, thicketMessage } from './helpers.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

describe('readFrame', () => {
  it('dispatches on the extension, case-insensitively', async () => {
    expect(formatOf('a.CSV')).toBe('csv');
    expect(formatOf('a.csv.GZ')).toBe('csv');
    expect(formatOf('a.feather')).toBe('arrow');
    expect(formatOf('a.ipc')).toBe('arrow');
    expect(formatOf('a.Parquet')).toBe('parquet');
    expect(formatOf('a.tsv')).toBe('csv');
    expect(formatOf('a.TSV.gz')).toBe('csv');
    expect(formatOf('a.txt')).toBeUndefined();
    expect(formatOf('a.gz')).toBeUndefined();
  });

  it('reads each format', async () => {
    expect(numbers(await readFrame(tempFile('x.csv', 'a\n1\n2\n')), 'a')).toEqual([1, 2]);
    expect(numbers(await readFrame(tempGzip('x.csv.gz', 'a\n1\n2\n')), 'a')).toEqual([1, 2]);
    const ipc = tableToIPC(tableFromArrays({ a: new Float64Array([1, 2]) }), 'file');
    for (const ext of ['arrow', 'feather', 'ipc']) expect(numbers(await readFrame(tempFile(`x.${ext}`, ipc)), 'a')).toEqual([1, 2]);
    expect(numbers(await readFrame(fixture('types.parquet')), 'i32')).toEqual([1, NaN, -3, 4, 5, 6]);
  });

  it('reports a missing file as "file not found", whatever its extension', async () => {
    for (const path of ['/no/such.csv', '/no/such.parquet', '/no/such.arrow', '/no/such.txt']) {
      expect(await thicketMessage(readFrame(path))).toBe(`file not found: ${path}`);
    }
  });

  it('rejects unknown extensions and directories', async () => {
    const path = tempFile('data.txt', 'a\tb\n');
    expect(await thicketMessage(readFrame(path))).toMatch(new RegExp(`^${path}: unknown file type; expected .csv, .csv.gz, .arrow`));
    expect(await thicketMessage(readFrame(import.meta.dirname))).toMatch(/is a directory/);
  });

  it('applies categorical / numeric overrides to columnar files too', async () => {
    const ipc = tableToIPC(tableFromArrays({ code: new Float64Array([7, 10, 7]), num: ['1.5', '2', '3'], bad: ['1', 'x', '2'] }), 'file');
    const path = tempFile('over.arrow', ipc);
    const frame = await readFrame(path, { categorical: ['code'], numeric: ['num'] });
    expect(strings(frame, 'code')).toEqual(['7', '10', '7']);
    expect(numbers(frame, 'num')).toEqual([1.5, 2, 3]);
    expect(await thicketMessage(readFrame(path, { numeric: ['bad'] }))).toBe(
      `${path}, data row 2, column 'bad': value 'x' is not a number, but the column was declared numeric`,
    );
    expect(await thicketMessage(readFrame(path, { categorical: ['nope'] }))).toMatch(/categorical names column 'nope'/);
  });
});
