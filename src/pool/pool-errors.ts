/** Builders of every error message the worker pool raises, so their wording stays consistent and reviewable in one place. */
import { ThicketError } from '../errors.js';

const list = (names: string[]): string => names.join(', ') || 'none';

// Shared data and scratch (shared-data.ts, scratch-slots.ts).
export const noRegion = (name: string, have: string[]): ThicketError =>
  new ThicketError(`no shared region named "${name}" (have: ${list(have)})`);
export const regionExists = (name: string): ThicketError => new ThicketError(`shared region "${name}" already exists`);
export const regionTableFixed = (name: string): ThicketError =>
  new ThicketError(`cannot share "${name}": the pool's region table is fixed; place shared data before KernelPool.create`);
export const layoutFixed = (): ThicketError => new ThicketError('this SharedData already backs a pool: make a new one per pool');
export const badSlots = (slots: number): ThicketError => new ThicketError(`scratch slots must be a positive integer, got ${slots}`);
export const badScratchBytes = (bytes: number): ThicketError =>
  new ThicketError(`workerScratchBytes must be a non-negative number, got ${bytes}`);
export const notWholeElements = (name: string, bytes: number, per: number): ThicketError =>
  new ThicketError(`shared region "${name}" has ${bytes} bytes, not a whole number of ${per}-byte elements`);
export const slotOutOfRange = (slot: number, slots: number): ThicketError =>
  new ThicketError(`scratch slot ${slot} out of range 0..${slots - 1}`);
export const scratchBeyondMemory = (ptr: number, end: number, have: number): ThicketError =>
  new ThicketError(`worker scratch [${ptr}, ${end}) lies beyond the shared memory's ${have} bytes`);
export const scratchExhausted = (bytes: number, needed: number, reserved: number, inUse: number): ThicketError =>
  new ThicketError(`worker scratch exhausted: allocating ${bytes} bytes needs ${needed} of the ${reserved} reserved per worker ` +
    `(${inUse} already in use); raise workerScratchBytes when creating the pool`);
export const markOutsideScratch = (mark: number, begin: number, end: number): ThicketError =>
  new ThicketError(`arena mark ${mark} is outside this worker's scratch [${begin}, ${end})`);
export const noFreeSlot = (threadId: number, waitMs: number, owners: number[]): ThicketError =>
  new ThicketError(`no free scratch slot for worker thread ${threadId} after ${waitMs} ms: all ${owners.length} slots are held (by threads ${owners.join(', ')})`);

// Worker start-up (worker.ts).
export const noHandlersExport = (module: string): ThicketError =>
  new ThicketError(`${module} does not export \`handlers\` (a table of task handlers)`);
export const noHandler = (kind: string, have: string[]): ThicketError =>
  new ThicketError(`no task handler "${kind}" (have: ${list(have)})`);

// Pool set-up and task submission (pool.ts).
export const handlersNotFound = (path: string): ThicketError =>
  new ThicketError(`handlers module ${path} not found (is it compiled? run \`npm run build\`)`);
export const badThreads = (threads: number): ThicketError => new ThicketError(`pool threads must be a positive integer, got ${threads}`);
export const notSharedMemory = (): ThicketError => new ThicketError('KernelPool needs a shared WebAssembly.Memory (newMemory())');
export const otherMemory = (): ThicketError => new ThicketError('options.shared was placed in a different memory than options.memory');
export const poolClosed = (kind: string): ThicketError => new ThicketError(`cannot run task "${kind}": the kernel pool is closed`);
export const notPlain = (kind: string, what: string): ThicketError => new ThicketError(`task "${kind}": ${what}`);
export const badTimeout = (kind: string, ms: number): ThicketError => new ThicketError(`task "${kind}": timeoutMs must be positive, got ${ms}`);

// What happened to a task (pool.ts); `task` is `task "<kind>" #<id>`.
export const cancelledBeforeStart = (task: string): ThicketError => new ThicketError(`${task} was cancelled before it started`);
export const cancelled = (task: string): ThicketError => new ThicketError(`${task} was cancelled`);
export const cancelledByClose = (task: string, detail?: string): ThicketError =>
  new ThicketError(`${task} was cancelled: the kernel pool closed${detail ? ` (${detail})` : ''}`);
export const timedOut = (task: string, ms: number): ThicketError =>
  new ThicketError(`${task} timed out after ${ms} ms; its worker was terminated and replaced`);
export const handlerBug = (task: string, name: string, message: string): ThicketError =>
  new ThicketError(`${task} failed in a worker: ${name}: ${message}`);
export const workerOutOfMemory = (task: string, detail: string): ThicketError =>
  new ThicketError(`${task} failed: its worker ran out of memory (${detail}); the worker was replaced`);
export const workerExited = (task: string, code: string): ThicketError =>
  new ThicketError(`${task} failed: its worker exited with code ${code}; the worker was replaced`);
export const workerDied = (task: string, detail: string): ThicketError =>
  new ThicketError(`${task} failed: its worker died (${detail}); the worker was replaced`);
