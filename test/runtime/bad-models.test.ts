/**
 * Bad thicket models in the runtime bundle: the same messages as the full package's validator, for
 * version-2 packed fields and version-1 arrays; text that is not a model; version-1 files load.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { modelFromJson } from '../../src/model/model-validator.js';
import type * as Runtime from '../../src/runtime/index.js';
import { editField, modelToJsonV1 } from '../model/model-json.js';
import { errorMessage, ROOT, singleModels } from './models.js';

let rt: typeof Runtime;

beforeAll(async () => {
  rt = (await import(pathToFileURL(join(ROOT, 'dist/thicket-runtime.js')).href)) as typeof Runtime;
});

const runtimeError = (f: () => unknown) => errorMessage(f, rt.ThicketError);

describe('bad models', async () => {
  const cases = await singleModels();

  it('give the full package validator messages, for version-2 packed fields and version-1 arrays', () => {
    const v2 = JSON.parse(cases[0]!.text) as Record<string, Record<string, unknown>>;
    const v1 = JSON.parse(modelToJsonV1(cases[0]!.model)) as Record<string, Record<string, unknown>>;
    type Doc = Record<string, Record<string, unknown>>;
    const packed = (field: string, f: (v: number[]) => void) => (d: Doc) => editField(d, field, f);
    const edits: [Doc, (d: Doc) => void][] = [
      [v2, packed('left', (v) => { v[0] = 0; })],
      [v2, packed('feature', (v) => { v[0] = 999; })],
      [v2, packed('threshold', (v) => { v[0] = NaN; })],
      [v2, packed('value', (v) => { v[3] = Infinity; })],
      [v2, packed('flags', (v) => { v[0] = 8; })],
      [v2, packed('leaf', (v) => { v[0] = 1; })],
      [v2, (d) => { d.trees!.catWords = 'uleb128:A'; }],
      [v2, (d) => { d.trees!.value = `f32le:${(d.trees!.value as string).slice(6, -4)}`; }],
      [v1, (d) => { (d.trees!.left as number[])[0] = 0; }],
      [v1, (d) => { (d.trees!.feature as number[])[0] = 999; }],
      [v1, (d) => { (d.trees!.threshold as unknown[])[0] = 'NaN'; }],
      [v1, (d) => { (d.trees!.value as unknown[])[3] = '1.5'; }],
      [v1, (d) => { (d.trees!.flags as number[])[0] = 8; }],
      [v2, (d) => { d.objective = 'reg:squarederror' as unknown as Record<string, unknown>; }],
      [v2, (d) => { d.version = 99 as unknown as Record<string, unknown>; }],
      [v2, (d) => { delete d.schema; }],
    ];
    for (const [doc, edit] of edits) {
      const d = structuredClone(doc);
      edit(d);
      let want = '';
      try {
        modelFromJson(d, 'input');
      } catch (e) {
        expect(e).toBeInstanceOf(ThicketError);
        want = (e as Error).message;
      }
      expect(want).not.toBe('');
      expect(runtimeError(() => rt.loadModel(d))).toBe(want);
      expect(runtimeError(() => rt.loadModel(JSON.stringify(d), { source: 'm.json' }))).toBe(want.replace('model input:', 'model m.json:'));
    }
  });

  it('load version-1 files (thicket 0.1) to the same predictions', () => {
    for (const c of cases) {
      const m = rt.loadModel(modelToJsonV1(c.model));
      expect(Array.from(m.predictRaw(c.rows).output)).toEqual(Array.from(rt.loadModel(c.text).predictRaw(c.rows).output));
    }
  });

  it('reject text that is not a model', () => {
    expect(runtimeError(() => rt.loadModel(''))).toBe('model input: the model text is empty');
    expect(runtimeError(() => rt.loadModel('{"format": '))).toBe('model input: not valid JSON (truncated or corrupted?)');
    expect(runtimeError(() => rt.loadModel('[1, 2]'))).toBe('model input: the top level must be an object (found an array)');
    expect(runtimeError(() => rt.loadModel(new Uint8Array(0)))).toBe('model input: the model bytes are empty');
    expect(runtimeError(() => rt.loadModel(cases[0]!.text.slice(0, 500)))).toBe('model input: not valid JSON (truncated or corrupted?)');
  });
});
