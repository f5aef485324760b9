// Reads the reference datasets in ../shared/data when they are present (a user's clone has none; these tests then skip).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySchema } from '../../src/data/apply-schema.js';
import { readFrame } from '../../src/data/read-frame.js';
import { inferSchema } from '../../src/data/schema.js';

const shared = resolve(import.meta.dirname, '../../../shared/data');
const breastCancer = resolve(shared, 'breast_cancer.train.csv');
const ames = resolve(shared, 'ames.train.csv');
const manifestPath = resolve(shared, 'manifest.json');

interface ManifestEntry {
  name: string;
  task: string;
  target: string;
  classes?: string[];
  n_train: number;
  n_test: number;
  categorical_columns: string[];
  files: { train: string; test: string };
}

describe('shared reference data', () => {
  it.skipIf(!existsSync(breastCancer))('breast_cancer.train.csv: 455 rows, 30 numeric features, binary target', async () => {
    const frame = await readFrame(breastCancer);
    expect(frame.nRows).toBe(455);
    const schema = inferSchema(frame, 'diagnosis');
    expect(schema.target).toEqual({ name: 'diagnosis', task: 'binary', classes: ['benign', 'malignant'] });
    expect(schema.features).toHaveLength(30);
    expect(schema.features.every((f) => f.kind === 'numeric')).toBe(true);
    const data = applySchema(frame, schema, { requireTarget: true });
    expect(data.features.length).toBe(455 * 30);
    expect(data.features.some(Number.isNaN)).toBe(false);
  });

  it.skipIf(!existsSync(ames))('ames: the test file has unseen levels in three columns, reported as warnings', async () => {
    const train = await readFrame(ames);
    const schema = inferSchema(train, 'Sale_Price');
    expect(schema.target.task).toBe('regression');
    const warnings: string[] = [];
    applySchema(await readFrame(resolve(shared, 'ames.test.csv')), schema, { requireTarget: true, onWarning: (m) => warnings.push(m) });
    expect(warnings.map((w) => w.match(/column '([^']+)'/)![1]).sort()).toEqual(['Electrical', 'Exterior_2nd', 'Misc_Feature']);
  });

  it.skipIf(!existsSync(manifestPath))('every manifest dataset reads with the manifest\'s row counts, column kinds, task and classes', async () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
    for (const d of manifest) {
      const train = await readFrame(resolve(shared, d.files.train));
      expect(train.nRows, d.name).toBe(d.n_train);
      const cats = train.columns.filter((c) => c.kind === 'categorical' && c.name !== d.target).map((c) => c.name);
      expect(cats.sort(), d.name).toEqual([...d.categorical_columns].sort());
      const schema = inferSchema(train, d.target);
      expect(schema.target.task, d.name).toBe(d.task);
      if (d.classes) expect(schema.target.classes, d.name).toEqual(d.classes);
      const test = await readFrame(resolve(shared, d.files.test));
      expect(test.nRows, d.name).toBe(d.n_test);
      const data = applySchema(test, schema, { requireTarget: true, onWarning: () => {} });
      expect(data.target!.length, d.name).toBe(d.n_test);
    }
  });
});
