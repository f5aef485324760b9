// Malformed or unsupported XGBoost files fail with a clear ThicketError naming the field, never with a crash, a
// hang or an out-of-bounds read: truncations, wrong versions, bad child indices, cycles, bad categories, byte flips.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { ThicketError } from '../../src/errors.js';
import { importXGBoost } from '../../src/xgboost/import.js';
import { parseXGBoostJsonText } from '../../src/xgboost/json-text.js';
import { decodeUBJSON } from '../../src/xgboost/ubjson.js';
import { predictDataset } from '../../src/predict/predictor.js';
import type { GBDTModel } from '../../src/model/model.js';
import { FIXTURES } from './helpers.js';

const JSON_PATH = 'test/fixtures/xgb-models/penguins_cat_missing.json';
const UBJ_PATH = 'test/fixtures/xgb-models/mlc_churn_cat_partition.ubj';
const jsonText = readFileSync(JSON_PATH, 'utf8');
const ubjBytes = new Uint8Array(readFileSync(UBJ_PATH));

/** A fresh copy of the penguins model document to break. */
function doc(): any {
  return parseXGBoostJsonText(jsonText, 'x');
}
const tree0 = (d: any) => d.learner.gradient_booster.model.trees[0];

function rejects(d: unknown, message: string | RegExp): void {
  let err: unknown;
  try {
    importXGBoost(d as object, 'bad.json');
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an error').toBeInstanceOf(ThicketError);
  expect((err as Error).message).toMatch(/^model bad\.json: /);
  if (typeof message === 'string') expect((err as Error).message).toContain(message);
  else expect((err as Error).message).toMatch(message);
}

/** Runs a model on a few rows of random features (some missing, some huge): must not throw or hang. */
function exercise(m: GBDTModel): void {
  const nF = m.schema.features.length, n = 16;
  const x = new Float32Array(n * nF);
  for (let i = 0; i < x.length; i++) x[i] = [NaN, 0, 1, 2, 7, 33, -1, 3e9, 1e38, 0.5][i % 10]!;
  const p = predictDataset(m, { schema: m.schema, nRows: n, features: x });
  expect(p.margins.length).toBe(n * m.nGroups);
}

describe('structure errors', () => {
  it('wrong or missing version fields', () => {
    const cases: [unknown, string | RegExp][] = [
      [[0, 90, 0], 'version is 0.90.0: thicket reads models saved by XGBoost 1.x and 2.x'],
      [[3, 0, 0], 'version is 3.0.0'],
      [[1, 7], 'version must be [major, minor, patch]'],
      [[1, 7.5, 0], 'version must be [major, minor, patch]'],
      ['1.7.4', 'version must be an array'],
      [undefined, 'version must be an array (found nothing: the field is missing)'],
    ];
    for (const [v, msg] of cases) {
      const d = doc();
      d.version = v;
      rejects(d, msg);
    }
  });

  it('not an XGBoost model', () => {
    rejects({ format: 'thicket-model', version: 1 }, 'this is a thicket model file');
    rejects({ hello: 1 }, 'learner is missing: not an XGBoost model');
    rejects([1, 2], 'the top level must be an object');
    expect(() => importXGBoost('', 'empty.json')).toThrow('model empty.json: the file is empty');
    expect(() => importXGBoost(new Uint8Array(0), 'empty.ubj')).toThrow('the file is empty');
  });

  it('child index out of range, one-child leaves, cycles and shared children', () => {
    let d = doc();
    tree0(d).left_children[0] = 99;
    rejects(d, /trees\[0\]\.left_children\[0\] must be an integer in \[-1, 6\] \(found 99\)/);
    d = doc();
    tree0(d).right_children[2] = -7;
    rejects(d, 'trees[0].right_children[2] must be an integer in [-1, 6] (found -7)');
    d = doc();
    tree0(d).right_children[1] = 3; // node 1 is a leaf (left -1)
    rejects(d, 'trees[0].right_children[1] is 3 but left_children[1] is -1 (a leaf): both must be -1');
    d = doc();
    tree0(d).left_children[2] = 0; // back to the root
    rejects(d, 'trees[0].left_children[2] is 0, a node already reached from the root (a cycle or a shared child)');
    d = doc();
    tree0(d).left_children[2] = 1; // node 1 is already the root's left child
    rejects(d, 'a cycle or a shared child');
    d = doc();
    tree0(d).right_children[0] = -1;
    rejects(d, 'trees[0].right_children[0] is -1 but left_children[0] is 1: a split needs both children');
  });

  it('array lengths, counts and indices', () => {
    let d = doc();
    tree0(d).split_conditions.pop();
    rejects(d, 'trees[0].split_conditions has 6 entries but learner.gradient_booster.model.trees[0].tree_param.num_nodes is 7');
    d = doc();
    tree0(d).split_indices[0] = 7;
    rejects(d, 'trees[0].split_indices[0] is 7, outside [0, 7) (the model has 7 features)');
    d = doc();
    d.learner.gradient_booster.model.gbtree_model_param.num_trees = '31';
    rejects(d, 'model.trees has 30 trees but gbtree_model_param.num_trees is 31');
    d = doc();
    d.learner.gradient_booster.model.tree_info[4] = 3;
    rejects(d, 'model.tree_info[4] must be an integer in [0, 2] (found 3)');
    d = doc();
    d.learner.learner_model_param.num_feature = '2000000000';
    rejects(d, 'learner.learner_model_param.num_feature must be an integer in [0, 1048576]');
    d = doc();
    d.learner.feature_names.pop();
    rejects(d, 'learner.feature_names has 6 names but learner_model_param.num_feature is 7');
    d = doc();
    d.learner.feature_names[1] = d.learner.feature_names[0];
    rejects(d, 'learner.feature_names[1] repeats "island"');
    d = doc();
    tree0(d).default_left[0] = 2;
    rejects(d, 'trees[0].default_left[0] must be an integer in [0, 1] (found 2)');
  });

  it('leaf values and thresholds', () => {
    let d = doc();
    tree0(d).split_conditions[1] = NaN;
    rejects(d, "trees[0].split_conditions[1] is NaN; a leaf's value must be finite");
    d = doc();
    tree0(d).split_conditions[0] = NaN;
    rejects(d, 'trees[0].split_conditions[0] is NaN at numeric split node 0');
    d = doc();
    tree0(d).split_conditions[1] = 'x';
    rejects(d, 'trees[0].split_conditions[1] must be a number (found "x")');
  });

  it('categorical splits', () => {
    let d = doc();
    tree0(d).categories_sizes[0] = 5;
    rejects(d, 'trees[0].categories_sizes[0] must be an integer in [0, 1]');
    d = doc();
    tree0(d).categories_nodes = [];
    tree0(d).categories_segments = [];
    tree0(d).categories_sizes = [];
    rejects(d, 'trees[0].split_type[2] marks node 2 categorical but learner.gradient_booster.model.trees[0].categories_nodes does not list it');
    d = doc();
    tree0(d).categories[0] = -1;
    rejects(d, 'trees[0].categories[0] must be an integer');
    d = doc();
    tree0(d).categories[0] = 2 ** 30;
    rejects(d, 'trees[0].categories[0] is 1073741824, above the largest category code');
    d = doc();
    d.learner.attributes.thicket = JSON.stringify({ schema: { features: d.learner.feature_names.map((n: string) => (n === 'island' ? { name: n, kind: 'categorical', levels: ['a', 'b'] } : { name: n, kind: 'numeric' })) } });
    rejects(d, "trees[0].categories[0] is category 2 of feature 'island', which has 2 levels");
  });

  it('objectives, boosters and parameters', () => {
    let d = doc();
    d.learner.objective.name = 'rank:pairwise';
    rejects(d, 'learner.objective.name is "rank:pairwise", which thicket does not support (supported: binary:logistic,');
    d = doc();
    d.learner.learner_model_param.num_class = '1';
    rejects(d, 'num_class is 1; multi:softprob needs at least 2 classes');
    d = doc();
    d.learner.learner_model_param.base_score = 'abc';
    rejects(d, 'learner.learner_model_param.base_score must be a finite number (found "abc")');
    d = doc();
    d.learner.learner_model_param.base_score = '[5E-1,5E-1]';
    rejects(d, 'multi-output models are not supported');
    d = doc();
    d.learner.objective.name = 'binary:logistic';
    d.learner.learner_model_param.num_class = '0';
    d.learner.gradient_booster.model.tree_info = d.learner.gradient_booster.model.tree_info.map(() => 0);
    d.learner.learner_model_param.base_score = '1.5E0';
    rejects(d, 'base_score is invalid: base_score 1.5 must be in (0, 1) for binary:logistic');
    d = doc();
    d.learner.gradient_booster.name = 'gbforest';
    rejects(d, 'learner.gradient_booster.name is "gbforest"');
    d = doc();
    tree0(d).tree_param.size_leaf_vector = '3';
    rejects(d, 'multi-target (vector-leaf) trees are not supported');
    d = doc();
    d.learner.attributes.thicket = '{not json';
    rejects(d, 'learner.attributes.thicket is not valid JSON');
  });

  it('XGBoost 2.x style base_score "[x]" is read', () => {
    const d = doc();
    d.learner.learner_model_param.base_score = '[5E-1]';
    d.version = [2, 1, 0];
    expect(importXGBoost(d, 'v2.json').baseMargin).toBe(0.5);
  });
});

describe('truncated and corrupted files', () => {
  it('every truncation of a JSON file is rejected', () => {
    for (let cut = 0; cut < jsonText.length; cut += 97) {
      expect(() => importXGBoost(jsonText.slice(0, cut), 't.json')).toThrow(ThicketError);
    }
    expect(() => importXGBoost(jsonText.slice(0, 5000), 't.json')).toThrow(/model t\.json: not valid JSON \(truncated or corrupted\?\)/);
  });

  it('every truncation of a UBJSON file is rejected, naming the byte', () => {
    for (let cut = 1; cut < ubjBytes.length; cut += 53) {
      expect(() => importXGBoost(ubjBytes.subarray(0, cut), 't.ubj')).toThrow(ThicketError);
    }
    expect(() => decodeUBJSON(ubjBytes.subarray(0, 1000), 't.ubj')).toThrow(/model t\.ubj: not a valid UBJSON model file: .* at byte \d+/);
    expect(() => decodeUBJSON(ubjBytes.subarray(0, 1000), 't.ubj')).toThrow(/truncated/);
  });

  it('byte flips give a model that predicts, or a ThicketError', () => {
    let imported = 0, rejected = 0;
    for (let i = 0; i < 1500; i++) {
      const b = ubjBytes.slice();
      const at = (i * 7919) % b.length;
      b[at] = (b[at]! + 1 + (i % 250)) & 255;
      let m: GBDTModel | undefined;
      try {
        m = importXGBoost(b, 'flip.ubj');
      } catch (e) {
        expect(e).toBeInstanceOf(ThicketError);
        rejected++;
      }
      if (m) { exercise(m); imported++; }
    }
    expect(imported).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(50);
  });

  it('trailing bytes and unknown markers are rejected', () => {
    const more = new Uint8Array(ubjBytes.length + 2);
    more.set(ubjBytes);
    more[ubjBytes.length] = 0x69; // 'i'
    expect(() => importXGBoost(more, 'x.ubj')).toThrow(/unexpected bytes after the end|truncated/);
    expect(() => decodeUBJSON(new Uint8Array([0x5b, 0x71, 0x5d]), 'x.ubj')).toThrow("unknown type marker 'q'");
    expect(() => decodeUBJSON(new Uint8Array([0x5b, 0x23, 0x69, 0x7f]), 'x.ubj')).toThrow('an array of 127 elements needs 127 more bytes');
  });

  it('the error fixtures from XGBoost are rejected', () => {
    expect(() => importXGBoost(new Uint8Array(readFileSync(`${FIXTURES}/models/gblinear.ubj`)), 'g.ubj')).toThrow('linear boosters are not supported');
  });
});
