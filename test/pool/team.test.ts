/** Team: workers on the main thread's shared kernel memory run phases of work items; a failing item fails the phase with an error, never a hang. */
import { describe, it, expect } from 'vitest';
import { createEngine } from '../../src/wasm/load.js';
import { dearestFirst, Team } from '../../src/pool/team.js';
import { OP_COPY } from '../../src/wasm/layout.js';

describe('Team', () => {
  it('runs every item of a phase once, on the workers too, phase after phase', () => {
    const engine = createEngine();
    const { arena } = engine;
    const team = new Team(engine, 3, 4096);
    try {
      const n = 2000;
      const src = arena.alloc(n * 4), dst = arena.alloc(n * 4);
      for (let phase = 0; phase < 20; phase++) {
        arena.u32(src, n).set(Uint32Array.from({ length: n }, (_, i) => i * 7 + phase));
        arena.u32(dst, n).fill(0);
        // One item per element: copy 4 bytes (the second copy of an item is empty).
        for (let i = 0; i < n; i++) team.add(OP_COPY, [src + 4 * i, dst + 4 * i, 4, 0, 0, 0]);
        team.run();
        expect(Array.from(arena.u32(dst, n))).toEqual(Array.from({ length: n }, (_, i) => i * 7 + phase));
      }
      expect(team.workerItems).toBeGreaterThan(0);
      expect(team.phases).toBe(20);
    } finally {
      team.close();
    }
  });

  it('orders items given costs dearest first (ties in the order added) and runs each once', () => {
    const cost = (i: number) => (i * 37) % 11;
    const n = 500;
    const costs = Array.from({ length: n }, (_, i) => cost(i));
    const order = dearestFirst(costs, n);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    // The cheapest cost is 0; among those, the one added last comes last.
    const lastZero = Math.max(...Array.from({ length: n }, (_, i) => i).filter((i) => cost(i) === 0));
    expect(order[n - 1]).toBe(lastZero);
    for (let k = 1; k < n; k++) expect(costs[order[k - 1]!]! > costs[order[k]!]! || order[k - 1]! < order[k]!).toBe(true);
    const engine = createEngine();
    const { arena } = engine;
    for (const threads of [1, 3]) {
      const team = new Team(engine, threads, 4096);
      try {
        const src = arena.alloc(n * 4), dst = arena.alloc(n * 4);
        arena.u32(src, n).set(Uint32Array.from({ length: n }, (_, i) => 1000 + i));
        arena.u32(dst, n).fill(0);
        for (let i = 0; i < n; i++) team.add(OP_COPY, [src + 4 * i, dst + 4 * i, 4, 0, 0, 0], undefined, cost(i));
        team.run();
        expect(Array.from(arena.u32(dst, n))).toEqual(Array.from({ length: n }, (_, i) => 1000 + i));
      } finally {
        team.close();
      }
    }
  });

  it('an item that traps fails the phase with an error on the main thread', () => {
    const engine = createEngine();
    const team = new Team(engine, 2, 4096);
    try {
      const beyond = 0x7ff00000; // far past the memory's end: a trap in whichever thread runs it
      for (let i = 0; i < 64; i++) team.add(OP_COPY, [beyond, beyond + 8, 4096, 0, 0, 0]);
      expect(() => team.run()).toThrow();
    } finally {
      team.close();
    }
  });

  it('refuses a thread count below one', () => {
    expect(() => new Team(createEngine(), 0, 4096)).toThrow(/nthread/);
  });
});
