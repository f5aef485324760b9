/** Successive halving: rung levels, promotion of the top 1/eta at each rung, bookkeeping and edge cases. */
import { describe, it, expect } from 'vitest';
import { Rng } from '../../../src/util/rng.js';
import { SuccessiveHalving, rungs } from '../../../src/automl/searchers/successive-halving.js';

describe('rungs', () => {
  it('grows geometrically from min and ends at max', () => {
    expect(rungs(10, 300, 3)).toEqual([10, 30, 90, 270, 300]);
    expect(rungs(1, 81, 3)).toEqual([1, 3, 9, 27, 81]);
    expect(rungs(5, 5, 2)).toEqual([5]);
    expect(rungs(1, 10, 1.5)).toEqual([1, 2, 3, 5, 8, 10]);
  });

  it('rejects bad arguments', () => {
    expect(() => rungs(0, 10, 3)).toThrow(/minResource/);
    expect(() => rungs(10, 5, 3)).toThrow();
    expect(() => rungs(1, 10, 1)).toThrow(/eta/);
  });
});

describe('SuccessiveHalving', () => {
  it('continues a trial only while it ranks in the top ceil(n / eta) at its rung', () => {
    const sh = new SuccessiveHalving({ minResource: 10, maxResource: 90, eta: 2, minPeers: 0 });
    const decisions = [5, 3, 8, 1, 9, 2, 7].map((s, i) => sh.shouldContinue(`t${i}`, 0, s));
    // n=1: best; n=2: 3 < 5; n=3: 8 best of 3 (top 2); n=4: 1 is 4th (top 2); n=5: 9 best; n=6: 2 is 5th (top 3);
    // n=7: 7 is 3rd (top 4).
    expect(decisions).toEqual([true, false, true, false, true, false, true]);
    expect(sh.recorded(0)).toBe(7);
  });

  it('promotes about 1/eta of a stream of trials at each rung', () => {
    for (const eta of [2, 3, 4]) {
      const sh = new SuccessiveHalving({ minResource: 1, maxResource: 1000, eta });
      const rng = new Rng(eta);
      let alive = Array.from({ length: 6000 }, (_, i) => i);
      const quality = alive.map(() => rng.next());
      for (let rung = 0; rung < 2; rung++) {
        const next = alive.filter((id) => sh.shouldContinue(id, rung, quality[id] + 0.05 * rng.next()));
        expect(Math.abs(next.length / alive.length - 1 / eta)).toBeLessThan(0.03);
        alive = next;
      }
    }
  });

  it('lets the first minPeers trials of a rung through, and stops failures and the last rung', () => {
    const sh = new SuccessiveHalving({ minResource: 10, maxResource: 90, eta: 3 });
    expect(sh.rungs).toEqual([10, 30, 90]);
    expect([1, 0, -1].map((s, i) => sh.shouldContinue(i, 0, s))).toEqual([true, true, true]);
    expect(sh.shouldContinue(3, 0, -2)).toBe(false);
    expect(sh.shouldContinue(4, 0, NaN)).toBe(false);
    expect(sh.shouldContinue(0, 2, 100)).toBe(false);
    expect(() => sh.shouldContinue(0, 3, 1)).toThrow(/rung 3/);
  });

  it('replaces a trial reporting the same rung twice', () => {
    const sh = new SuccessiveHalving({ minResource: 1, maxResource: 9, eta: 3, minPeers: 0 });
    sh.shouldContinue('a', 0, 1);
    sh.shouldContinue('a', 0, 2);
    expect(sh.recorded(0)).toBe(1);
  });
});
