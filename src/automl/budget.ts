/**
 * The wall-clock budget of `thicket fit --time`: the one place that cuts it into reading,
 * binning, search, ensemble and writing, turns its deadlines into the epoch times task messages
 * carry, caps timer delays, and estimates the least budget that can give a model at all.
 */
import { usageError } from '../errors.js';

/** setTimeout's longest delay (a larger one fires at once). */
export const MAX_TIMER_MS = 2_147_483_647;

/** A delay setTimeout honours: at least 1 ms, at most MAX_TIMER_MS. */
export function timerMs(ms: number): number {
  return Math.max(1, Math.min(MAX_TIMER_MS, Math.round(ms)));
}

/** What is kept back from the search for the steps after it. */
export interface Reserves {
  /** Closing the pool, choosing the ensemble, assembling the model. */
  ensembleMs: number;
  /** Writing the model file and trial log, scoring --test: everything the caller does after runAutoML. */
  outputMs: number;
}

export class Budget {
  /** performance.now() time the budget counts from (0: the process start). */
  readonly start: number;
  /** The budget in ms (null: no --time). */
  readonly totalMs: number | null;
  private outputMs = 0;

  constructor(seconds?: number, start = performance.now()) {
    if (seconds !== undefined && !(seconds > 0 && Number.isFinite(seconds))) throw usageError(`--time must be > 0 seconds, got ${seconds}`);
    this.start = start;
    this.totalMs = seconds === undefined ? null : seconds * 1000;
  }

  get limited(): boolean {
    return this.totalMs !== null;
  }

  get seconds(): number | null {
    return this.totalMs === null ? null : this.totalMs / 1000;
  }

  elapsedMs(now = performance.now()): number {
    return now - this.start;
  }

  /** performance.now() time at which everything must be done (Infinity: no budget). */
  end(): number {
    return this.totalMs === null ? Infinity : this.start + this.totalMs;
  }

  remainingMs(now = performance.now()): number {
    return this.end() - now;
  }

  /**
   * Keeps `ms` for what the caller does after the search and ensemble (writing the files,
   * scoring --test). Call before the search starts.
   */
  reserveOutput(ms: number): void {
    this.outputMs = Math.max(0, ms);
  }

  /**
   * The reserves: the ensemble step gets 3% of the budget (0.3 to 3 s); output what the caller
   * asked, at most a fifth of the budget. Both shrink for tiny budgets so the search keeps half.
   */
  reserves(): Reserves {
    if (this.totalMs === null) return { ensembleMs: 0, outputMs: 0 };
    const t = this.totalMs;
    const ensembleMs = Math.min(0.15 * t, Math.max(300, Math.min(3000, 0.03 * t)));
    const outputMs = Math.min(0.2 * t, this.outputMs);
    return { ensembleMs, outputMs };
  }

  /** performance.now() time at which the search stops (its folds return what they have). */
  searchEnd(): number {
    const r = this.reserves();
    return this.end() - r.ensembleMs - r.outputMs;
  }

  /** performance.now() time by which the ensemble and model must be ready. */
  ensembleEnd(): number {
    return this.end() - this.reserves().outputMs;
  }

  /** A performance.now() time as Date.now() epoch ms (what task messages carry; null: no deadline). */
  static epoch(perfTime: number): number | null {
    return Number.isFinite(perfTime) ? Math.round(Date.now() + (perfTime - performance.now())) : null;
  }
}

/**
 * Seconds of the least useful budget for a training file of `bytes` bytes: reading it, binning
 * it and one small model, estimated from throughput measured on a 2-core machine
 * (airline_1m: 1M rows, 20 MB gzip / 60 MB CSV) and rounded up. A rough floor: below it no
 * model can come out, so `fit` says so at once instead of failing after the wait.
 */
export function leastUsefulSeconds(bytes: number, gzip: boolean): number {
  // ~40 MB/s of CSV text parsed and ~3x that compressed; binning and one small model take about
  // as long again as reading; plus the worker pool's start and the model file.
  const readS = bytes / (gzip ? 13e6 : 40e6);
  return Math.ceil((0.5 + 2 * readS) * 10) / 10;
}
