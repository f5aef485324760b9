/** How the main thread places data once in the shared kernel memory and carves per-worker scratch out of it. */
import { Arena } from '../wasm/arena.js';
import type { Ptr } from '../wasm/kernels.js';
import * as err from './pool-errors.js';

/*
 * Memory map of the one shared WebAssembly.Memory (offsets grow to the right):
 *
 *   [0, 64 KiB)         the kernels' static area (Arena's BASE)
 *   [64 KiB, top)       shared data placed by the main thread: binned matrix, gradients, ...
 *   [base, end)         scratch: `slots` regions of `slotBytes`, one per worker
 *   [end, ...)          free for the main thread's own later allocations
 *
 * Workers only read the shared data and only allocate inside their own slot, so no locks.
 *
 * memory.grow with a shared memory: only the main thread grows it (Arena.alloc). The
 * pages are shared, so kernels in every worker see them at once, but each thread's JS
 * `memory.buffer` is a SharedArrayBuffer whose length is fixed when it was obtained: the
 * next read of `memory.buffer` in a worker returns a new, longer SharedArrayBuffer, and
 * typed arrays made earlier keep their old length. So: never cache views across tasks;
 * make them per use (Arena.f32(...) and regionView do, since they re-read memory.buffer).
 * Workers never grow the memory: a grow racing with the main thread's Arena would hand
 * out the same bytes twice, so the main thread reserves every worker's scratch up front.
 */

/** A named block of shared data: `bytes` bytes at byte offset `ptr` of the shared memory. */
export interface SharedRegion {
  name: string;
  ptr: Ptr;
  bytes: number;
}

/** Scratch slots: slot i is [base + i * slotBytes, base + (i + 1) * slotBytes). */
export interface ScratchLayout {
  base: Ptr;
  /** Bytes per slot, a multiple of 64 so neighbouring workers never share a cache line. */
  slotBytes: number;
  slots: number;
}

/** Everything a worker needs to know about the shared memory; plain data, sent in workerData. */
export interface SharedLayout {
  regions: SharedRegion[];
  /** End of the shared data (the main arena's top when the layout was fixed). */
  top: number;
  scratch: ScratchLayout;
  /** End of the scratch area: the main thread must never reset its arena below this. */
  end: number;
}

type Typed = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
type TypedCtor<T extends Typed> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

const SLOT_ALIGN = 64;

/** The main thread's register of shared data: places arrays once and fixes the layout for a pool. */
export class SharedData {
  private readonly list: SharedRegion[] = [];
  private layout: SharedLayout | null = null;
  /** The arena's top right after fix(), to tell whether the scratch is still the last allocation. */
  private fixedMark = 0;

  /** `arena`: the main thread's arena over the shared memory (createEngine(memory).arena). */
  constructor(readonly arena: Arena) {}

  /** Copies `data` into the shared memory once and registers it under `name`. */
  put(name: string, data: Typed): SharedRegion {
    this.checkOpen(name);
    const ptr = this.arena.put(data as Uint8Array);
    return this.add({ name, ptr, bytes: data.byteLength });
  }

  /** Reserves `bytes` to be filled in place by the main thread (e.g. by a kernel) and registers it. */
  reserve(name: string, bytes: number): SharedRegion {
    this.checkOpen(name);
    return this.add({ name, ptr: this.arena.alloc(bytes), bytes });
  }

  region(name: string): SharedRegion {
    const r = this.list.find((x) => x.name === name);
    if (!r) throw err.noRegion(name, this.list.map((x) => x.name));
    return r;
  }

  get regions(): readonly SharedRegion[] {
    return this.list;
  }

  /**
   * Reserves `slots` scratch regions of at least `slotBytes` each after the shared data and
   * fixes the layout: workers receive the region table once, so later `put`s would be
   * invisible to them and are refused. Called once, by KernelPool.create.
   */
  fix(slots: number, slotBytes: number): SharedLayout {
    if (this.layout) throw err.layoutFixed();
    if (!Number.isInteger(slots) || slots < 1) throw err.badSlots(slots);
    if (!Number.isFinite(slotBytes) || slotBytes < 0) throw err.badScratchBytes(slotBytes);
    const per = Math.ceil(slotBytes / SLOT_ALIGN) * SLOT_ALIGN;
    const top = this.arena.mark();
    const raw = this.arena.alloc(slots * per + SLOT_ALIGN);
    const base = Math.ceil(raw / SLOT_ALIGN) * SLOT_ALIGN;
    this.layout = {
      regions: this.list.map((r) => ({ ...r })),
      top,
      scratch: { base, slotBytes: per, slots },
      end: base + slots * per,
    };
    this.fixedMark = this.arena.mark();
    return this.layout;
  }

  /**
   * Undoes fix() once the pool's workers have all exited (KernelPool.close does this): the
   * region table opens again for another pool, and the scratch goes back to the arena when
   * nothing was allocated after it (otherwise it stays reserved: a bump allocator cannot free
   * from the middle).
   */
  release(layout: SharedLayout): void {
    if (this.layout !== layout) return;
    if (this.arena.mark() === this.fixedMark) this.arena.reset(layout.top);
    this.layout = null;
  }

  private checkOpen(name: string): void {
    if (this.layout) throw err.regionTableFixed(name);
    if (this.list.some((r) => r.name === name)) throw err.regionExists(name);
  }

  private add(r: SharedRegion): SharedRegion {
    this.list.push(r);
    return r;
  }
}

/** A fresh typed view of `region` (re-reads memory.buffer, so it is valid after a grow). */
export function regionView<T extends Typed>(memory: WebAssembly.Memory, region: SharedRegion, ctor: TypedCtor<T>): T {
  if (region.bytes % ctor.BYTES_PER_ELEMENT !== 0) throw err.notWholeElements(region.name, region.bytes, ctor.BYTES_PER_ELEMENT);
  return new ctor(memory.buffer, region.ptr, region.bytes / ctor.BYTES_PER_ELEMENT);
}

/** The byte range of scratch slot `slot` in `layout`. */
export function scratchOf(layout: ScratchLayout, slot: number): { scratchPtr: Ptr; scratchBytes: number } {
  if (!Number.isInteger(slot) || slot < 0 || slot >= layout.slots) throw err.slotOutOfRange(slot, layout.slots);
  return { scratchPtr: layout.base + slot * layout.slotBytes, scratchBytes: layout.slotBytes };
}

/**
 * A worker's arena: the same bump allocator and views as Arena (so TreeGrower and friends
 * take it unchanged), but allocation is confined to [scratchPtr, scratchPtr + scratchBytes)
 * and never grows the memory (see the memory map above).
 */
export class WorkerArena extends Arena {
  readonly scratchPtr: Ptr;
  readonly scratchBytes: number;
  private cursor: number;

  constructor(memory: WebAssembly.Memory, scratchPtr: Ptr, scratchBytes: number) {
    super(memory);
    if (scratchPtr + scratchBytes > memory.buffer.byteLength) {
      throw err.scratchBeyondMemory(scratchPtr, scratchPtr + scratchBytes, memory.buffer.byteLength);
    }
    this.scratchPtr = scratchPtr;
    this.scratchBytes = scratchBytes;
    this.cursor = scratchPtr;
  }

  /** Reserves `bytes` (aligned to 16) inside the scratch region; throws when it would overflow. */
  override alloc(bytes: number): Ptr {
    const ptr = ((this.cursor + 15) & ~15) >>> 0;
    const end = ptr + Math.max(bytes, 0);
    const limit = this.scratchPtr + this.scratchBytes;
    if (end > limit) throw err.scratchExhausted(bytes, end - this.scratchPtr, this.scratchBytes, this.cursor - this.scratchPtr);
    this.cursor = end;
    return ptr;
  }

  override mark(): number {
    return this.cursor;
  }

  override reset(mark: number): void {
    if (mark < this.scratchPtr || mark > this.scratchPtr + this.scratchBytes) {
      throw err.markOutsideScratch(mark, this.scratchPtr, this.scratchPtr + this.scratchBytes);
    }
    this.cursor = mark;
  }

  /** Absolute top, as Arena.used. */
  override get used(): number {
    return this.cursor;
  }

  /** Bytes of scratch in use. */
  get scratchUsed(): number {
    return this.cursor - this.scratchPtr;
  }

  /** Frees the whole scratch region (done before every task). */
  clear(): void {
    this.cursor = this.scratchPtr;
  }
}
