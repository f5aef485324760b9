/**
 * Runs the trees of a forest: on the main thread, or on a KernelPool whose workers share the
 * binned data in one WebAssembly memory. Results are handed over in tree order either way, so
 * the forest and its OOB sums are the same for any number of threads.
 */
import { availableParallelism } from 'node:os';
import { compiledFile } from '../util/compiled-file.js';
import { KernelPool } from '../pool/pool.js';
import { SharedData } from '../pool/shared-data.js';
import type { Engine } from '../wasm/load.js';
import { kernelModule } from '../wasm/load.js';
import type { ForestHandlers } from './forest-handlers.js';
import { growTree, type TreeJob } from './grow-tree.js';
import type { FeatureBins } from '../binning/bin-mapper.js';
import { plainBins } from '../binning/plain-bins.js';
import type { TreeResult } from './forest-arrays.js';
import { TreeConverter } from '../tree/tree-store.js';

/**
 * Below this many (row x tree) units a forest trains on the main thread: a second thread saves
 * more than starting a pool costs from about a million units on (pool start-up and cost per row
 * and tree: BENCHMARKS.md section 11).
 */
export const POOL_MIN_WORK = 1_000_000;

/** Threads to use: nthread (0 = all cores), at most one per tree, 1 for small forests. */
export function forestThreads(nthread: number, nTrees: number, nRows: number, minWork = POOL_MIN_WORK): number {
  const t = Math.min(nthread > 0 ? nthread : availableParallelism(), nTrees);
  return t > 1 && nRows * nTrees >= minWork ? t : 1;
}

/**
 * Grows the trees of one forest: on the main thread, or on a KernelPool over the engine's shared
 * memory. Created before the data is placed (the pool's workers start while the main thread bins,
 * and their scratch lies below the data; workers get the data by offset in each task).
 */
export class TreeRunner {
  private constructor(private readonly engine: Engine, readonly threads: number,
    private readonly pool: Promise<KernelPool<ForestHandlers>> | null) {}

  /** scratchBytes: kernel memory one tree needs (treeScratchBytes). */
  static start(engine: Engine, threads: number, scratchBytes: number): TreeRunner {
    if (threads <= 1) return new TreeRunner(engine, 1, null);
    const pool = KernelPool.create<ForestHandlers>({
      threads,
      memory: engine.arena.memory,
      module: kernelModule(),
      workerScratchBytes: scratchBytes,
      handlersModule: compiledFile(import.meta.url, 'forest', 'forest-handlers.js'),
      shared: new SharedData(engine.arena),
    });
    // A failed start is reported by run() or close(); keep it from being an unhandled rejection meanwhile.
    pool.catch(() => {});
    return new TreeRunner(engine, threads, pool);
  }

  /**
   * Grows trees 0..nTrees-1 of `job`, converts them to model arrays with `bins`, and calls
   * `consume(t, tree)` in increasing t. Tasks go out in tree order, a few per worker at a time, so
   * results come back nearly in order and are consumed while the workers grow the next trees.
   */
  async run(job: TreeJob, nTrees: number, bins: FeatureBins[], consume: (t: number, tree: TreeResult) => void): Promise<void> {
    if (!this.pool) {
      const { arena } = this.engine;
      const converter = new TreeConverter(bins, job.valueWidth);
      for (let t = 0; t < nTrees; t++) {
        const mark = arena.mark();
        const tree = growTree(this.engine, job, t);
        arena.reset(mark);
        consume(t, { ...converter.convert(tree), oobRows: tree.oobRows, oobLeaf: tree.oobLeaf });
      }
      return;
    }
    const pool = await this.pool;
    const done: (TreeResult | undefined)[] = new Array(nTrees);
    const run = Math.random();
    const plain = plainBins(bins);
    let next = 0;
    let sent = 0;
    const window = 2 * this.threads;
    await new Promise<void>((resolveAll, rejectAll) => {
      let failed = false;
      const send = (): void => {
        const t = sent++;
        pool.run('forestTree', { job, tree: t, bins: plain, run }).then((r) => {
          if (failed) return;
          done[t] = r;
          while (next < nTrees && done[next]) {
            const tree = done[next]!;
            done[next] = undefined;
            consume(next++, tree);
          }
          if (sent < nTrees) send();
          else if (next === nTrees) resolveAll();
        }).catch((e: unknown) => {
          if (!failed) { failed = true; rejectAll(e); }
        });
      };
      for (let i = 0; i < Math.min(window, nTrees); i++) send();
    });
  }

  /** Stops the workers (force: without waiting for tasks in flight). */
  async close(force = false): Promise<void> {
    if (!this.pool) return;
    let pool: KernelPool<ForestHandlers>;
    try {
      pool = await this.pool;
    } catch {
      return;
    }
    await pool.close({ force });
  }
}
