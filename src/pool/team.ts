/**
 * A team of threads for one model: the main thread and `threads - 1` workers instantiated on the
 * same shared kernel memory, driven phase by phase through a control block in that memory
 * (layout.ts CTL_*). The main thread writes a phase's work items, wakes the workers with
 * Atomics.notify, runs items itself, and waits (Atomics.wait; Node's main thread may block) until
 * every worker is done. Items are claimed with an atomic counter; since an item's result does not
 * depend on the thread that ran it, a model is the same with any number of threads. Synchronous
 * from start to close, so synchronous callers (train, the estimators' fit) can use it.
 */
import { Worker } from 'node:worker_threads';
import { ThicketError } from '../errors.js';
import type { Engine } from '../wasm/load.js';
import { kernelModule } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { CTL_BYTES, CTL_COUNT, CTL_DONE, CTL_ERROR, CTL_ITEMS, CTL_NEXT, CTL_READY, CTL_SEQ, CTL_STOP, CTL_WORKER_ITEMS } from '../wasm/layout.js';
import { itemBytes } from '../wasm/addressing.js';
import { ctlWord, writeItem } from '../wasm/team-records.js';
import { compiledFile } from '../util/compiled-file.js';

/** What a team worker gets in workerData. */
export interface TeamWorkerData {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  /** Offset of the control block. */
  ctl: Ptr;
  /** Offset of this worker's scratch. */
  scratch: Ptr;
}

/** How long the main thread waits for workers to start or to finish one phase before giving up. */
const WAIT_LIMIT_MS = 120_000;
/** How long close() waits for the workers to see the stop (a dead worker never does). */
const CLOSE_WAIT_MS = 2_000;
/** Loads of a control word before a thread sleeps on it (Atomics.wait): a bounded spin. */
export const TEAM_SPIN = 20_000;


/** Indices 0..n-1 of items by cost, dearest first, ties in the order added (how a phase with costs runs its items). */
export function dearestFirst(costs: readonly number[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
}

export class Team {
  readonly threads: number;
  private readonly ctl: Ptr;
  private readonly scratchOf: Ptr[] = [];
  private readonly workers: Worker[] = [];
  private readonly errors: string[] = [];
  private items: Ptr = 0;
  /** A second table of the same capacity: the items in cost order when some were given costs. */
  private sorted: Ptr = 0;
  private capacity = 0;
  private count = 0;
  /** Per pending item: its cost (0 when not given). */
  private costs: number[] = [];
  private costed = false;
  private buffer: ArrayBufferLike | null = null;
  private i32v = new Int32Array(0);
  private f64v = new Float64Array(0);
  private closed = false;
  /** Phases run, for diagnostics. */
  phases = 0;
  /** Per phase label: wall and process CPU milliseconds and phases run (filled when profiling is on). */
  readonly profile = new Map<string, { wallMs: number; cpuMs: number; runs: number; items: number }>();
  /** Records time per phase label (THICKET_PROFILE=1 turns it on for train). */
  profiling = false;

  /** Workers started but not yet waited for (they boot while the caller does other work). */
  private starting = false;

  /**
   * threads: 1 runs every phase on the calling thread; more start `threads - 1` workers, which
   * boot while the caller goes on (binning the data): the first phase, or close, waits for them.
   * scratchBytes: per thread (the kernels' gather and split-scan space).
   */
  constructor(private readonly engine: Engine, threads: number, scratchBytes: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new ThicketError(`nthread must be a positive integer, got ${threads}`);
    const { arena } = engine;
    this.threads = threads;
    this.ctl = arena.alloc(CTL_BYTES);
    arena.u8(this.ctl, CTL_BYTES).fill(0);
    for (let t = 0; t < threads; t++) this.scratchOf.push(arena.alloc(scratchBytes));
    this.reserve(256);
    if (threads > 1) this.start();
  }

  private start(): void {
    const file = compiledFile(import.meta.url, 'pool', 'team-worker.js');
    const memory = this.engine.arena.memory;
    const module = kernelModule();
    for (let t = 1; t < this.threads; t++) {
      const data: TeamWorkerData = { memory, module, ctl: this.ctl, scratch: this.scratchOf[t] };
      const w = new Worker(file, { workerData: data });
      w.on('message', (m: unknown) => { this.errors.push(String(m)); });
      w.on('error', (e: unknown) => { this.errors.push(e instanceof Error ? e.message : String(e)); });
      w.unref();
      this.workers.push(w);
    }
    this.starting = true;
  }

  /** Waits until every worker has instantiated the kernels (the first phase does it otherwise). */
  ready(): void {
    if (!this.starting) return;
    this.starting = false;
    const ctl = this.view();
    const t0 = Date.now();
    for (;;) {
      const ready = Atomics.load(ctl, this.w(CTL_READY));
      if (ready >= this.workers.length) break;
      if (Atomics.load(ctl, this.w(CTL_ERROR))) this.fail('a team worker failed to start');
      if (Date.now() - t0 > WAIT_LIMIT_MS) this.fail(`team workers did not start within ${WAIT_LIMIT_MS / 1000} s`);
      Atomics.wait(ctl, this.w(CTL_READY), ready, 50);
    }
  }

  /** Word index of a control-block field in the whole-memory view. */
  private w(field: number): number {
    return ctlWord(this.ctl, field);
  }

  private view(): Int32Array {
    const b = this.engine.arena.memory.buffer;
    if (b !== this.buffer) {
      this.buffer = b;
      this.i32v = new Int32Array(b);
      this.f64v = new Float64Array(b);
    }
    return this.i32v;
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2);
    const { arena } = this.engine;
    const next = arena.alloc(itemBytes(cap));
    if (this.count > 0) arena.u8(next, itemBytes(this.count)).set(arena.u8(this.items, itemBytes(this.count)));
    this.items = next;
    this.sorted = arena.alloc(itemBytes(cap));
    this.capacity = cap;
  }

  /** Items the workers ran so far (the rest ran on the main thread). */
  get workerItems(): number {
    return Atomics.load(this.view(), this.w(CTL_WORKER_ITEMS));
  }

  /**
   * Appends an item: op, i32 arguments, f64 arguments (layout.ts ITEM_*). cost: its expected
   * work (rows, say); a phase with costs runs its items dearest first, so no large item is left
   * for the end while the other threads wait (the order never changes a result).
   */
  add(op: number, ints: ArrayLike<number>, floats?: ArrayLike<number>, cost = 0): void {
    this.reserve(this.count + 1);
    writeItem(this.view(), this.f64v, this.items, this.count, op, ints, floats);
    this.costs[this.count] = cost;
    if (cost > 0) this.costed = true;
    this.count++;
  }

  /** The item table to run: the pending items, dearest first when costs were given and other threads share them. */
  private table(n: number): Ptr {
    if (!this.costed || n < 2 || this.workers.length === 0) return this.items;
    const order = dearestFirst(this.costs, n);
    const u8 = this.engine.arena.u8(0, this.engine.arena.memory.buffer.byteLength);
    for (let k = 0; k < n; k++) {
      const from = this.items + itemBytes(order[k]!);
      u8.copyWithin(this.sorted + itemBytes(k), from, from + itemBytes(1));
    }
    return this.sorted;
  }

  /** Items added since the last run. */
  get pending(): number {
    return this.count;
  }

  /** Runs the items added since the last run on every thread and returns when all are done; `label` names the phase in the profile. */
  run(label = 'other'): void {
    const n = this.count;
    if (n === 0) return;
    if (!this.profiling) return this.runItems(n);
    const t0 = performance.now(), c0 = process.cpuUsage();
    this.runItems(n);
    const c = process.cpuUsage(c0);
    const e = this.profile.get(label) ?? { wallMs: 0, cpuMs: 0, runs: 0, items: 0 };
    e.wallMs += performance.now() - t0; e.cpuMs += (c.user + c.system) / 1000; e.runs++; e.items += n;
    this.profile.set(label, e);
  }

  /** Time spent outside phases is the caller's: this adds it to the profile under `label`. */
  note(label: string, wallMs: number, cpuMs: number): void {
    const e = this.profile.get(label) ?? { wallMs: 0, cpuMs: 0, runs: 0, items: 0 };
    e.wallMs += wallMs; e.cpuMs += cpuMs; e.runs++;
    this.profile.set(label, e);
  }

  private runItems(n: number): void {
    if (this.closed) throw new ThicketError('team used after close');
    this.ready();
    const table = this.table(n);
    this.costed = false;
    const ctl = this.view();
    Atomics.store(ctl, this.w(CTL_ITEMS), table);
    Atomics.store(ctl, this.w(CTL_COUNT), n);
    Atomics.store(ctl, this.w(CTL_NEXT), 0);
    const k = this.engine.kernels;
    this.phases++;
    if (this.workers.length === 0 || n === 1) {
      k.teamRun(this.ctl, this.scratchOf[0]);
      this.count = 0;
      return;
    }
    Atomics.store(ctl, this.w(CTL_DONE), 0);
    Atomics.add(ctl, this.w(CTL_SEQ), 1);
    Atomics.notify(ctl, this.w(CTL_SEQ));
    k.teamRun(this.ctl, this.scratchOf[0]);
    const want = this.workers.length;
    const t0 = Date.now();
    // Workers finish their last items about when this thread does: look a while before sleeping.
    for (let s = 0; s < TEAM_SPIN && Atomics.load(ctl, this.w(CTL_DONE)) < want; s++);
    for (;;) {
      const done = Atomics.load(ctl, this.w(CTL_DONE));
      if (done >= want) break;
      if (Atomics.wait(ctl, this.w(CTL_DONE), done, 1000) === 'timed-out' && Date.now() - t0 > WAIT_LIMIT_MS) {
        this.fail(`a team phase did not finish within ${WAIT_LIMIT_MS / 1000} s`);
      }
    }
    this.count = 0;
    if (Atomics.load(ctl, this.w(CTL_ERROR))) this.fail('a team worker failed');
  }

  private fail(what: string): never {
    const detail = this.errors.length ? `: ${this.errors.join('; ')}` : '';
    this.close();
    throw new ThicketError(`${what}${detail}`);
  }

  /** Stops the workers (they leave their loop; nothing to await). Idempotent. */
  close(): void {
    if (this.closed) return;
    if (this.starting) {
      // A worker still booting would read the control block after the stop: let it start first.
      try { this.ready(); } catch { return; /* fail() has closed the team */ }
    }
    this.closed = true;
    if (this.workers.length === 0) return;
    const ctl = this.view();
    Atomics.store(ctl, this.w(CTL_STOP), 1);
    Atomics.add(ctl, this.w(CTL_SEQ), 1);
    Atomics.notify(ctl, this.w(CTL_SEQ));
    // Until every worker has seen the stop: the caller may reuse this memory right away (a pool
    // worker's arena is cleared for its next task), and a worker still asleep would then read a
    // new team's control block as its own.
    const t0 = Date.now();
    for (;;) {
      const live = Atomics.load(ctl, this.w(CTL_READY));
      if (live <= 0 || Date.now() - t0 > CLOSE_WAIT_MS) break;
      Atomics.wait(ctl, this.w(CTL_READY), live, 50);
    }
  }
}
