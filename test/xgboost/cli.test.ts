// The CLI on XGBoost files: predict / evaluate / info accept XGBoost JSON and UBJSON models, export writes XGBoost JSON.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectFailure, expectSuccess, parseSimpleCsv, requireBuild, scratchDir, thicket, writeFile } from '../cli/run-cli.js';
import { casesOf, FIXTURES } from './helpers.js';

beforeAll(requireBuild);

const byName = (name: string) => [...casesOf('import'), ...casesOf('export')].find((c) => c.name === name)!;

describe('predict, evaluate and info on XGBoost models', () => {
  it('predict: a UBJSON model with level names in its attribute; XGBoost\'s probabilities', () => {
    const c = byName('penguins_thicket_attribute');
    const r = thicket(['predict', c.model_files!.ubj, c.data!], { cwd: process.cwd() });
    expectSuccess(r);
    const rows = parseSimpleCsv(r.stdout);
    expect(rows[0]).toEqual(['prediction', 'p_Adelie', 'p_Chinstrap', 'p_Gentoo']);
    expect(rows.length - 1).toBe(c.n_rows);
    for (let i = 0; i < c.n_rows!; i++) {
      for (let k = 0; k < 3; k++) expect(Math.abs(Number(rows[i + 1]![k + 1]) - c.pred![3 * i + k]!)).toBeLessThan(1e-6);
    }
    expect(r.stderr).toMatch(/column 'island': 5 rows have levels not seen in training/); // the stress file's unseen islands
  });

  it('predict: an unnamed model reads the data file by position', () => {
    const c = byName('no_feature_names');
    const r = thicket(['predict', c.model_files!.json, c.data!], { cwd: process.cwd() });
    expectSuccess(r);
    const rows = parseSimpleCsv(r.stdout);
    expect(rows[0]).toEqual(['prediction', 'p_0', 'p_1']);
    for (let i = 0; i < c.n_rows!; i++) expect(Math.abs(Number(rows[i + 1]![2]) - c.pred![i]!)).toBeLessThan(1e-6);
  });

  it('predict: categorical codes beyond every bitset, negative codes, 3e9', () => {
    const c = byName('categorical_codes');
    const r = thicket(['predict', c.model_files!.ubj, c.data!], { cwd: process.cwd() });
    expectSuccess(r);
    const rows = parseSimpleCsv(r.stdout);
    for (let i = 0; i < c.n_rows!; i++) expect(Math.abs(Number(rows[i + 1]![2]) - c.pred![i]!)).toBeLessThan(1e-6);
  });

  it('evaluate: XGBoost model and its thicket export give the same metrics', () => {
    const c = byName('tk_mlc_churn_partition');
    const a = thicket(['evaluate', c.model!, c.data!, '--target', 'churn', '--json'], { cwd: process.cwd() });
    const b = thicket(['evaluate', c.export!, c.data!, '--target', 'churn', '--json'], { cwd: process.cwd() });
    expectSuccess(a);
    expectSuccess(b);
    const ma = JSON.parse(a.stdout).metrics, mb = JSON.parse(b.stdout).metrics;
    expect(mb).toEqual(ma);
    expect(Object.keys(ma)).toEqual(['auc', 'logloss', 'accuracy']);
  });

  it('evaluate: labels of a model without class names are class indices', () => {
    const dir = scratchDir();
    const csv = readFileSync('data/breast_cancer.test.csv', 'utf8').replace(/,benign$/gm, ',0').replace(/,malignant$/gm, ',1');
    const data = writeFile(dir, 'bc.csv', csv);
    const r = thicket(['evaluate', join(process.cwd(), byName('no_feature_names').model_files!.ubj), data, '--target', 'diagnosis', '--json'], { cwd: dir });
    expectSuccess(r);
    expect(JSON.parse(r.stdout).metrics.auc).toBeGreaterThan(0.95);
    const bad = thicket(['evaluate', join(process.cwd(), byName('no_feature_names').model_files!.ubj), join(process.cwd(), 'data/breast_cancer.test.csv'), '--target', 'diagnosis'], { cwd: dir });
    expectFailure(bad, 1, "class 'benign' was not seen in training (known classes: '0', '1')");
  });

  it('info: says where the model came from and how columns are matched', () => {
    const r = thicket(['info', byName('categorical_codes').model_files!.json], { cwd: process.cwd() });
    expectSuccess(r);
    expect(r.stdout).toContain('imported from:  XGBoost 1.7.4 (gbtree, binary:logistic)');
    expect(r.stdout).toContain("or else the data's first 19 columns by position");
    expect(r.stdout).toContain('f0, f2, f3, f4: categorical in XGBoost, read as integer codes');
    const j = thicket(['info', byName('rf_binary').model_files!.ubj, '--json'], { cwd: process.cwd() });
    expectSuccess(j);
    expect(JSON.parse(j.stdout).xgboost).toEqual({
      xgboost_version: '1.7.4', booster: 'gbtree', objective: 'binary:logistic', num_parallel_tree: 8, feature_matching: 'name',
      code_features: [], thicket_attribute: false,
    });
  });

  it('a JSON model with NaN literals and "version" before "learner" is still recognised', () => {
    const dir = scratchDir();
    const text = readFileSync('test/fixtures/xgb-models/penguins_cat_missing.json', 'utf8').trimEnd();
    const at = text.lastIndexOf(',"version":');
    expect(at).toBeGreaterThan(0);
    const reordered = `{${text.slice(at + 1, -1)},${text.slice(1, at)}}`;
    expect(reordered.startsWith('{"version":[1,7,4],"learner":')).toBe(true);
    const model = writeFile(dir, 'm.json', reordered);
    const a = thicket(['predict', model, join(process.cwd(), 'data/penguins.test.csv')], { cwd: dir });
    const b = thicket(['predict', join(process.cwd(), 'test/fixtures/xgb-models/penguins_cat_missing.json'), join(process.cwd(), 'data/penguins.test.csv')], { cwd: dir });
    // Strings where the model (no level names) reads category codes.
    expectFailure(a, 1, "column 'island' holds text such as 'Dream', but XGBoost model");
    expect(a.stderr).toContain("so it reads XGBoost's integer category codes; give the levels with the learner attribute 'thicket'");
    expect(a.stderr).toBe(b.stderr.replace(join(process.cwd(), 'test/fixtures/xgb-models/penguins_cat_missing.json'), model));
  });

  it('an unsupported XGBoost model fails with the reason', () => {
    const r = thicket(['predict', `${FIXTURES}/models/dart_weight_drop.json`, 'data/penguins.test.csv'], { cwd: process.cwd() });
    expectFailure(r, 1, 'a dart model scales its trees by weight_drop at prediction');
    const t = thicket(['info', `${FIXTURES}/models/multi_target.ubj`], { cwd: process.cwd() });
    expectFailure(t, 1, 'num_target is 2: multi-target models are not supported');
  });
});

describe('thicket export', () => {
  it('writes XGBoost JSON that thicket predicts identically', () => {
    const dir = scratchDir();
    const c = byName('tk_penguins_softmax');
    const out = join(dir, 'm.json');
    const r = thicket(['export', join(process.cwd(), c.model!), '--format', 'xgboost-json', '--out', out], { cwd: dir });
    expectSuccess(r);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`to ${out} as XGBoost JSON`);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(c.export!, 'utf8'));
    const a = thicket(['predict', join(process.cwd(), c.model!), join(process.cwd(), c.data!)], { cwd: dir });
    const b = thicket(['predict', out, join(process.cwd(), c.data!)], { cwd: dir });
    expectSuccess(b);
    expect(b.stdout).toBe(a.stdout);
  });

  it('refuses what it cannot write exactly, and bad usage', () => {
    const dir = scratchDir();
    const rf = casesOf('export_error')[0]!;
    expectFailure(thicket(['export', join(process.cwd(), rf.model!), '--format', 'xgboost-json', '--out', join(dir, 'x.json')], { cwd: dir }), 1,
      'classification forests cannot be written exactly');
    expectFailure(thicket(['export', join(process.cwd(), rf.model!), '--format', 'onnx', '--out', join(dir, 'x.json')], { cwd: dir }), 2,
      '--format onnx: must be one of xgboost-json');
    expectFailure(thicket(['export', join(dir, 'missing.json'), '--format', 'xgboost-json', '--out', join(dir, 'x.json')], { cwd: dir }), 1,
      'file not found');
    expectFailure(thicket(['export', join(process.cwd(), byName('tk_iris_softprob').model!), '--format', 'xgboost-json', '--out', join(dir, 'no/such/dir.json')], { cwd: dir }), 1,
      'cannot be written: its folder');
  });
});
