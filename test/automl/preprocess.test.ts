import { describe, it, expect } from 'vitest';
import { fitPreprocess } from '../../src/automl/preprocess.js';
import { applyPreprocess, RARE_LEVEL } from '../../src/inference/preprocess.js';
import type { Frame, RawColumn } from '../../src/data/frame.js';

function cat(name: string, values: (string | null)[]): RawColumn {
  const levels: string[] = [];
  const idx = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    if (!idx.has(v)) { idx.set(v, levels.length); levels.push(v); }
    return idx.get(v)!;
  });
  return { name, kind: 'categorical', codes, levels };
}

const n = 1200;
const frame: Frame = {
  source: 'mem',
  nRows: n,
  columns: [
    { name: 'id', kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i + 1) },
    { name: 'const', kind: 'numeric', values: new Float64Array(n).fill(3) },
    { name: 'x', kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i % 7) },
    cat('key', Array.from({ length: n }, (_, i) => `k${i}`)),
    cat('when', Array.from({ length: n }, (_, i) => `2024-0${1 + (i % 9)}-1${i % 10} 1${i % 10}:30`)),
    cat('city', Array.from({ length: n }, (_, i) => (i < 3 ? 'tiny' : i % 2 ? 'a' : 'b'))),
    cat('y', Array.from({ length: n }, (_, i) => (i % 2 ? 'p' : 'q'))),
  ],
};

describe('AutoML preprocessing', () => {
  const spec = fitPreprocess(frame, 'y');
  it('drops constant and ID-like columns and says why', () => {
    expect(spec.dropped.map((d) => d.name).sort()).toEqual(['const', 'id', 'key']);
    expect(spec.dropped.find((d) => d.name === 'const')!.reason).toBe('constant');
  });
  it('expands a date-time column into numeric parts', () => {
    const out = applyPreprocess(frame, spec);
    const names = out.columns.map((c) => c.name);
    expect(names).toContain('when_month');
    expect(names).toContain('when_hour');
    const month = out.columns.find((c) => c.name === 'when_month') as Extract<RawColumn, { kind: 'numeric' }>;
    expect(month.values[0]).toBe(1);
    expect(month.values[4]).toBe(5);
    expect(names).not.toContain('when');
  });
  it('groups rare levels, and maps unseen levels to the rare level at predict time', () => {
    expect(spec.rare).toEqual([{ name: 'city', keep: ['a', 'b'] }]);
    const out = applyPreprocess(frame, spec);
    const city = out.columns.find((c) => c.name === 'city') as Extract<RawColumn, { kind: 'categorical' }>;
    expect(city.levels[city.codes[0]]).toBe(RARE_LEVEL);
    const test = applyPreprocess({ source: 't', nRows: 1, columns: [cat('city', ['zzz'])] }, spec);
    const c2 = test.columns[0] as Extract<RawColumn, { kind: 'categorical' }>;
    expect(c2.levels[c2.codes[0]]).toBe(RARE_LEVEL);
  });
  it('keeps the target untouched', () => {
    expect(applyPreprocess(frame, spec).columns.some((c) => c.name === 'y')).toBe(true);
  });
});
