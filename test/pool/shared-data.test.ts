/** SharedData layout, WorkerArena bounds, region views across memory.grow, the scratch slot table and message checks, all in one thread. */
import { describe, it, expect } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { Arena } from '../../src/wasm/arena.js';
import { newMemory } from '../../src/wasm/load.js';
import { SharedData, WorkerArena, regionView, scratchOf } from '../../src/pool/shared-data.js';
import { claimSlot, newSlotTable, releaseSlot, slotOwners } from '../../src/pool/scratch-slots.js';
import { errorInfo, findNonPlain } from '../../src/pool/messages.js';

describe('SharedData', () => {
  it('places regions once and fixes a layout with 64-byte aligned slots after them', () => {
    const shared = new SharedData(new Arena(newMemory()));
    const a = shared.put('a', Float32Array.of(1, 2, 3));
    const b = shared.reserve('b', 1000);
    expect(a.bytes).toBe(12);
    expect(b.ptr).toBeGreaterThanOrEqual(a.ptr + 12);
    expect(shared.region('b')).toEqual(b);
    expect(() => shared.region('c')).toThrow(/no shared region named "c" \(have: a, b\)/);
    expect(() => shared.put('a', new Uint8Array(1))).toThrow(/already exists/);
    const layout = shared.fix(3, 1000);
    expect(layout.regions.map((r) => r.name)).toEqual(['a', 'b']);
    expect(layout.top).toBe(b.ptr + 1000);
    expect(layout.scratch.base % 64).toBe(0);
    expect(layout.scratch.base).toBeGreaterThanOrEqual(layout.top);
    expect(layout.scratch.slotBytes).toBe(1024);
    expect(layout.end).toBe(layout.scratch.base + 3 * 1024);
    expect(shared.arena.mark()).toBeGreaterThanOrEqual(layout.end);
    expect(layout.end).toBeLessThanOrEqual(shared.arena.memory.buffer.byteLength);
    expect(scratchOf(layout.scratch, 2)).toEqual({ scratchPtr: layout.scratch.base + 2048, scratchBytes: 1024 });
    expect(() => scratchOf(layout.scratch, 3)).toThrow(ThicketError);
    expect(() => shared.put('late', new Uint8Array(4))).toThrow(/region table is fixed/);
    expect(() => shared.fix(1, 16)).toThrow(/already backs a pool/);
  });

  it('gives views that see a grown memory when re-made, while old views keep their length', () => {
    const memory = newMemory(2);
    const shared = new SharedData(new Arena(memory));
    const r = shared.put('x', Float32Array.of(7, 8));
    const before = regionView(memory, r, Float32Array);
    const oldBytes = before.buffer.byteLength;
    const far = shared.arena.alloc(4 << 20); // grows the memory
    const after = regionView(memory, r, Float32Array);
    expect(after.buffer.byteLength).toBeGreaterThan(oldBytes);
    expect(before.buffer.byteLength).toBe(oldBytes);
    expect(Array.from(after)).toEqual([7, 8]);
    expect(() => shared.arena.f32(far, 1)).not.toThrow();
    expect(() => regionView(memory, { name: 'odd', ptr: r.ptr, bytes: 6 }, Float32Array)).toThrow(/not a whole number of 4-byte/);
  });
});

describe('WorkerArena', () => {
  const memory = newMemory(4);

  it('allocates 16-byte aligned blocks inside its scratch only and never grows the memory', () => {
    const pages = memory.buffer.byteLength;
    const arena = new WorkerArena(memory, 65536 + 64, 4096);
    const p = arena.alloc(10);
    const q = arena.alloc(100);
    expect(p).toBe(65536 + 64);
    expect(q % 16).toBe(0);
    expect(q).toBeGreaterThanOrEqual(p + 10);
    expect(arena.scratchUsed).toBe(q + 100 - arena.scratchPtr);
    const m = arena.mark();
    arena.alloc(1000);
    arena.reset(m);
    expect(arena.mark()).toBe(m);
    let err: unknown;
    try { arena.alloc(5000); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ThicketError);
    expect((err as Error).message).toMatch(/worker scratch exhausted: allocating 5000 bytes needs \d+ of the 4096 reserved per worker \(\d+ already in use\)/);
    expect(memory.buffer.byteLength).toBe(pages);
    expect(() => arena.reset(0)).toThrow(/outside this worker's scratch/);
    arena.clear();
    expect(arena.scratchUsed).toBe(0);
    // put() goes through the bounded alloc too.
    const v = arena.put(Float64Array.of(1.5, 2.5));
    expect(Array.from(arena.f64(v, 2))).toEqual([1.5, 2.5]);
  });

  it('refuses a scratch region beyond the memory', () => {
    expect(() => new WorkerArena(memory, memory.buffer.byteLength - 8, 64)).toThrow(/beyond the shared memory/);
  });
});

describe('scratch slot table', () => {
  it('gives distinct slots, the same slot again to its owner, and frees by thread id', () => {
    const t = newSlotTable(2);
    expect(claimSlot(t, 11, 0)).toBe(0);
    expect(claimSlot(t, 12, 0)).toBe(1);
    expect(claimSlot(t, 11, 0)).toBe(0);
    expect(slotOwners(t)).toEqual([11, 12]);
    const t0 = Date.now();
    expect(() => claimSlot(t, 13, 30)).toThrow(/no free scratch slot for worker thread 13 after 30 ms: all 2 slots are held \(by threads 11, 12\)/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(releaseSlot(t, 11)).toBe(0);
    expect(releaseSlot(t, 11)).toBe(-1);
    expect(claimSlot(t, 13, 0)).toBe(0);
    expect(slotOwners(t)).toEqual([13, 12]);
  });
});

describe('messages', () => {
  it('accepts plain payloads and names the path of anything else', () => {
    expect(findNonPlain({ a: [1, 'x', null, { b: true }], c: undefined, d: Infinity })).toBeNull();
    expect(findNonPlain(null)).toBeNull();
    expect(findNonPlain({ cfg: { data: new Float32Array(2) } })).toMatch(/^payload\.cfg\.data is a Float32Array; put data in shared memory/);
    expect(findNonPlain([1, new Map()])).toMatch(/^payload\[1\] is a Map/);
    expect(findNonPlain({ f: () => 1 })).toBe('payload.f is a function');
  });

  it('reduces thrown values to message, exit code and name (no stack)', () => {
    expect(errorInfo(new ThicketError('bad', 2))).toEqual({ message: 'bad', exitCode: 2, name: 'ThicketError' });
    expect(errorInfo(new RangeError('r'))).toEqual({ message: 'r', name: 'RangeError' });
    expect(errorInfo('plain')).toEqual({ message: 'plain' });
  });
});
