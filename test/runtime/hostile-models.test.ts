/**
 * Issue 12, items 3, 4, 5 and the checksum: hostile model files in the runtime bundle (and the
 * package's loaders) end with a ThicketError within time and memory bounds, AutoML files are
 * validated as deeply as single models, and a fuzz of the loader (JSON and UBJSON mutations)
 * only ever gives a ThicketError or a model.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { parseModel, modelToJson } from '../../src/model/model-file.js';
import { rewriteNonStandardNumbers } from '../../src/xgboost/json-text.js';
import type * as Runtime from '../../src/runtime/index.js';
import { automlModels, ROOT, type AutoMLCase } from './models.js';
import { binaryModel } from '../model/tiny-models.js';

const BUNDLE = join(ROOT, 'dist/thicket-runtime.js');
let rt: typeof Runtime;
beforeAll(async () => {
  rt = (await import(pathToFileURL(BUNDLE).href)) as typeof Runtime;
});

/** The error message of f(), which must throw a ThicketError (the bundle's own class). */
function thicketError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect((e as Error).name, String((e as Error).stack)).toBe('ThicketError');
    expect(e).toBeInstanceOf(rt.ThicketError);
    return (e as Error).message;
  }
  throw new Error('expected a ThicketError, but it loaded');
}

/**
 * The bombs, run in a child process with a 256 MB heap and a time limit: a heap-limit abort or a
 * hang fails the test instead of the test runner. Each prints its outcome and time as JSON.
 */
const BOMBS = `
const rt = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)});
function ubj(k, n, type) {
  const parts = [Buffer.from('{U\\x01a[#l'), Buffer.alloc(4)];
  parts[1].writeInt32BE(k);
  for (let i = 0; i < k; i++) { const b = Buffer.from('[$' + type + '#l\\0\\0\\0\\0'); b.writeInt32BE(n, 5); parts.push(b); }
  parts.push(Buffer.from('}'));
  return new Uint8Array(Buffer.concat(parts));
}
const tree = { base_weights: [0], default_left: [0], id: 0, left_children: [-1], loss_changes: [0], parents: [2147483647], right_children: [-1], split_conditions: [0.1], split_indices: [0], split_type: [0], sum_hessian: [1], tree_param: { num_deleted: '0', num_feature: '2', num_nodes: '1', size_leaf_vector: '1' } };
const classes = JSON.stringify({ learner: { attributes: {}, feature_names: [], feature_types: [], gradient_booster: { model: { gbtree_model_param: { num_parallel_tree: '1', num_trees: '1' }, tree_info: [0], trees: [tree] }, name: 'gbtree' }, learner_model_param: { base_score: '5E-1', num_class: '65536', num_feature: '2', num_target: '1' }, objective: { name: 'multi:softprob', softmax_multiclass_param: { num_class: '65536' } } }, version: [1, 7, 4] });
const N = 3000, K = 65536;
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const leafBits = new Uint8Array(Math.ceil(N / 8)); leafBits[(N - 1) >> 3] |= 1 << ((N - 1) & 7);
const wide = JSON.stringify({ format: 'thicket-model', version: 2, learner: 'rf', output: 'probability', nGroups: K, valueWidth: K,
  schema: { features: [{ name: 'x', kind: 'numeric' }], target: { name: 'y', task: 'multiclass', classes: Array.from({ length: K }, (_, i) => 'c' + i) } },
  params: {}, training: { nTrees: 1 },
  trees: { nodes: N, treeRoot: [0], treeGroup: [0], leaf: 'bits:' + b64(leafBits), feature: 'u8:' + b64(new Uint8Array(N - 1)), flags: 'u8:' + b64(new Uint8Array(N - 1)),
    left: 'u8:' + b64(new Uint8Array(N - 1).fill(1)), threshold: 'f32le:' + b64(new Uint8Array(4 * (N - 1))), catLen: 'u8:', catWords: 'u8:', value: 'u8:' + b64(new Uint8Array(K)) } });
const bombs = {
  'forest-wide-values': () => wide,
  'ubj-null-64k': () => ubj(6500, 60000, 'Z'),
  'ubj-null-256k': () => ubj(26000, 200000, 'Z'),
  'ubj-true-256k': () => ubj(26000, 200000, 'T'),
  'json-quotes-1mb': () => '{"learner": "' + '\\\\"'.repeat(500000),
  'json-quotes-closed': () => '{"learner": {"a": NaN, "b": "' + '\\\\"'.repeat(500000) + '"}}',
  'json-deep-1e6': () => '{"format": "thicket-model", "learner": "automl", "members": ' + '['.repeat(1e6) + ']'.repeat(1e6) + '}',
  'thicket-deep-1e6': () => '{"format": "thicket-model", "version": 2, "learner": "gbdt", "schema": ' + '{"a":'.repeat(1e6) + '1' + '}'.repeat(1e6) + '}',
  'xgb-deep-1e5': () => '{"learner": {"attributes": ' + '{"a":'.repeat(1e5) + '1' + '}'.repeat(1e5) + '}, "version": [1, 7, 4]}',
  'xgb-65536-classes': () => classes,
  'xgb-1m-unnamed-features': () => classes.replace('"num_class":"65536","num_feature":"2"', '"num_class":"0","num_feature":"1048576"').replace('multi:softprob', 'binary:logistic'),
};
const only = process.argv[2];
for (const [name, make] of Object.entries(bombs)) {
  if (only && name !== only) continue;
  const input = make();
  const t0 = performance.now();
  let outcome;
  try { rt.loadModel(input); outcome = 'loaded'; } catch (e) { outcome = e.name + ': ' + e.message.slice(0, 160); }
  console.log(JSON.stringify({ name, ms: performance.now() - t0, outcome, rssMB: process.memoryUsage().rss / 2 ** 20 }));
}
`;

describe('bombs in the runtime: a ThicketError within time and memory bounds (items 3, 4, 5, 9)', () => {
  it('every bomb ends in a ThicketError within 10 s each (the quadratic rewriting took over 60 s), with a 256 MB heap', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--stack-size=984', '--input-type=module', '-e', BOMBS], {
      encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; ms: number; outcome: string; rssMB: number });
    expect(results.map((x) => x.name)).toHaveLength(11);
    for (const x of results) {
      expect(x.outcome, x.name).toMatch(/^ThicketError: model input: /);
      expect(x.ms, x.name).toBeLessThan(10_000);
      expect(x.rssMB, x.name).toBeLessThan(600);
    }
    expect(results[0]!.outcome).toContain('trees.leaf marks 1 leaves, but 2999 splits in 1 trees have 3000');
    const by = Object.fromEntries(results.map((x) => [x.name, x.outcome]));
    expect(by['ubj-null-256k']).toContain('declare more values in all than');
    expect(by['json-deep-1e6']).toContain('nested deeper than 64 levels');
    expect(by['thicket-deep-1e6']).toContain('nested deeper than 64 levels');
    expect(by['xgb-65536-classes']).toContain('num_class is 65536 but the model has 1 trees');
    expect(by['xgb-1m-unnamed-features']).toMatch(/num_feature is 1048576, implausible for a \d+-byte file without feature names/);
  });

  it('the NaN / Infinity rewriting is linear and leaves strings alone', () => {
    expect(rewriteNonStandardNumbers('{"a": NaN, "b": [-Infinity, Infinity], "c": "NaN \\" Infinity"}'))
      .toBe('{"a": null, "b": [-1e999, 1e999], "c": "NaN \\" Infinity"}');
    const big = '{"learner": "' + '\\"'.repeat(2_000_000);
    const t0 = performance.now();
    expect(rewriteNonStandardNumbers(big)).toBe(big);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('AutoML files are validated like models (item 5)', () => {
  let cases: AutoMLCase[];
  beforeAll(async () => {
    cases = await automlModels();
  });
  /** The case's document, edited. */
  const edited = (c: AutoMLCase, edit: (d: Record<string, any>) => void): Record<string, unknown> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const d = JSON.parse(c.text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete d.checksum;
    edit(d);
    return d;
  };

  it('a 3-class schema over binary folds (tree and linear), duplicated classes or levels, a bad stacker: clear errors', () => {
    const binary = cases.find((c) => c.name === 'automl-stacked')!;
    const multi = cases.find((c) => c.name === 'automl-weighted')!;
    // Schema says 3 classes, the folds are binary.
    const threeClasses = (d: Record<string, any>) => { d.schema.target.task = 'multiclass'; d.schema.target.classes = ['no', 'yes', 'maybe']; }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(thicketError(() => rt.loadModel(edited(binary, threeClasses)))).toMatch(/schema differs|stacker|classes/);
    // Only linear folds (the path that used to check features only).
    const linearOnly = edited(binary, (d) => {
      threeClasses(d);
      d.members = [{ ...d.members[2], weight: 1 }];
      delete d.ensemble.stacker;
    });
    expect(thicketError(() => rt.loadModel(linearOnly))).toMatch(/fold 0: is a binary model, the schema's target is multiclass/);
    expect(thicketError(() => rt.loadModel(edited(binary, (d) => { d.schema.target.classes = ['no', 'no']; })))).toMatch(/schema.target.classes\[1\] repeats class "no"|repeats/);
    expect(thicketError(() => rt.loadModel(edited(multi, (d) => { d.schema.target.classes = ['high', 'low', 'mid', 'x']; })))).toMatch(/schema differs|classes/);
    const city = (d: Record<string, any>) => d.schema.features.find((f: { name: string }) => f.name === 'city'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(thicketError(() => rt.loadModel(edited(multi, (d) => { const f = city(d); f.levels = [f.levels[0], ...f.levels]; })))).toMatch(/repeats level/);
    // The stacker: members, outputs, task.
    expect(thicketError(() => rt.loadModel(edited(binary, (d) => { d.members[0].weight = 0.5; d.members[1].weight = 0.5; d.members.pop(); })))).toMatch(/stacker: expects 3 members, the model has 2/);
    expect(thicketError(() => rt.loadModel(edited(binary, (d) => { d.ensemble.stacker.model.coef[0] = 'x'; })))).toMatch(/coef\[0\] must be a finite number/);
  });

  it('preprocessing, metric, validation and leaderboard are checked by type (no internal error)', () => {
    const c = cases[0]!;
    const bad: [string, (d: Record<string, any>) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['metric object', (d) => { d.metric = { toString: 1 }; }, /metric must be a string/],
      ['validation', (d) => { d.validation = { kind: 'cv', folds: 'x' }; }, /validation.folds must be an integer/],
      ['leaderboard', (d) => { d.leaderboard = [{ rank: 1, learner: { toString: 1 } }]; }, /leaderboard\[0\].learner must be a string/],
      ['dropped feature', (d) => { d.preprocess.dropped.push({ name: 'x2', reason: 'x' }); }, /dropped column "x2" is also a feature/],
      ['rare twice', (d) => { d.preprocess.rare.push(d.preprocess.rare[0]); }, /repeats column/],
      ['date kind', (d) => { d.preprocess.dates[0].withTime = 'yes'; }, /withTime must be true or false/],
      ['member learner', (d) => { d.members[0].learner = '__proto__'; }, /learner must be one of gbdt, rf, extratrees, linear/],
      ['NaN leaf', (d) => { d.members[0].folds[0].trees.value = 'f32le:AADAfw=='; }, /trees.value/],
    ];
    for (const [name, edit, want] of bad) {
      expect(thicketError(() => rt.loadModel(edited(c, edit))), name).toMatch(want);
      expect(thicketError(() => rt.loadModel(JSON.stringify(edited(c, edit)))), name).toMatch(want);
    }
  });
});

describe('checksum (item 9)', () => {
  it('is written, verified on load, shown as missing for old files, and a flipped byte is reported', async () => {
    const text = modelToJson(binaryModel());
    expect(text).toMatch(/,\n {2}"checksum": "crc32:[0-9a-f]{8}"\n\}\n$/);
    expect(parseModel(text, 'm.json')).toBeTruthy();
    rt.loadModel(text);
    rt.loadModel(new TextEncoder().encode(text));
    // Without the field: loads (files written before checksums).
    const old = text.replace(/,\n {2}"checksum": "crc32:[0-9a-f]{8}"/, '');
    expect(parseModel(old, 'old.json')).toBeTruthy();
    rt.loadModel(old);
    // A change that still validates: the base margin's last digit.
    const flipped = text.replace(/"baseMargin": (-?[0-9.]+)(\d)/, (_m, a: string, d: string) => `"baseMargin": ${a}${(Number(d) + 1) % 10}`);
    expect(flipped).not.toBe(text);
    expect(() => parseModel(flipped, 'm.json')).toThrow(/model m.json: checksum mismatch: the file says crc32:[0-9a-f]{8} but its contents give crc32:[0-9a-f]{8}/);
    expect(thicketError(() => rt.loadModel(flipped))).toMatch(/checksum mismatch/);
    expect(thicketError(() => rt.loadModel(text.replace(/crc32:[0-9a-f]{8}/, 'crc32:xyz')))).toMatch(/checksum must be "crc32:" and 8 hex digits/);
    const automl = (await automlModels())[1]!;
    expect(automl.text).toMatch(/"checksum": "crc32:[0-9a-f]{8}"\n\}\n$/);
    rt.loadModel(automl.text);
    expect(thicketError(() => rt.loadModel(automl.text.replace('"weight":0.5', '"weight":0.50000001')))).toMatch(/checksum mismatch/);
  });
});

/** Deterministic pseudo-random integers. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s >>> 8; };
}

/** Random byte edits: flips, replacements with structural characters, deletions, insertions, cuts, duplicated runs. */
function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const a = Array.from(bytes);
  const special = [0x5b, 0x5d, 0x7b, 0x7d, 0x22, 0x2c, 0x3a, 0x23, 0x24, 0x5a, 0x4c, 0x6c, 0x55, 0x69, 0x30, 0x39, 0xff, 0x00, 0x7f];
  for (let k = 1 + (next() % 4); k > 0; k--) {
    const at = next() % Math.max(a.length, 1);
    switch (next() % 6) {
      case 0: a[at] = a[at]! ^ (1 << (next() % 8)); break;
      case 1: a[at] = special[next() % special.length]!; break;
      case 2: a.splice(at, 1 + (next() % 8)); break;
      case 3: a.splice(at, 0, special[next() % special.length]!); break;
      case 4: a.length = at; break;
      default: { const run = a.slice(at, at + 1 + (next() % 64)); a.splice(at, 0, ...run, ...run); }
    }
  }
  return Uint8Array.from(a);
}

describe('fuzz: the runtime loader gives a ThicketError or a model, quickly', () => {
  it('JSON (thicket single + AutoML, XGBoost) and UBJSON mutations', async () => {
    const xgbDir = join(ROOT, 'test/fixtures/xgb-models');
    const seeds: Uint8Array[] = [
      new TextEncoder().encode(modelToJson(binaryModel())),
      new TextEncoder().encode((await automlModels())[0]!.text.slice(0, 60_000)),
      readFileSync(join(xgbDir, 'breast_cancer_binary.json')),
      readFileSync(join(xgbDir, 'breast_cancer_binary.ubj')),
      readFileSync(join(xgbDir, 'breast_cancer_gamma.ubj')),
    ].map((b) => new Uint8Array(b));
    const next = lcg(12);
    const t0 = performance.now();
    let loaded = 0, failed = 0, slowest = 0;
    const rows = [{ f0: 1, f1: 2 }];
    for (let trial = 0; trial < 600; trial++) {
      const seed = seeds[trial % seeds.length]!;
      const input = mutate(seed, next);
      const asText = trial % 2 === 0 && trial % seeds.length !== 3 && trial % seeds.length !== 4;
      const s = performance.now();
      try {
        const m = rt.loadModel(asText ? new TextDecoder().decode(input) : input);
        loaded++;
        try { m.predictRaw(rows); } catch (e) { expect((e as Error).name).toBe('ThicketError'); }
      } catch (e) {
        if (!(e instanceof rt.ThicketError)) throw new Error(`trial ${trial}: ${(e as Error).name}: ${(e as Error).message}`);
        failed++;
      }
      slowest = Math.max(slowest, performance.now() - s);
    }
    expect(loaded + failed).toBe(600);
    expect(failed).toBeGreaterThan(300);
    expect(slowest).toBeLessThan(1500);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it('the runtime never throws anything but a ThicketError, on inputs of any type', () => {
    const m = rt.loadModel(modelToJson(binaryModel()));
    const odd: unknown[] = [null, undefined, 42, true, Symbol('x'), () => 1, [1], { columns: 5 }, { columns: { x: 'abc' } }, [{ x: {} }], [null], new Proxy({}, { get: () => { throw new RangeError('boom'); } })];
    for (const x of odd) {
      for (const call of [() => m.predict(x as never), () => m.predictRaw(x as never), () => m.predictProba(x as never)]) {
        try { call(); } catch (e) { expect((e as Error).name, String(e)).toBe('ThicketError'); }
      }
      try { rt.loadModel(x as never); } catch (e) { expect((e as Error).name, String(e)).toBe('ThicketError'); }
      try { rt.loadModel('{}', x as never); } catch (e) { expect((e as Error).name, String(e)).toBe('ThicketError'); }
    }
    expect(ThicketError).toBeTruthy();
  });
});
