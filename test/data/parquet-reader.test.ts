import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { readParquet, readParquetBatches } from '../../src/data/parquet-reader.js';
import { numbers, strings, tempFile, thicketMessage } from './helpers.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => join(fixtures, name);
const DAY = 86_400_000;

describe('readParquet', () => {
  it('maps every supported type, with nulls as NaN / missing', async () => {
    const frame = await readParquet(fixture('types.parquet'));
    expect(frame.nRows).toBe(6);
    expect(frame.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      'i32:numeric', 'i64:numeric', 'f32:numeric', 'f64:numeric', 'flag:numeric',
      's:categorical', 'ts:numeric', 'day:numeric', 'dec:numeric', 'u32:numeric',
    ]);
    expect(numbers(frame, 'i32')).toEqual([1, NaN, -3, 4, 5, 6]);
    expect(numbers(frame, 'i64')).toEqual([1, 2, NaN, 2 ** 40, -5, 6]);
    expect(numbers(frame, 'f32')).toEqual([0.5, 1.25, NaN, -2, 3, 4]);
    expect(numbers(frame, 'f64')).toEqual([Math.PI, NaN, 1e300, -0.1, 0, 2]);
    expect(numbers(frame, 'flag')).toEqual([1, 0, NaN, 1, 1, 0]);
    expect(strings(frame, 's')).toEqual(['b', null, 'a', 'b', null, 'c']); // '' is missing, as in CSV
    expect(numbers(frame, 'ts')).toEqual([0, 1000, NaN, DAY, 5, 6]);
    expect(numbers(frame, 'day')).toEqual([0, 2 * DAY, NaN, 3 * DAY, 4 * DAY, 5 * DAY]);
    expect(numbers(frame, 'dec')).toEqual([1.25, -3.5, NaN, 0, 100, 0.01]);
    expect(numbers(frame, 'u32')).toEqual([4294967295, 0, 1, NaN, 2, 3]);
    const s = frame.columns[5]!;
    expect(s.kind === 'categorical' && s.levels).toEqual(['b', 'a', 'c']);
  });

  it.each(['UNCOMPRESSED', 'GZIP', 'BROTLI'])('decodes %s column chunks', async (codec) => {
    const path = fixture(`codec-${codec.toLowerCase()}.parquet`);
    const metadata = parquetMetadata(await readFile(path));
    expect(metadata.row_groups[0]!.columns[0]!.meta_data!.codec).toBe(codec); // the fixture really uses it
    const frame = await readParquet(path);
    expect(numbers(frame, 'x')).toEqual([1.5, NaN, -2, 1e-3]);
    expect(strings(frame, 'label')).toEqual(['yes', 'no', null, 'yes']);
  });

  it('reads several row groups in row order', async () => {
    const frame = await readParquet(fixture('row-groups.parquet'));
    expect(frame.nRows).toBe(2500);
    const n = numbers(frame, 'n');
    const k = strings(frame, 'k');
    const m = numbers(frame, 'm');
    for (let i = 0; i < 2500; i++) {
      expect(n[i]).toBe(i * 0.5);
      expect(k[i]).toBe(`k${i % 7}`);
      expect(m[i]).toBe(i % 10 === 0 ? NaN : i);
    }
    const kc = frame.columns[1]!;
    expect(kc.kind === 'categorical' && kc.levels).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
  });

  it('reads row group by row group (streaming) with the same rows as the whole file', async () => {
    const whole = await readParquet(fixture('row-groups.parquet'));
    const seen: number[] = [];
    const n: number[] = [], k: (string | null)[] = [], m: number[] = [];
    for await (const { frame, firstRow } of readParquetBatches(fixture('row-groups.parquet'))) {
      seen.push(firstRow, frame.nRows);
      n.push(...numbers(frame, 'n')); k.push(...strings(frame, 'k')); m.push(...numbers(frame, 'm'));
    }
    expect(seen).toEqual([0, 1000, 1000, 1000, 2000, 500]);
    expect(n).toEqual(numbers(whole, 'n'));
    expect(k).toEqual(strings(whole, 'k'));
    expect(m).toEqual(numbers(whole, 'm'));
  });

  it('reads a file written by pyarrow (pandas test data)', async () => {
    const frame = await readParquet(fixture('pandas-simple.parquet'));
    expect(numbers(frame, 'A')).toEqual([1, 2, 3]);
    expect(strings(frame, 'B')).toEqual(['foo', 'foo', 'foo']);
  });

  it('rejects unsupported types naming the column and type', async () => {
    const path = fixture('json.parquet');
    expect(await thicketMessage(readParquet(path))).toMatch(new RegExp(`^${path}, column 'payload': unsupported column type BYTE_ARRAY \\(JSON\\)`));
  });

  it('rejects non-Parquet, empty and missing files', async () => {
    const junk = tempFile('junk.parquet', 'definitely not parquet, but long enough to have a footer');
    expect(await thicketMessage(readParquet(junk))).toMatch(new RegExp(`^${junk}: is not a readable Parquet file`));
    expect(await thicketMessage(readParquet(tempFile('empty.parquet', '')))).toMatch(/empty/);
    expect(await thicketMessage(readParquet('/no/such/file.parquet'))).toBe('file not found: /no/such/file.parquet');
  });

  it('rejects a truncated file', async () => {
    const whole = await readFile(fixture('row-groups.parquet'));
    const cut = tempFile('cut.parquet', Buffer.concat([whole.subarray(0, 4000), whole.subarray(whole.length - 2000)]));
    expect(await thicketMessage(readParquet(cut))).toMatch(new RegExp(`^${cut}: is not a readable Parquet file`));
  });
});
