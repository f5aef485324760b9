/** KernelPool: a piscina pool of workers that all run the kernels on one shared memory, with typed tasks, timeouts and crash recovery. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ThicketError } from '../errors.js';
import { compiledFile } from '../util/compiled-file.js';
import { Arena } from '../wasm/arena.js';
import type { HandlerTable, PayloadOf, ResultOf } from './handler.js';
import { BUILTIN_INIT, findNonPlain, type InitInfo, type TaskMessage, type TaskResult } from './messages.js';
import * as err from './pool-errors.js';
import { newSlotTable, releaseSlot, slotOwners } from './scratch-slots.js';
import { SharedData, type SharedLayout } from './shared-data.js';
import type { PoolWorkerData } from './worker.js';

export interface KernelPoolOptions {
  /** Worker threads; default all cores (os.availableParallelism()). */
  threads?: number;
  /** The shared kernel memory (newMemory()); the shared data must already be in it. */
  memory: WebAssembly.Memory;
  /** The compiled kernels (kernelModule()); compiled once, shared with every worker. */
  module: WebAssembly.Module;
  /** Scratch bytes reserved per worker; a worker allocating more gets a ThicketError. */
  workerScratchBytes: number;
  /** Absolute path or file URL of a compiled ESM module exporting `handlers`. */
  handlersModule: string | URL;
  /**
   * The shared data placed by the main thread. When omitted, the pool reserves its scratch
   * with a fresh Arena over `memory`, which is only right if nothing else was placed there.
   */
  shared?: SharedData;
  /** Per-worker V8 heap limits (a worker exceeding them dies; its task fails, the pool carries on). */
  resourceLimits?: ResourceLimits;
}

export interface RunOptions {
  /** Fails the task after this long, counted from run() (queue time included), and replaces its worker. */
  timeoutMs?: number;
  /** Aborting cancels the task: dropped if queued, its worker terminated and replaced if running. */
  signal?: AbortSignal;
}

/** Counters for tests and diagnostics. */
export interface PoolStats {
  threads: number;
  /** Workers currently in the pool. */
  live: number;
  workersStarted: number;
  workersExited: number;
  /** Owner thread id per scratch slot (0: free). */
  slotOwners: number[];
  /** The last error of a worker that died with no task running (piscina's 'error' event), if any. */
  lastWorkerError: string | null;
}

/** How long a replacement worker waits for its dead predecessor's slot; the exit event normally comes within milliseconds. */
const CLAIM_WAIT_MS = 10_000;

function toFileUrl(m: string | URL): string {
  const href = m instanceof URL ? m.href : m.startsWith('file:') ? m : pathToFileURL(resolve(m)).href;
  if (!existsSync(fileURLToPath(href))) throw err.handlersNotFound(fileURLToPath(href));
  return href;
}

export class KernelPool<H extends HandlerTable = HandlerTable> {
  private nextId = 1;
  private closed = false;
  private started = 0;
  private exited = 0;
  private kinds: Set<string> = new Set();
  private lastWorkerError: string | null = null;
  /** Tasks posted and not yet settled, so a graceful close can wait for queued ones too. */
  private readonly inflight = new Set<Promise<unknown>>();

  private constructor(
    private readonly piscina: Piscina,
    readonly threads: number,
    /** Where the shared data and every worker's scratch lie; the main arena must stay above `layout.end`. */
    readonly layout: SharedLayout,
    private readonly slotTable: Int32Array,
    private readonly shared: SharedData,
  ) {
    piscina.on('workerCreate', (w: { id: number }) => this.track(w.id));
    // Piscina emits 'error' for a worker that dies with no task and for a close timeout; an
    // EventEmitter 'error' with no listener would crash the process. No task is affected and a
    // dead worker is replaced, so the error is only kept for diagnostics.
    piscina.on('error', (e: unknown) => { this.lastWorkerError = e instanceof Error ? e.message : String(e); });
  }

  /**
   * Starts the workers and checks one of them end to end (loads the handlers module,
   * instantiates the kernels, claims a scratch slot), so configuration errors surface here.
   */
  static async create<H extends HandlerTable = HandlerTable>(opts: KernelPoolOptions): Promise<KernelPool<H>> {
    const threads = opts.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw err.badThreads(threads);
    if (!(opts.memory instanceof WebAssembly.Memory) || !(opts.memory.buffer instanceof SharedArrayBuffer)) throw err.notSharedMemory();
    const handlersModule = toFileUrl(opts.handlersModule);
    const shared = opts.shared ?? new SharedData(new Arena(opts.memory));
    if (shared.arena.memory !== opts.memory) throw err.otherMemory();
    const layout = shared.fix(threads, opts.workerScratchBytes);
    const slotTable = newSlotTable(threads);
    const workerData: PoolWorkerData = {
      memory: opts.memory, module: opts.module, handlersModule, layout, slotTable, claimWaitMs: CLAIM_WAIT_MS,
    };
    const piscina = new Piscina({
      filename: compiledFile(import.meta.url, 'pool', 'worker.js'),
      minThreads: threads,
      maxThreads: threads,
      workerData,
      resourceLimits: opts.resourceLimits,
    });
    const pool = new KernelPool<H>(piscina, threads, layout, slotTable, shared);
    try {
      const info = (await pool.exec(BUILTIN_INIT, null, {})) as InitInfo;
      pool.kinds = new Set(info.kinds);
    } catch (e) {
      await pool.close({ force: true });
      throw e;
    }
    return pool;
  }

  /** Runs the handler `kind` on `payload` in some worker; rejects with a ThicketError on handler error, timeout, cancellation or worker death. */
  run<K extends keyof H & string>(kind: K, payload: PayloadOf<H[K]>, opts: RunOptions = {}): Promise<ResultOf<H[K]>> {
    if (!this.kinds.has(kind)) {
      return Promise.reject(err.noHandler(kind, [...this.kinds]));
    }
    return this.exec(kind, payload, opts) as Promise<ResultOf<H[K]>>;
  }

  private async exec(kind: string, payload: unknown, { timeoutMs, signal }: RunOptions): Promise<unknown> {
    if (this.closed) throw err.poolClosed(kind);
    const bad = findNonPlain(payload);
    if (bad) throw err.notPlain(kind, bad);
    if (timeoutMs !== undefined && !(timeoutMs > 0)) throw err.badTimeout(kind, timeoutMs);
    const id = this.nextId++;
    const name = `task "${kind}" #${id}`;
    if (signal?.aborted) throw err.cancelledBeforeStart(name);
    // One controller carries both the caller's cancellation and our timeout into piscina,
    // which drops a queued task or terminates (and replaces) the worker running it.
    const ac = new AbortController();
    let timedOut = false;
    const timer = timeoutMs !== undefined ? setTimeout(() => { timedOut = true; ac.abort(); }, timeoutMs) : null;
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const msg: TaskMessage = { type: 'task', id, kind, payload };
    let res: TaskResult;
    const posted = this.piscina.run(msg, { signal: ac.signal });
    this.inflight.add(posted);
    try {
      res = (await posted) as TaskResult;
    } catch (e) {
      throw this.failure(e, name, timedOut, timeoutMs);
    } finally {
      this.inflight.delete(posted);
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (res.ok) return res.value;
    const { message, exitCode, name: errName } = res.error;
    // A ThicketError keeps its exact message (it is meant for the user); anything else is a bug, so say where it came from.
    if (exitCode) throw new ThicketError(message, exitCode);
    throw err.handlerBug(name, errName ?? 'Error', message);
  }

  /** Turns piscina's rejections into ThicketErrors that say what happened to the task and its worker. */
  private failure(e: unknown, name: string, timedOut: boolean, timeoutMs: number | undefined): ThicketError {
    const x = e as { name?: string; message?: string; code?: string } | null;
    if (x?.name === 'AbortError') {
      if (timedOut) return err.timedOut(name, timeoutMs ?? 0);
      return this.closed ? err.cancelledByClose(name) : err.cancelled(name);
    }
    const what = x?.message ?? String(e);
    if (x?.code === 'ERR_WORKER_OUT_OF_MEMORY') return err.workerOutOfMemory(name, what);
    const exit = /worker exited with code: (-?\d+)/.exec(what);
    if (exit) return err.workerExited(name, exit[1]);
    if (this.closed) return err.cancelledByClose(name, what);
    return err.workerDied(name, what);
  }

  /** Frees a worker's scratch slot once its thread has really stopped (see scratch-slots.ts). */
  private track(threadId: number): void {
    const w = this.piscina.threads.find((t: Worker) => t.threadId === threadId);
    this.started++;
    if (!w) return;
    w.once('exit', () => {
      this.exited++;
      releaseSlot(this.slotTable, threadId);
    });
  }

  get stats(): PoolStats {
    return {
      threads: this.threads,
      live: this.piscina.threads.length,
      workersStarted: this.started,
      workersExited: this.exited,
      slotOwners: slotOwners(this.slotTable),
      lastWorkerError: this.lastWorkerError,
    };
  }

  /**
   * Stops the pool. Refuses new tasks at once; then, unless `force`, waits for every task
   * already submitted (queued ones included: piscina's own graceful close may drop queued
   * tasks) before stopping the workers. `force` rejects everything and terminates the
   * workers at once. Resolves when every worker thread has exited; the shared memory then
   * belongs to the main thread alone again, and the SharedData can back a new pool.
   */
  async close({ force = false }: { force?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!force) await Promise.allSettled([...this.inflight]);
    await this.piscina.destroy();
    this.shared.release(this.layout);
  }
}
