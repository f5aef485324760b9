/** KernelPool.close releases every worker: later runs are refused and a process using the compiled pool exits on its own. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ThicketError } from '../../src/errors.js';
import { createEngine, kernelModule, newMemory } from '../../src/wasm/load.js';
import { SharedData } from '../../src/pool/shared-data.js';
import { KernelPool } from '../../src/pool/pool.js';
import { HANDLERS, type TestHandlers } from './helpers.js';

const DIST = fileURLToPath(new URL('../../dist/src/', import.meta.url));

/** Runs an ESM script against the compiled pool in a fresh node process; it must end without process.exit. */
function runScript(body: string): { status: number | null; stdout: string; stderr: string; ms: number } {
  const script = `
    import { KernelPool } from ${JSON.stringify(DIST + 'pool/pool.js')};
    import { kernelModule, newMemory } from ${JSON.stringify(DIST + 'wasm/load.js')};
    const pool = await KernelPool.create({ threads: 2, memory: newMemory(), module: kernelModule(),
      workerScratchBytes: 65536, handlersModule: ${JSON.stringify(HANDLERS)} });
    ${body}
    console.log(JSON.stringify(pool.stats));`;
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t };
}

describe('KernelPool.close', () => {
  it('runs every task already submitted, waits for the workers to exit, and refuses later tasks', async () => {
    const memory = newMemory();
    const module = kernelModule();
    const shared = new SharedData(createEngine(memory, module).arena);
    shared.put('x', Float32Array.of(1, 2, 3));
    const opts = { threads: 2, memory, module, workerScratchBytes: 4096, handlersModule: HANDLERS, shared };
    const pool = await KernelPool.create<TestHandlers>(opts);
    const pending = Array.from({ length: 5 }, () => pool.run('sleep', { ms: 50 })); // 2 running, 3 queued
    await pool.close();
    for (const p of pending) expect((await p).threadId).toBeGreaterThan(0);
    expect(pool.stats).toMatchObject({ live: 0, workersExited: pool.stats.workersStarted, slotOwners: [0, 0] });
    const err = await pool.run('sleep', { ms: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(ThicketError);
    expect(err.message).toMatch(/the kernel pool is closed/);
    await pool.close(); // idempotent
    // The shared data outlives the pool: a new pool reuses it and the same scratch.
    const again = await KernelPool.create<TestHandlers>(opts);
    expect(again.layout.scratch.base).toBe(pool.layout.scratch.base);
    expect((await again.run('sum', { region: 'x' })).sum).toBe(6);
    await again.close();
  });

  it('lets a process that used the compiled pool exit by itself after close()', () => {
    const r = runScript(`
      const out = await Promise.all([0, 1, 2, 3].map(() => pool.run('sleep', { ms: 20 })));
      if (out.length !== 4) throw new Error('tasks');
      await pool.close();`);
    console.log(`[pool] child process: create, 4 tasks, close, exit in ${r.ms.toFixed(0)} ms`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ live: 0, slotOwners: [0, 0] });
  });

  it('close({force: true}) cancels a stuck task and the process still exits promptly', () => {
    const r = runScript(`
      const stuck = pool.run('sleep', { ms: 60000 }).then(() => 'finished', (e) => e.message);
      await new Promise((r) => setTimeout(r, 100));
      await pool.close({ force: true });
      console.log(await stuck);`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^task "sleep" #\d+ was cancelled: the kernel pool closed/);
    expect(r.ms).toBeLessThan(10_000);
  });
});
