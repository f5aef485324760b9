/**
 * Issue 14's weak point: `fit --resume` without --queue ran every trial again. Finished folds
 * are now kept beside the trial log (src/distributed/fold-cache.ts): a fit killed mid-search
 * and resumed reads them back instead of training them (a damaged one is trained again), and
 * ends with the model an uninterrupted run makes. The folder is removed once the model is written.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, DATA, expectSuccess, requireBuild, scratchDir, thicket } from '../cli/run-cli.js';

const TRAIN = join(DATA, 'breast_cancer.train.csv');
const args = (out: string) => ['fit', TRAIN, '--target', 'diagnosis', '--trials', '12', '--workers', '1', '--seed', '4', '--learners', 'gbdt,rf,linear', '--out', out];

/** Leaderboard rows and members of a written AutoML model, timings left out. */
function outcome(path: string) {
  const m = JSON.parse(readFileSync(path, 'utf8')) as {
    leaderboard: { trial: number; learner: string; value: number }[]; members: { trial: number; weight: number }[];
  };
  return {
    leaderboard: m.leaderboard.map((r) => [r.trial, r.learner, r.value]),
    members: m.members.map((x) => [x.trial, x.weight]),
  };
}

/** Kept fold files in `dir`'s fold folder (none when it does not exist). */
function keptFolds(dir: string): string[] {
  const folder = join(dir, '.m.trials.jsonl.folds');
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')) : [];
}

beforeAll(requireBuild);

describe('fit --resume on the local pool', () => {
  it('a killed fit resumed reads its finished folds back and ends with the uninterrupted model', async () => {
    const whole = scratchDir();
    expectSuccess(thicket([...args(join(whole, 'm.json')), '--quiet']));
    expect(keptFolds(whole)).toEqual([]);

    const dir = scratchDir();
    const out = join(dir, 'm.json');
    const child = spawn(process.execPath, [BIN, ...args(out), '--quiet'], { stdio: 'ignore' });
    let atKill = 0;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        atKill = keptFolds(dir).length;
        if (atKill >= 6) { child.kill('SIGKILL'); clearInterval(poll); }
      }, 20);
      child.on('exit', () => { clearInterval(poll); resolve(); });
    });
    expect(child.signalCode, 'the fit ended before it could be killed').toBe('SIGKILL');
    const partial = readdirSync(dir).filter((f) => f.endsWith('.partial'));
    expect(partial).toHaveLength(1);

    // One kept fold damaged: it is trained again, not trusted.
    const folds = keptFolds(dir);
    writeFileSync(join(dir, '.m.trials.jsonl.folds', folds[0]!), '{"format":"thicket-fold-result"');
    const r = thicket([...args(out), '--resume', join(dir, partial[0]!)]);
    expectSuccess(r);
    const said = /resume: (\d+) finished folds read back from \S+, (\d+) run/.exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    expect(Number(said![1])).toBeGreaterThanOrEqual(atKill - 1);
    expect(Number(said![2])).toBeGreaterThan(0);
    expect(outcome(out)).toEqual(outcome(join(whole, 'm.json')));
    expect(keptFolds(dir)).toEqual([]);
  });

  it('a file in the way of the fold folder does not fail the search', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, '.m.trials.jsonl.folds'), 'not a folder');
    const r = thicket([...args(join(dir, 'm.json')).map((a) => (a === '12' ? '2' : a)), '--resume', join(dir, '.m.trials.jsonl.folds'), '--quiet']);
    expectSuccess(r);
  });
});
