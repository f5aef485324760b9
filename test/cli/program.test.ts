import { afterEach, describe, expect, it } from 'vitest';
import { ThicketError, usageError } from '../../src/errors.js';
import type { CliIO } from '../../src/cli/io.js';
import { reportError, runCli } from '../../src/cli/program.js';
import { csvField, predictionHeader } from '../../src/cli/prediction-csv.js';
import { binaryModel, regressionModel } from '../model/tiny-models.js';
import { scratchDir, thicket, writeModel } from './run-cli.js';

function captureIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => void (io.out += s),
    stderr: (s: string) => void (io.err += s),
  };
  return io;
}

const savedDebug = process.env.THICKET_DEBUG;
afterEach(() => {
  if (savedDebug === undefined) delete process.env.THICKET_DEBUG;
  else process.env.THICKET_DEBUG = savedDebug;
});

describe('error reporting', () => {
  it('a ThicketError prints "error: <message>" and returns its exit code', () => {
    const io = captureIO();
    expect(reportError(new ThicketError('data.csv, line 3: bad'), io)).toBe(1);
    expect(io.err).toBe('error: data.csv, line 3: bad\n');
    expect(reportError(usageError('bad flag'), io)).toBe(2);
  });

  it('any other error is one "internal error" line without a stack, unless THICKET_DEBUG=1', () => {
    delete process.env.THICKET_DEBUG;
    const io = captureIO();
    expect(reportError(new TypeError('x is undefined\nmore detail'), io)).toBe(1);
    expect(io.err).toBe('internal error: x is undefined (set THICKET_DEBUG=1 for a stack trace)\n');
    expect(reportError('a string', io)).toBe(1);
    process.env.THICKET_DEBUG = '1';
    const debug = captureIO();
    reportError(new Error('boom'), debug);
    expect(debug.err).toMatch(/^internal error: Error: boom\n {4}at /);
  });

  it('runCli maps commander usage errors to 2 and help to 0, writing through the given streams', async () => {
    const io = captureIO();
    expect(await runCli(['train', 'x.csv'], io)).toBe(2);
    expect(io.err).toContain("required option '--target <col>' not specified");
    const missingArg = captureIO();
    expect(await runCli(['info'], missingArg)).toBe(2);
    expect(missingArg.err).toContain("missing required argument 'model'");
    const help = captureIO();
    expect(await runCli(['info', '--help'], help)).toBe(0);
    expect(help.out).toContain('Usage: thicket info');
    expect(help.err).toBe('');
  });

  it('runCli runs info in-process on a hand-built model', async () => {
    const dir = scratchDir();
    const io = captureIO();
    expect(await runCli(['info', writeModel(dir, binaryModel())], io)).toBe(0);
    expect(io.out).toContain('objective:      binary:logistic');
  });

  it('a directory given as the model is a one-line error from the real executable', () => {
    const r = thicket(['info', scratchDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: model .*: is a directory, not a model file\n$/);
  });
});

describe('prediction CSV', () => {
  it('header columns per task', () => {
    expect(predictionHeader(binaryModel().schema)).toEqual(['prediction', 'p_no', 'p_yes']);
    expect(predictionHeader(regressionModel().schema)).toEqual(['prediction']);
  });

  it('quotes fields with commas, quotes, newlines or edge spaces only', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });
});
