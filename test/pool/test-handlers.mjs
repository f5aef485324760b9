/**
 * A tiny handlers module for the pool's own tests: sums, a kernel histogram, and handlers that fail,
 * crash, hang or report their scratch slot. Plain JavaScript on the compiled package (dist/, so
 * `npm run build` first): workers load compiled JS only (Node 20 gives workers no TypeScript loader).
 */
import { threadId } from 'node:worker_threads';
import { ThicketError } from '../../dist/src/errors.js';
import { FEATURE_HIST_BYTES } from '../../dist/src/wasm/layout.js';

/** @template P, R @typedef {import('../../src/pool/handler.js').Handler<P, R>} Handler */

/** Busy-waits (no timers: a stuck kernel never yields either, which is what timeouts must handle). */
/** @param {number} ms */
function spin(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* spin */ }
}

/** Sums f32 region `region` over [begin, end) in f64, in order (so it equals a main-thread sum exactly). */
/** @type {Handler<{ region: string; begin?: number; end?: number; repeat?: number }, { sum: number; threadId: number }>} */
const sum = (p, ctx) => {
  const x = ctx.view(p.region, Float32Array);
  const begin = p.begin ?? 0, end = p.end ?? x.length;
  let s = 0;
  for (let r = 0; r < (p.repeat ?? 1); r++) {
    s = 0;
    for (let i = begin; i < end; i++) s += x[i];
  }
  return { sum: s, threadId };
};

/**
 * Root histogram of column-major u8 bins (region `bins`, nRows x nFeatures) and f32 (g, h)
 * pairs (region `gh`) with kernels.histBuildAll, built in this worker's scratch; returns a copy.
 */
/** @type {Handler<{ nRows: number; nFeatures: number; repeat?: number }, { hist: Float64Array; slot: number; threadId: number; ms: number }>} */
const histogram = (p, ctx) => {
  const t0 = performance.now();
  const { arena, engine: { kernels } } = ctx;
  const feats = arena.alloc(p.nFeatures * 4);
  arena.i32(feats, p.nFeatures).set(Int32Array.from({ length: p.nFeatures }, (_, i) => i));
  const hist = arena.alloc(p.nFeatures * FEATURE_HIST_BYTES);
  const bins = ctx.region('bins').ptr, gh = ctx.region('gh').ptr;
  for (let r = 0; r < (p.repeat ?? 1); r++) kernels.histBuildAll(bins, p.nRows, gh, feats, p.nFeatures, hist);
  // A view of scratch: the worker copies it before posting (see worker.ts).
  return { hist: arena.f64(hist, p.nFeatures * FEATURE_HIST_BYTES / 8), slot: ctx.slot, threadId, ms: performance.now() - t0 };
};

/** @type {Handler<{ message: string; exitCode?: 1 | 2 }, never>} */
const fail = (p) => {
  throw new ThicketError(p.message, p.exitCode ?? 1);
};

/** @type {Handler<null, never>} */
const bug = () => {
  throw new TypeError('not a ThicketError');
};

/** @type {Handler<{ code?: number }, never>} */
const crash = (p) => {
  process.exit(p.code ?? 1);
};

/** Allocates JS objects until the worker's heap limit (resourceLimits) kills the worker. */
/** @type {Handler<null, number>} */
const oom = () => {
  /** @type {number[][]} */
  const keep = [];
  for (;;) keep.push(new Array(1 << 16).fill(keep.length));
};

/** @type {Handler<{ ms: number }, { threadId: number }>} */
const sleep = (p) => {
  spin(p.ms);
  return { threadId };
};

/**
 * Reports this worker's slot; with `holdMs`, fills the whole scratch with a byte derived from
 * the slot, holds it while other workers do the same, and checks nobody overwrote it.
 */
/** @type {Handler<{ holdMs?: number }, { slot: number; scratchPtr: number; scratchBytes: number; threadId: number; intact: boolean }>} */
const scratchInfo = (p, ctx) => {
  const { arena } = ctx;
  const ptr = arena.alloc(arena.scratchBytes);
  const bytes = arena.u8(ptr, arena.scratchBytes);
  const mark = (ctx.slot * 37 + 11) & 255;
  bytes.fill(mark);
  spin(p.holdMs ?? 0);
  const intact = arena.u8(ptr, arena.scratchBytes).every((b) => b === mark);
  return { slot: ctx.slot, scratchPtr: arena.scratchPtr, scratchBytes: arena.scratchBytes, threadId, intact };
};

/** Allocates `bytes` of scratch (to check the overflow error). */
/** @type {Handler<{ bytes: number }, number>} */
const alloc = (p, ctx) => ctx.arena.alloc(p.bytes);

/** Returns a subarray and a shared-memory view, to check results are compacted and copied. */
/** @type {Handler<null, { sub: Float64Array; shared: Uint8Array }>} */
const views = (_p, ctx) => {
  const big = new Float64Array(1000).map((_, i) => i);
  const ptr = ctx.arena.alloc(8);
  ctx.arena.u8(ptr, 8).set([1, 2, 3, 4, 5, 6, 7, 8]);
  return { sub: big.subarray(10, 13), shared: ctx.arena.u8(ptr, 8) };
};

/** Reads f32 region `region` at element `index`, to see the main thread's memory.grow. */
/** @type {Handler<{ region: string; index: number }, { value: number; bufferBytes: number }>} */
const readAt = (p, ctx) => {
  const x = ctx.view(p.region, Float32Array);
  return { value: x[p.index], bufferBytes: ctx.memory.buffer.byteLength };
};

/** Reads f32 at a raw offset (for data placed after the pool was created, passed by pointer). */
/** @type {Handler<{ ptr: number }, number>} */
const readPtr = (p, ctx) => ctx.arena.f32(p.ptr, 1)[0];

export const handlers = { sum, histogram, fail, bug, crash, oom, sleep, scratchInfo, alloc, views, readAt, readPtr };
