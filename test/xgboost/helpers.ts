/** Shared by the XGBoost interop tests: the committed fixtures of test/fixtures/make-xgb-interop-fixtures.py, and scoring a data file. */
import { readFileSync } from 'node:fs';
import { readFrame } from '../../src/data/read-frame.js';
import { applySchema } from '../../src/data/apply-schema.js';
import type { Dataset } from '../../src/data/frame.js';
import type { Model } from '../../src/model/model.js';
import { predictDataset, type Prediction } from '../../src/predict/predictor.js';
import type { SchemaHint } from '../../src/xgboost/thicket-attribute.js';
import { xgboostFramePreparer } from '../../src/xgboost/feature-matching.js';

export interface InteropCase {
  name: string;
  group: 'import' | 'error' | 'export' | 'export_error';
  model_files?: { json: string; ubj: string };
  model?: string;
  export?: string;
  data?: string;
  schema?: SchemaHint | null;
  objective?: string;
  n_rows?: number;
  n_groups?: number;
  margin?: number[];
  pred?: number[];
  error?: string;
}

export const FIXTURES = 'test/fixtures/xgb-interop';
export const expected = JSON.parse(readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as { cases: InteropCase[] };
export const casesOf = (group: InteropCase['group']) => expected.cases.filter((c) => c.group === group);

/** Reads a data file for a model the way the CLI does (positional columns for unnamed XGBoost models). */
export async function dataFor(model: Model, path: string): Promise<Dataset> {
  const frame = await readFrame(path);
  const prepared = model.learner === 'gbdt' ? xgboostFramePreparer(model)(frame) : frame;
  return applySchema(prepared, model.schema, { requireTarget: false });
}

/** XGBoost's predict() output from thicket's prediction: P(class 1), values, margins (logitraw) or class indices (softmax). */
export function xgbStyleOutput(objective: string, p: Prediction): Float64Array {
  const n = p.nRows;
  if (objective === 'binary:logitraw') return Float64Array.from(p.margins);
  if (objective === 'multi:softmax') return Float64Array.from(p.labels!);
  if (objective.startsWith('binary:')) return Float64Array.from({ length: n }, (_, i) => p.output[2 * i + 1]!);
  return p.output;
}

/** Largest absolute difference, and how many entries differ at all. */
export function compare(got: ArrayLike<number>, want: ArrayLike<number>): { worst: number; differing: number } {
  if (got.length !== want.length) throw new Error(`length ${got.length} != ${want.length}`);
  let worst = 0, differing = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (d > worst) worst = d;
    if (d !== 0) differing++;
  }
  return { worst, differing };
}

export function predict(model: Model, data: Dataset): Prediction {
  return predictDataset(model, data);
}
