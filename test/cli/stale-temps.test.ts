/**
 * Issue 12's weak point: a kill during the final write leaves `.<name>.<pid>.<hex>.tmp` beside
 * the destination. The next write to that destination removes such files when they are older
 * than the writing process and their writer is gone; anything else is left alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTemps, tempPathFor, writeFileAtomic } from '../../src/util/atomic-write.js';
import { expectSuccess, requireBuild, scratchDir, thicket } from './run-cli.js';
import { csv, goodRows, HEADER } from './adversarial-inputs.js';

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

/** Writes `name` in `dir` modified an hour ago (`fresh`: an hour ahead, newer than any writer started meanwhile). */
function leftover(dir: string, name: string, fresh = false): string {
  const path = join(dir, name);
  writeFileSync(path, 'torn model');
  const t = Date.now() / 1000 + (fresh ? 3600 : -3600);
  utimesSync(path, t, t);
  return path;
}

/** Leftovers of every kind beside `dest`: which must go and which must stay. */
function plant(dir: string, dest: string) {
  const n = basename(dest);
  const hex = 'a1b2c3d4e5f60718';
  const dead = deadPid();
  const stale = [
    leftover(dir, `.${n}.${dead}.${hex}.tmp`),
    leftover(dir, `.${n}.${hex.replace('a', 'b')}.tmp`), // the name of the previous release: no pid
  ];
  const kept = [
    leftover(dir, `.${n}.${process.pid}0.${hex}.tmp`, true), // fresh: a write in progress
    leftover(dir, `.${n}.${hex.replace('a', 'c')}.partial`), // a trial log --resume reads
    leftover(dir, `.other.json.${dead}.${hex}.tmp`), // another destination's
    leftover(dir, `.${n}.${dead}.${hex}.tmp.bak`), // not our pattern
    leftover(dir, `${n}.${hex}.tmp`), // not hidden: not ours
  ];
  // A running writer's temp file is kept however old (the test runner's main process stands in for it).
  kept.push(leftover(dir, `.${n}.${process.ppid}.${hex.replace('a', 'd')}.tmp`));
  const link = join(dir, `.${n}.${dead}.${hex.replace('a', 'e')}.tmp`);
  symlinkSync(join(dir, 'nowhere'), link);
  kept.push(link);
  return { stale, kept };
}

describe('stale temp files of a killed write', () => {
  it('temp names carry the writer pid', () => {
    expect(basename(tempPathFor('/x/model.json'))).toMatch(new RegExp(`^\\.model\\.json\\.${process.pid}\\.[0-9a-f]{16}\\.tmp$`));
  });

  it('writeFileAtomic removes old temp files of dead writers for its destination and nothing else', () => {
    const dir = scratchDir();
    const dest = join(dir, 'model.json');
    const { stale, kept } = plant(dir, dest);
    writeFileAtomic(dest, '{"ok":1}', 'the model');
    for (const p of stale) expect(existsSync(p), p).toBe(false);
    for (const p of kept) expect(readdirSync(dir)).toContain(basename(p));
    expect(readdirSync(dir)).toContain('model.json');
  });

  it('removeStaleTemps on a folder that does not exist does nothing', () => {
    expect(() => removeStaleTemps('/nonexistent-thicket-dir/m.json')).not.toThrow();
  });

  describe('through the CLI', () => {
    beforeAll(requireBuild);
    it('train --out cleans what a killed train left behind', () => {
      const dir = scratchDir();
      const data = join(dir, 'd.csv');
      writeFileSync(data, csv(HEADER, goodRows()));
      const dest = join(dir, 'm.json');
      const { stale, kept } = plant(dir, dest);
      expectSuccess(thicket(['train', data, '--target', 'y', '--param', 'num_boost_round=3', '--out', dest, '--quiet']));
      for (const p of stale) expect(existsSync(p), p).toBe(false);
      for (const p of kept) expect(readdirSync(dir)).toContain(basename(p));
    });
  });
});
