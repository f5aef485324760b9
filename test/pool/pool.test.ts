/** KernelPool on shared binned data: worker results equal the main thread's, distinct scratch per worker, errors, memory.grow, and a logged speed-up. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loadavg } from 'node:os';
import { ThicketError } from '../../src/errors.js';
import { createEngine, kernelModule, newMemory } from '../../src/wasm/load.js';
import { FEATURE_HIST_BYTES } from '../../src/wasm/layout.js';
import { KernelPool } from '../../src/pool/pool.js';
import { SharedData, regionView } from '../../src/pool/shared-data.js';
import { HANDLERS, binnedData, all, type TestHandlers } from './helpers.js';

const N_ROWS = 300_000;
const N_FEATURES = 12;
const SCRATCH = N_FEATURES * FEATURE_HIST_BYTES + 64 * 1024;

const memory = newMemory();
const module = kernelModule();
const engine = createEngine(memory, module);
const shared = new SharedData(engine.arena);
let pool: KernelPool<TestHandlers>;
let expectedHist: Float64Array;

beforeAll(async () => {
  const { bins, gh } = binnedData(7, N_ROWS, N_FEATURES);
  shared.put('bins', bins);
  shared.put('gh', gh);
  shared.put('x', Float32Array.from({ length: 100_003 }, (_, i) => Math.sin(i) * 1000));
  pool = await KernelPool.create<TestHandlers>({ threads: 2, memory, module, workerScratchBytes: SCRATCH, handlersModule: HANDLERS, shared });
  // The single-thread answer, built by the main thread's own kernels above the pool's scratch.
  const { arena, kernels } = engine;
  expect(arena.mark()).toBeGreaterThanOrEqual(pool.layout.end);
  const feats = arena.put(Int32Array.from({ length: N_FEATURES }, (_, i) => i));
  const hist = arena.alloc(N_FEATURES * FEATURE_HIST_BYTES);
  kernels.histBuildAll(shared.region('bins').ptr, N_ROWS, shared.region('gh').ptr, feats, N_FEATURES, hist);
  expectedHist = arena.f64(hist, N_FEATURES * FEATURE_HIST_BYTES / 8).slice();
});

afterAll(async () => {
  await pool?.close();
});

describe('KernelPool on shared data', () => {
  it('computes in the workers exactly what the main thread computes', async () => {
    const results = await all(4, () => pool.run('histogram', { nRows: N_ROWS, nFeatures: N_FEATURES, repeat: 3 }));
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    for (const r of results) {
      expect(r.hist).toBeInstanceOf(Float64Array);
      expect(r.hist.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(r.hist.length).toBe(expectedHist.length);
      expect(r.hist.every((v, i) => Object.is(v, expectedHist[i]))).toBe(true);
    }
    const x = regionView(memory, shared.region('x'), Float32Array);
    const slices: Array<[number, number]> = [[0, x.length], [0, 0], [5, 6], [1234, 99_999]];
    const sums = await Promise.all(slices.map(([begin, end]) => pool.run('sum', { region: 'x', begin, end })));
    slices.forEach(([begin, end], i) => {
      let s = 0;
      for (let j = begin; j < end; j++) s += x[j];
      expect(sums[i].sum).toBe(s);
    });
  });

  it('gives every live worker its own scratch slot, and nobody writes into another slot', async () => {
    const infos = await all(6, () => pool.run('scratchInfo', { holdMs: 60 }));
    const slotOf = new Map<number, number>();
    for (const r of infos) {
      expect(r.intact).toBe(true);
      expect(r.scratchBytes).toBe(pool.layout.scratch.slotBytes);
      expect(r.scratchPtr).toBe(pool.layout.scratch.base + r.slot * r.scratchBytes);
      if (slotOf.has(r.threadId)) expect(slotOf.get(r.threadId)).toBe(r.slot);
      slotOf.set(r.threadId, r.slot);
    }
    expect(slotOf.size).toBe(2);
    expect(new Set(slotOf.values())).toEqual(new Set([0, 1]));
    expect(pool.stats.slotOwners.sort()).toEqual([...slotOf.keys()].sort());
  });

  it('rejects with a ThicketError that keeps a handler error message and exit code, without a stack dump', async () => {
    const err = await pool.run('fail', { message: 'column "age" row 17: not a number', exitCode: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(ThicketError);
    expect(err.message).toBe('column "age" row 17: not a number');
    expect(err.exitCode).toBe(2);
    expect(err.stack).not.toMatch(/test-handlers/);
    const bug = await pool.run('bug', null).catch((e) => e);
    expect(bug).toBeInstanceOf(ThicketError);
    expect(bug.message).toMatch(/^task "bug" #\d+ failed in a worker: TypeError: not a ThicketError$/);
    const over = await pool.run('alloc', { bytes: SCRATCH * 2 }).catch((e) => e);
    expect(over).toBeInstanceOf(ThicketError);
    expect(over.message).toMatch(new RegExp(`allocating ${SCRATCH * 2} bytes needs \\d+ of the ${pool.layout.scratch.slotBytes} reserved per worker`));
    // The same workers carry on.
    expect((await pool.run('sleep', { ms: 0 })).threadId).toBeGreaterThan(0);
    expect(pool.stats.workersExited).toBe(0);
  });

  it('refuses unknown kinds and non-plain payloads before posting anything', async () => {
    await expect(pool.run('nope' as 'sum', { region: 'x' })).rejects.toThrow(/no task handler "nope" \(have: sum, histogram, /);
    await expect(pool.run('sum', { region: new Float32Array(4) as unknown as string })).rejects.toThrow(/payload\.region is a Float32Array/);
    await expect(pool.run('sum', { region: 'missing' })).rejects.toThrow(/no shared region named "missing" \(have: bins, gh, x\)/);
  });

  it('hands back copies, never views of shared memory, and compacts subarrays', async () => {
    const v = await pool.run('views', null);
    expect(Array.from(v.sub)).toEqual([10, 11, 12]);
    expect(v.sub.buffer.byteLength).toBe(24);
    expect(Array.from(v.shared)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(v.shared.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('lets workers see memory the main thread grew after the pool started', async () => {
    const before = memory.buffer.byteLength;
    const ptr = engine.arena.alloc(16 << 20); // beyond the current end: grows the shared memory
    expect(memory.buffer.byteLength).toBeGreaterThan(before);
    engine.arena.f32(ptr + (16 << 20) - 4, 1)[0] = 42.5;
    const seen = await all(4, () => pool.run('readPtr', { ptr: ptr + (16 << 20) - 4 }));
    expect(seen).toEqual([42.5, 42.5, 42.5, 42.5]);
    const r = await pool.run('readAt', { region: 'x', index: 3 });
    expect(r.bufferBytes).toBe(memory.buffer.byteLength);
    expect(r.value).toBe(Math.fround(Math.sin(3) * 1000));
  });

  it('runs CPU-bound kernel tasks on two workers at once (speed-up logged, not asserted)', async () => {
    const task = () => pool.run('histogram', { nRows: N_ROWS, nFeatures: N_FEATURES, repeat: 4 });
    await all(2, task); // warm both workers
    const tasks = 8;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const serial: number[] = [], parallel: number[] = [], inSerial: number[] = [], inParallel: number[] = [];
    // Alternate the two ways so background load hits both alike; the in-worker time shows
    // whether the machine had two free cores (it rises in the parallel runs when it had not).
    for (let round = 0; round < 3; round++) {
      let t = performance.now();
      for (let i = 0; i < tasks; i++) inSerial.push((await task()).ms);
      serial.push(performance.now() - t);
      t = performance.now();
      for (const r of await all(tasks, task)) inParallel.push(r.ms);
      parallel.push(performance.now() - t);
    }
    const s = median(serial), p = median(parallel);
    console.log(`[pool] ${tasks} histogram tasks (${N_ROWS} rows x ${N_FEATURES} features x 4 builds), median of 3: ` +
      `one at a time ${s.toFixed(0)} ms, on 2 workers ${p.toFixed(0)} ms, speed-up ${(s / p).toFixed(2)}x; ` +
      `per task inside the worker ${median(inSerial).toFixed(1)} ms vs ${median(inParallel).toFixed(1)} ms; load ${loadavg()[0].toFixed(2)}`);
    expect(p).toBeGreaterThan(0);
  });
});
