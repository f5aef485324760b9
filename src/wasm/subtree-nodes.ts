/**
 * The node arrays the forest subtree kernel writes (struct of arrays; assembly/layout.ts
 * SUBTREE_ARRAYS gives their order): allocation of the arrays and their u32 pointer header, the
 * bytes they take, and typed views of the nodes written.
 */
import type { Arena } from './arena.js';
import type { Ptr } from './kernels.js';
import { CAT_WORDS, SUBTREE_ARRAYS } from './layout.js';
import { catBitsBytes } from './addressing.js';

/** Typed views of the node arrays' first `n` slots (kernel memory: copy before the arena is reset). */
export interface SubtreeNodes {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  splitBin: Int32Array;
  nextBin: Int32Array;
  defaultLeft: Uint8Array;
  catIndex: Int32Array;
  value: Float32Array;
  gain: Float32Array;
  cover: Float32Array;
  /** Raw threshold of a numeric split (NaN: none) and the bin cut for rows outside the sample (see rawThresholds in src/forest/grow-tree.ts). */
  threshold: Float32Array;
  binCut: Int32Array;
  catWords: Uint32Array;
}

/**
 * Bytes per slot of each array, in layout order: i32 left, right, feature, split bin, next bin;
 * u8 default-left; i32 categorical index; f32 x valueWidth values; f32 gain, cover, raw
 * threshold; i32 bin cut.
 */
function arrayBytes(valueWidth: number): number[] {
  const a = [4, 4, 4, 4, 4, 1, 4, 4 * valueWidth, 4, 4, 4, 4];
  if (a.length !== SUBTREE_ARRAYS) throw new Error('subtree node arrays out of step with the layout');
  return a;
}

/** Bytes of one node slot across the arrays plus its share of categorical bitsets. */
export function subtreeSlotBytes(valueWidth: number): number {
  return arrayBytes(valueWidth).reduce((s, b) => s + b, 0) + catBitsBytes(1);
}

/** The arrays for `capacity` slots, their pointer header and the categorical bitset area. */
export interface SubtreeArrays {
  arrays: Ptr[];
  /** The u32 pointer header the kernel reads. */
  header: Ptr;
  catArea: Ptr;
}

export function allocSubtreeArrays(arena: Arena, capacity: number, valueWidth: number): SubtreeArrays {
  const arrays = arrayBytes(valueWidth).map((bytes) => arena.alloc(capacity * bytes));
  return { arrays, header: arena.put(Uint32Array.from(arrays)), catArea: arena.alloc(catBitsBytes(capacity)) };
}

/** Views of slots [0, n) and of the first nCat categorical bitsets. */
export function subtreeNodes(arena: Arena, s: SubtreeArrays, n: number, nCat: number, valueWidth: number): SubtreeNodes {
  const a = s.arrays;
  return {
    left: arena.i32(a[0]!, n), right: arena.i32(a[1]!, n), feature: arena.i32(a[2]!, n), splitBin: arena.i32(a[3]!, n),
    nextBin: arena.i32(a[4]!, n), defaultLeft: arena.u8(a[5]!, n), catIndex: arena.i32(a[6]!, n),
    value: arena.f32(a[7]!, n * valueWidth), gain: arena.f32(a[8]!, n), cover: arena.f32(a[9]!, n),
    threshold: arena.f32(a[10]!, n), binCut: arena.i32(a[11]!, n),
    catWords: arena.u32(s.catArea, nCat * CAT_WORDS),
  };
}
