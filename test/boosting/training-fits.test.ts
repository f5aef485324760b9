import { describe, expect, it } from 'vitest';
import { checkTrainingFits } from '../../src/boosting/training-data.js';
import { prepareSpilled } from '../../src/boosting/spill-bins.js';
import type { SpilledCsv } from '../../src/data/csv-spill.js';
import { ThicketError } from '../../src/errors.js';
import { createEngine } from '../../src/wasm/load.js';
import { maxTrainingRows, trainingRowBytes } from '../../src/wasm/memory-budget.js';

const SYNTH = { nFeatures: 28, nGroups: 1, weighted: false };

describe('training data beyond the 4 GiB kernel memory', () => {
  it('costs 80 bytes per row at 28 features (two bin layouts, label, margin, gradient pair, two row lists)', () => {
    expect(trainingRowBytes(SYNTH)).toBe(80);
    expect(trainingRowBytes({ nFeatures: 28, nGroups: 3, weighted: true })).toBe(56 + 4 + 4 + 3 * 12 + 8);
    expect(maxTrainingRows(SYNTH)).toBe(Math.floor((2 ** 32 - 64 * 2 ** 20) / 80));
  });

  it('is refused with the row count that fits; data that fits passes', () => {
    expect(() => checkTrainingFits(10_000_000, SYNTH)).not.toThrow();
    expect(() => checkTrainingFits(maxTrainingRows(SYNTH), SYNTH)).not.toThrow();
    expect(() => checkTrainingFits(100_000_000, SYNTH)).toThrow(ThicketError);
    expect(() => checkTrainingFits(100_000_000, SYNTH)).toThrow(/100,000,000 rows x 28 features need 80 bytes per row.*at most 52,848,230 rows/);
  });

  it('stops the streaming path before it reads the spill or grows the memory', () => {
    const schema = { features: Array.from({ length: 28 }, (_, i) => ({ name: `f${i}`, kind: 'numeric' as const })), target: { name: 'y', task: 'binary' as const, classes: ['0', '1'] } };
    const data = { schema, nRows: 100_000_000, blockRows: 65536, ranges: [{ spill: '/nonexistent/spill', rows: 100_000_000, levelMap: [] }] } as unknown as SpilledCsv;
    const engine = createEngine();
    const before = engine.arena.memory.buffer.byteLength;
    expect(() => prepareSpilled(engine, data, 256, 0, 2)).toThrow(/at most 52,848,230 rows/);
    expect(engine.arena.memory.buffer.byteLength).toBe(before);
  });
});
