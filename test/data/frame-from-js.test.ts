import { describe, expect, it } from 'vitest';
import { frameFromJs, withTarget } from '../../src/data/frame-from-js.js';
import { ThicketError } from '../../src/errors.js';

describe('frameFromJs', () => {
  it('reads column objects: numbers numeric (NaN / null missing), strings categorical in first-seen order', () => {
    const f = frameFromJs({ columns: { age: [31, null, 45, NaN], city: ['Oslo', 'Rome', null, ''], w: new Float64Array([1, 2, 3, 4]) } });
    expect(f.nRows).toBe(4);
    expect(f.source).toBe('X');
    const [age, city, w] = f.columns;
    expect(age).toMatchObject({ name: 'age', kind: 'numeric' });
    expect(Array.from((age as { values: Float64Array }).values)).toEqual([31, NaN, 45, NaN]);
    expect(city).toEqual({ name: 'city', kind: 'categorical', codes: Int32Array.from([0, 1, -1, -1]), levels: ['Oslo', 'Rome'] });
    expect(w!.kind).toBe('numeric');
  });

  it('reads row objects; absent keys are missing; column order is first appearance', () => {
    const f = frameFromJs([{ a: 1, b: 'x' }, { b: 'y', c: true }, { a: 2 }]);
    expect(f.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(Array.from((f.columns[0] as { values: Float64Array }).values)).toEqual([1, NaN, 2]);
    expect(f.columns[1]).toMatchObject({ kind: 'categorical', levels: ['x', 'y'] });
    expect(f.columns[2]).toMatchObject({ kind: 'categorical', levels: ['true'], codes: Int32Array.from([-1, 0, -1]) });
  });

  it('makes mixed columns categorical, and forced-categorical numbers their text', () => {
    const mixed = frameFromJs({ columns: { v: [1, 'two', 3.5] } });
    expect(mixed.columns[0]).toMatchObject({ kind: 'categorical', levels: ['1', 'two', '3.5'] });
    const zip = frameFromJs({ columns: { zip: [2000, 3000, 2000, NaN] } }, { categorical: ['zip'] });
    expect(zip.columns[0]).toEqual({ name: 'zip', kind: 'categorical', codes: Int32Array.from([0, 1, 0, -1]), levels: ['2000', '3000'] });
  });

  it('rejects bad shapes and values with messages naming the input, row and column', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ThicketError);
        expect((e as ThicketError).exitCode).toBe(1);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err(() => frameFromJs({ columns: { a: [1, 2], b: [1] } }))).toBe("X, column 'b': has 1 values but column 'a' has 2");
    expect(err(() => frameFromJs({ columns: { a: [1, Infinity] } }))).toBe("X, row 2, column 'a': value Infinity is not a finite number; use NaN or null for a missing value");
    expect(err(() => frameFromJs({ columns: {} }))).toBe('X: has no columns');
    expect(err(() => frameFromJs(42 as never))).toBe('X: expected {columns: {name: values}} or an array of row objects');
    expect(err(() => frameFromJs([{ a: 1 }, 'row' as never]))).toBe('X, row 2: each row must be an object of column values');
    expect(err(() => frameFromJs({ columns: { a: 5 as never } }))).toBe("X, column 'a': must be an array of values");
    expect(err(() => frameFromJs({ columns: { a: [1] } }, { categorical: ['b'] }))).toBe("X: categorical column 'b' is not in the input");
  });
});

describe('withTarget', () => {
  const X = () => frameFromJs({ columns: { a: [1, 2, 3] } });

  it('keeps numeric labels numeric and text labels categorical', () => {
    expect(withTarget(X(), 'y', [0, 1, 0], true).columns[1]).toMatchObject({ name: 'y', kind: 'numeric' });
    expect(withTarget(X(), 'y', ['no', 'yes', 'no'], true).columns[1]).toMatchObject({ kind: 'categorical', levels: ['no', 'yes'] });
    expect(withTarget(X(), 'y', [1.5, 2, null], false).columns[1]).toMatchObject({ kind: 'numeric' });
  });

  it('rejects a length mismatch, a name clash and text regression targets', () => {
    expect(() => withTarget(X(), 'y', [1, 2], false)).toThrow('y: has 2 values but X has 3 rows');
    expect(() => withTarget(X(), 'a', [1, 2, 3], false)).toThrow("X: already has a column 'a'");
    expect(() => withTarget(X(), 'y', [1, 'two', 3], false)).toThrow('y, row 2: regression target "two" is not a number');
  });
});
