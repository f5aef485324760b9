import { describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { spillCsv, type SpilledCsv, type SpillOptions } from '../../src/data/csv-spill.js';
import { prepareSpilled } from '../../src/boosting/spill-bins.js';
import { trainGBDTFrom } from '../../src/boosting/train.js';
import { trainGBDTSharded } from '../../src/boosting/shard-booster.js';
import { shardSizes, tooManyShardedRows } from '../../src/boosting/shards.js';
import { predictDataset } from '../../src/predict/predictor.js';
import { readFrame } from '../../src/data/read-frame.js';
import { applySchema } from '../../src/data/apply-schema.js';
import { inferSchema } from '../../src/data/schema.js';
import { evaluateTask } from '../../src/metric/metrics.js';
import type { ParamMap } from '../../src/params.js';
import type { GBDTModel } from '../../src/model/model.js';
import { maxShardedRows, maxShardRows, maxTrainingRows, shardRowBytes } from '../../src/wasm/memory-budget.js';
import { tempFile } from '../data/helpers.js';
import { Rng } from '../../src/util/rng.js';

const SYNTH = { nFeatures: 28, nGroups: 1, weighted: false };

async function spilledModels(path: string, target: string, cut: SpillOptions,
  run: (train: (p: ParamMap, maxShardRows?: number) => GBDTModel) => void): Promise<void> {
  const outcome = await spillCsv(path, target, cut);
  if (!outcome.ok) throw new Error(outcome.reason);
  const data = outcome.data;
  try {
    run((p, maxShardRows) => maxShardRows === undefined
      ? trainGBDTFrom(p, data.schema, data.nRows, (e, maxBin, seed) => prepareSpilled(e, data, maxBin, seed, 2), { teamMinRows: 0 })
      : trainGBDTSharded(p, data.schema, data, { maxShardRows, teamMinRows: 0 }));
  } finally {
    data.dispose();
  }
}

/** The tree arrays and scores of a model (the parameters differ only in nthread). */
function trees(m: GBDTModel): string {
  return JSON.stringify({ trees: m.trees, baseMargin: m.baseMargin, nGroups: m.nGroups });
}

/**
 * A 28-feature binary set made here (not ../shared/tools/synth.mjs, which a clone outside the
 * workspace lacks): rows `start` onwards of one seeded stream, the label a noisy non-linear rule.
 */
function synthFile(rows: number, start: number): string {
  const rng = new Rng(1);
  for (let i = 0; i < start * 29; i++) rng.next();
  const lines = [[...Array.from({ length: 28 }, (_, j) => `f${j}`), 'label'].join(',')];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: 28 }, () => Math.round((4 * rng.next() - 2) * 1000) / 1000);
    const z = x[0] * x[1] + Math.sin(2 * x[2]) + (x[3] > 0.5 ? 1 : -0.5) + 0.3 * x[4] - 0.2 * x[5] * x[5];
    lines.push(`${x.join(',')},${z + 1.5 * (rng.next() - 0.5) > 0 ? 1 : 0}`);
  }
  return tempFile(`synth-${start}.csv`, lines.join('\n') + '\n');
}

describe('training across several kernel memories (shards)', () => {
  it('with one shard grows the same trees as the ordinary path (binary with categoricals, multiclass, regression; sampled rows and features)', async () => {
    const cases: [string, string, ParamMap][] = [
      ['mlc_churn', 'churn', { num_boost_round: 12, max_depth: 4 }],
      ['iris', 'species', { num_boost_round: 8, max_depth: 3, subsample: 0.7, colsample_bynode: 0.6 }],
      ['diabetes', 'progression', { num_boost_round: 10, max_depth: 5, colsample_bytree: 0.7, grow_policy: 'lossguide', max_leaves: 9 }],
    ];
    for (const [name, target, params] of cases) {
      await spilledModels(`data/${name}.train.csv`, target, { threads: 2, rangeBytes: 5000, blockRows: 33 }, (train) => {
        const want = train({ ...params, nthread: 2 });
        expect(trees(train({ ...params, nthread: 2 }, 1 << 30)), name).toBe(trees(want));
      });
    }
  });

  it('gives the same model for any shard thread count and spill cut, and matches the ordinary model closely', async () => {
    const train = synthFile(30_000, 0), test = synthFile(5_000, 30_000);
    const params = { num_boost_round: 20, max_depth: 6, subsample: 0.9 };
    const testFrame = await readFrame(test);
    const testSet = applySchema(testFrame, inferSchema(testFrame, 'label'), { requireTarget: true });
    const aucOf = (model: GBDTModel) => evaluateTask('binary', testSet.target!, predictDataset(model, testSet)).auc!;
    let ordinary: GBDTModel | undefined;
    const models: string[] = [];
    for (const [cut, nthread] of [[{ threads: 1 }, 1], [{ threads: 2, rangeBytes: 100_000, blockRows: 77 }, 2], [{ threads: 2, blockRows: 4096 }, 3]] as const) {
      await spilledModels(train, 'label', cut, (fit) => {
        ordinary ??= fit({ ...params, nthread: 2 });
        const m = fit({ ...params, nthread }, 11_000);
        models.push(trees(m));
        expect(Math.abs(aucOf(m) - aucOf(ordinary))).toBeLessThan(0.005);
      });
    }
    expect(new Set(models).size).toBe(1);
    // Histograms add f32 pairs in f64: at this size every sum is exact, so the order shards add
    // them in does not show and the trees are the ordinary ones.
    expect(models[0]).toBe(trees(ordinary!));
  });

  it('sizes shards: one when the ordinary layouts fit one memory, else equal windows of one column-major layout', () => {
    expect(shardRowBytes(SYNTH)).toBe(28 + 4 + 4 + 8 + 8);
    expect(shardSizes(10_000_000, SYNTH)).toEqual([10_000_000]);
    expect(shardSizes(100_000_000, SYNTH)).toEqual([50_000_000, 50_000_000]);
    // Just beyond the ordinary layouts: one shard without the row-major copy.
    expect(shardSizes(maxTrainingRows(SYNTH) + 1, SYNTH)).toEqual([maxTrainingRows(SYNTH) + 1]);
    expect(shardSizes(maxShardRows(SYNTH) + 1, SYNTH)).toHaveLength(2);
    expect(shardSizes(10, SYNTH, 3)).toEqual([3, 3, 2, 2]);
    expect(maxShardRows(SYNTH)).toBe(Math.floor((2 ** 32 - 256 * 2 ** 20) / 52));
  });

  it('refuses more rows than the machine memory holds across shards, naming the rows that fit', () => {
    const gib24 = 24 * 2 ** 30;
    expect(maxShardedRows(SYNTH, gib24)).toBe(Math.floor((gib24 * 0.75) / 60));
    expect(tooManyShardedRows(100_000_000, SYNTH, false, gib24)).toBeNull();
    expect(tooManyShardedRows(400_000_000, SYNTH, true, gib24)?.message).toMatch(/at least 400,000,000 rows x 28 features need about 60 bytes per row.*at most 322,122,547 rows/);
  });

  it('stops before it reads the spill or makes a kernel memory', () => {
    const schema = { features: Array.from({ length: 28 }, (_, i) => ({ name: `f${i}`, kind: 'numeric' as const })), target: { name: 'y', task: 'binary' as const, classes: ['0', '1'] } };
    const rows = maxShardedRows(SYNTH, totalmem()) + 1;
    const data = { schema, nRows: rows, blockRows: 65536, ranges: [{ spill: '/nonexistent/spill', rows, levelMap: [] }] } as unknown as SpilledCsv;
    expect(() => trainGBDTSharded({}, schema, data)).toThrow(/at most [0-9,]+ rows of this width fit/);
  });
});
