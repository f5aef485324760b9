import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  Bool,
  DateDay,
  DateMillisecond,
  Decimal,
  Dictionary,
  Field,
  Float16,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  Struct,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  makeData,
  makeVector,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readArrow } from '../../src/data/arrow-reader.js';
import { numbers, strings, tempFile, thicketMessage } from './helpers.js';

function writeTable(name: string, table: Table, format: 'file' | 'stream' = 'file'): string {
  return tempFile(name, tableToIPC(table, format));
}

function table(columns: Record<string, Vector>): Table {
  return new Table(columns);
}

const DAY = 86_400_000;

describe('readArrow', () => {
  it.each(['file', 'stream'] as const)('maps numeric types to numbers with nulls as NaN (%s format)', async (format) => {
    const t = table({
      i8: vectorFromArray([1, null, -3], new Int8()),
      i16: vectorFromArray([1000, 2, null], new Int16()),
      i32: vectorFromArray([null, 5, 6], new Int32()),
      i64: vectorFromArray([2n ** 40n, null, -7n], new Int64()),
      u8: vectorFromArray([255, 0, 1], new Uint8()),
      u32: vectorFromArray([4294967295, null, 1], new Uint32()),
      u64: vectorFromArray([5n, 6n, null], new Uint64()),
      f16: vectorFromArray([1.5, null, -2], new Float16()),
      f32: vectorFromArray([0.25, null, 3.5], new Float32()),
      f64: vectorFromArray([Math.PI, null, -1e300], new Float64()),
      bool: vectorFromArray([true, false, null], new Bool()),
      day: vectorFromArray([new Date(0), new Date(2 * DAY), null], new DateDay()),
      dms: vectorFromArray([new Date(123), null, new Date(DAY)], new DateMillisecond()),
      ts: vectorFromArray([1000, null, 1_600_000_000_000], new TimestampMillisecond()),
      tsu: vectorFromArray([5, 6, null], new TimestampMicrosecond()),
    });
    const frame = await readArrow(writeTable(`types.${format}.arrow`, t, format));
    expect(frame.nRows).toBe(3);
    expect(frame.columns.every((c) => c.kind === 'numeric')).toBe(true);
    expect(numbers(frame, 'i8')).toEqual([1, NaN, -3]);
    expect(numbers(frame, 'i16')).toEqual([1000, 2, NaN]);
    expect(numbers(frame, 'i32')).toEqual([NaN, 5, 6]);
    expect(numbers(frame, 'i64')).toEqual([2 ** 40, NaN, -7]);
    expect(numbers(frame, 'u8')).toEqual([255, 0, 1]);
    expect(numbers(frame, 'u32')).toEqual([4294967295, NaN, 1]);
    expect(numbers(frame, 'u64')).toEqual([5, 6, NaN]);
    expect(numbers(frame, 'f16')).toEqual([1.5, NaN, -2]);
    expect(numbers(frame, 'f32')).toEqual([0.25, NaN, 3.5]);
    expect(numbers(frame, 'f64')).toEqual([Math.PI, NaN, -1e300]);
    expect(numbers(frame, 'bool')).toEqual([1, 0, NaN]);
    expect(numbers(frame, 'day')).toEqual([0, 2 * DAY, NaN]);
    expect(numbers(frame, 'dms')).toEqual([123, NaN, DAY]);
    expect(numbers(frame, 'ts')).toEqual([1000, NaN, 1_600_000_000_000]);
    expect(numbers(frame, 'tsu')).toEqual([5, 6, NaN]);
  });

  it('reads decimals', async () => {
    // Decimal(scale 2, precision 10, 128-bit): 12345 -> 123.45, -100 -> -1.00; stored as little-endian 32-bit words.
    const data = makeData({
      type: new Decimal(2, 10, 128),
      length: 2,
      nullCount: 0,
      data: new Uint32Array([12345, 0, 0, 0, 0xffffffff - 99, 0xffffffff, 0xffffffff, 0xffffffff]),
    });
    const frame = await readArrow(writeTable('decimal.arrow', table({ d: makeVector(data) })));
    expect(numbers(frame, 'd')).toEqual([123.45, -1]);
  });

  it('maps Utf8 and dictionary strings to categorical levels in first-seen order; empty strings are missing', async () => {
    const t = table({
      s: vectorFromArray(['b', null, 'a', 'b', ''], new Utf8()),
      d: vectorFromArray(['x', 'y', null, 'x', 'z'], new Dictionary(new Utf8(), new Int32())),
    });
    const frame = await readArrow(writeTable('strings.arrow', t));
    expect(strings(frame, 's')).toEqual(['b', null, 'a', 'b', null]);
    expect(strings(frame, 'd')).toEqual(['x', 'y', null, 'x', 'z']);
    const s = frame.columns[0]!;
    expect(s.kind === 'categorical' && s.levels).toEqual(['b', 'a']);
  });

  it('concatenates record batches whose dictionaries differ (stream format)', async () => {
    const a = tableFromArrays({ x: new Float64Array([1, 2]), c: ['p', 'q'] });
    const b = tableFromArrays({ x: new Float64Array([3, 4]), c: ['r', 'q'] });
    const frame = await readArrow(writeTable('batches.arrow', a.concat(b), 'stream'));
    expect(frame.nRows).toBe(4);
    expect(numbers(frame, 'x')).toEqual([1, 2, 3, 4]);
    expect(strings(frame, 'c')).toEqual(['p', 'q', 'r', 'q']);
  });

  it('rejects unsupported types naming the column and type', async () => {
    const list = vectorFromArray([[1, 2], [3]], new List(new Field('item', new Int32(), true)));
    const path = writeTable('list.arrow', table({ ok: vectorFromArray([1, 2], new Int32()), tags: list }));
    const msg = await thicketMessage(readArrow(path));
    expect(msg).toMatch(new RegExp(`^${path}, column 'tags': unsupported column type List`));
    const struct = vectorFromArray([{ a: 1 }, { a: 2 }], new Struct([new Field('a', new Int32())]));
    expect(await thicketMessage(readArrow(writeTable('struct.arrow', table({ st: struct }))))).toMatch(/column 'st': unsupported column type Struct/);
  });

  it('rejects files that are not Arrow, empty files, missing files and zero-row tables', async () => {
    const junk = tempFile('junk.arrow', 'this is not arrow');
    expect(await thicketMessage(readArrow(junk))).toMatch(new RegExp(`^${junk}: is not a readable Arrow IPC`));
    expect(await thicketMessage(readArrow(tempFile('empty.arrow', '')))).toMatch(/empty/);
    expect(await thicketMessage(readArrow('/no/such/file.arrow'))).toBe('file not found: /no/such/file.arrow');
    const zero = writeTable('zero.arrow', tableFromArrays({ x: new Float64Array(0) }));
    expect(await thicketMessage(readArrow(zero))).toMatch(/no data rows/);
  });

  it('reads a flights-like slice (Int16, Int16, Float32) written by apache-arrow', async () => {
    const n = 1000;
    const delay = new Int16Array(n).map((_, i) => (i * 37) % 300 - 60);
    const distance = new Int16Array(n).map((_, i) => 100 + ((i * 91) % 2500));
    const time = new Float32Array(n).map((_, i) => (i % 96) / 4);
    const frame = await readArrow(writeTable('flights-like.arrow', tableFromArrays({ delay, distance, time })));
    expect(frame.columns.map((c) => c.name)).toEqual(['delay', 'distance', 'time']);
    expect(numbers(frame, 'delay')).toEqual(Array.from(delay));
    expect(numbers(frame, 'time')).toEqual(Array.from(time));
  });

  const flights = '../shared/data/flights-200k.arrow';
  it.skipIf(!existsSync(flights))('reads ../shared/data/flights-200k.arrow and a sliced copy of it', async () => {
    const frame = await readArrow(flights);
    expect(frame.nRows).toBe(200_000);
    expect(frame.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['delay:numeric', 'distance:numeric', 'time:numeric']);
    const original = tableFromIPC(await readFile(flights));
    const slice = original.slice(1000, 1500);
    const sliced = await readArrow(writeTable('flights-slice.arrow', slice));
    expect(sliced.nRows).toBe(500);
    expect(numbers(sliced, 'delay')).toEqual(numbers(frame, 'delay').slice(1000, 1500));
    expect(numbers(sliced, 'time')).toEqual(numbers(frame, 'time').slice(1000, 1500));
  });
});
