/** Worker-thread entry of parallel binning (spill-binning.ts): instantiates the kernels on the shared memory, bins its share of blocks, reports failures through its port. */
import { workerData, type MessagePort } from 'node:worker_threads';
import { createEngine } from '../wasm/load.js';
import { CLAIM_DONE, CLAIM_FAILED, claimWords, runSpillBinning, type SpillBinJob } from '../wasm/spill-binner.js';

export interface SpillBinWorkerData {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  job: SpillBinJob;
  scratch: number;
  port: MessagePort;
}

const data = workerData as SpillBinWorkerData;
const ctl = claimWords(data.memory, data.job.ctl);
try {
  runSpillBinning(createEngine(data.memory, data.module).kernels, data.memory, data.job, data.scratch);
} catch (err) {
  data.port.postMessage(err instanceof Error ? err.message : String(err));
  Atomics.store(ctl, CLAIM_FAILED, 1);
} finally {
  Atomics.add(ctl, CLAIM_DONE, 1);
  Atomics.notify(ctl, CLAIM_DONE);
}
