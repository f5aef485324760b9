/** The contract between a KernelPool and a handlers module: what a handler receives and may return. */
import type { Engine } from '../wasm/load.js';
import type { SharedRegion, WorkerArena } from './shared-data.js';

type Typed = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** What a handler gets besides its payload; one per worker, valid for the current task. */
export interface HandlerContext {
  /** Kernels instantiated on the shared memory, with `arena` as their allocator (TreeGrower takes this as is). */
  engine: Engine;
  /** This worker's scratch allocator; emptied before every task. */
  arena: WorkerArena;
  memory: WebAssembly.Memory;
  /** The shared data placed by the main thread, by name. */
  regions: Readonly<Record<string, SharedRegion>>;
  /** The region named `name`; throws a ThicketError naming the known regions. */
  region(name: string): SharedRegion;
  /** A fresh typed view of region `name` (views are never cached: see shared-data.ts on memory.grow). */
  view<T extends Typed>(name: string, ctor: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T;
  /** This worker's scratch slot index, distinct among live workers. */
  slot: number;
  threadId: number;
  taskId: number;
}

/**
 * A task handler. `payload` is plain JSON. The value returned is structured-cloned to the
 * main thread. Top-level typed arrays (the value itself or a plain object's own properties)
 * are transferred, so do not keep them, and views of shared memory among them are copied
 * first, since the scratch they point into is reused by the next task. Deeper views of
 * shared memory would arrive as live views: copy those (`.slice()`) before returning.
 */
export type Handler<P = any, R = unknown> = (payload: P, ctx: HandlerContext) => R | Promise<R>;

/** What a handlers module exports as `handlers`. */
export type HandlerTable = Record<string, Handler>;

export type PayloadOf<H> = H extends Handler<infer P, unknown> ? P : never;
export type ResultOf<H> = H extends Handler<any, infer R> ? Awaited<R> : never;
