/**
 * Worker-thread entry of parallel binning (binners.ts): instantiates the kernels on the shared
 * memory as soon as it starts, then runs each job posted to it (sorting cut samples, binning
 * blocks of rows) and reports failures through its port.
 */
import { workerData } from 'node:worker_threads';
import { createEngine, type Engine } from '../wasm/load.js';
import { CLAIM_DONE, CLAIM_FAILED, claimWords, runSpillBinning, type SpillBinJob } from '../wasm/spill-binner.js';
import type { BinnerData, BinnerTask } from './binners.js';
import { runCutSorting, type CutSortJob } from './spill-cuts.js';

const data = workerData as BinnerData;
let engine: Engine | null = null;
let bootError = '';
try {
  engine = createEngine(data.memory, data.module);
} catch (err) {
  bootError = err instanceof Error ? err.message : String(err);
}

data.port.on('message', (task: BinnerTask<unknown>) => {
  const ctl = claimWords(data.memory, task.ctl);
  try {
    if (!engine) throw new Error(bootError);
    if (task.kind === 'cuts') runCutSorting(engine, task.job as CutSortJob, task.scratch);
    else runSpillBinning(engine.kernels, data.memory, task.job as SpillBinJob, task.scratch);
  } catch (err) {
    data.port.postMessage(err instanceof Error ? err.message : String(err));
    Atomics.store(ctl, CLAIM_FAILED, 1);
  } finally {
    Atomics.add(ctl, CLAIM_DONE, 1);
    Atomics.notify(ctl, CLAIM_DONE);
  }
});
