/**
 * Runs the trees of a forest: on the main thread, or on a KernelPool whose workers share the
 * binned data in one WebAssembly memory. Results are handed over in tree order either way, so
 * the forest and its OOB sums are the same for any number of threads.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThicketError } from '../errors.js';
import { KernelPool } from '../pool/pool.js';
import { SharedData } from '../pool/shared-data.js';
import type { Engine } from '../wasm/load.js';
import { kernelModule } from '../wasm/load.js';
import type { ForestHandlers } from './forest-handlers.js';
import { growTree, treeScratchBytes, type TreeJob } from './grow-tree.js';
import type { PackedTree } from './packed-tree.js';

/**
 * Below this many (row x tree) units a forest trains on the main thread: starting a pool costs
 * 130-220 ms (TOOLCHAIN.md), more than small forests take in total.
 */
export const POOL_MIN_WORK = 2_000_000;

/** compiled forest-handlers.js: next to this file in dist, or found from the repository root when running from src. */
function handlersFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'forest-handlers.js');
  if (existsSync(sibling)) return sibling;
  let dir = here;
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'dist', 'src', 'forest', 'forest-handlers.js');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new ThicketError('forest worker handlers dist/src/forest/forest-handlers.js not found: run `npm run build` first');
}

/** Threads to use: nthread (0 = all cores), at most one per tree, 1 for small forests. */
export function forestThreads(nthread: number, nTrees: number, nRows: number): number {
  const t = Math.min(nthread > 0 ? nthread : availableParallelism(), nTrees);
  return t > 1 && nRows * nTrees >= POOL_MIN_WORK ? t : 1;
}

/**
 * Grows trees 0..nTrees-1 of `job` and calls `consume(t, tree)` in increasing t. `engine` holds
 * the data `job` points at; with threads > 1 its memory is shared with the workers, and nothing
 * may be allocated from its arena until this resolves.
 */
export async function runTrees(engine: Engine, job: TreeJob, nTrees: number, threads: number,
  consume: (t: number, tree: PackedTree) => void): Promise<void> {
  if (threads <= 1) {
    const { arena } = engine;
    for (let t = 0; t < nTrees; t++) {
      const mark = arena.mark();
      const tree = growTree(engine, job, t);
      arena.reset(mark);
      consume(t, tree);
    }
    return;
  }
  const d = job.data;
  const pool = await KernelPool.create<ForestHandlers>({
    threads,
    memory: engine.arena.memory,
    module: kernelModule(),
    workerScratchBytes: treeScratchBytes(engine.kernels, d.nRows, d.nFeatures, job.channels, job.subtreeRows),
    handlersModule: handlersFile(),
    shared: new SharedData(engine.arena),
  });
  const done: (PackedTree | undefined)[] = new Array(nTrees);
  let next = 0;
  const flush = () => {
    while (next < nTrees && done[next]) {
      const tree = done[next]!;
      done[next] = undefined;
      consume(next++, tree);
    }
  };
  try {
    await Promise.all(Array.from({ length: nTrees }, (_, t) => pool.run('forestTree', { job, tree: t }).then((r) => {
      done[t] = r;
      flush();
    })));
  } catch (e) {
    await pool.close({ force: true });
    throw e;
  }
  await pool.close();
}
