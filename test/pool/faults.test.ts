/** KernelPool fault handling: a crash, an out-of-memory worker, a timeout or a cancellation fails only its own task; dead workers are replaced and their scratch slots reused. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { kernelModule, newMemory } from '../../src/wasm/load.js';
import { KernelPool } from '../../src/pool/pool.js';
import { HANDLERS, all, type TestHandlers } from './helpers.js';

let pool: KernelPool<TestHandlers>;

beforeAll(async () => {
  pool = await KernelPool.create<TestHandlers>({
    threads: 2, memory: newMemory(), module: kernelModule(), workerScratchBytes: 64 * 1024, handlersModule: HANDLERS,
    // A small heap so the out-of-memory case is quick; wasm memory is outside it.
    resourceLimits: { maxOldGenerationSizeMb: 48 },
  });
});

afterAll(async () => {
  await pool?.close();
});

/** Waits until the pool is back to full strength (a replacement starts asynchronously). */
async function settled(): Promise<void> {
  for (let i = 0; i < 500 && pool.stats.live < pool.threads; i++) await new Promise((r) => setTimeout(r, 10));
  expect(pool.stats.live).toBe(pool.threads);
}

/** Runs enough overlapping scratchInfo tasks to reach both workers; returns threadId -> slot. */
async function slots(): Promise<Map<number, number>> {
  const infos = await all(4, () => pool.run('scratchInfo', { holdMs: 40 }));
  const m = new Map<number, number>();
  for (const r of infos) {
    expect(r.intact).toBe(true);
    m.set(r.threadId, r.slot);
  }
  expect(m.size).toBe(2);
  expect(new Set(m.values())).toEqual(new Set([0, 1]));
  return m;
}

describe('KernelPool faults', () => {
  it('fails only the task of a worker that calls process.exit; the other task and later tasks succeed', async () => {
    const before = await slots();
    const exited = pool.stats.workersExited;
    const other = pool.run('sleep', { ms: 150 });
    const crash = pool.run('crash', { code: 3 }).catch((e) => e);
    const err = await crash;
    expect(err).toBeInstanceOf(ThicketError);
    expect(err.message).toMatch(/^task "crash" #\d+ failed: its worker exited with code 3; the worker was replaced$/);
    expect((await other).threadId).toBeGreaterThan(0);
    await settled();
    expect(pool.stats.workersExited).toBe(exited + 1);
    const after = await slots();
    // One of the two threads is new, and it took over the freed slot.
    const fresh = [...after.keys()].filter((t) => !before.has(t));
    expect(fresh).toHaveLength(1);
    expect(Math.min(...fresh)).toBeGreaterThan(Math.max(...before.keys()));
    expect(pool.stats.slotOwners.sort()).toEqual([...after.keys()].sort());
  });

  it('fails the task of a worker that runs out of JS heap, and carries on', async () => {
    const exited = pool.stats.workersExited;
    const err = await pool.run('oom', null).catch((e) => e);
    expect(err).toBeInstanceOf(ThicketError);
    expect(err.message).toMatch(/^task "oom" #\d+ failed: its worker ran out of memory/);
    expect((await pool.run('sum', { region: 'none' }).catch((e) => e)).message).toMatch(/no shared region named "none"/);
    await settled();
    expect(pool.stats.workersExited).toBe(exited + 1);
    await slots();
  });

  it('times out a stuck task, terminates its worker and replaces it', async () => {
    const before = await slots();
    const exited = pool.stats.workersExited;
    const t0 = performance.now();
    const err = await pool.run('sleep', { ms: 20_000 }, { timeoutMs: 200 }).catch((e) => e);
    const took = performance.now() - t0;
    expect(err).toBeInstanceOf(ThicketError);
    expect(err.message).toMatch(/^task "sleep" #\d+ timed out after 200 ms; its worker was terminated and replaced$/);
    expect(took).toBeLessThan(5000);
    await settled();
    const after = await slots();
    expect(pool.stats.workersExited).toBe(exited + 1);
    expect([...after.keys()].filter((t) => !before.has(t))).toHaveLength(1);
    // A task within its time limit is unaffected by the option.
    expect((await pool.run('sleep', { ms: 5 }, { timeoutMs: 5000 })).threadId).toBeGreaterThan(0);
  });

  it('cancels a running task by killing its worker, and a queued one without killing anything', async () => {
    // Running: aborting terminates the worker.
    let exited = pool.stats.workersExited;
    const ac = new AbortController();
    const running = pool.run('sleep', { ms: 20_000 }, { signal: ac.signal }).catch((e) => e);
    setTimeout(() => ac.abort(), 100);
    const err = await running;
    expect(err).toBeInstanceOf(ThicketError);
    expect(err.message).toMatch(/^task "sleep" #\d+ was cancelled$/);
    await settled();
    await slots();
    expect(pool.stats.workersExited).toBe(exited + 1);
    // Queued: both workers busy, the third task waits and is dropped from the queue.
    exited = pool.stats.workersExited;
    const busy = all(2, () => pool.run('sleep', { ms: 200 }));
    const ac2 = new AbortController();
    const queued = pool.run('sleep', { ms: 1 }, { signal: ac2.signal }).catch((e) => e);
    ac2.abort();
    expect((await queued).message).toMatch(/was cancelled$/);
    await busy;
    expect(pool.stats.workersExited).toBe(exited);
    // Already aborted: refused at once.
    await expect(pool.run('sleep', { ms: 1 }, { signal: AbortSignal.abort() })).rejects.toThrow(/cancelled before it started/);
  });
});
