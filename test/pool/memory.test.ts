/** Shared data is stored once: two workers reading a 100 MB shared region add far less than 100 MB to the process's resident memory. */
import { describe, it, expect } from 'vitest';
import { createEngine, kernelModule, newMemory } from '../../src/wasm/load.js';
import { KernelPool } from '../../src/pool/pool.js';
import { SharedData, regionView } from '../../src/pool/shared-data.js';
import { HANDLERS, all, type TestHandlers } from './helpers.js';

const MiB = 2 ** 20;
const DATA_BYTES = 100 * MiB;

describe('KernelPool memory', () => {
  it('lets two workers read one 100 MB region without copying it', async () => {
    const memory = newMemory();
    const module = kernelModule();
    const shared = new SharedData(createEngine(memory, module).arena);
    const region = shared.reserve('x', DATA_BYTES);
    // Filled in place so every page is resident before the baseline is taken.
    const x = regionView(memory, region, Float32Array);
    for (let i = 0; i < x.length; i++) x[i] = (i % 1024) / 1024;
    let expected = 0;
    for (let i = 0; i < x.length; i++) expected += x[i];
    const rss0 = process.memoryUsage().rss;
    const pool = await KernelPool.create<TestHandlers>({ threads: 2, memory, module, workerScratchBytes: 64 * 1024, handlersModule: HANDLERS, shared });
    try {
      // Two overlapping passes over the whole region, one per worker.
      const sums = await all(2, () => pool.run('sum', { region: 'x', repeat: 2 }));
      expect(new Set(sums.map((s) => s.threadId)).size).toBe(2);
      for (const s of sums) expect(s.sum).toBe(expected);
      const rss1 = process.memoryUsage().rss;
      const grew = rss1 - rss0;
      console.log(`[pool] 100 MiB shared region, 2 workers attached and read it: RSS ${(rss0 / MiB).toFixed(0)} -> ${(rss1 / MiB).toFixed(0)} MiB ` +
        `(+${(grew / MiB).toFixed(1)} MiB; a copy per worker would add 200 MiB)`);
      expect(grew).toBeLessThan(DATA_BYTES / 2);
    } finally {
      await pool.close();
    }
  });
});
