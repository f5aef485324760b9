/**
 * The worker threads that bin a spilled training file (spill-bin-worker.ts). They are started
 * before the cut points are known, so that they boot (Node, the kernels) while the calling thread
 * reads the cut sample; then each job (sorting the samples into cut points, binning the rows) is
 * posted to all of them, run by them and the calling thread together, and waited for through
 * the job's control words in kernel memory: the calling thread blocks and never runs its event loop.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ThicketError } from '../errors.js';
import { compiledFile } from '../util/compiled-file.js';
import type { Ptr } from '../wasm/kernels.js';
import { kernelModule, type Engine } from '../wasm/load.js';
import { CLAIM_DONE, CLAIM_FAILED, claimWords } from '../wasm/spill-binner.js';

/** A binning thread that makes no progress for this long is taken as lost. */
const STALL_LIMIT_MS = 120_000;

/** What a binning worker gets in workerData. */
export interface BinnerData {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  port: MessagePort;
}

/** One job for every binner: its kind, its data, this thread's scratch, its control words (CLAIM_*). */
export interface BinnerTask<J> {
  kind: 'cuts' | 'bin';
  job: J;
  scratch: Ptr;
  ctl: Ptr;
}

interface Binner { worker: Worker; port: MessagePort }

/** Started binning workers; close() them when done. */
export class Binners {
  private readonly list: Binner[] = [];

  /** Starts `n` workers on the engine's memory (none for n <= 0). */
  constructor(private readonly engine: Engine, n: number) {
    if (n <= 0) return;
    const file = compiledFile(import.meta.url, 'binning', 'spill-bin-worker.js');
    const module = kernelModule();
    for (let k = 0; k < n; k++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: BinnerData = { memory: engine.arena.memory, module, port: port2 };
      const worker = new Worker(file, { workerData, transferList: [port2] });
      worker.unref();
      this.list.push({ worker, port: port1 });
    }
  }

  get size(): number {
    return this.list.length;
  }

  /**
   * Posts a job to every worker (scratch[k + 1] is worker k's), runs `mine` on this thread
   * (scratch[0]), waits for the workers; throws the first failure.
   */
  run<J>(kind: BinnerTask<J>['kind'], job: J, ctl: Ptr, scratch: Ptr[], mine: () => void): void {
    const words = claimWords(this.engine.arena.memory, ctl);
    this.list.forEach((b, k) => b.port.postMessage({ kind, job, scratch: scratch[k + 1]!, ctl } satisfies BinnerTask<J>));
    let failure: unknown = null;
    try {
      mine();
    } catch (err) {
      Atomics.store(words, CLAIM_FAILED, 1);
      failure = err;
    }
    const errors = this.await(ctl);
    if (failure) throw failure;
    if (errors.length > 0 || Atomics.load(claimWords(this.engine.arena.memory, ctl), CLAIM_FAILED)) {
      throw new ThicketError(`binning the spilled rows failed: ${errors.join('; ') || 'a binning thread failed'}`);
    }
  }

  /** Blocks the calling thread until every worker has finished the job; returns their error messages. */
  private await(ctl: Ptr): string[] {
    const words = claimWords(this.engine.arena.memory, ctl);
    let last = -1;
    let since = Date.now();
    for (;;) {
      const done = Atomics.load(words, CLAIM_DONE);
      if (done >= this.list.length) break;
      if (done !== last) { last = done; since = Date.now(); }
      if (Date.now() - since > STALL_LIMIT_MS) {
        Atomics.store(words, CLAIM_FAILED, 1);
        this.close();
        return [`a binning thread made no progress for ${STALL_LIMIT_MS / 1000} s`];
      }
      Atomics.wait(words, CLAIM_DONE, done, 1000);
    }
    const errors: string[] = [];
    for (const b of this.list) {
      for (let m = receiveMessageOnPort(b.port); m; m = receiveMessageOnPort(b.port)) errors.push(String(m.message));
    }
    return errors;
  }

  /** Stops the workers. Idempotent. */
  close(): void {
    for (const b of this.list) {
      b.port.close();
      void b.worker.terminate();
    }
    this.list.length = 0;
  }
}
