/**
 * The adversarial sweep: every CLI command on many bad inputs (data files, model files, flags,
 * output destinations). Each run must end cleanly: a failure is a non-zero exit with exactly one
 * `error:` line naming what and where, never a stack trace, an internal error or a hang; cases
 * with a right answer (a BOM, CRLF, --delimiter) must succeed; bad ones must not exit 0.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csv, dataCases, goodRows, HEADER, modelCases, type Cmd, type Outcome } from './adversarial-inputs.js';
import { problems, runAll, runOne, type Result, type Run } from './adversarial-run.js';
import { requireBuild, scratchDir } from './run-cli.js';

const dir = scratchDir();
const good = join(dir, 'good.csv');
const gbdt = join(dir, 'm.json');
const automl = join(dir, 'a.json');

/** The command line of `cmd` on data file `data` (model commands use the GBDT model). */
function dataArgs(cmd: Cmd, data: string, out: string, flags: string[], trainFlags: string[]): string[] | undefined {
  const delimited = flags.length > 0;
  switch (cmd) {
    case 'train': return ['train', data, '--target', 'y', '--param', 'num_boost_round=5', '--out', out + '.json', '--quiet', ...flags, ...trainFlags];
    case 'fit': return ['fit', data, '--target', 'y', '--trials', '2', '--time', '20', '--workers', '1', '--out', out + '.json', '--quiet', ...flags, ...trainFlags];
    case 'predict': return ['predict', gbdt, data, '--out', out + '.csv', '--quiet', ...flags];
    case 'evaluate': return ['evaluate', gbdt, data, '--quiet', ...flags];
    case 'info': return delimited ? undefined : ['info', gbdt, '--data', data, '--repeats', '1'];
    case 'report': return delimited ? undefined : ['report', gbdt, '--data', data, '--repeats', '1', '--out', out + '.html', '--quiet'];
    default: return undefined;
  }
}

const DATA_CMDS: Cmd[] = ['train', 'fit', 'predict', 'evaluate', 'info', 'report'];

interface Planned { group: string; run: Run }

/**
 * info --data and report --data read data as evaluate does; by default each runs on a third of
 * the data cases to keep the sweep short.
 * THICKET_SWEEP=full runs every command on every case.
 */
function runsOn(cmd: Cmd, index: number): boolean {
  if (process.env.THICKET_SWEEP === 'full' || (cmd !== 'info' && cmd !== 'report')) return true;
  return index % 3 === (cmd === 'info' ? 0 : 1);
}

function plan(): Planned[] {
  const planned: Planned[] = [];
  for (const [index, c] of dataCases().entries()) {
    for (const cmd of DATA_CMDS) {
      if (!runsOn(cmd, index) || (c.only && !c.only.includes(cmd))) continue;
      const args = dataArgs(cmd, join(dir, c.file), join(dir, 'out', `${c.file}-${cmd}`), c.flags ?? [], c.trainFlags ?? []);
      if (!args) continue;
      const expectOutcome: Outcome = c.expect[cmd] ?? 'clean';
      planned.push({ group: `data: ${c.name}`, run: { label: `${cmd} on ${c.name}`, args, expect: expectOutcome, where: c.where, cwd: dir } });
    }
  }
  for (const m of modelCases(readFileSyncSafe())) {
    const path = join(dir, 'models', m.file);
    const where = new RegExp(m.file.replace('.', '\\.'));
    const runs: [string, string[]][] = [
      ['predict', ['predict', path, good, '--quiet']],
      ['evaluate', ['evaluate', path, good, '--quiet']],
      ['info', ['info', path]],
      ['report', ['report', path, '--out', join(dir, 'out', `${m.file}.html`), '--quiet']],
      ['export', ['export', path, '--format', 'xgboost-json', '--out', join(dir, 'out', `${m.file}.xgb.json`)]],
    ];
    for (const [cmd, args] of runs) planned.push({ group: `model: ${m.name}`, run: { label: `${cmd} on ${m.name}`, args, expect: 'fail', where, cwd: dir } });
  }
  for (const [label, args, expectOutcome, where, shellTail] of flagRuns()) {
    planned.push({ group: `flags: ${label}`, run: { label, args, expect: expectOutcome, where, shellTail, cwd: dir } });
  }
  return planned;
}

/** Flags and destinations: [label, args, outcome, what the error names, shell tail]. */
function flagRuns(): [string, string[], Outcome, RegExp | undefined, string?][] {
  const train = (...extra: string[]) => ['train', good, '--target', 'y', '--param', 'num_boost_round=3', '--out', join(dir, 'out', 'flags.json'), '--quiet', ...extra];
  const fit = (...extra: string[]) => ['fit', good, '--target', 'y', '--trials', '1', '--out', join(dir, 'out', 'flags-fit.json'), '--quiet', ...extra];
  const missingFolder = join(dir, 'no-such-folder', 'x');
  return [
    ...['0', '-1', 'abc', '1e400'].map((t): [string, string[], Outcome, RegExp] => [`fit --time ${t}`, fit('--time', t), 'fail', /--time/]),
    ...['0', 'abc', '1.5'].map((t): [string, string[], Outcome, RegExp] => [`fit --trials ${t}`, fit('--trials', t), 'fail', /--trials/]),
    ...['-1', 'abc'].map((t): [string, string[], Outcome, RegExp] => [`fit --workers ${t}`, fit('--workers', t), 'fail', /--workers/]),
    ['train --param nthread=0 (all cores)', train('--param', 'nthread=0'), 'ok', undefined],
    ['train --param nthread=1000', train('--param', 'nthread=1000'), 'clean', /nthread/],
    ['train --param nthread=-1', train('--param', 'nthread=-1'), 'fail', /nthread=-1/],
    ['train --param nthred=2 (a typo)', train('--param', 'nthred=2'), 'fail', /unknown parameter 'nthred' for learner gbdt \(did you mean 'nthread'\?\)/],
    ['train --param eta=abc', train('--param', 'eta=abc'), 'fail', /eta=abc/],
    ['train --param eta (no value)', train('--param', 'eta'), 'fail', /eta/],
    ['train --learner xgb', train('--learner', 'xgb'), 'fail', /--learner/],
    ['fit --learners gbtd', fit('--learners', 'gbtd'), 'fail', /did you mean 'gbdt'/],
    ['train without --target', ['train', good, '--quiet'], 'fail', /--target/],
    ['train --target Y (wrong case)', ['train', good, '--target', 'Y', '--quiet'], 'fail', /has no target column 'Y' \(did you mean 'y'\?\)/],
    ['predict --nthread -1', ['predict', gbdt, good, '--nthread', '-1'], 'fail', /--nthread/],
    ['predict --nthread abc', ['predict', gbdt, good, '--nthread', 'abc'], 'fail', /--nthread/],
    ['train --out in a missing folder', train('--out', missingFolder), 'fail', /no-such-folder.*does not exist/],
    ['fit --out in a missing folder', fit('--out', missingFolder), 'fail', /no-such-folder.*does not exist/],
    ['predict --out in a missing folder', ['predict', gbdt, good, '--out', missingFolder], 'fail', /no-such-folder.*does not exist/],
    ['report --out in a missing folder', ['report', automl, '--out', missingFolder], 'fail', /no-such-folder.*does not exist/],
    ['export --out in a missing folder', ['export', gbdt, '--format', 'xgboost-json', '--out', missingFolder], 'fail', /no-such-folder.*does not exist/],
    ['predict > /dev/full', ['predict', gbdt, good], 'fail', /cannot write standard output \(ENOSPC\)/, '> /dev/full'],
    ['info --json > /dev/full', ['info', automl, '--json'], 'fail', /cannot write standard output \(ENOSPC\)/, '> /dev/full'],
    ['predict | head -0 (stdout closed)', ['predict', gbdt, good], 'fail', /cannot write standard output: its reader closed it/, '| head -0'],
    ['evaluate --json | head -0', ['evaluate', automl, good, '--json'], 'fail', /cannot write standard output: its reader closed it/, '| head -0'],
  ];
}

/** The GBDT model's text once it exists (the plan is built before it is trained: read lazily). */
let goodModelText = '';
function readFileSyncSafe(): string {
  return goodModelText || '{"format":"thicket-model","version":2}';
}

let planned: Planned[] = [];
const results = new Map<string, { run: Run; result: Result }[]>();

beforeAll(async () => {
  requireBuild();
  mkdirSync(join(dir, 'out'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(good, csv(HEADER, goodRows()));
  for (const [args, out] of [
    [['train', good, '--target', 'y', '--param', 'num_boost_round=5', '--out', gbdt, '--quiet'], gbdt],
    [['fit', good, '--target', 'y', '--trials', '3', '--workers', '1', '--out', automl, '--quiet'], automl],
  ] as const) {
    const r = await runOne({ label: 'setup', args: [...args], expect: 'ok', cwd: dir });
    if (r.code !== 0) throw new Error(`setup ${args[0]} failed: ${r.stderr}`);
    void out;
  }
  goodModelText = readFileSync(gbdt, 'utf8');
  for (const c of dataCases()) writeFileSync(join(dir, c.file), c.bytes);
  for (const m of modelCases(goodModelText)) {
    if (m.dir) mkdirSync(join(dir, 'models', m.file));
    else writeFileSync(join(dir, 'models', m.file), m.bytes ?? '');
  }
  planned = plan();
  const out = await runAll(planned.map((p) => p.run));
  if (process.env.ADVERSARIAL_DUMP) writeFileSync(process.env.ADVERSARIAL_DUMP, JSON.stringify(planned.map((p, i) => ({ label: p.run.label, args: p.run.args.join(' '), ...out[i], stdout: out[i].stdout.slice(0, 300) })), null, 1));
  planned.forEach((p, i) => {
    const list = results.get(p.group) ?? [];
    list.push({ run: p.run, result: out[i] });
    results.set(p.group, list);
  });
}, 1_800_000);

/** Every run of a group, with its problems; the assertion shows them all at once. */
function checkGroup(group: string): void {
  const list = results.get(group);
  expect(list, `no runs for ${group}`).toBeDefined();
  const found = list!.flatMap(({ run, result }) => problems(run, result).map((p) => `${run.label}: ${p}`));
  expect(found).toEqual([]);
}

describe('bad data files, every data command', () => {
  for (const c of dataCases()) it(c.name, () => checkGroup(`data: ${c.name}`));
});

describe('flags and destinations', () => {
  for (const [label] of flagRuns()) it(label, () => checkGroup(`flags: ${label}`));
});

describe('hostile model files, every model command', () => {
  for (const m of modelCases('{"format":"thicket-model","version":2}')) it(m.name, () => checkGroup(`model: ${m.name}`));
});
