/** Reads the forest subtree kernel's result record (assembly/layout.ts SUBTREE_*): counts and the handed-over node's split. */
import type { Arena } from './arena.js';
import type { Ptr } from './kernels.js';
import {
  SUBTREE_CAT_COUNT, SUBTREE_COUNT, SUBTREE_HEAD_BIN, SUBTREE_HEAD_CAT, SUBTREE_HEAD_FEATURE, SUBTREE_HEAD_FLAGS, SUBTREE_HEAD_GAIN,
  SUBTREE_HEAD_LEFT, SUBTREE_HEAD_NEXT, SUBTREE_HEAD_RIGHT, SUBTREE_RESULT_BYTES,
} from './layout.js';

export { SUBTREE_RESULT_BYTES };

export interface SubtreeResult {
  /** Node records written (the head's included). */
  count: number;
  /** Categorical bitsets written. */
  catCount: number;
  /** The head's split: children as node-array slots (-1: leaf), feature, split bin, next bin, flags, bitset index, gain. */
  left: number;
  right: number;
  feature: number;
  splitBin: number;
  nextBin: number;
  flags: number;
  catIndex: number;
  gain: number;
}

/** The result record at `ptr`, copied out of kernel memory. */
export function readSubtreeResult(arena: Arena, ptr: Ptr): SubtreeResult {
  const r = arena.i32(ptr, SUBTREE_RESULT_BYTES / 4);
  const at = (offset: number): number => r[offset / 4]!;
  return {
    count: at(SUBTREE_COUNT), catCount: at(SUBTREE_CAT_COUNT), left: at(SUBTREE_HEAD_LEFT), right: at(SUBTREE_HEAD_RIGHT),
    feature: at(SUBTREE_HEAD_FEATURE), splitBin: at(SUBTREE_HEAD_BIN), nextBin: at(SUBTREE_HEAD_NEXT), flags: at(SUBTREE_HEAD_FLAGS),
    catIndex: at(SUBTREE_HEAD_CAT), gain: arena.f64(ptr + SUBTREE_HEAD_GAIN, 1)[0]!,
  };
}
