import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv-reader.js';
import { tempFile, tempGzip, thicketMessage } from './helpers.js';

describe('readCsv: errors name the file and the line or column', () => {
  it('missing file', async () => {
    const msg = await thicketMessage(readCsv('/nonexistent/dir/train.csv'));
    expect(msg).toBe('file not found: /nonexistent/dir/train.csv');
  });

  it('empty file (0 bytes), and a file of blank lines', async () => {
    const path = tempFile('empty.csv', '');
    expect(await thicketMessage(readCsv(path))).toMatch(new RegExp(`^${path}: .*empty`));
    expect(await thicketMessage(readCsv(tempFile('blank.csv', '\n\n')))).toMatch(/empty/);
    expect(await thicketMessage(readCsv(tempFile('bom-only.csv', '\uFEFF')))).toMatch(/empty/);
    const gz = tempFile('empty.csv.gz', '');
    expect(await thicketMessage(readCsv(gz))).toBe(`${gz}: the file is empty; a header row is required`);
    expect(await thicketMessage(readCsv(tempGzip('empty-inside.csv.gz', '')))).toMatch(/empty/);
  });

  it('header only, with or without a final newline', async () => {
    for (const text of ['a,b,c\n', 'a,b,c']) {
      const path = tempFile('header.csv', text);
      expect(await thicketMessage(readCsv(path))).toBe(`${path}: has a header row but no data rows`);
    }
  });

  it('ragged rows: line number and expected vs actual field count', async () => {
    const path = tempFile('ragged.csv', 'a,b,c\n1,2,3\n4,5\n');
    expect(await thicketMessage(readCsv(path))).toBe(`${path}, line 3: row has 2 fields, expected 3 (the header has 3 columns)`);
    const long = tempFile('ragged2.csv', 'a,b\n"x\ny",2\n1,2,3\n');
    expect(await thicketMessage(readCsv(long))).toMatch(new RegExp(`^${long}, line 4: row has 3 fields, expected 2`));
  });

  it('duplicate and empty column names', async () => {
    const dup = tempFile('dup.csv', 'a,b,a\n1,2,3\n');
    expect(await thicketMessage(readCsv(dup))).toBe(`${dup}, line 1: column name 'a' appears twice in the header (columns 1 and 3)`);
    const empty = tempFile('emptyname.csv', 'a,,c\n1,2,3\n');
    expect(await thicketMessage(readCsv(empty))).toBe(`${empty}, line 1: column 2 of the header has an empty name`);
  });

  it('unterminated quote at EOF names the line where the quote opened', async () => {
    const path = tempFile('unterminated.csv', 'a,b\n1,x\n2,"open\nmore\nstill open\n');
    expect(await thicketMessage(readCsv(path))).toMatch(new RegExp(`^${path}, line 3: a quoted field opened on this line is never closed`));
  });

  it('text after a closing quote', async () => {
    const path = tempFile('afterquote.csv', 'a,b\n1,"x"y\n');
    expect(await thicketMessage(readCsv(path))).toMatch(new RegExp(`^${path}, line 2: a closing quote must be followed`));
  });

  it('invalid and truncated gzip', async () => {
    const plain = tempFile('plain.csv.gz', 'a,b\n1,2\n');
    expect(await thicketMessage(readCsv(plain))).toMatch(new RegExp(`^${plain}: is not a valid gzip file`));
    const whole = Buffer.from(await import('node:fs').then((fs) => fs.readFileSync(tempGzip('t.csv.gz', 'a,b\n' + '1,2\n'.repeat(1000)))));
    const truncated = tempFile('truncated.csv.gz', whole.subarray(0, whole.length - 20));
    expect(await thicketMessage(readCsv(truncated))).toMatch(new RegExp(`^${truncated}: is not a valid gzip file`));
  });

  it('a column forced numeric holding text names file, line, column and value', async () => {
    const path = tempFile('forced.csv', 'a,b\n1,2\n3,oops\n');
    expect(await thicketMessage(readCsv(path, { numeric: ['b'] }))).toBe(
      `${path}, line 3, column 'b': value 'oops' is not a number, but the column was declared numeric`,
    );
  });

  it('an override naming an unknown column', async () => {
    const path = tempFile('unknown.csv', 'a\n1\n');
    expect(await thicketMessage(readCsv(path, { categorical: ['zz'] }))).toMatch(/categorical names column 'zz'/);
  });

  it.each(['Inf', '-inf', 'Infinity', '1e999'])('non-finite text %s in a numeric column tells to use empty fields', async (word) => {
    const path = tempFile('nonfinite.csv', `a,b\n1,2\n${word},3\n4,5\n`);
    const msg = await thicketMessage(readCsv(path));
    expect(msg).toContain(`${path}, line 3, column 'a': value '${word}' is not a finite number`);
    expect(msg).toContain('missing values must be empty fields');
  });

  it('non-finite text in a column forced numeric fails at once', async () => {
    const path = tempFile('nonfinite2.csv', 'a\n1\nInf\n');
    expect(await thicketMessage(readCsv(path, { numeric: ['a'] }))).toMatch(new RegExp(`^${path}, line 3, column 'a': .*empty fields`));
  });

  it('bytes that are not UTF-8 in a cell or a header name name the line and column; the U+FFFD character itself is text', async () => {
    const latin = Buffer.concat([Buffer.from('a,b\n1,red\n2,caf'), Buffer.from([0xe9]), Buffer.from('\n3,blue\n')]);
    expect(await thicketMessage(readCsv(tempFile('latin.csv', latin)))).toMatch(/latin\.csv, line 3, column 'b': value 'caf\uFFFD' holds bytes that are not valid UTF-8/);
    const header = Buffer.concat([Buffer.from('a,b'), Buffer.from([0xff]), Buffer.from('\n1,2\n')]);
    expect(await thicketMessage(readCsv(tempFile('header.csv', header)))).toMatch(/header\.csv: header name 'b\uFFFD' holds bytes that are not valid UTF-8/);
    // Truncated sequences and lone continuation bytes too; a real U+FFFD (EF BF BD) is accepted.
    for (const bytes of [[0xe2, 0x82], [0x80], [0xc3, 0x28]]) {
      const file = tempFile('bad.csv', Buffer.concat([Buffer.from('a,b\n1,x'), Buffer.from(bytes), Buffer.from('\n')]));
      expect(await thicketMessage(readCsv(file))).toMatch(/line 2, column 'b': .*not valid UTF-8/);
    }
    const frame = await readCsv(tempFile('fffd.csv', 'a,b\n1,x\uFFFDy\n2,\u00e9t\u00e9\n'));
    expect(frame.columns[1]).toMatchObject({ kind: 'categorical', levels: ['x\uFFFDy', '\u00e9t\u00e9'] });
  });
});
