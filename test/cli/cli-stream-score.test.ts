import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, expectFailure, expectSuccess, requireBuild, scratchDir, thicket, writeFile } from './run-cli.js';

beforeAll(requireBuild);

const STREAM = { THICKET_STREAM: '1' };
const MEMORY = { THICKET_STREAM: '0' };

describe('predict and evaluate stream large CSVs batch by batch (THICKET_STREAM=1 forces it)', () => {
  it('the same predictions (stdout and --out) and metrics as the in-memory path', () => {
    for (const [name, target] of [['mlc_churn', 'churn'], ['iris', 'species'], ['diabetes', 'progression']]) {
      const dir = scratchDir();
      expectSuccess(thicket(['train', join(DATA, `${name}.train.csv`), '--target', target!, '--param', 'num_boost_round=10', '--out', 'm.json'], { cwd: dir }));
      const test = join(DATA, `${name}.test.csv`);
      const mem = thicket(['predict', 'm.json', test], { cwd: dir, env: MEMORY });
      const streamed = thicket(['predict', 'm.json', test], { cwd: dir, env: STREAM });
      expectSuccess(mem);
      expectSuccess(streamed);
      expect(streamed.stdout).toBe(mem.stdout);
      expectSuccess(thicket(['predict', 'm.json', test, '--out', 'p.csv'], { cwd: dir, env: STREAM }));
      expect(readFileSync(join(dir, 'p.csv'), 'utf8')).toBe(mem.stdout);
      const em = JSON.parse(thicket(['evaluate', 'm.json', test, '--target', target!, '--json'], { cwd: dir, env: MEMORY }).stdout);
      const es = JSON.parse(thicket(['evaluate', 'm.json', test, '--target', target!, '--json'], { cwd: dir, env: STREAM }).stdout);
      expect(es.n).toBe(em.n);
      expect(es.metrics).toEqual(em.metrics);
    }
  });

  it('an unseen level warns once per column; a bad row fails with the in-memory message and leaves no --out file', () => {
    const dir = scratchDir();
    expectSuccess(thicket(['train', join(DATA, 'mlc_churn.train.csv'), '--target', 'churn', '--param', 'num_boost_round=3', '--out', 'm.json'], { cwd: dir }));
    const lines = readFileSync(join(DATA, 'mlc_churn.test.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const state = header.indexOf('state');
    const odd = lines.map((l, i) => (i > 0 && i % 50 === 0 ? l.split(',').map((v, k) => (k === state ? 'ZZ' : v)).join(',') : l));
    const unseen = writeFile(dir, 'unseen.csv', odd.join('\n') + '\n');
    const mem = thicket(['predict', 'm.json', unseen], { cwd: dir, env: MEMORY });
    const streamed = thicket(['predict', 'm.json', unseen], { cwd: dir, env: STREAM });
    expect(streamed.stdout).toBe(mem.stdout);
    const warnings = (s: string) => s.split('\n').filter((l) => /not seen in training/.test(l));
    expect(warnings(streamed.stderr)).toEqual(warnings(mem.stderr));
    expect(warnings(streamed.stderr).length).toBe(1);

    const bad = writeFile(dir, 'bad.csv', [...lines.slice(0, 400), '1,2', ...lines.slice(400)].join('\n') + '\n');
    const r1 = thicket(['predict', 'm.json', bad, '--out', 'p.csv'], { cwd: dir, env: STREAM });
    const r2 = thicket(['predict', 'm.json', bad], { cwd: dir, env: MEMORY });
    expectFailure(r1, 1, /line 401/);
    expect(r1.stderr).toBe(r2.stderr);
    expect(() => readFileSync(join(dir, 'p.csv'))).toThrow();
  });
});

describe('predict streams Arrow IPC files record batch by record batch', () => {
  it('the same predictions as reading the whole table, for a file of several batches', async () => {
    const { Table, tableFromArrays, tableToIPC } = await import('apache-arrow');
    const { readCsv } = await import('../../src/data/csv-reader.js');
    const { readArrowBatches } = await import('../../src/data/arrow-reader.js');
    const dir = scratchDir();
    expectSuccess(thicket(['train', join(DATA, 'mlc_churn.train.csv'), '--target', 'churn', '--param', 'num_boost_round=8', '--out', 'm.json'], { cwd: dir }));
    const frame = await readCsv(join(DATA, 'mlc_churn.test.csv'));
    const arrays: Record<string, Float64Array | (string | null)[]> = {};
    for (const c of frame.columns) arrays[c.name] = c.kind === 'numeric' ? c.values : Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]!));
    const whole = tableFromArrays(arrays as never) as unknown as InstanceType<typeof Table>;
    const parts = [0, 100, 350, whole.numRows].slice(1).map((end, k, ends) => whole.slice(k === 0 ? 0 : ends[k - 1], end));
    const path = writeFile(dir, 'test.arrow', '');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, tableToIPC(new Table(parts.flatMap((t) => t.batches)), 'file'));
    let n = 0;
    for await (const b of readArrowBatches(path)) { expect(b.firstRow).toBe(n); n += b.frame.nRows; }
    expect(n).toBe(whole.numRows);
    const mem = thicket(['predict', 'm.json', path], { cwd: dir, env: MEMORY });
    const streamed = thicket(['predict', 'm.json', path], { cwd: dir, env: STREAM });
    expectSuccess(streamed);
    expect(streamed.stdout).toBe(mem.stdout);
    expect(streamed.stdout.split('\n').length).toBe(whole.numRows + 2);
  });
});

describe('predict and evaluate stream Parquet files row group by row group', () => {
  it('the same predictions and metrics as reading the whole file', () => {
    const dir = scratchDir();
    const path = join('test', 'data', 'fixtures', 'row-groups.parquet');
    const file = join(process.cwd(), path);
    expectSuccess(thicket(['train', file, '--target', 'n', '--param', 'num_boost_round=5', '--out', 'm.json'], { cwd: dir }));
    const mem = thicket(['predict', 'm.json', file], { cwd: dir, env: MEMORY });
    const streamed = thicket(['predict', 'm.json', file], { cwd: dir, env: STREAM });
    expectSuccess(streamed);
    expect(streamed.stdout).toBe(mem.stdout);
    expect(streamed.stdout.split('\n').length).toBe(2500 + 2);
    const em = JSON.parse(thicket(['evaluate', 'm.json', file, '--target', 'n', '--json'], { cwd: dir, env: MEMORY }).stdout);
    const es = JSON.parse(thicket(['evaluate', 'm.json', file, '--target', 'n', '--json'], { cwd: dir, env: STREAM }).stdout);
    expect(es.metrics).toEqual(em.metrics);
  });
});
