/** Forest models in the model file: exact round trip of trained forests, and rejection of corrupted forest files naming the field. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { loadModel, modelToJson, parseModel, saveModel } from '../../src/model/model-file.js';
import type { ForestModel, Model } from '../../src/model/model.js';
import { predictDataset } from '../../src/predict/predictor.js';
import { planted } from '../forest/helpers.js';
import { asStored, decodeField, editField, encodeField, modelToJsonV1 } from './model-json.js';

/** A document without its checksum (the validator tests edit fields, as in files written before checksums). */
function withoutChecksum<T extends object>(j: T): T {
  delete (j as Record<string, unknown>).checksum;
  return j;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const data = {
  binary: planted({ rows: 600, task: 'binary', missing: 0.1, noise: 0.1, seed: 41 }),
  multiclass: planted({ rows: 600, task: 'multiclass', classes: 3, missing: 0.1, noise: 0.1, seed: 42 }),
  regression: planted({ rows: 600, task: 'regression', missing: 0.1, noise: 2, seed: 43 }),
};

const forests = new Map<string, ForestModel>();
async function forest(learner: 'rf' | 'extratrees', task: keyof typeof data): Promise<ForestModel> {
  const key = `${learner}/${task}`;
  if (!forests.has(key)) forests.set(key, (await trainForest(learner, { n_estimators: 4, nthread: 1, seed: 3 }, data[task])).model);
  return forests.get(key)!;
}

function loadError(json: unknown): ThicketError {
  try {
    parseModel(JSON.stringify(json), 'bad.json');
  } catch (e) {
    if (e instanceof ThicketError) return e;
    throw e;
  }
  throw new Error('expected the model to be rejected');
}

describe('forest model file', () => {
  it.each([
    ['rf', 'binary'], ['rf', 'multiclass'], ['rf', 'regression'], ['extratrees', 'binary'], ['extratrees', 'multiclass'],
  ] as const)('%s %s: round trip gives the same model and bit-identical predictions; the text is stable', async (learner, task) => {
    const m = await forest(learner, task);
    const text = modelToJson(m);
    const back = parseModel(text, 'rt.json') as ForestModel;
    expect(back.learner).toBe(learner);
    expect(back.output).toBe(task === 'regression' ? 'value' : 'probability');
    expect(back.valueWidth).toBe(task === 'multiclass' ? 3 : 1);
    expect(back.training).toEqual(m.training);
    expect(back.params).toEqual(m.params);
    const stored = asStored(m.trees, m.valueWidth);
    for (const k of Object.keys(m.trees) as (keyof ForestModel['trees'])[]) expect(Array.from(back.trees[k]), k).toEqual(Array.from(stored[k]));
    expect(modelToJson(back)).toBe(text);
    // Version-1 files (thicket 0.1) load to the full arrays.
    const v1 = parseModel(modelToJsonV1(m), 'v1.json') as ForestModel;
    for (const k of Object.keys(m.trees) as (keyof ForestModel['trees'])[]) expect(Array.from(v1.trees[k]), k).toEqual(Array.from(m.trees[k]));
    // An AutoML member's file: no gains or covers, the same predictions.
    const lean = parseModel(modelToJson(m, { stats: false }), 'lean.json') as ForestModel;
    expect([lean.trees.gain.length, lean.trees.cover.length]).toEqual([0, 0]);
    expect(Array.from(predictDataset(lean, data[task]).output)).toEqual(Array.from(predictDataset(m, data[task]).output));
    const a = predictDataset(m, data[task]).output, b = predictDataset(back, data[task]).output;
    expect(Array.from(b)).toEqual(Array.from(a));
    const dir = mkdtempSync(join(tmpdir(), 'thicket-forest-'));
    saveModel(m, join(dir, 'f.json'));
    expect(modelToJson(loadModel(join(dir, 'f.json')))).toBe(text);
  });

  const corruptions: [string, (j: Json) => void, string][] = [
    ['output kind of a regression', (j) => void (j.output = 'value'), 'output must be "probability" for a multiclass target (found "value")'],
    ['output missing', (j) => void delete j.output, 'output must be "probability"'],
    ['nGroups wrong', (j) => void (j.nGroups = 2), 'nGroups is 2 but a multiclass forest needs 3'],
    ['valueWidth wrong', (j) => void (j.valueWidth = 1), 'valueWidth is 1 but must equal nGroups (3)'],
    ['valueWidth not an integer', (j) => void (j.valueWidth = 'x'), 'valueWidth must be an integer'],
    ['value array too short', (j) => editField(j, 'value', (v) => v.pop()), 'trees.value holds'],
    ['value not finite', (j) => editField(j, 'value', (v) => (v[4] = NaN)), 'must be a finite number (found NaN)'],
    ['a GBDT parameter', (j) => void (j.params.eta = 0.3), 'params.eta does not apply to learner rf'],
    ['a bad forest parameter', (j) => void (j.params.max_features = 0), 'params.max_features is invalid (parameter max_features=0: must be > 0'],
    ['nTrees missing', (j) => void delete j.training.nTrees, 'training.nTrees must be an integer'],
    ['oobScore not a number', (j) => void (j.training.oobScore = 'high'), 'training.oobScore must be a number'],
    ['child out of its tree', (j) => editField(j, 'left', (v) => (v[0] = j.trees.nodes + 5)), 'trees.left[0] (node 0) is'],
    ['feature out of range', (j) => editField(j, 'feature', (v) => (v[0] = 9)), 'trees.feature[0] (node 0) is 9, outside [0, 4)'],
    ['leaf bits for fewer nodes', (j) => void (j.trees.nodes += 8), 'trees.leaf holds'],
  ];

  it.each(corruptions)('rejects a multiclass rf file with %s, naming the field', async (_what, mutate, expected) => {
    const j = withoutChecksum(JSON.parse(modelToJson(await forest('rf', 'multiclass'))) as Json);
    mutate(j);
    const err = loadError(j);
    expect(err.exitCode).toBe(1);
    expect(err.message.startsWith('model bad.json: ')).toBe(true);
    expect(err.message).toContain(expected);
  });

  it('never admits a forest whose traversal leaves its tree or whose leaves point past the values (random integer edits)', async () => {
    let seed = 99;
    const next = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 8; };
    const base = withoutChecksum(JSON.parse(modelToJson(await forest('rf', 'multiclass'))) as Json);
    // Explicit right children and bitset offsets, so that edits reach them too.
    base.trees.right = encodeField('uleb128', decodeField(base.trees.left as string).values.map((d) => d + 1));
    let o = 0;
    base.trees.catOffset = encodeField('uleb128', decodeField(base.trees.catLen as string).values.map((len) => (o += len) - len));
    const fields = ['treeRoot', 'feature', 'left', 'right', 'flags', 'catOffset', 'catLen', 'leaf'];
    let accepted = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const j = JSON.parse(JSON.stringify(base)) as Json;
      for (let edits = 1 + (next() % 3); edits > 0; edits--) {
        const field = fields[next() % fields.length]!;
        if (field === 'treeRoot') {
          const arr = j.trees.treeRoot as number[];
          arr[next() % arr.length] = (next() % 40) - 3;
        } else {
          editField(j, field, (v) => { v[next() % v.length] = field === 'leaf' ? next() % 2 : next() % 40; });
        }
      }
      let m: Model;
      try {
        m = parseModel(JSON.stringify(j), 'fuzz.json');
      } catch (e) {
        expect(e).toBeInstanceOf(ThicketError);
        continue;
      }
      accepted++;
      const t = m.trees;
      const W = (m as ForestModel).valueWidth;
      expect(t.value.length).toBe(t.left.length * W);
      for (let i = 0; i < t.left.length; i++) {
        if (t.left[i] === -1) continue;
        expect(t.feature[i]).toBeLessThan(4);
        if (t.flags[i] & 2) expect(t.catOffset[i] + t.catLen[i]).toBeLessThanOrEqual(t.catWords.length);
      }
      // Prediction runs on the validated arrays without throwing and gives distributions.
      const p = predictDataset(m, data.multiclass).output;
      expect(p.every((v) => Number.isFinite(v))).toBe(true);
    }
    expect(accepted).toBeGreaterThan(10);
  });
});
