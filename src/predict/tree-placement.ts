/** Copies a model's node arrays into kernel memory in the layout predictTrees reads. */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import type { TreeArrays } from '../model/model.js';

/** Offsets of a model's trees in kernel memory. */
export interface PlacedTrees {
  /** Nine i32 base pointers: feature, threshold, left, right, flags, catOffset, catLen, value, catWords. */
  nodes: Ptr;
  treeRoot: Ptr;
  treeGroup: Ptr;
  nTrees: number;
}

export function placeTrees(engine: Engine, t: TreeArrays): PlacedTrees {
  const { arena } = engine;
  const ptrs = [
    arena.put(t.feature), arena.put(t.threshold), arena.put(t.left), arena.put(t.right), arena.put(t.flags),
    arena.put(t.catOffset), arena.put(t.catLen), arena.put(t.value), arena.put(t.catWords),
  ];
  const nodes = arena.put(Int32Array.from(ptrs));
  return { nodes, treeRoot: arena.put(t.treeRoot), treeGroup: arena.put(t.treeGroup), nTrees: t.treeRoot.length };
}
