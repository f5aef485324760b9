/**
 * Issue 12, items 1, 2, 6, 8 and the concurrency / output-is-input cases: every file the CLI
 * writes goes through one atomic writer, stdout errors are errors, outputs are checked first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppendingFile, checkOutputs, tempPathFor, writeFileAtomic } from '../../src/util/atomic-write.js';
import { ThicketError } from '../../src/errors.js';
import { BIN, DATA, expectFailure, expectSuccess, requireBuild, scratchDir, thicket } from './run-cli.js';

beforeAll(requireBuild);

const TRAIN = join(DATA, 'breast_cancer.train.csv');
const TEST = join(DATA, 'breast_cancer.test.csv');

/** A model trained once for the file (small: 5 rounds). */
let modelDir: string;
let modelPath: string;
beforeAll(() => {
  modelDir = scratchDir();
  modelPath = join(modelDir, 'm.json');
  expectSuccess(thicket(['train', TRAIN, '--target', 'diagnosis', '--param', 'num_boost_round=5', '--out', modelPath]));
});

/** `rows` rows of the test file (repeated): a prediction CSV of about 60 bytes a row. */
function bigData(dir: string, rows: number): string {
  const lines = readFileSync(TEST, 'utf8').trimEnd().split('\n');
  const out = [lines[0]];
  for (let i = 0; out.length <= rows; i++) out.push(lines[1 + (i % (lines.length - 1))]);
  const path = join(dir, 'big.csv');
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.partial'));

describe('writeFileAtomic', () => {
  it('keeps the previous file and removes the temp file when producing the text fails', () => {
    const dir = scratchDir();
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'previous');
    function* pieces() {
      yield 'new text, part 1\n';
      throw new Error('boom');
    }
    expect(() => writeFileAtomic(path, pieces(), 'the test file')).toThrow('boom');
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(leftovers(dir)).toEqual([]);
    writeFileAtomic(path, ['a', 'b'], 'the test file');
    expect(readFileSync(path, 'utf8')).toBe('ab');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('never follows a symlink planted at the temp name (exclusive create)', async () => {
    const dir = scratchDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const path = join(dir, 'out.txt');
    // The old writer's predictable name, and the random name the writer will pick (crypto mocked).
    symlinkSync(victim, `${path}.${process.pid}.tmp`);
    vi.resetModules();
    vi.doMock('node:crypto', async (orig) => ({ ...(await orig<typeof import('node:crypto')>()), randomBytes: () => Buffer.alloc(8, 7) }));
    const mod = await import('../../src/util/atomic-write.js');
    const planted = mod.tempPathFor(path);
    symlinkSync(victim, planted);
    expect(() => mod.writeFileAtomic(path, 'attacker-controlled?', 'the test file')).toThrow(/EEXIST/);
    vi.doUnmock('node:crypto');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(path)).toBe(false);
    // With fresh random names the write goes through, and the symlinks still point at the victim.
    writeFileAtomic(path, 'ok', 'the test file');
    expect(readFileSync(path, 'utf8')).toBe('ok');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(tempPathFor(path)).not.toBe(tempPathFor(path));
  });

  it('AppendingFile: the destination changes only on commit; abort and a kill leave it intact', () => {
    const dir = scratchDir();
    const path = join(dir, 'log.jsonl');
    writeFileSync(path, 'old\n');
    const a = new AppendingFile(path, 'the trial log');
    a.append('1\n');
    a.append('2\n');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    // A killed run: never committed; the partial file holds the lines so far.
    expect(readFileSync(a.tempPath, 'utf8')).toBe('1\n2\n');
    a.commit();
    expect(readFileSync(path, 'utf8')).toBe('1\n2\n');
    const b = new AppendingFile(path, 'the trial log');
    b.append('3\n');
    b.abort();
    expect(readFileSync(path, 'utf8')).toBe('1\n2\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('checkOutputs: missing or unwritable folder, a folder, an input (also through a symlink), two outputs on one file', () => {
    const dir = scratchDir();
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'x\n1\n');
    symlinkSync(input, join(dir, 'link.csv'));
    const err = (f: () => void) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(ThicketError); return (e as Error).message; } return ''; };
    expect(err(() => checkOutputs([{ path: join(dir, 'no/m.json'), flag: '--out' }]))).toMatch(/does not exist/);
    expect(err(() => checkOutputs([{ path: input + '/m.json', flag: '--out' }]))).toMatch(/not a folder/);
    mkdirSync(join(dir, 'sub'));
    expect(err(() => checkOutputs([{ path: join(dir, 'sub'), flag: '--out' }]))).toMatch(/is a folder/);
    expect(err(() => checkOutputs([{ path: join(dir, 'link.csv'), flag: '--out' }], [input]))).toMatch(/refusing to overwrite an input/);
    expect(err(() => checkOutputs([{ path: join(dir, '.', 'in.csv'), flag: '--out' }], [input]))).toMatch(/refusing/);
    expect(err(() => checkOutputs([{ path: join(dir, 'a'), flag: '--out' }, { path: join(dir, 'a'), flag: '--log' }]))).toMatch(/share a file/);
    expect(err(() => checkOutputs([{ path: join(dir, 'new.json'), flag: '--out' }], [input]))).toBe('');
  });
});

describe('stdout errors (item 2)', () => {
  it('info --json > /dev/full exits 1', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" info "${modelPath}" --json > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot write standard output (ENOSPC)');
  });

  it('predict > /dev/full exits 1; predict | head exits 1 with one line saying the output is incomplete', () => {
    const dir = scratchDir();
    const data = bigData(dir, 3000);
    const full = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" predict "${modelPath}" "${data}" > /dev/full`], { encoding: 'utf8' });
    expect(full.status).toBe(1);
    expect(full.stderr).toContain('ENOSPC');
    const head = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" predict "${modelPath}" "${data}" | head -c 10 >/dev/null`], { encoding: 'utf8' });
    expect(head.status).toBe(1);
    expect(head.stderr).toBe('error: cannot write standard output: its reader closed it before the output was complete (EPIPE)\n');
  });
});

describe('outputs (items 1, 8, 9)', () => {
  it('predict --out equal to an input (or the model) is refused and the file kept', () => {
    const dir = scratchDir();
    const data = join(dir, 'd.csv');
    writeFileSync(data, readFileSync(TEST));
    expectFailure(thicket(['predict', modelPath, data, '--out', data]), 2, 'refusing to overwrite an input');
    expect(readFileSync(data, 'utf8')).toBe(readFileSync(TEST, 'utf8'));
    expectFailure(thicket(['predict', modelPath, data, '--out', modelPath]), 2, 'refusing to overwrite an input');
  });

  it('fit checks --out, --log and --report before reading data (no search)', () => {
    const dir = scratchDir();
    const t0 = Date.now();
    const r = thicket(['fit', TRAIN, '--target', 'diagnosis', '--trials', '50', '--out', join(dir, 'missing/m.json')]);
    expectFailure(r, 1, /--out .*folder .* does not exist/);
    expect(r.stderr).not.toMatch(/trials \d/);
    expectFailure(thicket(['fit', TRAIN, '--target', 'diagnosis', '--out', join(dir, 'm.json'), '--log', join(dir, 'nope/l.jsonl')]), 1, /--log .*does not exist/);
    expectFailure(thicket(['fit', TRAIN, '--target', 'diagnosis', '--out', join(dir, 'm.json'), '--report', TRAIN]), 2, 'refusing to overwrite an input');
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('four concurrent predicts into one --out never interleave', async () => {
    const dir = scratchDir();
    const data = bigData(dir, 20_000);
    const out = join(dir, 'p.csv');
    const run = () => new Promise<number>((res) => spawn(process.execPath, [BIN, 'predict', modelPath, data, '--out', out], { stdio: 'ignore' }).on('exit', (c) => res(c ?? -1)));
    const codes = await Promise.all([run(), run(), run(), run()]);
    expect(codes).toEqual([0, 0, 0, 0]);
    const single = thicket(['predict', modelPath, data]);
    expect(readFileSync(out, 'utf8')).toBe(single.stdout);
    expect(leftovers(dir)).toEqual([]);
  });
});

/** A 64 KB tmpfs (root only); the tests using it are skipped elsewhere. */
const TMPFS = join(scratchDir(), 'small');
let mounted = false;
try {
  mkdirSync(TMPFS);
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', TMPFS]).status === 0;
} catch {
  mounted = false;
}
afterAll(() => {
  if (mounted) spawnSync('umount', [TMPFS]);
  rmSync(TMPFS, { recursive: true, force: true });
});

describe.skipIf(!mounted)('a full disk (64 KB tmpfs, items 1 and 2)', () => {
  it('predict --out and train --out on a full disk fail with exit 1 and keep the previous files', () => {
    const dir = scratchDir();
    const data = bigData(dir, 3000);
    const out = join(TMPFS, 'p.csv');
    writeFileSync(out, 'previous predictions\n');
    const r = thicket(['predict', modelPath, data, '--out', out]);
    expectFailure(r, 1, /cannot write the predictions \(ENOSPC\)/);
    expect(readFileSync(out, 'utf8')).toBe('previous predictions\n');
    expect(readdirSync(TMPFS)).toEqual(['p.csv']);
    // A model bigger than what is left.
    const filler = join(TMPFS, 'filler');
    writeFileSync(filler, Buffer.alloc(50_000));
    const m = join(TMPFS, 'm.json');
    writeFileSync(m, 'previous model');
    const t = thicket(['train', TRAIN, '--target', 'diagnosis', '--param', 'num_boost_round=50', '--out', m]);
    expectFailure(t, 1, /cannot write the model file \(ENOSPC\)/);
    expect(readFileSync(m, 'utf8')).toBe('previous model');
    expect(readdirSync(TMPFS).sort()).toEqual(['filler', 'm.json', 'p.csv']);
    rmSync(filler);
  });

  it('predict > a file on a full disk exits 1 (no cut CSV with exit 0)', () => {
    const dir = scratchDir();
    const data = bigData(dir, 3000);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" predict "${modelPath}" "${data}" > "${join(TMPFS, 'cut.csv')}"`], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ENOSPC');
    rmSync(join(TMPFS, 'cut.csv'));
  });
});
