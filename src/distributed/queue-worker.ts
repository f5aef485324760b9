/**
 * `thicket worker`: takes fold jobs from the BullMQ queue and runs them on a KernelPool with the
 * same fold handler as the local pool. Each dataset is rebuilt once from its reference (read,
 * preprocessed and binned as the coordinator did, checked by hash) and kept by hash.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ThicketError } from '../errors.js';
import type { KernelPool } from '../pool/pool.js';
import { createEngine, newMemory } from '../wasm/load.js';
import { handlersPath } from '../automl/handlers-path.js';
import type { FoldOutcome } from '../automl/trial.js';
import { rebuildTrialData, textSha256 } from './dataset.js';
import { checkDatasetRef, checkJobData, encodeOutcome, FOLD_JOB, type ResultData } from './job-format.js';
import { datasetKey, MAX_STALLED } from './queue-keys.js';
import type { QueueTarget } from './redis-url.js';
import { createTrialPool } from './transport.js';

export interface QueueWorkerOptions {
  target: QueueTarget;
  queueName: string;
  /** Jobs run at once, and the threads of each dataset's pool. */
  concurrency: number;
  /** Lock duration and stalled-check interval (ms). */
  stallMs: number;
  /** Where downloaded (http) datasets are cached by hash. */
  cacheDir?: string;
  log?: (line: string) => void;
  /** Datasets kept ready at once (each has its own memory and pool). */
  maxDatasets?: number;
}

interface Entry {
  ready: Promise<KernelPool>;
  running: number;
  used: number;
  /** Pools handed in by the coordinator are not ours to close. */
  owned: boolean;
}

export const defaultCacheDir = (): string => join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'thicket', 'datasets');

export class QueueWorker {
  private readonly datasets = new Map<string, Entry>();
  private readonly redis: Redis;
  private readonly worker: Worker;
  private readonly log: (line: string) => void;
  private tick = 0;
  /** Jobs finished by this worker (tests and the benchmark read it). */
  completed = 0;

  private constructor(private readonly opts: QueueWorkerOptions) {
    this.log = opts.log ?? (() => {});
    this.redis = new Redis(opts.target.connection);
    this.redis.on('error', () => { /* reconnects; the BullMQ worker reports lasting trouble */ });
    this.worker = new Worker(opts.queueName, (job) => this.process(job), {
      connection: opts.target.connection,
      concurrency: opts.concurrency,
      lockDuration: opts.stallMs,
      stalledInterval: opts.stallMs,
      maxStalledCount: MAX_STALLED,
      autorun: false,
      // The coordinator reads the concurrency of the connected workers from their names.
      name: `thicket-c${opts.concurrency}`,
    });
    this.worker.on('error', (e) => this.log(`queue error: ${e.message}`));
  }

  static async start(opts: QueueWorkerOptions): Promise<QueueWorker> {
    const w = new QueueWorker(opts);
    await w.worker.waitUntilReady();
    void w.worker.run();
    return w;
  }

  /** Serves jobs on dataset `ref` with a pool already holding that data (the coordinator's own workers). */
  adopt(ref: string, pool: KernelPool): void {
    this.datasets.set(ref, { ready: Promise.resolve(pool), running: 0, used: ++this.tick, owned: false });
  }

  private async process(job: Job): Promise<ResultData> {
    const where = `job ${job.id}`;
    try {
      if (job.name !== FOLD_JOB) throw new ThicketError(`${where}: unknown job name ${JSON.stringify(job.name)} (this worker runs "${FOLD_JOB}" jobs only)`, 1);
      const data = checkJobData(job.data, where);
      const t = data.task;
      const late = () => data.deadlineAt !== null && data.deadlineAt - Date.now() <= 0;
      // A job whose budget is spent is not worth loading data for.
      if (late()) throw new ThicketError(`trial ${t.trial} fold ${t.fold} timed out in the queue`, 1);
      const entry = this.entry(data.dataset.ref);
      entry.running++;
      try {
        const pool = await entry.ready;
        const timeoutMs = data.deadlineAt === null ? undefined : data.deadlineAt - Date.now();
        if (late()) throw new ThicketError(`trial ${t.trial} fold ${t.fold} timed out in the queue`, 1);
        this.log(`${where}: trial ${t.trial} fold ${t.fold} ${t.learner} started`);
        const t0 = performance.now();
        const startedAt = Date.now();
        const out = (await pool.run('fold', t, { timeoutMs })) as FoldOutcome;
        this.completed++;
        this.log(`${where}: trial ${t.trial} fold ${t.fold} done in ${((performance.now() - t0) / 1000).toFixed(2)}s`);
        return { ...encodeOutcome(out), startedAt, finishedAt: Date.now() };
      } finally {
        entry.running--;
      }
    } catch (e) {
      // Handler errors, bad payloads and timeouts fail the same way wherever they run: no retry.
      // (A worker that dies is a different matter: its job stalls and BullMQ hands it to another.)
      const message = e instanceof Error ? e.message : String(e);
      this.log(`${where}: failed: ${message}`);
      throw new UnrecoverableError(message);
    }
  }

  private entry(ref: string): Entry {
    let e = this.datasets.get(ref);
    if (!e) {
      this.evict();
      e = { ready: this.load(ref), running: 0, used: 0, owned: true };
      // A failed load is forgotten, so the next job tries again (the file may have appeared).
      e.ready.catch(() => { if (this.datasets.get(ref) === e) this.datasets.delete(ref); });
      this.datasets.set(ref, e);
    }
    e.used = ++this.tick;
    return e;
  }

  /** Closes the least recently used idle dataset pools beyond the limit. */
  private evict(): void {
    const max = this.opts.maxDatasets ?? 2;
    const idle = [...this.datasets.entries()].filter(([, e]) => e.running === 0 && e.owned).sort((a, b) => a[1].used - b[1].used);
    while (this.datasets.size >= max && idle.length > 0) {
      const [ref, e] = idle.shift()!;
      this.datasets.delete(ref);
      void e.ready.then((p) => p.close({ force: true }), () => {});
    }
  }

  private async load(ref: string): Promise<KernelPool> {
    const text = await this.redis.get(datasetKey(ref));
    if (text === null) throw new ThicketError(`dataset reference ${ref.slice(0, 12)}... is not in Redis (expired, or another Redis than the coordinator's)`, 1);
    if (textSha256(text) !== ref) throw new ThicketError(`dataset reference ${ref.slice(0, 12)}...: its text does not match its hash`, 1);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ThicketError(`dataset reference ${ref.slice(0, 12)}...: not valid JSON`, 1);
    }
    const dref = checkDatasetRef(json, `dataset reference ${ref.slice(0, 12)}...`);
    const t0 = performance.now();
    const memory = newMemory();
    const engine = createEngine(memory);
    const placed = await rebuildTrialData(dref, engine, this.opts.cacheDir ?? defaultCacheDir());
    const pool = await createTrialPool({ memory, shared: placed.shared, scratchBytes: placed.scratchBytes, handlersModule: handlersPath() }, this.opts.concurrency);
    this.log(`dataset ${dref.location} (sha256 ${dref.sha256.slice(0, 12)}...): ${dref.nRows} rows binned identically in ${((performance.now() - t0) / 1000).toFixed(2)}s`);
    return pool;
  }

  /** Stops taking jobs, waits for the running ones, closes the pools it made. */
  async close(): Promise<void> {
    await this.worker.close();
    for (const e of this.datasets.values()) if (e.owned) await e.ready.then((p) => p.close({ force: true }), () => {});
    this.datasets.clear();
    this.redis.disconnect();
  }
}
