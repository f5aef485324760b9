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
   * The reserves: the ensemble step gets 5% of the budget (0.5 to 5 s: greedy selection over a
   * few thousand OOF rows by AUC takes about a second on a busy 2-core machine, and with 3% it
   * was skipped on most small datasets); output what the caller asked, at most a fifth of the
   * budget. Both shrink for tiny budgets so the search keeps half.
   */
  reserves(): Reserves {
    if (this.totalMs === null) return { ensembleMs: 0, outputMs: 0 };
    const t = this.totalMs;
    const ensembleMs = Math.min(0.15 * t, Math.max(500, Math.min(5000, 0.05 * t)));
    const outputMs = Math.min(0.2 * t, this.outputMs);
    return { ensembleMs, outputMs };
  }

  /** performance.now() time at which the search stops (its folds return what they have). */
  searchEnd(): number {
    const r = this.reserves();
    return this.end() - r.ensembleMs - r.outputMs;
  }

  /**
   * performance.now() time by which the ensemble and model must be ready: half-way into the
   * output reserve, which the ensemble may borrow when the search's last trials returned late (a
   * loaded machine), since the caller's output estimate is generous: `fit --test` runs on the
   * small public datasets ended 7-11% before --time, and the +5% tolerance is left besides.
   */
  ensembleEnd(): number {
    return this.end() - 0.5 * this.reserves().outputMs;
  }

  /** A performance.now() time as Date.now() epoch ms (what task messages carry; null: no deadline). */
  static epoch(perfTime: number): number | null {
    return Number.isFinite(perfTime) ? Math.round(Date.now() + (perfTime - performance.now())) : null;
  }
}

/**
 * Seconds of the least useful budget for a training file of `bytes` bytes: reading it, binning
 * it and one small model. A floor, not a forecast: throughputs are those of an idle 2-core
 * machine (about 80 MB/s of CSV text, 10 MB/s of gzip: synth_1m's 208 MB read in 2.0-2.6 s,
 * airline_1m's 8.6 MB .csv.gz in 0.8-1.2 s, BENCHMARKS section 8), so only a budget that
 * certainly cannot give a model is refused up front instead of failing after the wait; above it
 * the anytime search returns what it has.
 */
export function leastUsefulSeconds(bytes: number, gzip: boolean): number {
  const readS = bytes / (gzip ? 10e6 : 80e6);
  // Binning and one small model take about as long again as reading; plus starting the pool.
  return Math.ceil((0.5 + 2 * readS) * 10) / 10;
}

/**
 * After reading: when the time left cannot pay for binning and one small model (about as long
 * as the reading took, plus starting the pool: the floor's own rule), the fit will end after
 * --time. The line that says so and what budget would do now (null: the budget can hold).
 */
export function overrunAfterRead(budgetSeconds: number, elapsedSeconds: number, readSeconds: number): string | null {
  const need = readSeconds + 0.5;
  if (elapsedSeconds + need <= budgetSeconds) return null;
  const enough = Math.ceil(elapsedSeconds + need);
  return `reading the training data took ${readSeconds.toFixed(1)} s of --time ${budgetSeconds} (${elapsedSeconds.toFixed(1)} s since the start); binning it and one small model need about ${need.toFixed(1)} s more, so this fit will end after --time (give --time ${enough} or more at this machine's current speed)`;
}
