import { describe, expect, it } from 'vitest';
import { sortFloat32In } from '../../src/binning/float-sort.js';
import { sortFloat32 } from '../../src/reference/float-sort.js';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('sortFloat32', () => {
  it.each([0, 1, 2, 3, 17, 1000, 70_000])('orders %i values bit for bit as Float32Array.prototype.sort does', (n) => {
    const rng = new Rng(n + 5);
    const odd = [0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 1, -1];
    const values = Float32Array.from({ length: n }, () => {
      const u = rng.next();
      if (u < 0.1) return odd[rng.int(odd.length)]!;
      if (u < 0.3) return rng.int(20) - 10; // duplicates
      return (rng.next() - 0.5) * 10 ** rng.int(12);
    });
    const want = values.slice().sort();
    // The kernels' sort (assembly/binning.ts sortF32) gives the same bits.
    expect(bits(sortFloat32In(createEngine(), values.slice()))).toEqual(bits(want));
    // A view into a larger buffer, as the sample columns are.
    const host = new Float32Array(n + 3);
    host.set(values, 2);
    const got = sortFloat32(host.subarray(2, 2 + n));
    expect(bits(got)).toEqual(bits(want));
    expect(host[0]).toBe(0);
    expect(host[n + 2]).toBe(0);
  });
});
