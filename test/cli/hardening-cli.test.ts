/**
 * Issue 12, items 5 (fit never writes a model that does not load), 7 (target ranges), 8 (timer
 * caps), 9 (formula injection, control characters, numeric-looking text, count labels, --param
 * and --learners names, info --repeats, the checksum through the CLI).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { automlJsonChunks } from '../../src/automl/automl-file.js';
import { writeChunks, escapeControl } from '../../src/cli/io.js';
import { csvField } from '../../src/cli/prediction-csv.js';
import { checkRegressionTarget } from '../../src/util/target-checks.js';
import { automlModels } from '../runtime/models.js';
import { binaryModel } from '../model/tiny-models.js';
import { expectFailure, expectSuccess, requireBuild, scratchDir, thicket, writeFile, writeModel } from './run-cli.js';

beforeAll(requireBuild);

/** A regression CSV: y = (3x + z + noise) * scale. */
function regressionCsv(dir: string, scale: number, n = 400): string {
  let s = 1;
  const r = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
  const lines = ['x,z,y'];
  for (let i = 0; i < n; i++) { const x = r(), z = r(); lines.push(`${x},${z},${(3 * x + z + r() * 0.1) * scale}`); }
  return writeFile(dir, `reg${scale}.csv`, lines.join('\n') + '\n');
}

describe('names and counts (items 8, 9)', () => {
  const dir = scratchDir();
  const data = regressionCsv(dir, 1);
  it('a repeated --param is an error; __proto__ is answered with the valid names', () => {
    expectFailure(thicket(['train', data, '--target', 'y', '--param', 'eta=0.1', '--param', 'eta=0.2']), 2, '--param eta is given twice (eta=0.1 and eta=0.2)');
    expectFailure(thicket(['train', data, '--target', 'y', '--param', '__proto__=1']), 2, /unknown parameter '__proto__' for learner gbdt; known: objective, eta/);
    expectFailure(thicket(['train', data, '--target', 'y', '--param', 'constructor=1']), 2, /unknown parameter 'constructor'/);
  });

  it('--learners __proto__ (and any unknown learner) is answered with the valid names before the data is read', () => {
    for (const l of ['__proto__', 'gbdt,toString', 'xgb']) {
      expectFailure(thicket(['fit', join(dir, 'missing.csv'), '--target', 'y', '--learners', l]), 2, /is not available for AutoML; the learners are gbdt, rf, extratrees, linear/);
    }
  });

  it('--time beyond what a timer holds, info --repeats beyond 1000: usage errors', () => {
    expectFailure(thicket(['fit', data, '--target', 'y', '--time', '1e9']), 2, '--time 1e9: must be at most 1000000 seconds');
    expectFailure(thicket(['fit', data, '--target', 'y', '--time', '1e308']), 2, 'must be at most');
    const m = writeModel(dir, binaryModel());
    expectFailure(thicket(['info', m, '--data', data, '--repeats', '1e9']), 2, '--repeats must be an integer in [1, 1000]');
    expectFailure(thicket(['report', m, '--data', data, '--repeats', '1e9']), 2, '--repeats must be an integer in [1, 1000]');
    expectFailure(thicket(['report', m, '--out', join(dir, 'nope', 'r.html')]), 1, 'does not exist');
    expectFailure(thicket(['report', m, '--out', m]), 2, 'refusing to overwrite an input');
  });
});

describe('regression targets beyond float32-safe sums (item 7)', () => {
  it('warns from 1e17 and refuses from 1e19 with how to rescale; train and fit', () => {
    const dir = scratchDir();
    const ok = thicket(['train', regressionCsv(dir, 1e18), '--target', 'y', '--param', 'num_boost_round=5', '--out', join(dir, 'a.json')]);
    expectSuccess(ok);
    expect(ok.stderr).toMatch(/warning: .*column y: regression target values reach \d\.\d+e\+18.*divide the target by a power of ten/);
    for (const scale of [1e20, 1e37]) {
      expectFailure(thicket(['train', regressionCsv(dir, scale), '--target', 'y', '--out', join(dir, 'b.json')]), 1, /beyond 1e\+19 the float32 sums thicket trains with overflow/);
      expectFailure(thicket(['fit', regressionCsv(dir, scale), '--target', 'y', '--trials', '1', '--out', join(dir, 'c.json')]), 1, /beyond 1e\+19/);
    }
    expect(existsSync(join(dir, 'b.json')) || existsSync(join(dir, 'c.json'))).toBe(false);
    expect(() => checkRegressionTarget([1, 2, NaN, 3], 'y')).not.toThrow();
  });

  it('count:poisson refuses negative labels, naming the row', () => {
    const dir = scratchDir();
    const p = writeFile(dir, 'c.csv', 'x,y\n1,2\n2,0\n3,-1\n4,5\n');
    expectFailure(thicket(['train', p, '--target', 'y', '--param', 'objective=count:poisson', '--out', join(dir, 'm.json')]), 1,
      'row 3 has label -1: objective count:poisson needs labels >= 0');
  });
});

describe('output hygiene (item 9)', () => {
  it('CSV cells that a spreadsheet would run as formulas are defused; numbers are not', () => {
    expect(csvField("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('-1')).toBe('-1');
    expect(csvField('+1.5e3')).toBe('+1.5e3');
    expect(csvField('=a,b')).toBe('"\'=a,b"');
    expect(csvField('plain')).toBe('plain');
  });

  it('predict writes a class label =cmd... defused', () => {
    const dir = scratchDir();
    const rows = ['x,y'];
    for (let i = 0; i < 60; i++) rows.push(`${i},${i < 30 ? "\"=cmd|' /C calc'!A0\"" : '@safe'}`);
    const data = writeFile(dir, 'd.csv', rows.join('\n') + '\n');
    expectSuccess(thicket(['train', data, '--target', 'y', '--param', 'num_boost_round=3', '--out', join(dir, 'm.json')]));
    const r = thicket(['predict', join(dir, 'm.json'), data]);
    expectSuccess(r);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe("prediction,p_=cmd|' /C calc'!A0,p_@safe");
    expect(lines[1]!.startsWith("'=cmd|' /C calc'!A0,")).toBe(true);
    expect(lines[60]!.startsWith("'@safe,")).toBe(true);
    expect(r.stdout).not.toMatch(/^[=@]/m);
  });

  it('control characters from data and models are escaped in messages and info', () => {
    expect(escapeControl('a\x1b[31mred\x07\u202e\nb')).toBe('a\\x1b[31mred\\x07\\u202e\nb');
    const dir = scratchDir();
    const m = binaryModel();
    m.schema.features[0]!.name = 'x\x1b[2J';
    m.schema.target.classes = ['no\x1b]0;pwned\x07', 'yes'];
    const path = writeModel(dir, m);
    const info = thicket(['info', path]);
    expectSuccess(info);
    expect(info.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(info.stdout).toContain('x\\x1b[2J');
    const bad = writeFile(dir, 'bad.csv', 'a,b\n1,2\n3\x1b[2J\n');
    const r = thicket(['predict', path, bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('columns like "1,234" or "12%" read as categorical are a warning saying how to read them', () => {
    const dir = scratchDir();
    const rows = ['amount,share,code,y'];
    for (let i = 0; i < 40; i++) rows.push(`"${1 + (i % 7)},${100 + i}",${i % 50}%,${i % 3},${i % 2 ? 'a' : 'b'}`);
    const data = writeFile(dir, 'n.csv', rows.join('\n') + '\n');
    const r = thicket(['train', data, '--target', 'y', '--param', 'num_boost_round=2', '--out', join(dir, 'm.json')]);
    expectSuccess(r);
    expect(r.stderr).toMatch(/warning: .*column "amount" looks numeric \(e\.g\. "1,100"\) but is read as categorical because of its thousands separators; to use it as a number/);
    expect(r.stderr).toMatch(/column "share" looks numeric \(e\.g\. "0%"\).*percent signs/);
    expect(r.stderr).not.toMatch(/column "code"/);
    const quiet = thicket(['train', data, '--target', 'y', '--param', 'num_boost_round=2', '--categorical', 'amount,share', '--out', join(dir, 'm.json')]);
    expect(quiet.stderr).not.toMatch(/looks numeric/);
  });
});

describe('models are validated before they are written, and carry a checksum (items 5, 9)', () => {
  it('an AutoML model with a NaN leaf is refused, and the previous file kept', async () => {
    const c = (await automlModels())[0]!;
    const broken = structuredClone(c.model);
    const fold = broken.members[0]!.folds[0]! as { trees: { value: Float32Array; left: Int32Array } };
    fold.trees.value[fold.trees.left.indexOf(-1)] = NaN;
    const dir = scratchDir();
    const out = join(dir, 'model.json');
    writeFileSync(out, 'previous');
    let err: unknown;
    try {
      writeChunks({ stdout: () => {}, stderr: () => {} }, automlJsonChunks(broken, out), out, 'the model file');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ThicketError);
    expect((err as Error).message).toMatch(/refusing to write a model that would not load again: .*member 0 fold 0.*trees.value/);
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('info shows the checksum; a changed byte is a clear error in every command', () => {
    const dir = scratchDir();
    const path = writeModel(dir, binaryModel());
    const info = thicket(['info', path]);
    expect(info.stdout).toMatch(/checksum: crc32:[0-9a-f]{8} \(verified\)/);
    expect(JSON.parse(thicket(['info', path, '--json']).stdout).checksum).toMatch(/^crc32:[0-9a-f]{8}$/);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"baseMargin": -0.25', '"baseMargin": -0.26'));
    expectFailure(thicket(['info', path]), 1, /checksum mismatch: the file says crc32:\w+ but its contents give crc32:\w+; the file was damaged or edited/);
    writeFileSync(path, text.replace(/,\n {2}"checksum": "crc32:[0-9a-f]{8}"/, ''));
    expect(thicket(['info', path]).stdout).toMatch(/checksum: none/);
  });
});

describe('the CLI loader on damaged files (fuzz)', () => {
  it('loadScorer gives a ThicketError or a scorer for 300 mutated thicket / XGBoost files', async () => {
    const { loadScorer } = await import('../../src/api/scorer.js');
    const { modelToJson } = await import('../../src/model/model-file.js');
    const root = join(__dirname, '../..');
    const seeds = [
      Buffer.from(modelToJson(binaryModel())),
      Buffer.from((await automlModels())[1]!.text),
      readFileSync(join(root, 'test/fixtures/xgb-models/breast_cancer_binary.json')),
      readFileSync(join(root, 'test/fixtures/xgb-models/breast_cancer_binary.ubj')),
    ];
    let s = 7;
    const next = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s >>> 8; };
    const dir = scratchDir();
    let failed = 0;
    for (let trial = 0; trial < 300; trial++) {
      const b = Buffer.from(seeds[trial % seeds.length]!);
      for (let k = 1 + (next() % 3); k > 0; k--) {
        const at = next() % b.length;
        if (next() % 2) b[at] = b[at]! ^ (1 << (next() % 8));
        else b[at] = '[]{}",:#$Z0'.charCodeAt(next() % 11);
      }
      const path = join(dir, `m${trial}.${trial % seeds.length === 3 ? 'ubj' : 'json'}`);
      writeFileSync(path, next() % 5 === 0 ? b.subarray(0, next() % b.length) : b);
      try {
        loadScorer(path);
      } catch (e) {
        if (!(e instanceof ThicketError)) throw new Error(`trial ${trial}: ${(e as Error).name}: ${(e as Error).message}`);
        failed++;
      }
    }
    // Most single flips of a checksummed file are caught (by a field or the checksum).
    expect(failed).toBeGreaterThan(200);
  });
});

describe('the trial log survives a killed fit (item 1)', () => {
  it('SIGKILL mid-search: the previous model and log are intact, the .partial log holds whole trials and replays', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN, DATA } = await import('./run-cli.js');
    const dir = scratchDir();
    const out = join(dir, 'm.json');
    writeFileSync(out, 'previous model');
    writeFileSync(join(dir, 'm.trials.jsonl'), 'previous log\n');
    const child = spawn(process.execPath, [BIN, 'fit', join(DATA, 'breast_cancer.train.csv'), '--target', 'diagnosis', '--trials', '400', '--workers', '1', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/\btrials \d+/m.test(err) && !child.killed) { child.kill('SIGKILL'); resolve(); }
      });
      child.on('exit', () => resolve());
    });
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.on('exit', r));
    expect(child.signalCode, err).toBe('SIGKILL');
    expect(readFileSync(out, 'utf8')).toBe('previous model');
    expect(readFileSync(join(dir, 'm.trials.jsonl'), 'utf8')).toBe('previous log\n');
    const partial = readdirSync(dir).filter((f) => f.endsWith('.partial'));
    expect(partial).toHaveLength(1);
    const lines = readFileSync(join(dir, partial[0]!), 'utf8').split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines.slice(0, -1)) expect(() => JSON.parse(l)).not.toThrow();
    const { readTrialLog } = await import('../../src/automl/trial-log.js');
    expect(readTrialLog(join(dir, partial[0]!)).trials.length).toBeGreaterThanOrEqual(lines.length - 1);
  });
});
