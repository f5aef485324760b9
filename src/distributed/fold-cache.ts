/**
 * Finished folds kept on disk beside the trial log, so `fit --resume` on the local pool does not
 * run them again (with --queue, Redis keeps them). Each fold result is one JSON file (the queue's
 * result format, validated the same way when read back) named by a digest of the run's identity
 * and the task, deadline left out; a resumed run with the same data, flags and seed plans the
 * same tasks and so finds them. Files are written atomically; the folder is removed once the
 * model is written. A fresh run (no --resume) starts from an empty folder.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { plainBins } from '../binning/plain-bins.js';
import type { FoldOutcome, FoldTask } from '../automl/trial.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { textSha256 } from './dataset.js';
import { decodeOutcome, encodeOutcome } from './job-format.js';
import { createTrialPool, poolTransport, type FoldTransport, type TransportFactory, type TrialSetup } from './transport.js';

/** The folder of kept folds for trial log `logPath`: `.<log name>.folds` beside it. */
export function foldCacheDir(logPath: string): string {
  return join(dirname(resolve(logPath)), `.${basename(logPath)}.folds`);
}

export interface FoldCacheOptions {
  /** The folder (foldCacheDir of the final trial log). */
  dir: string;
  /** The training file (its path, size and modification time are part of the run's identity). */
  path: string;
  target: string;
  categorical: readonly string[];
  /** --resume: read folds kept by the stopped run; otherwise the folder is emptied first. */
  reuse: boolean;
  /** Told at close how many folds were read back. */
  onClose?: (reused: number, ran: number) => void;
}

/**
 * What makes two runs' fold tasks the same work: the file (path, size, mtime), target and
 * declared columns, preprocessing, schema, bin cuts, seed, sample ladder, rows and learners.
 * (Not the binned bytes' hash, which the queue computes: it costs a pass over the matrix.)
 */
function runIdentity(setup: TrialSetup, o: FoldCacheOptions): string {
  const st = statSync(o.path);
  return textSha256(JSON.stringify({
    file: { path: resolve(o.path), size: st.size, mtimeMs: st.mtimeMs }, target: o.target, categorical: o.categorical,
    preprocess: setup.spec, schema: setup.schema, bins: plainBins(setup.data.fbins), seed: setup.seed,
    minSample: setup.minSample ?? null, nRows: setup.data.nRows, learners: setup.learners,
  }));
}

/** A fold's file name: trial, fold and a digest of the run identity and the task without its deadline. */
function foldFile(run: string, task: FoldTask): string {
  const { deadline: _deadline, ...rest } = task;
  return `t${task.trial}f${task.fold}-${textSha256(run + JSON.stringify(rest)).slice(0, 24)}.json`;
}

/** Wraps `inner`: a kept fold is returned from disk, a fold run is kept. */
export function cachingTransport(inner: FoldTransport, setup: TrialSetup, run: string, o: FoldCacheOptions): FoldTransport {
  let reused = 0;
  let ran = 0;
  return {
    slots: inner.slots,
    async run(task: FoldTask, opts): Promise<FoldOutcome> {
      const file = join(o.dir, foldFile(run, task));
      const expect = { task, validRows: setup.plan.folds[task.fold]?.valid.length ?? 0, schema: setup.schema };
      if (o.reuse && existsSync(file)) {
        try {
          const kept = decodeOutcome(JSON.parse(readFileSync(file, 'utf8')), expect, file);
          reused++;
          return kept;
        } catch {
          /* torn or foreign: run the fold again */
        }
      }
      const out = await inner.run(task, opts);
      ran++;
      try {
        writeFileAtomic(file, JSON.stringify(encodeOutcome(out)), 'a finished fold');
      } catch {
        /* keeping folds is for --resume only: a full disk must not fail the search */
      }
      return out;
    },
    async close() {
      o.onClose?.(reused, ran);
      await inner.close();
    },
  };
}

/** The local pool (as runAutoML's default) with its finished folds kept in `o.dir`. */
export function localFoldCache(o: FoldCacheOptions): TransportFactory {
  const factory: TransportFactory = async (setup) => {
    const pool = await createTrialPool(setup, Math.max(1, Math.min(setup.workers ?? availableParallelism(), 64)));
    try {
      if (!o.reuse) rmSync(o.dir, { recursive: true, force: true });
      mkdirSync(o.dir, { recursive: true });
      return cachingTransport(poolTransport(pool), setup, runIdentity(setup, o), o);
    } catch {
      // Keeping folds is for --resume only: a folder that cannot be made (a file in the way) must not fail the search.
      return poolTransport(pool);
    }
  };
  factory.local = true;
  return factory;
}

/** Removes the kept folds (after the model is written). */
export function dropFoldCache(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
