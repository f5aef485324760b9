/** `thicket worker`: a long-running process that takes AutoML fold jobs from a BullMQ queue on Redis and runs them on its cores. */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { checkRedis, parseQueueUrl } from '../distributed/redis-url.js';
import { DEFAULT_QUEUE_NAME, DEFAULT_STALL_MS } from '../distributed/queue-keys.js';
import { QueueWorker } from '../distributed/queue-worker.js';
import type { CliIO } from './io.js';

interface WorkerFlags {
  queue: string;
  concurrency?: string;
  queueName: string;
  tlsCa?: string;
  cacheDir?: string;
  stallMs?: string;
}

export function positiveInt(flag: string, v: string | undefined, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) throw usageError(`${flag} ${v}: must be an integer >= ${min}`);
  return x;
}

async function work(flags: WorkerFlags, io: CliIO): Promise<void> {
  const concurrency = positiveInt('--concurrency', flags.concurrency) ?? availableParallelism();
  const stallMs = positiveInt('--stall-ms', flags.stallMs, 1000) ?? DEFAULT_STALL_MS;
  const target = parseQueueUrl(flags.queue, { tlsCa: flags.tlsCa });
  await checkRedis(target);
  const worker = await QueueWorker.start({
    target, queueName: flags.queueName, concurrency, stallMs, cacheDir: flags.cacheDir, log: (line) => io.stderr(`${line}\n`),
  });
  io.stderr(`worker ready: queue ${flags.queueName} on ${target.shown}, ${concurrency} at a time (pid ${process.pid})\n`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      io.stderr(`${sig}: finishing running jobs, then stopping\n`);
      process.removeAllListeners('SIGINT');
      process.removeAllListeners('SIGTERM');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await worker.close();
  io.stderr(`worker stopped after ${worker.completed} job(s)\n`);
}

export function registerWorker(program: Command, io: CliIO): void {
  program
    .command('worker')
    .description('run AutoML fold jobs from a Redis queue (the other side of `fit --queue`), until SIGINT / SIGTERM')
    .requiredOption('--queue <url>', 'Redis URL: redis://[:password@]host:port or rediss:// for TLS (password also from THICKET_REDIS_PASSWORD)')
    .option('--concurrency <n>', 'jobs at once, one thread each (default: all cores)')
    .option('--queue-name <name>', 'BullMQ queue name (the same as the coordinator\'s)', DEFAULT_QUEUE_NAME)
    .option('--tls-ca <file>', 'CA certificate (PEM) for a rediss:// server with a private CA')
    .option('--cache-dir <dir>', 'where datasets downloaded over http(s) are kept, by hash')
    .option('--stall-ms <ms>', 'a killed worker\'s job goes back to the queue after this long', String(DEFAULT_STALL_MS))
    .action((flags: WorkerFlags) => work(flags, io));
}
