import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv-reader.js';
import { numbers, strings, tempFile, tempGzip } from './helpers.js';

describe('readCsv: format', () => {
  it('reads numeric and categorical columns with empty fields as missing', async () => {
    const path = tempFile('basic.csv', 'a,b,c\n1,x,2.5\n,y,\n3,,-1e2\n4,x,7\n');
    const frame = await readCsv(path);
    expect(frame.source).toBe(path);
    expect(frame.nRows).toBe(4);
    expect(frame.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['a:numeric', 'b:categorical', 'c:numeric']);
    expect(numbers(frame, 'a')).toEqual([1, NaN, 3, 4]);
    expect(strings(frame, 'b')).toEqual(['x', 'y', null, 'x']);
    expect(numbers(frame, 'c')).toEqual([2.5, NaN, -100, 7]);
    const b = frame.columns[1]!;
    expect(b.kind === 'categorical' && b.levels).toEqual(['x', 'y']);
  });

  it('reads NA, None and other missing-value words among numbers as missing; in a text column they are text', async () => {
    const frame = await readCsv(tempFile('na.csv', 'v,w,u,t\nNA,1,red,NA\nNone,2,NA,1\n 5,3,blue,?\n,4,,2\nnan,5,null,x\n'));
    expect(numbers(frame, 'v')).toEqual([NaN, NaN, 5, NaN, NaN]);
    expect(strings(frame, 'u')).toEqual(['red', 'NA', 'blue', null, 'null']);
    // A column that turns to text after words and numbers gets their text back (the recovery pass).
    expect(strings(frame, 't')).toEqual(['NA', '1', '?', '2', 'x']);
  });

  it('accepts signs, exponents, leading and trailing spaces, and quoted numbers', async () => {
    const frame = await readCsv(tempFile('num.csv', 'x\n+1\n -2.5 \n.5\n5.\n1E3\n"7"\n-0.001e+2\n'));
    expect(numbers(frame, 'x')).toEqual([1, -2.5, 0.5, 5, 1000, 7, -0.1]);
  });

  it('handles RFC 4180 quoting: commas, doubled quotes and newlines inside quotes', async () => {
    const text = 'id,text,n\n1,"a, b",1\n2,"say ""hi""",2\n3,"two\nlines",3\n4,"",4\n5,plain,5\n';
    const frame = await readCsv(tempFile('quotes.csv', text));
    expect(strings(frame, 'text')).toEqual(['a, b', 'say "hi"', 'two\nlines', null, 'plain']);
    expect(numbers(frame, 'n')).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads quoted header names', async () => {
    const frame = await readCsv(tempFile('qh.csv', '"a,1","b ""q"""\n1,2\n'));
    expect(frame.columns.map((c) => c.name)).toEqual(['a,1', 'b "q"']);
  });

  it('handles CRLF line endings, including after quoted fields and at EOF without newline', async () => {
    const frame = await readCsv(tempFile('crlf.csv', 'a,b\r\n1,"x"\r\n2,y\r\n3,"z\r\nw"\r\n4,v'));
    expect(numbers(frame, 'a')).toEqual([1, 2, 3, 4]);
    expect(strings(frame, 'b')).toEqual(['x', 'y', 'z\r\nw', 'v']);
  });

  it('strips a UTF-8 BOM from the first column name', async () => {
    const frame = await readCsv(tempFile('bom.csv', '\uFEFFa,b\n1,2\n'));
    expect(frame.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('decodes UTF-8 levels', async () => {
    const frame = await readCsv(tempFile('utf8.csv', 'city\nZürich\n東京\nZürich\n'));
    expect(strings(frame, 'city')).toEqual(['Zürich', '東京', 'Zürich']);
  });

  it('reads .csv.gz', async () => {
    const frame = await readCsv(tempGzip('g.csv.gz', 'a,b\n1,x\n2,y\n'));
    expect(numbers(frame, 'a')).toEqual([1, 2]);
    expect(strings(frame, 'b')).toEqual(['x', 'y']);
  });

  it('skips blank lines', async () => {
    const frame = await readCsv(tempFile('blank.csv', '\na,b\n1,2\n\n3,4\n\n\n'));
    expect(numbers(frame, 'a')).toEqual([1, 3]);
  });

  it('gives the same frame whatever the chunk size (boundaries inside records and quotes)', async () => {
    let text = '\uFEFFid,"na""me",v,w\r\n';
    for (let i = 0; i < 300; i++) text += `${i},"q,${i % 7}""\n",${i % 11 === 0 ? '' : i * 0.25},${i < 250 ? i : 'late'}\r\n`;
    const path = tempFile('chunks.csv', text);
    const reference = await readCsv(path);
    expect(reference.nRows).toBe(300);
    expect(strings(reference, 'w')[0]).toBe('0');
    for (const chunkBytes of [1, 2, 3, 5, 17, 64, 1000]) {
      expect(await readCsv(path, { chunkBytes }), `chunkBytes ${chunkBytes}`).toEqual(reference);
    }
  });
});

describe('readCsv: column kinds', () => {
  it('turns a column categorical when a string appears late, keeping the original text of earlier numbers', async () => {
    let text = 'z,k\n';
    const expected: (string | null)[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = i % 3 === 0 ? '007' : i % 3 === 1 ? '1e3' : '';
      text += `${v},${i}\n`;
      expected.push(v === '' ? null : v);
    }
    text += 'A12,5000\n';
    expected.push('A12');
    const frame = await readCsv(tempFile('late.csv', text), { chunkBytes: 4096 });
    expect(strings(frame, 'z')).toEqual(expected);
    const z = frame.columns[0]!;
    expect(z.kind === 'categorical' && z.levels).toEqual(['007', '1e3', 'A12']); // first-seen order
    expect(numbers(frame, 'k').at(-1)).toBe(5000);
  });

  it('needs no second pass when only missing values preceded the first string', async () => {
    const frame = await readCsv(tempFile('late2.csv', 'a,b\n,1\n,2\nx,3\n'));
    expect(strings(frame, 'a')).toEqual([null, null, 'x']);
  });

  it('keeps NaN text as a level in a column that has other strings', async () => {
    const frame = await readCsv(tempFile('nanlevel.csv', 'a\nNaN\nfoo\n1\n'));
    expect(strings(frame, 'a')).toEqual(['NaN', 'foo', '1']);
  });

  it('honours opts.categorical (digits kept as text) and opts.numeric', async () => {
    const path = tempFile('over.csv', 'zip,x\n007,1\n123,2\n007,\n');
    const frame = await readCsv(path, { categorical: ['zip'], numeric: ['x'] });
    expect(strings(frame, 'zip')).toEqual(['007', '123', '007']);
    expect(numbers(frame, 'x')).toEqual([1, 2, NaN]);
  });
});
