/** The table that gives each live worker its own scratch slot, claimed by the worker and freed by the main thread when the worker's thread has exited. */
import { noFreeSlot } from './pool-errors.js';

/*
 * Why a table claimed by workers, not slot ids in task messages: piscina picks the worker
 * for a task, so the main thread cannot know which slot is free on that worker when it
 * posts; and a slot held per worker (not per task) lets a worker keep its scratch layout
 * from task to task. Why freed by the main thread: a worker killed by terminate() (timeout)
 * or process.exit() runs no more JS, so it cannot give its slot back; the main thread frees
 * it on the Worker's 'exit' event, which fires only once the thread has stopped, so a slot
 * is never reused while its old owner could still write into it.
 *
 * Layout, an Int32Array over its own small SharedArrayBuffer (not the kernel memory, so it
 * takes no arena space and is unaffected by memory.grow):
 *   [0]          release counter, bumped and notified on every release (workers wait on it)
 *   [1 + i]      threadId of slot i's owner, 0 when free (Node thread ids start at 1)
 */

const RELEASES = 0;

/** A slot table for `slots` workers. */
export function newSlotTable(slots: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer((slots + 1) * 4));
}

export function slotCount(table: Int32Array): number {
  return table.length - 1;
}

/**
 * Worker side: claims a free slot for `threadId` and returns its index (the same slot again
 * if this thread already holds one). A replacement worker may start before its dead
 * predecessor's exit has been processed, so when every slot is taken it waits (Atomics.wait,
 * allowed in workers) for a release, up to `waitMs`.
 */
export function claimSlot(table: Int32Array, threadId: number, waitMs: number): number {
  const n = slotCount(table);
  for (let i = 0; i < n; i++) if (Atomics.load(table, 1 + i) === threadId) return i;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const seen = Atomics.load(table, RELEASES);
    for (let i = 0; i < n; i++) {
      if (Atomics.compareExchange(table, 1 + i, 0, threadId) === 0) return i;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw noFreeSlot(threadId, waitMs, slotOwners(table));
    Atomics.wait(table, RELEASES, seen, left);
  }
}

/** Main-thread side: frees the slot held by `threadId`, if any; returns its index or -1. */
export function releaseSlot(table: Int32Array, threadId: number): number {
  const n = slotCount(table);
  for (let i = 0; i < n; i++) {
    if (Atomics.compareExchange(table, 1 + i, threadId, 0) === threadId) {
      Atomics.add(table, RELEASES, 1);
      Atomics.notify(table, RELEASES);
      return i;
    }
  }
  return -1;
}

/** The owners' thread ids, index = slot (0 = free); for tests and diagnostics. */
export function slotOwners(table: Int32Array): number[] {
  return Array.from({ length: slotCount(table) }, (_, i) => Atomics.load(table, 1 + i));
}
