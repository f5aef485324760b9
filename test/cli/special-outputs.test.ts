/**
 * Outputs that are not regular files: `--out /dev/null`, a full device, a FIFO, a symlink. The
 * atomic writer used to rename its temp file over them, which replaces a device node (as root:
 * the machine's /dev/null). Devices and FIFOs are now written in place; a symlink to a file is
 * followed and kept. The device nodes here are made with mknod in a scratch folder (never the
 * machine's own /dev), so a regression cannot damage the system.
 */
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csv, goodRows, HEADER } from './adversarial-inputs.js';
import { BIN, expectSuccess, requireBuild, scratchDir, thicket } from './run-cli.js';

const dir = scratchDir();
const data = join(dir, 'd.csv');
const model = join(dir, 'm.json');

/** A character device node in the scratch folder (1,3 is null; 1,7 is full); false where mknod is not allowed. */
function device(name: string, minor: number): string | false {
  const path = join(dir, name);
  return spawnSync('mknod', [path, 'c', '1', String(minor)]).status === 0 ? path : false;
}

const isDevice = (p: string) => lstatSync(p).isCharacterDevice();
const temps = () => readdirSync(dir).filter((f) => f.startsWith('.'));

beforeAll(() => {
  requireBuild();
  writeFileSync(data, csv(HEADER, goodRows()));
  expectSuccess(thicket(['train', data, '--target', 'y', '--param', 'num_boost_round=3', '--out', model, '--quiet']));
});

describe('writing to devices, FIFOs and symlinks', () => {
  it('a null device takes predictions, a model and a trial log, and stays a device', () => {
    const nul = device('null', 3);
    if (process.getuid?.() === 0) expect(nul, 'mknod works as root').not.toBe(false);
    if (nul === false) return;
    expectSuccess(thicket(['predict', model, data, '--out', nul, '--quiet']));
    expectSuccess(thicket(['train', data, '--target', 'y', '--param', 'num_boost_round=2', '--out', nul, '--quiet']));
    expectSuccess(thicket(['fit', data, '--target', 'y', '--trials', '1', '--workers', '1', '--out', join(dir, 'a.json'), '--log', nul, '--quiet']));
    expect(isDevice(nul)).toBe(true);
    expect(temps()).toEqual([]);
  });

  it('a full device: one error naming it, exit 1, and it stays a device', () => {
    const full = device('full', 7);
    if (process.getuid?.() === 0) expect(full, 'mknod works as root').not.toBe(false);
    if (full === false) return;
    for (const args of [['predict', model, data, '--out', full], ['train', data, '--target', 'y', '--param', 'num_boost_round=2', '--out', full]]) {
      const r = thicket([...args, '--quiet']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: ${full}: cannot write the (predictions|model file) \\(ENOSPC\\)\\n$`));
      expect(isDevice(full)).toBe(true);
    }
    expect(temps()).toEqual([]);
  });

  it('a FIFO gets the predictions its reader reads, and stays a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => { got += d.toString(); });
    const closed = new Promise((resolve) => reader.on('close', resolve));
    // Bounded: a writer that replaced the FIFO instead of writing into it would leave the reader waiting.
    const bound = setTimeout(() => reader.kill(), 30_000);
    const r = await new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, 'predict', model, data, '--out', fifo, '--quiet']).on('close', resolve));
    await closed;
    clearTimeout(bound);
    expect(r).toBe(0);
    expect(got).toBe(thicket(['predict', model, data]).stdout);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a symlink to a model file: the file is replaced, the link kept', () => {
    const real = join(dir, 'real-model.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    expectSuccess(thicket(['train', data, '--target', 'y', '--param', 'num_boost_round=2', '--out', link, '--quiet']));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, 'utf8')).toContain('"thicket-model"');
  });
});
