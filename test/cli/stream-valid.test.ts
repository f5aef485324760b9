import { describe, expect, it } from 'vitest';
import { readInBatches } from '../../src/cli/stream-score.js';
import { readFrame } from '../../src/data/read-frame.js';
import { inferSchema } from '../../src/data/schema.js';
import { applySchema } from '../../src/data/apply-schema.js';

describe("train's --valid read in batches", () => {
  it('gives the dataset the whole-file read gives, for any batch size, with the same unseen-level warning', async () => {
    for (const [name, target] of [['mlc_churn', 'churn'], ['penguins', 'species'], ['diabetes', 'progression']] as const) {
      const schema = inferSchema(await readFrame(`data/${name}.train.csv`), target);
      const warnings: string[] = [];
      const want = applySchema(await readFrame(`data/${name}.test.csv`), schema, { requireTarget: true, onWarning: (m) => warnings.push(m) });
      for (const rows of [1, 7, 100, 1 << 17]) {
        const got: string[] = [];
        const io = { stdout: () => {}, stderr: (t: string) => { if (/warning/.test(t)) got.push(t); } };
        const d = await readInBatches(`data/${name}.test.csv`, schema, io, rows);
        expect(d.nRows, `${name} ${rows}`).toBe(want.nRows);
        expect(Buffer.from(d.features.buffer).equals(Buffer.from(want.features.buffer)), `${name} ${rows}`).toBe(true);
        expect(Array.from(d.target!)).toEqual(Array.from(want.target!));
        expect(got.length).toBe(warnings.length);
      }
    }
  });
});
