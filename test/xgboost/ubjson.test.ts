// The UBJSON decoder on hand-made bytes: every value type XGBoost writes (and the rest of draft 12), the
// container forms, and its errors.
import { describe, it, expect } from 'vitest';
import { decodeUBJSON, looksLikeUBJSON } from '../../src/xgboost/ubjson.js';
import { parseXGBoostJsonText } from '../../src/xgboost/json-text.js';

/** Bytes from a mix of ASCII markers (strings) and raw byte arrays. */
function bytes(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') for (const ch of p) out.push(ch.charCodeAt(0));
    else out.push(...p);
  }
  return Uint8Array.from(out);
}
const be = (n: number, size: number) => Array.from({ length: size }, (_, i) => (n >>> (8 * (size - 1 - i))) & 255);
const f32 = (x: number) => { const b = new DataView(new ArrayBuffer(4)); b.setFloat32(0, x); return [...new Uint8Array(b.buffer)]; };
const f64 = (x: number) => { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, x); return [...new Uint8Array(b.buffer)]; };
const str = (s: string): (string | number[])[] => ['U', [s.length], s];

describe('decodeUBJSON', () => {
  it('scalars of every type', () => {
    expect(decodeUBJSON(bytes('Z'), 'x')).toBe(null);
    expect(decodeUBJSON(bytes('T'), 'x')).toBe(true);
    expect(decodeUBJSON(bytes('F'), 'x')).toBe(false);
    expect(decodeUBJSON(bytes('i', [0xff]), 'x')).toBe(-1);
    expect(decodeUBJSON(bytes('U', [0xff]), 'x')).toBe(255);
    expect(decodeUBJSON(bytes('I', be(-2, 2)), 'x')).toBe(-2);
    expect(decodeUBJSON(bytes('l', be(-70000, 4)), 'x')).toBe(-70000);
    expect(decodeUBJSON(bytes('L', [0, 0, 0, 1, 0, 0, 0, 0]), 'x')).toBe(2 ** 32);
    expect(decodeUBJSON(bytes('d', f32(0.1)), 'x')).toBe(Math.fround(0.1));
    expect(decodeUBJSON(bytes('d', f32(NaN)), 'x')).toBeNaN();
    expect(decodeUBJSON(bytes('D', f64(0.1)), 'x')).toBe(0.1);
    expect(decodeUBJSON(bytes('C', 'a'), 'x')).toBe('a');
    expect(decodeUBJSON(bytes('S', 'U', [2], [0xc3, 0xa9]), 'x')).toBe('é');
    expect(decodeUBJSON(bytes('H', ...str('1e400')), 'x')).toBe('1e400');
    expect(decodeUBJSON(bytes('N', 'N', 'T', 'N'), 'x')).toBe(true);
  });

  it('containers: plain, counted, strongly typed; objects with no-ops', () => {
    expect(decodeUBJSON(bytes('[', 'i', [1], 'N', 'S', ...str('a'), ']'), 'x')).toEqual([1, 'a']);
    expect(decodeUBJSON(bytes('[', '#', 'i', [2], 'T', 'Z'), 'x')).toEqual([true, null]);
    expect(decodeUBJSON(bytes('[', '$', 'l', '#', 'U', [2], be(7, 4), be(-7, 4)), 'x')).toEqual(Int32Array.from([7, -7]));
    expect(decodeUBJSON(bytes('[', '$', 'd', '#', 'L', be(0, 4), be(2, 4), f32(1.5), f32(-0.25)), 'x')).toEqual(Float32Array.from([1.5, -0.25]));
    expect(decodeUBJSON(bytes('[', '$', 'U', '#', 'i', [3], [0, 1, 255]), 'x')).toEqual(Uint8Array.from([0, 1, 255]));
    expect(decodeUBJSON(bytes('[', '$', 'i', '#', 'i', [2], [0xff, 1]), 'x')).toEqual(Int8Array.from([-1, 1]));
    expect(decodeUBJSON(bytes('[', '$', 'I', '#', 'i', [1], be(-300, 2)), 'x')).toEqual(Int16Array.from([-300]));
    expect(decodeUBJSON(bytes('[', '$', 'D', '#', 'i', [1], f64(2.5)), 'x')).toEqual(Float64Array.from([2.5]));
    expect(decodeUBJSON(bytes('[', '$', 'L', '#', 'i', [1], [0, 0, 0, 0, 0, 0, 0, 9]), 'x')).toEqual([9]);
    expect(decodeUBJSON(bytes('[', '$', 'S', '#', 'i', [2], ...str('a'), ...str('bc')), 'x')).toEqual(['a', 'bc']);
    expect(decodeUBJSON(bytes('[', '$', 'T', '#', 'i', [2]), 'x')).toEqual([true, true]);
    expect(decodeUBJSON(bytes('{', ...str('a'), 'i', [1], 'N', ...str('b'), '[', ']', '}'), 'x')).toEqual({ a: 1, b: [] });
    expect(decodeUBJSON(bytes('{', '#', 'i', [1], ...str('k'), 'F'), 'x')).toEqual({ k: false });
    expect(decodeUBJSON(bytes('{', '$', 'U', '#', 'i', [2], ...str('k'), [5], ...str('m'), [6]), 'x')).toEqual({ k: 5, m: 6 });
    // "__proto__" is an ordinary key, not the prototype.
    const o = decodeUBJSON(bytes('{', ...str('__proto__'), '{', ...str('x'), 'T', '}', '}'), 'x') as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });

  it('errors name the byte and the problem', () => {
    expect(() => decodeUBJSON(new Uint8Array(0), 'm.ubj')).toThrow('model m.ubj: not a valid UBJSON model file: the file is empty at byte 0');
    expect(() => decodeUBJSON(bytes('l', [0, 0]), 'm.ubj')).toThrow('an int32 needs 4 more bytes but the file ends after 2 (truncated?) at byte 1');
    expect(() => decodeUBJSON(bytes('[', 'i', [1]), 'm.ubj')).toThrow('a type marker needs 1 more bytes');
    expect(() => decodeUBJSON(bytes('[', '$', 'd', '#', 'i', [3], f32(1)), 'm.ubj')).toThrow("an array of 3 'd' values needs 12 more bytes");
    expect(() => decodeUBJSON(bytes('[', '$', 'd', 'i', [3]), 'm.ubj')).toThrow("a typed container ('$') must give its count ('#')");
    expect(() => decodeUBJSON(bytes('S', 'i', [0xff]), 'm.ubj')).toThrow('a string length is negative (-1)');
    expect(() => decodeUBJSON(bytes('S', 'U', [1], [0xff]), 'm.ubj')).toThrow('a string is not valid UTF-8');
    expect(() => decodeUBJSON(bytes('{', ...str('a'), 'T', ...str('a'), 'F', '}'), 'm.ubj')).toThrow('object key "a" repeats');
    expect(() => decodeUBJSON(bytes('L', [0x7f, 0, 0, 0, 0, 0, 0, 0]), 'm.ubj')).toThrow('is too large');
    expect(() => decodeUBJSON(bytes('T', 'T'), 'm.ubj')).toThrow('1 unexpected bytes after the end of the value');
    expect(() => decodeUBJSON(bytes('[', '$', 'T', '#', 'l', be(1e6, 4)), 'm.ubj')).toThrow('declare more values in all than a 9-byte file can hold');
    expect(() => decodeUBJSON(bytes(...Array(300).fill('['), ...Array(300).fill(']')), 'm.ubj')).toThrow('containers nested deeper than 256');
  });

  it('tells UBJSON from JSON text', () => {
    expect(looksLikeUBJSON(bytes('{', 'L'))).toBe(true);
    expect(looksLikeUBJSON(bytes('{', '"'))).toBe(false);
    expect(looksLikeUBJSON(bytes('{', ' '))).toBe(false);
    expect(looksLikeUBJSON(bytes('['))).toBe(false);
  });
});

describe('parseXGBoostJsonText', () => {
  it('reads NaN and Infinity outside strings only', () => {
    expect(parseXGBoostJsonText('{"a": [NaN, 1.5, -Infinity, Infinity], "NaN": "NaN Infinity"}', 'x')).toEqual({ a: [null, 1.5, -Infinity, Infinity], NaN: 'NaN Infinity' });
    expect(parseXGBoostJsonText('{"s": "a \\" NaN"}', 'x')).toEqual({ s: 'a " NaN' });
    expect(() => parseXGBoostJsonText('{"a": [1, 2', 'm.json')).toThrow(/^model m\.json: not valid JSON \(truncated or corrupted\?\)/);
    expect(() => parseXGBoostJsonText('  ', 'm.json')).toThrow('model m.json: the file is empty');
  });
});
