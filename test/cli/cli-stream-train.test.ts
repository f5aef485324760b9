import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectFailure, expectSuccess, requireBuild, scratchDir, thicket, writeFile } from './run-cli.js';

beforeAll(requireBuild);

describe('train on the parallel, streaming CSV path (THICKET_STREAM=1 forces it below its size threshold)', () => {
  it('writes the same model file as the in-memory path, validation included', () => {
    for (const [name, target] of [['mlc_churn', 'churn'], ['penguins', 'species']]) {
      const dir = scratchDir();
      const args = (out: string) => ['train', join(DATA, `${name}.train.csv`), '--target', target!, '--valid', join(DATA, `${name}.test.csv`),
        '--param', 'num_boost_round=12', '--param', 'nthread=2', '--out', out];
      expectSuccess(thicket(args('mem.json'), { cwd: dir, env: { THICKET_STREAM: '0' } }));
      const r = thicket(args('stream.json'), { cwd: dir, env: { THICKET_STREAM: '1' } });
      expectSuccess(r);
      expect(r.stderr).not.toMatch(/serially/);
      expect(readFileSync(join(dir, 'stream.json'), 'utf8')).toBe(readFileSync(join(dir, 'mem.json'), 'utf8'));
      // Rows split across kernel memories (forced: 3 or more shards); at this size every histogram sum is exact, so the same file.
      const sharded = thicket(args('shards.json'), { cwd: dir, env: { THICKET_STREAM: '1', THICKET_SHARD_ROWS: '100' } });
      expectSuccess(sharded);
      expect(sharded.stderr).toMatch(/binned [\d,]+ rows into \d+ shards/);
      expect(readFileSync(join(dir, 'shards.json'), 'utf8')).toBe(readFileSync(join(dir, 'mem.json'), 'utf8'));
    }
  });

  it('warns about numeric-looking categorical columns as the in-memory path does', () => {
    const dir = scratchDir();
    const rows = ['amount,share,x,label', ...Array.from({ length: 400 }, (_, i) => `"${1 + (i % 9)},${100 + i}",${i % 7}%,${i * 0.5},${i % 2}`)];
    const path = writeFile(dir, 'styled.csv', rows.join('\n') + '\n');
    const warnings = (env: Record<string, string>) => thicket(['train', path, '--target', 'label', '--param', 'num_boost_round=2', '--out', 'm.json'], { cwd: dir, env })
      .stderr.split('\n').filter((l) => /warning/.test(l));
    const mem = warnings({ THICKET_STREAM: '0' });
    expect(mem.length).toBe(2);
    expect(warnings({ THICKET_STREAM: '1' })).toEqual(mem);
  });

  it('missing-value words among numbers: the same model on both paths, and predict/evaluate read them as empty fields; a word first among numbers fails on both', () => {
    const dir = scratchDir();
    const words = ['NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?', '#N/A', 'None'];
    const rows = (missing: (i: number) => string) => ['x,y,label', ...Array.from({ length: 400 }, (_, i) => `${i % 9 === 4 ? missing(i) : i % 17},${(i * 7) % 11},${(i % 17) + ((i * 7) % 11) > 14 ? 1 : 0}`)];
    const withWords = writeFile(dir, 'words.csv', rows((i) => words[i % words.length]!).join('\n') + '\n');
    const withEmpty = writeFile(dir, 'empty.csv', rows(() => '').join('\n') + '\n');
    const args = (data: string, out: string) => ['train', data, '--target', 'label', '--param', 'num_boost_round=8', '--out', out];
    const s = thicket(args(withWords, 'stream.json'), { cwd: dir, env: { THICKET_STREAM: '1' } });
    expectSuccess(s);
    expect(s.stderr).not.toMatch(/serially/);
    expectSuccess(thicket(args(withWords, 'mem.json'), { cwd: dir, env: { THICKET_STREAM: '0' } }));
    expectSuccess(thicket(args(withEmpty, 'empty.json'), { cwd: dir, env: { THICKET_STREAM: '0' } }));
    expect(readFileSync(join(dir, 'stream.json'), 'utf8')).toBe(readFileSync(join(dir, 'mem.json'), 'utf8'));
    expect(readFileSync(join(dir, 'mem.json'), 'utf8')).toBe(readFileSync(join(dir, 'empty.json'), 'utf8'));
    for (const data of [withWords, withEmpty]) expectSuccess(thicket(['predict', 'mem.json', data, '--out', `${data}.pred.csv`], { cwd: dir }));
    expect(readFileSync(`${withWords}.pred.csv`, 'utf8')).toBe(readFileSync(`${withEmpty}.pred.csv`, 'utf8'));
    const ev = (data: string) => JSON.parse(thicket(['evaluate', 'mem.json', data, '--json'], { cwd: dir }).stdout).metrics;
    expect(ev(withWords)).toEqual(ev(withEmpty));
    const first = writeFile(dir, 'first.csv', ['x,label', 'oops,0', ...Array.from({ length: 300 }, (_, i) => `${i},${i % 2}`)].join('\n') + '\n');
    for (const stream of ['0', '1']) {
      expectFailure(thicket(['train', first, '--target', 'label', '--out', 'f.json'], { cwd: dir, env: { THICKET_STREAM: stream } }), 1,
        /first\.csv, data row 1, column 'x': value 'oops' is text, but 300 of/);
    }
  });

  it('a .tsv file is read by the in-memory path (tab-separated), with the same model', () => {
    const dir = scratchDir();
    const tsv = readFileSync(join(DATA, 'iris.train.csv'), 'utf8').replaceAll(',', '\t');
    const path = writeFile(dir, 'iris.tsv', tsv);
    const args = (out: string) => ['train', path, '--target', 'species', '--param', 'num_boost_round=5', '--out', out];
    expectSuccess(thicket(args('a.json'), { cwd: dir, env: { THICKET_STREAM: '1' } }));
    expectSuccess(thicket(args('b.json'), { cwd: dir, env: { THICKET_STREAM: '0' } }));
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it('a bad row falls back to the serial reader: the same message, naming the same line', () => {
    const dir = scratchDir();
    const rows = ['x,y,label', ...Array.from({ length: 3000 }, (_, i) => (i === 2500 ? '1,"2' : `${i},${i % 5},${i % 2}`))];
    const path = writeFile(dir, 'bad.csv', rows.join('\n') + '\n');
    const mem = thicket(['train', path, '--target', 'label'], { cwd: dir, env: { THICKET_STREAM: '0' } });
    const streamed = thicket(['train', path, '--target', 'label', '--param', 'nthread=2'], { cwd: dir, env: { THICKET_STREAM: '1' } });
    expectFailure(mem, 1, /line 2502/);
    expectFailure(streamed, 1, /line 2502/);
    expect(streamed.stderr.split('\n').filter((l) => !/serially/.test(l)).join('\n')).toBe(mem.stderr);
  });
});
