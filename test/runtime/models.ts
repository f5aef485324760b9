/**
 * Models for the runtime tests, trained in-process with the full package on the bundled data
 * (no ../shared, no Python): GBDT binary / multiclass / regression, rf, extratrees, and AutoML
 * ensembles (preprocessing with a date, rare levels and dropped columns; gbdt, rf and linear
 * members; stacked and weighted). Also the full package's own predictions, the reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frameFromJs, type Cell, type TableInput } from '../../src/data/frame-from-js.js';
import { applySchema } from '../../src/data/apply-schema.js';
import type { Dataset, Frame } from '../../src/data/frame.js';
import { inferSchema } from '../../src/data/schema.js';
import { trainGBDT } from '../../src/boosting/train.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { trainLinear } from '../../src/linear/linear-model.js';
import { fitStack } from '../../src/ensemble/stacking.js';
import { fitPreprocess } from '../../src/automl/preprocess.js';
import { applyPreprocess } from '../../src/inference/preprocess.js';
import { makeAutoMLModel, predictAutoML, type AutoMLMember, type AutoMLModel } from '../../src/automl/automl-model.js';
import { automlJsonChunks } from '../../src/automl/automl-file.js';
import { datasetRows, type FoldModel } from '../../src/automl/trial.js';
import { modelToJson } from '../../src/model/model-file.js';
import type { Model } from '../../src/model/model.js';
import { predictDataset } from '../../src/predict/predictor.js';

export const ROOT = join(import.meta.dirname, '../..');

/** The message of the error f() throws, which must be an `Expected` (the bundle's own ThicketError class); null when it returns. */
export function errorMessage(f: () => unknown, Expected: new (...args: never[]) => Error): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof Expected)) throw e;
    return e.message;
  }
}

export type Row = Record<string, Cell>;

/** A bundled CSV as row objects: numbers where the text is a number, null for empty fields. */
export function csvRows(name: string): Row[] {
  const lines = readFileSync(join(ROOT, 'data', name), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  return lines.slice(1).map((line) => {
    const row: Row = {};
    line.split(',').forEach((v, i) => {
      row[header[i]!] = v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v);
    });
    return row;
  });
}

function dataset(rows: Row[], target: string, source = 'train'): Dataset {
  const frame = frameFromJs(rows, { source });
  return applySchema(frame, inferSchema(frame, target), { requireTarget: true });
}

/** The full package's prediction output (Float64Array, predictor convention) for a single model. */
export function referenceOutput(model: Model, X: TableInput): Float64Array {
  return predictDataset(model, applySchema(frameFromJs(X, { source: 'X' }), model.schema, { requireTarget: false })).output;
}

/** The full package's AutoML output for X (preprocessing replayed, as `thicket predict` does). */
export function referenceAutoML(model: AutoMLModel, X: TableInput): Float64Array {
  const frame = frameFromJs(X, { source: 'X' });
  const input: Frame = { ...frame, columns: frame.columns.filter((c) => c.name !== model.schema.target.name) };
  return predictAutoML(model, applySchema(applyPreprocess(input, model.preprocess), model.schema, { requireTarget: false }));
}

export interface SingleCase {
  name: string;
  model: Model;
  text: string;
  rows: Row[];
}

let singles: Promise<SingleCase[]> | null = null;

/** gbdt (binary, multiclass with categoricals and missing values, regression), rf, extratrees. */
export function singleModels(): Promise<SingleCase[]> {
  singles ??= (async () => {
    const bc = csvRows('breast_cancer.train.csv');
    const peng = csvRows('penguins.train.csv');
    const diab = csvRows('diabetes.train.csv');
    const churn = csvRows('mlc_churn.train.csv');
    const out: SingleCase[] = [];
    const add = (name: string, model: Model, rows: Row[]) => out.push({ name, model, text: modelToJson(model), rows });
    add('gbdt-binary', trainGBDT({ num_boost_round: 30, max_depth: 4, nthread: 1 }, dataset(bc, 'diagnosis')), csvRows('breast_cancer.test.csv'));
    add('gbdt-multiclass', trainGBDT({ num_boost_round: 20, max_depth: 3, nthread: 1 }, dataset(peng, 'species')), csvRows('penguins.test.csv'));
    add('gbdt-categorical', trainGBDT({ num_boost_round: 20, max_depth: 5, nthread: 1 }, dataset(churn, 'churn')), csvRows('mlc_churn.test.csv'));
    add('gbdt-regression', trainGBDT({ num_boost_round: 25, max_depth: 3, objective: 'count:poisson', nthread: 1 }, dataset(diab, 'progression')), csvRows('diabetes.test.csv'));
    add('rf-multiclass', (await trainForest('rf', { n_estimators: 15, nthread: 1, seed: 1 }, dataset(peng, 'species'))).model, csvRows('penguins.test.csv'));
    add('rf-binary', (await trainForest('rf', { n_estimators: 10, max_depth: 8, nthread: 1, seed: 2 }, dataset(churn, 'churn'))).model, csvRows('mlc_churn.test.csv'));
    add('extratrees-regression', (await trainForest('extratrees', { n_estimators: 12, nthread: 1, seed: 3 }, dataset(diab, 'progression'))).model, csvRows('diabetes.test.csv'));
    return out;
  })();
  return singles;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A table for AutoML preprocessing: an ID column and a constant column (dropped), an ISO date
 * column (expanded), a city column with rare levels (grouped), numeric columns with missing values.
 */
export function automlRows(n: number, seed: number, task: 'binary' | 'multiclass' = 'binary'): Row[] {
  const r = rng(seed);
  const cities = ['Oslo', 'Bergen', 'Tromso', 'Bodo', 'Alta', 'Moss', 'Hamar'];
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = r() < 0.05 ? null : Math.round(r() * 1000) / 10;
    const x2 = r() * 4 - 2;
    const city = r() < 0.003 ? `Rare${i}` : cities[Math.floor(r() * r() * cities.length)]!;
    const day = 1 + Math.floor(r() * 28);
    const month = 1 + Math.floor(r() * 12);
    const date = `2021-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const s = (x1 ?? 50) / 25 + x2 + (city === 'Oslo' ? 1 : 0) + (month > 6 ? 0.8 : 0) + (r() - 0.5) * 2;
    const y = task === 'binary' ? (s > 2.5 ? 'yes' : 'no') : s > 3.2 ? 'high' : s > 1.8 ? 'mid' : 'low';
    rows.push({ id: i + 1, constant: 7, x1, x2, city, signup: date, y });
  }
  return rows;
}

export interface AutoMLCase {
  name: string;
  model: AutoMLModel;
  text: string;
  rows: Row[];
}

let automls: Promise<AutoMLCase[]> | null = null;

/** AutoML ensembles built from the package's parts: two folds per member, stacked (binary) and weighted (multiclass). */
export function automlModels(): Promise<AutoMLCase[]> {
  automls ??= (async () => {
    const out: AutoMLCase[] = [];
    for (const [name, task] of [['automl-stacked', 'binary'], ['automl-weighted', 'multiclass']] as const) {
      const train = automlRows(1200, task === 'binary' ? 11 : 12, task);
      const frame = frameFromJs(train, { source: 'train' });
      const preprocess = fitPreprocess(frame, 'y');
      const pf = applyPreprocess(frame, preprocess);
      const schema = inferSchema(pf, 'y');
      const ds = applySchema(pf, schema, { requireTarget: true });
      const half = (k: number) => Uint32Array.from({ length: ds.nRows }, (_, i) => i).filter((i) => i % 2 === k);
      const parts = [datasetRows(ds, half(0)), datasetRows(ds, half(1))];
      const folds = async (learner: string): Promise<FoldModel[]> => Promise.all(parts.map(async (p, k) => {
        if (learner === 'gbdt') return trainGBDT({ num_boost_round: 15, max_depth: 3, nthread: 1, seed: k }, p);
        if (learner === 'linear') return trainLinear(p, { l2: 1 });
        return (await trainForest('rf', { n_estimators: 8, max_depth: 6, nthread: 1, seed: k }, p)).model;
      }));
      const members: AutoMLMember[] = [];
      for (const [learner, weight] of [['gbdt', 0.5], ['rf', 0.3], ['linear', 0.2]] as const) {
        members.push({ trial: members.length, learner, config: {}, weight, folds: await folds(learner) });
      }
      let ensemble: AutoMLModel['ensemble'] = { kind: 'greedy', reason: 'test weights' };
      if (name === 'automl-stacked') {
        const outputs = members.map((m) => predictAutoML(makeAutoMLModel({
          schema, preprocess, metric: 'logloss', validation: { kind: 'cv', folds: 2, rows: ds.nRows, value: 0 },
          ensemble: { kind: 'single', reason: '' }, members: [{ ...m, weight: 1 }], leaderboard: [],
        }), ds));
        const stack = fitStack(outputs, ds.target!, { metric: 'logloss', task, folds: 3, seed: 0 });
        ensemble = { kind: 'stacking', reason: 'test stacker', stacker: stack.stacker };
      }
      const model = makeAutoMLModel({
        schema, preprocess, metric: 'logloss', validation: { kind: 'cv', folds: 2, rows: ds.nRows, value: 0 }, ensemble, members, leaderboard: [],
      });
      out.push({ name, model, text: [...automlJsonChunks(model)].join(''), rows: automlRows(300, 99, task) });
    }
    return out;
  })();
  return automls;
}
