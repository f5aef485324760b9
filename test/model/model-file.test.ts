import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { float32Text } from '../../src/model/json-writer.js';
import { loadModel, modelToJson, parseModel, saveModel } from '../../src/model/model-file.js';
import type { GBDTModel, Model, TreeArrays } from '../../src/model/model.js';
import { binaryModel, multiclassModel, regressionModel } from './tiny-models.js';
import { asStored, modelToJsonV1 } from './model-json.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Deterministic 32-bit generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Bit patterns of every float array, so -0 / 0 and NaN payload-free comparisons are exact. */
function bits(t: TreeArrays): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(t)) {
    out[k] = v instanceof Float32Array ? Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length)) : Array.from(v as ArrayLike<number>);
  }
  return out;
}

/** b equals a as a file stores it (asStored: no internal-node values). */
function expectSameModel(a: GBDTModel, b: Model): void {
  const { trees: stored, ...restA } = a;
  const ta = asStored(stored);
  const { trees: tb, ...restB } = b;
  expect(restB).toEqual(restA);
  expect(bits(tb)).toEqual(bits(ta));
  for (const [k, v] of Object.entries(tb)) expect(v.constructor).toBe((ta as unknown as Record<string, object>)[k]!.constructor);
}

/** Parses `json` as a model file named bad.json and returns the error it raises. */
function loadError(json: unknown): ThicketError {
  try {
    parseModel(typeof json === 'string' ? json : JSON.stringify(json), 'bad.json');
  } catch (e) {
    if (e instanceof ThicketError) return e;
    throw e;
  }
  throw new Error('expected the model to be rejected');
}

/** A version-1 file (every node field a JSON array): the validation cases below edit its arrays. */
const fileJson = (m: GBDTModel = binaryModel()): Json => JSON.parse(modelToJsonV1(m)) as Json;

describe('model file round trip', () => {
  it('restores every hand-built model exactly', () => {
    for (const m of [binaryModel(), multiclassModel(), regressionModel()]) {
      const back = parseModel(modelToJson(m), 'mem') as GBDTModel;
      expectSameModel(m, back);
      expect(modelToJson(back)).toBe(modelToJson(m));
    }
  });

  it('keeps awkward float32 values bit-exact (0.1, 1/3, -0, subnormals, extremes, non-finite gain), in both versions', () => {
    const m = binaryModel();
    const awkward = [0.1, 1 / 3, -0, 1e-45, 1.17549435e-38, 3.4028234663852886e38, -2.5e-7, 123456.789];
    const t = m.trees;
    awkward.slice(0, 4).forEach((v, i) => (t.value[[1, 3, 4, 5][i]!] = v));
    t.threshold[0] = awkward[4]!;
    t.gain.set([awkward[5]!, 0, Infinity, 0, 0, 0]);
    t.cover.set([1 / 3, NaN, -Infinity, awkward[6]!, awkward[7]!, -0]);
    m.baseMargin = 0.1 + 0.2;
    const back = parseModel(modelToJson(m), 'mem') as GBDTModel;
    expectSameModel(m, back);
    expect(Object.is(back.trees.value[4], -0)).toBe(true);
    expect(Object.is(back.trees.cover[5], -0)).toBe(true);
    expect(back.trees.value[5]).toBe(Math.fround(1e-45));
    expect(back.baseMargin).toBe(0.1 + 0.2);
    // Version 1 kept every field of every node.
    t.gain.set([awkward[5]!, NaN, Infinity, -Infinity, awkward[6]!, awkward[7]!]);
    t.value[2] = 0.1;
    const v1 = parseModel(modelToJsonV1(m), 'mem');
    expect(bits(v1.trees)).toEqual(bits(m.trees));
  });

  it('writes the shortest text that reads back to the same float32', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(1 / 3))).toBe('0.33333334');
    expect(float32Text(0.5)).toBe('0.5');
    expect(float32Text(-0)).toBe('-0');
    expect(float32Text(NaN)).toBe('"NaN"');
    expect(float32Text(-Infinity)).toBe('"-Infinity"');
    const next = rng(7);
    const u = new Uint32Array(1);
    const f = new Float32Array(u.buffer);
    for (let i = 0; i < 200_000; i++) {
      u[0] = next();
      const x = f[0]!;
      if (Number.isNaN(x)) continue;
      const text = float32Text(x);
      // At most 9 significant digits (what any float32 needs).
      const digits = text.replace(/^"?-?/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      if (digits.length > 9) throw new Error(`float32 ${x} written with more than 9 digits: ${text}`);
      const back = new Float32Array([Number.isFinite(x) ? Number(text) : Number(JSON.parse(text))]);
      if (new Uint32Array(back.buffer)[0] !== u[0]) throw new Error(`float32 bits ${u[0]} (${x}) wrote ${text}`);
    }
  });

  it('saves and loads through a file, leaving no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thicket-model-'));
    const path = join(dir, 'm.json');
    saveModel(binaryModel(), path);
    expectSameModel(binaryModel(), loadModel(path));
    expect(readFileSync(path, 'utf8')).toBe(modelToJson(binaryModel()));
    expect(readFileSync(path, 'utf8')).toMatch(/^\{\n {2}"format": "thicket-model",\n {2}"version": 2,/);
    saveModel(binaryModel(), path, { stats: false });
    const lean = loadModel(path);
    expect([lean.trees.gain.length, lean.trees.cover.length]).toEqual([0, 0]);
    expect(readFileSync(path, 'utf8')).not.toMatch(/"gain"|"cover"/);
  });

  it('refuses to save a model that would not load again', () => {
    const m = binaryModel();
    m.trees.left[2] = 1;
    const dir = mkdtempSync(join(tmpdir(), 'thicket-model-'));
    expect(() => saveModel(m, join(dir, 'm.json'))).toThrow(/refusing to write an invalid model .*trees\.left\[1\] \(node 2\)/);
  });

  it('names the file when it is missing, a directory, empty or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thicket-model-'));
    expect(() => loadModel(join(dir, 'nope.json'))).toThrow(`model ${join(dir, 'nope.json')}: file not found`);
    expect(() => loadModel(dir)).toThrow(`model ${dir}: is a directory`);
    writeFileSync(join(dir, 'empty.json'), '');
    expect(() => loadModel(join(dir, 'empty.json'))).toThrow(/empty\.json: the file is empty/);
    const text = modelToJson(binaryModel());
    writeFileSync(join(dir, 'cut.json'), text.slice(0, text.length / 2));
    expect(() => loadModel(join(dir, 'cut.json'))).toThrow(`model ${join(dir, 'cut.json')}: not valid JSON (truncated or corrupted?)`);
    const err = loadError(text.slice(0, -3));
    expect(err.exitCode).toBe(1);
  });
});

/** [what, mutation of the parsed file, text the message must contain]. */
const CORRUPTIONS: [string, (j: Json) => unknown, string | RegExp][] = [
  ['top level is an array', () => [1, 2], 'the top level must be an object'],
  ['format missing', (j) => void delete j.format, 'format must be "thicket-model"'],
  ['XGBoost model', () => ({ learner: { gradient_booster: {} }, version: [1, 7, 4] }), /format is missing: this looks like an XGBoost JSON model/],
  ['newer version', (j) => void (j.version = 3), 'version is 3: the file was written by a newer thicket (this one reads versions 1 and 2)'],
  ['version as text', (j) => void (j.version = '1'), 'version must be 1 or 2 (found "1")'],
  ['learner rf on a GBDT file', (j) => void (j.learner = 'rf'), 'output must be "probability" for a binary target (found missing)'],
  ['unknown learner', (j) => void (j.learner = 'svm'), 'learner must be one of gbdt, rf, extratrees (found "svm")'],
  ['unknown objective', (j) => void (j.objective = 'reg:fancy'), 'objective must be one of'],
  ['objective does not fit task', (j) => void (j.objective = 'reg:squarederror'), 'objective reg:squarederror does not fit a binary target'],
  ['nGroups inconsistent', (j) => void (j.nGroups = 2), 'nGroups is 2 but objective binary:logistic'],
  ['nGroups not an integer', (j) => void (j.nGroups = 1.5), 'nGroups must be an integer'],
  ['baseMargin not a number', (j) => void (j.baseMargin = 'x'), 'baseMargin must be a number'],
  ['baseMargin NaN', (j) => void (j.baseMargin = 'NaN'), 'baseMargin must be a finite number'],
  ['schema missing', (j) => void delete j.schema, 'schema must be an object'],
  ['features not an array', (j) => void (j.schema.features = {}), 'schema.features must be an array'],
  ['feature name not a string', (j) => void (j.schema.features[0].name = 7), 'schema.features[0].name must be a string'],
  ['feature name empty', (j) => void (j.schema.features[0].name = ''), 'schema.features[0].name must not be empty'],
  ['duplicate feature name', (j) => void (j.schema.features[1].name = 'x'), 'schema.features[1].name repeats feature name "x"'],
  ['bad feature kind', (j) => void (j.schema.features[0].kind = 'text'), 'schema.features[0].kind must be "numeric" or "categorical"'],
  ['levels on a numeric feature', (j) => void (j.schema.features[0].levels = ['a']), 'schema.features[0].levels must be absent'],
  ['levels not an array', (j) => void (j.schema.features[1].levels = 'red'), 'schema.features[1].levels must be an array'],
  ['level not a string', (j) => void (j.schema.features[1].levels[0] = 3), 'schema.features[1].levels[0] must be a string'],
  ['duplicate level', (j) => void (j.schema.features[1].levels[2] = 'blue'), 'schema.features[1].levels[2] repeats level "blue"'],
  ['target missing', (j) => void delete j.schema.target, 'schema.target must be an object'],
  ['target named like a feature', (j) => void (j.schema.target.name = 'color'), 'schema.target.name "color" is also a feature name'],
  ['unknown task', (j) => void (j.schema.target.task = 'ranking'), 'schema.target.task must be one of'],
  ['classes missing', (j) => void delete j.schema.target.classes, 'schema.target.classes must be an array'],
  ['three classes for binary', (j) => void j.schema.target.classes.push('maybe'), 'schema.target.classes must list exactly 2 classes'],
  ['duplicate class', (j) => void (j.schema.target.classes[1] = 'no'), 'schema.target.classes[1] repeats class "no"'],
  ['unknown parameter', (j) => void (j.params.bogus = 1), 'params.bogus is not a known parameter name'],
  ['parameter out of range', (j) => void (j.params.eta = 0), /params\.eta is invalid \(parameter eta=0: must be > 0/],
  ['parameter of a bad type', (j) => void (j.params.max_depth = [3]), 'params.max_depth must be a number, string or boolean'],
  ['training missing', (j) => void delete j.training, 'training must be an object'],
  ['negative rounds', (j) => void (j.training.rounds = -1), 'training.rounds must be an integer'],
  ['history with text', (j) => void (j.training.history[0] = 'low'), 'training.history[0] must be a number'],
  ['trees missing', (j) => void delete j.trees, 'trees must be an object'],
  ['a node array missing', (j) => void delete j.trees.gain, 'trees.gain must be an array'],
  ['node arrays of different lengths', (j) => void j.trees.value.pop(), 'trees.value has 5 entries but trees.feature has 6'],
  ['treeGroup length differs', (j) => void j.trees.treeGroup.pop(), 'trees.treeGroup has 1 entries but trees.treeRoot has 2'],
  ['root out of range', (j) => void (j.trees.treeRoot[1] = 99), 'trees.treeRoot[1] is 99, outside the node range [0, 6)'],
  ['first root not 0', (j) => void (j.trees.treeRoot[0] = 1), 'trees.treeRoot[0] is 1; the first tree must start at node 0'],
  ['roots not increasing', (j) => void (j.trees.treeRoot = [0, 0]), 'trees.treeRoot[1] is 0; tree roots must be strictly increasing'],
  ['no trees but nodes', (j) => void ((j.trees.treeRoot = []), (j.trees.treeGroup = [])), 'trees.treeRoot is empty but there are 6 nodes'],
  ['treeGroup out of range', (j) => void (j.trees.treeGroup[1] = 1), 'trees.treeGroup[1] must be an integer in [0, 0] (found 1)'],
  ['child pointing back (cycle)', (j) => void (j.trees.left[2] = 0), 'trees.left[2] is 0; a child must be -1 (leaf) or a later node of tree 0 (3..4)'],
  ['child pointing to itself', (j) => void (j.trees.right[0] = 0), 'trees.right[0] is 0; a child must be a later node of tree 0 (1..4)'],
  ['child in another tree', (j) => void (j.trees.right[2] = 5), 'trees.right[2] is 5; a child must be a later node of tree 0 (3..4)'],
  ['child out of range', (j) => void (j.trees.left[0] = 1000), 'trees.left[0] is 1000'],
  ['child below -1', (j) => void (j.trees.left[0] = -2), 'trees.left[0] is -2'],
  ['child not an integer', (j) => void (j.trees.left[0] = 1.5), 'trees.left[0] must be an integer'],
  ['child beyond int32', (j) => void (j.trees.left[0] = 2 ** 31), 'trees.left[0] must be an integer in [-2147483648, 2147483647]'],
  ['leaf with a right child', (j) => void (j.trees.right[1] = 3), 'trees.right[1] is 3 but node 1 is a leaf'],
  ['internal node without right child', (j) => void (j.trees.right[0] = -1), 'trees.right[0] is -1; a child must be a later node'],
  ['feature index too large', (j) => void (j.trees.feature[0] = 2), 'trees.feature[0] is 2, outside [0, 2) (the schema has 2 features)'],
  ['feature index negative', (j) => void (j.trees.feature[2] = -1), 'trees.feature[2] is -1, outside [0, 2)'],
  ['unknown flag bit', (j) => void (j.trees.flags[0] = 5), 'trees.flags[0] is 5; only bits 1 (missing left) and 2 (categorical) are defined'],
  ['categorical flag on a numeric feature', (j) => void (j.trees.flags[0] = 2), "trees.flags[0] marks a categorical split on numeric feature 0 ('x')"],
  ['catOffset beyond catWords', (j) => void (j.trees.catOffset[2] = 2), 'trees.catOffset[2] is 2, outside [0, 1]'],
  ['catOffset negative', (j) => void (j.trees.catOffset[2] = -1), 'trees.catOffset[2] is -1'],
  ['catLen past the end', (j) => void (j.trees.catLen[2] = 2), 'trees.catLen[2] is 2; catOffset + catLen (2) exceeds the 1 words'],
  ['catLen negative', (j) => void (j.trees.catLen[2] = -1), 'trees.catLen[2] is -1'],
  ['catWords negative', (j) => void (j.trees.catWords[0] = -4), 'trees.catWords[0] must be an integer in [0, 4294967295]'],
  ['leaf value NaN', (j) => void (j.trees.value[1] = 'NaN'), 'trees.value[1] must be a finite number (found NaN)'],
  ['leaf value infinite', (j) => void (j.trees.value[3] = 1e39), 'trees.value[3] must be a finite number (found Infinity)'],
  ['leaf value null', (j) => void (j.trees.value[4] = null), 'trees.value[4] must be a number (found null)'],
  ['leaf value text', (j) => void (j.trees.value[5] = 'abc'), 'trees.value[5] must be a number (found "abc")'],
  ['threshold NaN on a numeric split', (j) => void (j.trees.threshold[0] = 'NaN'), 'trees.threshold[0] is NaN; a numeric split needs a threshold'],
  ['threshold not a number', (j) => void (j.trees.threshold[0] = true), 'trees.threshold[0] must be a number (found true)'],
];

describe('version-1 model file validation', () => {
  it.each(CORRUPTIONS)('rejects %s, naming the file and the field', (_what, mutate, expected) => {
    const j = fileJson();
    const replaced = mutate(j);
    const err = loadError(replaced === undefined ? j : replaced);
    expect(err.exitCode).toBe(1);
    expect(err.message.startsWith('model bad.json: ')).toBe(true);
    if (typeof expected === 'string') expect(err.message).toContain(expected);
    else expect(err.message).toMatch(expected);
  });

  it('rejects inconsistent multiclass and regression models', () => {
    const multi = fileJson(multiclassModel());
    multi.nGroups = 1;
    expect(loadError(multi).message).toContain('nGroups is 1 but objective multi:softprob with 3 classes needs 3');
    const multi2 = fileJson(multiclassModel());
    multi2.trees.treeGroup[2] = 3;
    expect(loadError(multi2).message).toContain('trees.treeGroup[2] must be an integer in [0, 2] (found 3)');
    const reg = fileJson(regressionModel());
    reg.schema.target.classes = ['a', 'b'];
    expect(loadError(reg).message).toContain('schema.target.classes must be absent for a regression target');
    const reg2 = fileJson(regressionModel());
    reg2.objective = 'binary:logistic';
    expect(loadError(reg2).message).toContain('objective binary:logistic does not fit a regression target');
  });

  it('accepts a categorical split that sends missing values left and a model with no trees', () => {
    const j = fileJson();
    j.trees.flags[2] = 3;
    expect(parseModel(JSON.stringify(j), 'ok.json').trees.flags[2]).toBe(3);
    const empty = fileJson(regressionModel());
    for (const k of Object.keys(empty.trees)) empty.trees[k] = [];
    expect(parseModel(JSON.stringify(empty), 'ok.json').trees.treeRoot.length).toBe(0);
  });

  it('never admits a model whose traversal leaves the arrays or its tree (random integer edits)', () => {
    const next = rng(42);
    const base = fileJson(multiclassModel());
    const fields = ['treeRoot', 'treeGroup', 'feature', 'left', 'right', 'flags', 'catOffset', 'catLen'];
    let accepted = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const j = JSON.parse(JSON.stringify(base)) as Json;
      for (let edits = 1 + (next() % 3); edits > 0; edits--) {
        const arr = j.trees[fields[next() % fields.length]!] as number[];
        arr[next() % arr.length] = (next() % 16) - 3;
      }
      let m: GBDTModel;
      try {
        m = parseModel(JSON.stringify(j), 'fuzz.json') as GBDTModel;
      } catch (e) {
        expect(e).toBeInstanceOf(ThicketError);
        expect((e as Error).message).toMatch(/^model fuzz\.json: trees\.\w+(\[\d+\])? /);
        continue;
      }
      accepted++;
      const t = m.trees;
      const nNodes = t.left.length;
      for (let k = 0; k < t.treeRoot.length; k++) {
        const end = k + 1 < t.treeRoot.length ? t.treeRoot[k + 1]! : nNodes;
        for (const x of [NaN, -1, 0.5, 1.5, 2.5, 9]) {
          let node = t.treeRoot[k]!;
          let steps = 0;
          while (t.left[node] !== -1) {
            expect(t.feature[node]).toBeGreaterThanOrEqual(0);
            expect(t.feature[node]).toBeLessThan(m.schema.features.length);
            const next = Number.isNaN(x) ? (t.flags[node]! & 1 ? t.left[node]! : t.right[node]!) : x < t.threshold[node]! ? t.left[node]! : t.right[node]!;
            expect(next).toBeGreaterThan(node);
            expect(next).toBeLessThan(end);
            node = next;
            expect(++steps).toBeLessThanOrEqual(end - t.treeRoot[k]!);
          }
          expect(t.treeGroup[k]).toBeLessThan(m.nGroups);
        }
      }
    }
    expect(accepted).toBeGreaterThan(10);
  });
});
