/** The piscina worker entry: binds the kernels to the shared memory on first use, claims a scratch slot, and dispatches tasks to the handlers module. */
import { threadId, workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { createEngine } from '../wasm/load.js';
import type { HandlerContext, HandlerTable } from './handler.js';
import { BUILTIN_INIT, errorInfo, type InitInfo, type TaskMessage, type TaskResult } from './messages.js';
import { noHandler, noHandlersExport, noRegion } from './pool-errors.js';
import { claimSlot } from './scratch-slots.js';
import { regionView, scratchOf, WorkerArena, type SharedLayout, type SharedRegion } from './shared-data.js';

/** What KernelPool.create puts in workerData (all structured-cloneable; memory and slot table are shared, the module is shared compiled code). */
export interface PoolWorkerData {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  /** file: URL of the compiled ESM handlers module. */
  handlersModule: string;
  layout: SharedLayout;
  slotTable: Int32Array;
  /** How long a new worker waits for a dead predecessor's slot to be freed. */
  claimWaitMs: number;
}

interface WorkerState {
  handlers: HandlerTable;
  ctx: HandlerContext;
}

const data = workerData as PoolWorkerData;
let state: Promise<WorkerState> | null = null;

/** Lazy so a worker that never gets a task costs nothing and a failed start is retried by the next task. */
async function init(): Promise<WorkerState> {
  // The engine's own arena starts at the bottom of the memory; a worker must only ever
  // allocate in its slot, so it is replaced by a WorkerArena below.
  const { kernels } = createEngine(data.memory, data.module);
  const mod = (await import(data.handlersModule)) as { handlers?: unknown };
  if (!mod.handlers || typeof mod.handlers !== 'object') {
    throw noHandlersExport(data.handlersModule);
  }
  const handlers = mod.handlers as HandlerTable;
  const slot = claimSlot(data.slotTable, threadId, data.claimWaitMs);
  const { scratchPtr, scratchBytes } = scratchOf(data.layout.scratch, slot);
  const arena = new WorkerArena(data.memory, scratchPtr, scratchBytes);
  const regions: Record<string, SharedRegion> = Object.create(null);
  for (const r of data.layout.regions) regions[r.name] = r;
  const region = (name: string): SharedRegion => {
    const r = regions[name];
    if (!r) throw noRegion(name, Object.keys(regions));
    return r;
  };
  const ctx: HandlerContext = {
    engine: { kernels, arena },
    arena,
    memory: data.memory,
    regions,
    region,
    view: (name, ctor) => regionView(data.memory, region(name), ctor),
    slot,
    threadId,
    taskId: 0,
  };
  return { handlers, ctx };
}

/** A copy of `v` that owns a buffer of exactly its size (same element type; a Node Buffer becomes a Uint8Array, as cloning would make it). */
function compactCopy(v: ArrayBufferView): ArrayBufferView {
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  if (v instanceof DataView) return new DataView(bytes.buffer);
  const per = (v as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  const C = (Buffer.isBuffer(v) ? Uint8Array : v.constructor) as new (b: ArrayBuffer, o: number, n: number) => ArrayBufferView;
  return new C(bytes.buffer, 0, v.byteLength / per);
}

/**
 * Makes a handler's value safe and cheap to post. Typed arrays at the top level (the value
 * itself or a plain object's own properties) are transferred, not copied. Views of shared
 * memory are copied first: they would otherwise arrive as live views of scratch that the
 * next task overwrites. Views that do not span their whole buffer (subarrays, pooled Node
 * Buffers) are compacted first, since cloning one copies its entire buffer and transferring
 * it would detach memory the worker still uses.
 */
function prepare(value: unknown): { value: unknown; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const fix = (v: unknown): unknown => {
    if (!ArrayBuffer.isView(v)) return v;
    const whole = !(v.buffer instanceof SharedArrayBuffer) && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength;
    const out = whole ? v : compactCopy(v);
    transfer.add(out.buffer as ArrayBuffer);
    return out;
  };
  let out = value;
  if (ArrayBuffer.isView(value)) out = fix(value);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[k] = fix(v);
    out = o;
  }
  return { value: out, transfer: [...transfer] };
}

/** The task entry piscina calls; it never throws, so a handler's error cannot be confused with a dead worker. */
export default async function run(msg: TaskMessage): Promise<unknown> {
  let result: TaskResult;
  let transfer: ArrayBuffer[] = [];
  try {
    state ??= init();
    let s: WorkerState;
    try {
      s = await state;
    } catch (e) {
      state = null;
      throw e;
    }
    const { handlers, ctx } = s;
    ctx.arena.clear();
    ctx.taskId = msg.id;
    let value: unknown;
    if (msg.kind === BUILTIN_INIT) {
      value = { threadId, slot: ctx.slot, kinds: Object.keys(handlers) } satisfies InitInfo;
    } else {
      const h = Object.hasOwn(handlers, msg.kind) ? handlers[msg.kind] : undefined;
      if (typeof h !== 'function') throw noHandler(msg.kind, Object.keys(handlers));
      value = await h(msg.payload, ctx);
    }
    const p = prepare(value);
    transfer = p.transfer;
    result = { type: 'result', id: msg.id, ok: true, value: p.value };
  } catch (e) {
    result = { type: 'result', id: msg.id, ok: false, error: errorInfo(e) };
  }
  if (transfer.length === 0) return result;
  return move({ [transferableSymbol]: transfer, [valueSymbol]: result } as never);
}
