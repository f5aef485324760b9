/**
 * Version-2 model files: the packed layout of the node fields, rejection of corrupted packed fields
 * naming the field entry and the node, and fuzzing of the base64 text and its bytes (whatever
 * loads must be safe to traverse and predict with).
 */
import { describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { modelToJson, parseModel } from '../../src/model/model-file.js';
import type { Model } from '../../src/model/model.js';
import { base64Decode } from '../../src/model/node-codec.js';
import { predictDataset } from '../../src/predict/predictor.js';
import { planted } from '../forest/helpers.js';
import { asStored, decodeField, editField, encodeField } from './model-json.js';
import { binaryModel, multiclassModel } from './tiny-models.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The file's document without its checksum: these tests edit fields and check the validator, as for files written before checksums. */
const fileJson = (m: Model = binaryModel()): Json => { const j = JSON.parse(modelToJson(m)) as Json; delete j.checksum; return j; };

function loadError(json: unknown, source = 'bad.json'): ThicketError {
  try {
    parseModel(JSON.stringify(json), source);
  } catch (e) {
    if (e instanceof ThicketError) return e;
    throw e;
  }
  throw new Error('expected the model to be rejected');
}

/** Deterministic generator (LCG); next(n) is in [0, n). */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

describe('version-2 layout', () => {
  it('stores split fields per internal node, thresholds per numeric split, bitsets per categorical split, values per leaf', () => {
    const t = fileJson().trees;
    expect(t.nodes).toBe(6);
    expect(t.treeRoot).toEqual([0, 5]);
    expect(decodeField(t.leaf).values.slice(0, 6)).toEqual([0, 1, 0, 1, 1, 1]);
    expect(decodeField(t.feature).values).toEqual([0, 1]);
    expect(decodeField(t.flags).values).toEqual([1, 2]);
    expect(decodeField(t.left).values).toEqual([1, 1]);
    expect(decodeField(t.threshold)).toEqual({ enc: 'f32le', values: [0.5] });
    expect(decodeField(t.catLen).values).toEqual([1]);
    expect(decodeField(t.catWords).values).toEqual([4]);
    expect(decodeField(t.value).values).toEqual([-1.5, 2, 0.5, 0.25]);
    expect(decodeField(t.gain).values).toEqual([1.25, 1.25]);
    // Integer covers (row counts) are shorter as integers: the narrowest width holding them.
    expect(decodeField(t.cover)).toEqual({ enc: 'u8', values: [10, 10, 10, 10, 10, 10] });
    expect([t.feature, t.left].map((x: string) => x.split(':')[0])).toEqual(['u8', 'u8']);
    // Right children next to their left siblings and consecutive bitsets leave out right and catOffset.
    expect([t.right, t.catOffset]).toEqual([undefined, undefined]);
  });

  it('writes right children and bitset offsets that do not follow the pattern, and reads them back', () => {
    const m = binaryModel();
    const t = m.trees;
    // Node 2's children swapped, its bitset read from word 1 (word 0 unused).
    [t.left[2], t.right[2]] = [4, 3];
    t.catWords = Uint32Array.from([0b011, 0b100]);
    t.catOffset[2] = 1;
    const j = fileJson(m);
    expect(decodeField(j.trees.right).values).toEqual([2, 1]);
    expect(decodeField(j.trees.catOffset).values).toEqual([1]);
    const back = parseModel(JSON.stringify(j), 'ok.json');
    expect(Array.from(back.trees.right)).toEqual(Array.from(t.right));
    expect(Array.from(back.trees.catOffset)).toEqual(Array.from(asStored(t).catOffset));
  });

  it('reads integers in any of the four encodings, float fields as integers, and a model with no trees', () => {
    const j = fileJson();
    j.trees.threshold = encodeField('uleb128', [3]);
    expect(parseModel(JSON.stringify(j), 'ok.json').trees.threshold[0]).toBe(3);
    for (const enc of ['u8', 'u16le', 'u32le', 'uleb128'] as const) {
      j.trees.left = encodeField(enc, [1, 1]);
      j.trees.cover = encodeField(enc, [1, 2, 3, 4, 5, 6]);
      const back = parseModel(JSON.stringify(j), 'ok.json');
      expect([Array.from(back.trees.left), Array.from(back.trees.cover)]).toEqual([[1, -1, 3, -1, -1, -1], [1, 2, 3, 4, 5, 6]]);
    }
    // Wide values: LEB128 where it saves a quarter (many small offsets, a few large), 32-bit words where not.
    const wide = binaryModel();
    wide.trees.catWords = Uint32Array.from([0xfffffffe]);
    expect(fileJson(wide).trees.catWords).toBe(encodeField('u32le', [0xfffffffe]));
    const m = multiclassModel();
    const empty = fileJson({ ...m, trees: { ...m.trees, ...Object.fromEntries(Object.entries(m.trees).map(([k, v]) => [k, v.slice(0, 0)])) } });
    expect(empty.trees.leaf).toBe('bits:');
    expect(parseModel(JSON.stringify(empty), 'ok.json').trees.left.length).toBe(0);
  });

  it('decodes base64 the same way with and without Node Buffer, rejecting the same texts', () => {
    const next = lcg(5);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= !\u00e9';
    for (let trial = 0; trial < 4000; trial++) {
      const bytes = Uint8Array.from({ length: next(40) }, () => next(256));
      let text = Buffer.from(bytes).toString('base64');
      if (trial % 2 === 1 && text.length > 0) {
        const at = next(text.length);
        text = text.slice(0, at) + alphabet[next(alphabet.length)] + text.slice(at + (next(3) === 0 ? 0 : 1));
      }
      const native = base64Decode(text, true), plain = base64Decode(text, false);
      expect(plain === null, text).toBe(native === null);
      if (native) expect(Array.from(plain!), text).toEqual(Array.from(native));
      if (trial % 2 === 0) expect(Array.from(plain!)).toEqual(Array.from(bytes));
    }
  });
});

/** [what, mutation of the parsed version-2 file of binaryModel, text the message must contain]. */
const CORRUPTIONS: [string, (j: Json) => void, string][] = [
  ['nodes missing', (j) => void delete j.trees.nodes, 'trees.nodes must be an integer in [0, 2147483647] (found missing)'],
  ['a packed field as a JSON array', (j) => void (j.trees.leaf = [1]), 'trees.leaf must be a string: "bits:" followed by base64 (found an array)'],
  ['an unknown encoding', (j) => void (j.trees.threshold = j.trees.threshold.replace('f32le', 'f64le')), 'trees.threshold must start with one of "f32le:", "u8:", "u16le:", "u32le:", "uleb128:"'],
  ['a float encoding for integers', (j) => void (j.trees.left = j.trees.threshold), 'trees.left must start with one of "u8:", "u16le:", "u32le:", "uleb128:"'],
  ['a character outside base64', (j) => void (j.trees.feature = 'uleb128:AA!A'), 'trees.feature is not valid base64 after "uleb128:"'],
  ['base64 without padding', (j) => void (j.trees.feature = 'uleb128:AAE'), 'trees.feature is not valid base64'],
  ['fewer leaf bits than nodes', (j) => void (j.trees.nodes = 9), 'trees.leaf holds 1 bytes but trees.nodes (9) needs 2'],
  ['a leaf bit past the last node', (j) => editField(j, 'leaf', (v) => (v[7] = 1)), 'trees.leaf sets bits past the last node (5)'],
  ['a leaf turned into a split', (j) => editField(j, 'leaf', (v) => (v[5] = 0)), 'trees.feature holds 2 values but needs 3 (one per internal node)'],
  ['feature out of range', (j) => editField(j, 'feature', (v) => (v[1] = 5)), 'trees.feature[1] (node 2) is 5, outside [0, 2) (the schema has 2 features)'],
  ['an integer over 32 bits', (j) => void (j.trees.feature = encodeField('uleb128', [2 ** 32, 1])), 'trees.feature[0] exceeds 2^32 - 1'],
  ['fixed-width bytes not a multiple of the width', (j) => void (j.trees.left = encodeField('u8', [1, 1, 1]).replace('u8:', 'u16le:')), 'trees.left holds 3 bytes, not a whole number of 2-byte values'],
  ['an integer cut off', (j) => void (j.trees.flags = `uleb128:${Buffer.from([1, 0x82, 2, 0x83]).toString('base64')}`), 'trees.flags[2] is cut off'],
  ['a node its own child', (j) => editField(j, 'left', (v) => (v[0] = 0)), 'trees.left[0] (node 0) is 0: the child, node 0, must be a later node of tree 0 (1..4)'],
  ['a child in the next tree', (j) => editField(j, 'left', (v) => (v[1] = 3)), 'trees.left[1] (node 2) is 3: the child, node 5, must be a later node of tree 0 (3..4)'],
  ['an implied right child past the tree', (j) => editField(j, 'left', (v) => (v[1] = 2)), 'trees.left[1] (node 2) is 2: the right child, node 5 (after the left one: trees.right is absent), must be'],
  ['an explicit right child before its node', (j) => void (j.trees.right = encodeField('uleb128', [2, 0])), 'trees.right[1] (node 2) is 0: the child, node 2, must be a later node of tree 0 (3..4)'],
  ['an unknown flag bit', (j) => editField(j, 'flags', (v) => (v[0] = 4)), 'trees.flags[0] (node 0) is 4; only bits 1 (missing left) and 2 (categorical) are defined'],
  ['a categorical split on a numeric feature', (j) => {
    editField(j, 'flags', (v) => (v[0] = 2));
    editField(j, 'threshold', (v) => v.pop());
    editField(j, 'catLen', (v) => v.push(1));
    editField(j, 'catWords', (v) => v.push(1));
  }, "trees.flags[0] (node 0) marks a categorical split on numeric feature 0 ('x')"],
  ['a threshold NaN', (j) => editField(j, 'threshold', (v) => (v[0] = NaN)), 'trees.threshold[0] (node 0) is NaN; a numeric split needs a threshold'],
  ['float bytes not a multiple of 4', (j) => void (j.trees.threshold = `f32le:${Buffer.from([0, 0, 0, 63, 1]).toString('base64')}`), 'trees.threshold holds 5 bytes, not a whole number of float32 values'],
  ['a bitset past the words', (j) => editField(j, 'catLen', (v) => (v[0] = 2)), 'trees.catLen[0] (node 2) gives bitset words 0..1, past the 1 words of trees.catWords'],
  ['words no split uses', (j) => editField(j, 'catWords', (v) => v.push(7)), 'trees.catWords holds 2 words but the categorical splits use 1 (trees.catLen)'],
  ['an explicit bitset offset past the words', (j) => void (j.trees.catOffset = encodeField('uleb128', [1])), 'trees.catOffset[0] (node 2) gives bitset words 1..1, past the 1 words'],
  ['a leaf value not finite', (j) => editField(j, 'value', (v) => (v[2] = Infinity)), 'trees.value[2] (node 4) must be a finite number (found Infinity)'],
  ['a leaf value missing', (j) => editField(j, 'value', (v) => v.pop()), 'trees.value holds 3 values but needs 4 (one per leaf)'],
  ['gain without cover', (j) => void delete j.trees.cover, 'trees.cover is missing while trees.gain is present (they come together)'],
  ['a cover missing', (j) => editField(j, 'cover', (v) => v.pop()), 'trees.cover holds 5 values but needs 6 (one per node)'],
  ['a root past the nodes', (j) => void (j.trees.treeRoot[1] = 6), 'trees.treeRoot[1] is 6, outside the node range [0, 6)'],
];

describe('version-2 model file validation', () => {
  it.each(CORRUPTIONS)('rejects %s, naming the file and the field', (_what, mutate, expected) => {
    const j = fileJson();
    mutate(j);
    const err = loadError(j);
    expect(err.exitCode).toBe(1);
    expect(err.message.startsWith('model bad.json: ')).toBe(true);
    expect(err.message).toContain(expected);
  });
});

/** Fails the test unless every tree of m stays in its node range and prediction gives finite outputs. */
function expectSafe(m: Model, data: Parameters<typeof predictDataset>[1]): void {
  const t = m.trees;
  const W = m.learner === 'gbdt' ? 1 : m.valueWidth;
  expect(t.value.length).toBe(t.left.length * W);
  for (let k = 0; k < t.treeRoot.length; k++) {
    const end = k + 1 < t.treeRoot.length ? t.treeRoot[k + 1]! : t.left.length;
    for (let i = t.treeRoot[k]!; i < end; i++) {
      if (t.left[i] === -1) continue;
      expect(t.left[i]! > i && t.left[i]! < end && t.right[i]! > i && t.right[i]! < end).toBe(true);
      expect(t.feature[i]).toBeLessThan(m.schema.features.length);
      if (t.flags[i]! & 2) expect(t.catOffset[i]! + t.catLen[i]!).toBeLessThanOrEqual(t.catWords.length);
    }
  }
  expect(predictDataset(m, data).output.every((v) => Number.isFinite(v))).toBe(true);
}

/** False when the file is rejected with one message naming a trees field; true when it loads, after checking it is safe. */
function rejectedOrSafe(j: Json, data: Parameters<typeof predictDataset>[1]): boolean {
  let m: Model;
  try {
    m = parseModel(JSON.stringify(j), 'fuzz.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ThicketError);
    expect((e as Error).message).toMatch(/^model fuzz\.json: trees\.\w+(\[\d+\])?( \(node \d+\))? [^\n]+$/);
    return false;
  }
  expectSafe(m, data);
  return true;
}

describe('version-2 fuzzing', async () => {
  const data = planted({ rows: 300, task: 'multiclass', classes: 3, missing: 0.1, noise: 0.1, seed: 42 });
  const forest = (await trainForest('rf', { n_estimators: 2, nthread: 1, seed: 3 }, data)).model;
  const base = fileJson(forest);
  const fields = Object.keys(base.trees).filter((k) => typeof base.trees[k] === 'string');

  it('rejects or safely loads every edit of the base64 text: characters replaced, dropped, added, cut', () => {
    const next = lcg(17);
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!: -_';
    let accepted = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const j = structuredClone(base);
      const field = fields[next(fields.length)]!;
      const s = j.trees[field] as string;
      const at = next(s.length);
      const kind = next(4);
      const c = chars[next(chars.length)]!;
      j.trees[field] = kind === 0 ? s.slice(0, at) + c + s.slice(at + 1) : kind === 1 ? s.slice(0, at) + s.slice(at + 1) : kind === 2 ? s.slice(0, at) + c + s.slice(at) : s.slice(0, at);
      if (rejectedOrSafe(j, data)) accepted++;
    }
    // Most single-character replacements inside a float field still decode.
    expect(accepted).toBeGreaterThan(50);
  });

  it('rejects or safely loads every edit of the decoded bytes', () => {
    const next = lcg(23);
    let accepted = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const j = structuredClone(base);
      for (let edits = 1 + next(3); edits > 0; edits--) {
        const field = fields[next(fields.length)]!;
        const [enc, b64] = (j.trees[field] as string).split(':') as [string, string];
        const bytes = Buffer.from(b64, 'base64');
        if (bytes.length === 0) continue;
        bytes[next(bytes.length)] = next(4) === 0 ? next(256) : bytes[next(bytes.length)]! ^ (1 << next(8));
        j.trees[field] = `${enc}:${bytes.toString('base64')}`;
      }
      if (rejectedOrSafe(j, data)) accepted++;
    }
    expect(accepted).toBeGreaterThan(50);
  });
});
