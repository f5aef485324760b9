/** Search-space helpers: unit mapping round trips, sampling shares, validation, clamping, config keys and grids. */
import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/util/rng.js';
import {
  type Config, type Space, checkSpace, clampConfig, configKey, fromUnit, gridOf, sample, spaceSize, toUnit,
  validateConfig, cheapEnd,
} from '../../src/automl/space.js';

const SPACE: Space = {
  eta: { type: 'float', low: 0.01, high: 1, log: true },
  depth: { type: 'int', low: 2, high: 6 },
  leaves: { type: 'int', low: 4, high: 256, log: true },
  sub: { type: 'float', low: 0.5, high: 1 },
  policy: { type: 'choice', values: ['depthwise', 'lossguide'] },
  flag: { type: 'choice', values: [true, false, 3] },
};

describe('unit mapping', () => {
  it('round-trips every integer of linear and log int dimensions', () => {
    for (let d = 2; d <= 6; d++) expect(fromUnit(toUnit({ ...cheapEnd(SPACE), depth: d }, SPACE), SPACE).depth).toBe(d);
    for (let l = 4; l <= 256; l++) expect(fromUnit(toUnit({ ...cheapEnd(SPACE), leaves: l }, SPACE), SPACE).leaves).toBe(l);
  });

  it('round-trips floats (log and linear) and choices', () => {
    const c: Config = { eta: 0.037, depth: 3, leaves: 31, sub: 0.8, policy: 'lossguide', flag: 3 };
    const back = fromUnit(toUnit(c, SPACE), SPACE);
    expect(back.eta).toBeCloseTo(0.037, 12);
    expect(back.sub).toBeCloseTo(0.8, 12);
    expect({ ...back, eta: 0, sub: 0 }).toEqual({ ...c, eta: 0, sub: 0 });
  });

  it('maps the ends of [0, 1] to the ends of each domain and clamps outside values', () => {
    expect(fromUnit([0, 0, 0, 0, 0, 0], SPACE)).toEqual({ eta: 0.01, depth: 2, leaves: 4, sub: 0.5, policy: 'depthwise', flag: true });
    expect(fromUnit([1, 1, 1, 1, 1, 1], SPACE)).toEqual({ eta: 1, depth: 6, leaves: 256, sub: 1, policy: 'lossguide', flag: 3 });
    expect(fromUnit([-3, 7, 0.5, NaN, 0.5, 0.5], SPACE)).toMatchObject({ eta: 0.01, depth: 6, flag: false });
  });

  it('log scale: the middle of the unit interval is the geometric mean', () => {
    expect(fromUnit([0.5, 0, 0, 0, 0, 0], SPACE).eta).toBeCloseTo(0.1, 12);
  });
});

describe('sample', () => {
  it('is deterministic per seed and stays in the space', () => {
    const a = Array.from({ length: 50 }, ((r) => () => sample(SPACE, r))(new Rng(5)));
    const b = Array.from({ length: 50 }, ((r) => () => sample(SPACE, r))(new Rng(5)));
    expect(a).toEqual(b);
    for (const c of a) expect(validateConfig(c, SPACE)).toEqual([]);
  });

  it('gives every integer and every choice an equal share', () => {
    const rng = new Rng(11);
    const depth = new Map<number, number>();
    const flag = new Map<unknown, number>();
    const N = 30000;
    for (let i = 0; i < N; i++) {
      const c = sample(SPACE, rng);
      depth.set(c.depth as number, (depth.get(c.depth as number) ?? 0) + 1);
      flag.set(c.flag, (flag.get(c.flag) ?? 0) + 1);
    }
    expect([...depth.keys()].sort()).toEqual([2, 3, 4, 5, 6]);
    for (const n of depth.values()) expect(Math.abs(n / N - 0.2)).toBeLessThan(0.015);
    for (const n of flag.values()) expect(Math.abs(n / N - 1 / 3)).toBeLessThan(0.015);
  });

  it('samples log dimensions log-uniformly (median near the geometric mean)', () => {
    const rng = new Rng(2);
    const etas = Array.from({ length: 4001 }, () => sample(SPACE, rng).eta as number).sort((a, b) => a - b);
    expect(etas[2000]).toBeGreaterThan(0.08);
    expect(etas[2000]).toBeLessThan(0.125);
  });
});

describe('validate and clamp', () => {
  it('lists missing, extra, mistyped and out-of-range values', () => {
    const p = validateConfig({ eta: 2, depth: 3.5, leaves: '8', sub: 0.7, policy: 'exact', bogus: 1 } as Config, SPACE);
    expect(p.join('\n')).toMatch(/"bogus" is not a dimension/);
    expect(p.join('\n')).toMatch(/missing value for dimension "flag"/);
    expect(p.join('\n')).toMatch(/"eta" = 2 is outside/);
    expect(p.join('\n')).toMatch(/"depth" got non-integer 3.5/);
    expect(p.join('\n')).toMatch(/"leaves" needs a finite number/);
    expect(p.join('\n')).toMatch(/"policy" = "exact" is not one of its choices/);
    expect(p).toHaveLength(6);
  });

  it('clamps and rounds numbers, drops extra keys, fills from a base, rejects bad choices', () => {
    const c = clampConfig({ eta: 5, depth: 3.6, leaves: 1, sub: 0.7, policy: 'lossguide', flag: false, x: 1 }, SPACE);
    expect(c).toEqual({ eta: 1, depth: 4, leaves: 4, sub: 0.7, policy: 'lossguide', flag: false });
    expect(clampConfig({ depth: 5 }, SPACE, cheapEnd(SPACE))).toEqual({ ...cheapEnd(SPACE), depth: 5 });
    expect(() => clampConfig({ depth: 5 }, SPACE)).toThrow(/missing value for dimension "eta"/);
    expect(() => clampConfig({ ...cheapEnd(SPACE), policy: 'exact' }, SPACE)).toThrow(/"policy"/);
  });

  it('rejects malformed spaces naming the dimension', () => {
    expect(() => checkSpace({ a: { type: 'float', low: 1, high: 0 } })).toThrow(/"a"/);
    expect(() => checkSpace({ b: { type: 'float', low: 0, high: 1, log: true } })).toThrow(/"b"/);
    expect(() => checkSpace({ c: { type: 'int', low: 0, high: 9, log: true } })).toThrow(/"c"/);
    expect(() => checkSpace({ d: { type: 'int', low: 0.5, high: 9 } })).toThrow(/"d"/);
    expect(() => checkSpace({ e: { type: 'choice', values: [] } })).toThrow(/"e"/);
    expect(() => checkSpace(SPACE)).not.toThrow();
  });
});

describe('configKey', () => {
  it('ignores key order and tiny float noise but tells types apart', () => {
    expect(configKey({ a: 1, b: 'x' })).toBe(configKey({ b: 'x', a: 1 }));
    expect(configKey({ a: 0.1 + 0.2 })).toBe(configKey({ a: 0.3 }));
    expect(configKey({ a: 1 })).not.toBe(configKey({ a: '1' }));
    expect(configKey({ a: true })).not.toBe(configKey({ a: 'true' }));
    expect(configKey({ a: 0.3 })).not.toBe(configKey({ a: 0.3001 }));
  });
});

describe('grids and sizes', () => {
  it('spans each numeric dimension with the given points (fewer for short int ranges) and every choice', () => {
    const space: Space = {
      f: { type: 'float', low: 0, high: 1 },
      i: { type: 'int', low: 1, high: 2 },
      c: { type: 'choice', values: ['a', 'b'] },
    };
    const g = gridOf(space, 3);
    expect(g).toHaveLength(3 * 2 * 2);
    expect(new Set(g.map(configKey)).size).toBe(12);
    expect([...new Set(g.map((c) => c.f))]).toEqual([0, 0.5, 1]);
    expect([...new Set(g.map((c) => c.i))].sort()).toEqual([1, 2]);
    expect(gridOf(space, 1)).toEqual([{ f: 0.5, i: 2, c: 'a' }, { f: 0.5, i: 2, c: 'b' }]);
  });

  it('counts finite spaces and calls continuous ones infinite', () => {
    expect(spaceSize({ i: { type: 'int', low: 1, high: 3 }, c: { type: 'choice', values: [1, 2] } })).toBe(6);
    expect(spaceSize({ f: { type: 'float', low: 2, high: 2 } })).toBe(1);
    expect(spaceSize(SPACE)).toBe(Infinity);
  });
});
