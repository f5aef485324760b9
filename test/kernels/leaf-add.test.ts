/** leafAddRange (leaf values added by blocks of the row space) against the plain twin, blocks cutting through leaves, one and three groups. */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { Rng } from '../../src/util/rng.js';
import { leafAdd } from '../../src/reference/gradients.js';
import { SIZES } from './helpers.js';

const engine = createEngine();

/** Rows 0..n-1 dealt to nLeaves leaves at random, each leaf's rows ascending, leaves one after another. */
function leaves(rng: Rng, n: number, nLeaves: number): { rows: Uint32Array; segs: [number, number][] } {
  const of = Array.from({ length: n }, () => rng.int(nLeaves));
  const rows: number[] = [];
  const segs: [number, number][] = [];
  for (let k = 0; k < nLeaves; k++) {
    const b = rows.length;
    for (let r = 0; r < n; r++) if (of[r] === k) rows.push(r);
    segs.push([b, rows.length]);
  }
  return { rows: Uint32Array.from(rows), segs };
}

describe('leafAddRange', () => {
  it.each(SIZES)('equals adding each leaf to its segment (%i rows)', (n) => {
    const rng = new Rng(n + 7);
    for (const [nGroups, nLeaves, block] of [[1, 1, 1], [1, 5, 3], [3, 8, 4], [1, 64, 1000], [2, 3, 7]] as const) {
      const c = nGroups - 1;
      const { rows, segs } = leaves(rng, n, nLeaves);
      const values = Array.from({ length: nLeaves }, () => rng.next() * 2 - 1);
      const margin = Float32Array.from({ length: n * nGroups }, () => rng.next() * 4 - 2);
      const { arena, kernels: k } = engine;
      const mark = arena.mark();
      const pr = arena.put(rows.length ? rows : new Uint32Array(1));
      const ps = arena.put(Int32Array.from(segs.flat()));
      const pv = arena.put(Float32Array.from(values));
      const pm = arena.put(margin);
      for (let r0 = 0; r0 < n; r0 += block) k.leafAddRange(pr, ps, pv, nLeaves, r0, Math.min(n, r0 + block), pm, nGroups, c);
      const got = arena.f32(pm, n * nGroups).slice();
      arena.reset(mark);
      expect(Array.from(got)).toEqual(Array.from(leafAdd(margin, rows, segs, values, nGroups, c)));
    }
  });
});
