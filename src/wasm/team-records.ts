/**
 * Typed access to the team of threads' records in assembly/layout.ts: the control block (CTL_*)
 * that starts and ends each phase, and the work items (ITEM_*) a phase runs. src/pool/team.ts
 * writes them, src/pool/team-worker.ts waits on them, assembly/team.ts reads them.
 */
import type { Ptr } from './kernels.js';
import { CTL_BYTES, ITEM_BYTES, ITEM_F, ITEM_I, ITEM_OP } from './layout.js';

const WORD = 4;
const DOUBLE = 8;
/** i32 arguments an item holds (ITEM_I up to ITEM_F). */
export const ITEM_INTS = (ITEM_F - ITEM_I) / WORD;
/** f64 arguments an item holds (ITEM_F to the end of the item). */
export const ITEM_FLOATS = (ITEM_BYTES - ITEM_F) / DOUBLE;

/** The control block at ctl as an Int32Array of its own, for Atomics: field CTL_X is element ctlIndex(CTL_X). */
export function controlBlock(buffer: ArrayBufferLike, ctl: Ptr): Int32Array {
  return new Int32Array(buffer, ctl, CTL_BYTES / WORD);
}

// Indices by unsigned shifts, not division: integers on the threads' spin loops, right up to 4 GiB.

/** Element of control-block field `field` (a CTL_* byte offset) in controlBlock's view. */
export const ctlIndex = (field: number): number => field >>> 2;

/** Element of control-block field `field` in an Int32Array over the whole memory. */
export const ctlWord = (ctl: Ptr, field: number): number => (ctl + field) >>> 2;

/**
 * Writes work item i of the table at `items`: op, i32 arguments, f64 arguments. i32 and f64 are
 * views over the whole memory.
 */
export function writeItem(i32: Int32Array, f64: Float64Array, items: Ptr, i: number, op: number, ints: ArrayLike<number>, floats?: ArrayLike<number>): void {
  if (ints.length > ITEM_INTS || (floats && floats.length > ITEM_FLOATS)) throw new RangeError(`a team item holds ${ITEM_INTS} i32 and ${ITEM_FLOATS} f64 arguments`);
  const base = items + i * ITEM_BYTES;
  i32[(base + ITEM_OP) >>> 2] = op;
  const ib = (base + ITEM_I) >>> 2;
  for (let k = 0; k < ints.length; k++) i32[ib + k] = ints[k]!;
  if (floats) {
    const fb = (base + ITEM_F) >>> 3;
    for (let k = 0; k < floats.length; k++) f64[fb + k] = floats[k]!;
  }
}
