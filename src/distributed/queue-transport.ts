/**
 * `thicket fit --queue`: fold tasks as BullMQ jobs. The coordinator keeps the searcher, budget
 * and ensemble; each fold task becomes a job whose id is a hash of the dataset reference and the
 * task, so a job is done once however often it is enqueued: a job whose worker died is put back
 * by BullMQ's stalled-job check and finishes once, and a resumed coordinator finds the jobs its
 * predecessor finished still in Redis. Results come back as job return values and are checked
 * like model files.
 */
import { appendFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { ThicketError } from '../errors.js';
import type { FoldOutcome, FoldTask } from '../automl/trial.js';
import type { KernelPool } from '../pool/pool.js';
import { datasetRef, fileSha256, textSha256 } from './dataset.js';
import { checkLocation, decodeOutcome, FOLD_JOB, JOB_FORMAT, QUEUE_VERSION, type JobData } from './job-format.js';
import { datasetKey, KEEP_SECONDS } from './queue-keys.js';
import { QueueWorker } from './queue-worker.js';
import type { QueueTarget } from './redis-url.js';
import { createTrialPool, type FoldTransport, type TransportFactory } from './transport.js';

export interface QueueFitOptions {
  target: QueueTarget;
  queueName: string;
  /** The training file the coordinator read. */
  path: string;
  /** Where workers read it (default: its absolute path, for shared storage). */
  location?: string;
  categorical?: string[];
  targetColumn: string;
  stallMs: number;
  log?: (line: string) => void;
}

/** Set to a file name, per-fold queue timings are appended to it as JSON lines (bench/distributed.mjs). */
export const STATS_ENV = 'THICKET_QUEUE_STATS';

/** How often jobs still pending are looked up directly (in case an event was missed). */
const POLL_MS = 5000;
/** Grace after a job's deadline before the coordinator gives up on it (its worker enforces the deadline itself). */
const GRACE_MS = 2000;

interface Waiter {
  task: FoldTask;
  settle: (v: unknown, error?: string) => void;
  since: number;
}

/** The job id: a digest of the dataset reference and the task (its deadline left out, so a resumed run finds finished jobs). */
function jobId(ref: string, task: FoldTask): string {
  const { deadline: _d, ...rest } = task as FoldTask & { deadline?: unknown };
  return `t${task.trial}f${task.fold}-${textSha256(ref + JSON.stringify(rest)).slice(0, 24)}`;
}

/**
 * A job's result if it has finished. The state is read before the job: a job read first and
 * finished between the two reads would look completed with no return value yet (a fold that
 * ran in milliseconds did, and its trial failed with "not a JSON object" on a resumed run).
 */
async function finished(queue: Queue, id: string): Promise<{ state: 'completed'; value: unknown } | { state: 'failed'; reason: string } | null> {
  const state = await queue.getJobState(id);
  if (state !== 'completed' && state !== 'failed') return null;
  const job = await Job.fromId(queue, id);
  if (!job) return null;
  return state === 'completed' ? { state, value: job.returnvalue } : { state, reason: job.failedReason };
}

/** Jobs the connected workers run at once (each names its concurrency: thicket-c<N>). */
async function workerSlots(queue: Queue): Promise<number> {
  const workers = await queue.getWorkers().catch(() => [] as { rawname?: string }[]);
  return workers.reduce((s, w) => s + Number(/:w:thicket-c(\d+)$/.exec(String((w as { rawname?: string }).rawname ?? ''))?.[1] ?? 1), 0);
}

export function queueTransport(opts: QueueFitOptions): TransportFactory {
  const log = opts.log ?? (() => {});
  return async (setup) => {
    const location = opts.location ?? resolve(opts.path);
    checkLocation(location, '--data-location');
    const ref = datasetRef(setup, {
      sha256: await fileSha256(opts.path), location, name: basename(opts.path), categorical: opts.categorical ?? [], target: opts.targetColumn,
    });
    const refText = JSON.stringify(ref);
    const refId = textSha256(refText);
    const redis = new Redis(opts.target.connection);
    redis.on('error', () => {});
    await redis.set(datasetKey(refId), refText, 'EX', KEEP_SECONDS);
    const queue = new Queue(opts.queueName, { connection: opts.target.connection, streams: { events: { maxLen: 2000 } } });
    const events = new QueueEvents(opts.queueName, { connection: opts.target.connection });
    queue.on('error', () => {});
    events.on('error', () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    let local: QueueWorker | null = null;
    let localPool: KernelPool | null = null;
    if (setup.workers !== undefined && setup.workers > 0) {
      // This process joins as a worker too, on the data it has already placed.
      localPool = await createTrialPool(setup, setup.workers);
      local = await QueueWorker.start({ target: opts.target, queueName: opts.queueName, concurrency: setup.workers, stallMs: opts.stallMs });
      local.adopt(refId, localPool);
    }
    const slots = await workerSlots(queue);
    log(`queue ${opts.queueName} on ${opts.target.shown}: ${slots} worker slot(s)${local ? `, ${setup.workers} of them in this process` : ''}; dataset ${location} (sha256 ${ref.sha256.slice(0, 12)}...)`);

    const waiting = new Map<string, Waiter>();
    const ids = new Set<string>();
    const settleWith = (id: string, value: unknown, error?: string) => waiting.get(id)?.settle(value, error);
    events.on('completed', ({ jobId: id, returnvalue }) => settleWith(id, returnvalue));
    events.on('failed', ({ jobId: id, failedReason }) => settleWith(id, null, failedReason));
    // A missed event (reconnect, trimmed stream) must not leave a fold waiting forever.
    const poll = setInterval(() => {
      const now = Date.now();
      for (const [id, w] of waiting) {
        if (now - w.since < POLL_MS) continue;
        void finished(queue, id).then((f) => {
          if (f?.state === 'completed') settleWith(id, f.value);
          else if (f?.state === 'failed') settleWith(id, null, f.reason);
        }).catch(() => {});
      }
    }, POLL_MS);
    let warned = false;

    const transport: FoldTransport = {
      // Workers may join later: at least a generation's worth of trials is kept in flight.
      slots: Math.max(1, slots),
      run(task: FoldTask, { timeoutMs, signal }): Promise<FoldOutcome> {
        const id = jobId(refId, task);
        const name = `trial ${task.trial} fold ${task.fold}`;
        const validRows = setup.plan.folds[task.fold]?.valid.length ?? 0;
        return new Promise<FoldOutcome>((resolveRun, rejectRun) => {
          let done = false;
          let timer: NodeJS.Timeout | null = null;
          const finish = () => {
            done = true;
            waiting.delete(id);
            if (timer) clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          };
          const fail = (message: string) => { if (!done) { finish(); rejectRun(new ThicketError(message, 1)); } };
          const drop = () => { void queue.remove(id).catch(() => {}); };
          const onAbort = () => { fail(`${name}: cancelled`); drop(); };
          const addedAt = Date.now();
          const settle = (value: unknown, error?: string) => {
            if (done) return;
            const statsFile = process.env[STATS_ENV];
            if (statsFile && error === undefined && value && typeof value === 'object') {
              const v = value as { startedAt?: number; finishedAt?: number; seconds?: number };
              appendFileSync(statsFile, JSON.stringify({ trial: task.trial, fold: task.fold, addedAt, startedAt: v.startedAt, finishedAt: v.finishedAt, receivedAt: Date.now(), seconds: v.seconds }) + '\n');
            }
            if (error !== undefined) return fail(`${name} failed on the queue: ${error}`);
            let out: FoldOutcome;
            try {
              out = decodeOutcome(value, { task, validRows, schema: setup.schema }, `queue result for ${name}`);
            } catch (e) {
              return fail((e as Error).message);
            }
            finish();
            resolveRun(out);
          };
          if (signal?.aborted) return fail(`${name}: cancelled before it started`);
          signal?.addEventListener('abort', onAbort, { once: true });
          if (timeoutMs !== undefined) timer = setTimeout(() => { fail(`task "fold" ${name} timed out after ${Math.round(timeoutMs)} ms (queue)`); drop(); }, timeoutMs + GRACE_MS);
          waiting.set(id, { task, settle, since: Date.now() });
          ids.add(id);
          const data: JobData = {
            format: JOB_FORMAT, version: QUEUE_VERSION, dataset: { sha256: ref.sha256, location, ref: refId },
            task, deadlineAt: timeoutMs === undefined ? null : Date.now() + timeoutMs,
          };
          void (async () => {
            // Adding an id that exists is a no-op in BullMQ: a finished job is read back, a failed one is run again.
            await queue.add(FOLD_JOB, data, { jobId: id, attempts: 1, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } });
            const f = await finished(queue, id);
            if (f?.state === 'completed') settle(f.value);
            else if (f?.state === 'failed') {
              await queue.remove(id);
              await queue.add(FOLD_JOB, data, { jobId: id, attempts: 1, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } });
            }
            if (!warned && !local) {
              setTimeout(async () => {
                if (warned || done) return;
                const n = await queue.getWorkersCount().catch(() => 0);
                if (n === 0 && !warned) { warned = true; log(`no worker is taking jobs: start \`thicket worker --queue ${opts.target.shown}\``); }
              }, 10_000).unref();
            }
          })().catch((e) => fail(`${name}: cannot enqueue (${(e as Error).message})`));
        });
      },
      async close() {
        clearInterval(poll);
        for (const w of waiting.values()) w.settle(null, 'the coordinator closed');
        // Finished jobs hold models and outputs: drop them once the search has what it needs.
        await Promise.all([...ids].map((id) => queue.remove(id).catch(() => 0)));
        if (local) await local.close();
        if (localPool) await localPool.close({ force: true });
        await events.close();
        await queue.close();
        redis.disconnect();
      },
    };
    return transport;
  };
}
