// The task of a numeric target under --task auto: few distinct integers are classes, the rest quantities.
import { describe, it, expect } from 'vitest';
import { inferNumericTask } from '../../src/data/task-rule.js';
import { inferSchema } from '../../src/data/schema.js';
import type { Frame } from '../../src/data/frame.js';

const glass = Float64Array.from({ length: 171 }, (_, i) => [1, 2, 3, 5, 6, 7][i % 6]);

describe('task rule', () => {
  it('small integer codes (glass types in 171 rows) are multiclass, with the reason and the override', () => {
    const g = inferNumericTask(glass);
    expect(g.task).toBe('multiclass');
    expect(g.classes).toEqual([1, 2, 3, 5, 6, 7]);
    expect(g.reason).toMatch(/6 distinct integer values in 171 rows.*--task regression/);
    const frame: Frame = { source: 'glass.csv', nRows: 171, columns: [{ name: 'x', kind: 'numeric', values: glass.map((v) => v * 2) }, { name: 'type', kind: 'numeric', values: glass }] };
    expect(inferSchema(frame, 'type').target).toEqual({ name: 'type', task: 'multiclass', classes: ['1', '2', '3', '5', '6', '7'] });
    expect(inferSchema(frame, 'type', { task: 'regression' }).target.task).toBe('regression');
  });

  it('fractions, many distinct integers, or distinct values over 5-10% of the rows are regression', () => {
    expect(inferNumericTask(Float64Array.from({ length: 500 }, (_, i) => (i % 4) + 0.5)).task).toBe('regression');
    expect(inferNumericTask(Float64Array.from({ length: 5000 }, (_, i) => i % 40)).task).toBe('regression');
    expect(inferNumericTask(Float64Array.from({ length: 50 }, (_, i) => i % 6)).task).toBe('regression');
    expect(inferNumericTask(Float64Array.from({ length: 60 }, (_, i) => i % 6)).task).toBe('multiclass');
    expect(inferNumericTask(Float64Array.from({ length: 2000 }, (_, i) => i % 30)).task).toBe('multiclass');
    expect(inferNumericTask(Float64Array.from({ length: 2000 }, (_, i) => i % 30)).reason).toMatch(/5%/);
    expect(inferNumericTask(Float64Array.from([0, 1, 1, 0])).task).toBe('binary');
  });
});
