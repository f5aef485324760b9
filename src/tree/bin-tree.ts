/** A grown tree in bin space (split bins, not raw thresholds), with each leaf's row segment. */

export interface BinTree {
  /** Per node; -1 marks a leaf in `left`/`right`. */
  left: number[];
  right: number[];
  feature: number[];
  /** Numeric split: last bin going left (-1: only missing values go left). */
  splitBin: number[];
  /** Numeric split: first non-empty bin of the node right of the cut (splitBin + 1 when the splitter did not say). */
  nextBin: number[];
  defaultLeft: boolean[];
  /** Categorical split: Uint32Array(8) bitset of bins going left; null for numeric splits and leaves. */
  catBits: (Uint32Array | null)[];
  /** Leaf output (eta applied) for leaves; the node's weight otherwise. */
  value: number[];
  /** Loss change of the split (0 for leaves). */
  gain: number[];
  /** Hessian sum. */
  cover: number[];
  /** Gradient sums per channel (one channel for boosting, valueWidth class channels for forests). */
  gradSum: Float64Array[];
  /** Multi-channel trees: every node's output per channel; null for single-channel trees. */
  vector: Float64Array[] | null;
  /** Segment [begin, end) of the grower's row-index array holding the node's rows. */
  begin: number[];
  end: number[];
  depth: number[];
}

export function emptyBinTree(): BinTree {
  return {
    left: [], right: [], feature: [], splitBin: [], nextBin: [], defaultLeft: [], catBits: [], value: [], gain: [],
    cover: [], gradSum: [], vector: null, begin: [], end: [], depth: [],
  };
}

/** Appends a node (initially a leaf) and returns its index. */
export function addNode(t: BinTree, begin: number, end: number, depth: number, g: Float64Array, h: number): number {
  t.left.push(-1); t.right.push(-1); t.feature.push(-1); t.splitBin.push(0); t.nextBin.push(0); t.defaultLeft.push(false);
  t.catBits.push(null); t.value.push(0); t.gain.push(0); t.cover.push(h); t.gradSum.push(g);
  t.begin.push(begin); t.end.push(end); t.depth.push(depth);
  return t.left.length - 1;
}

/** Indices of the leaves, in node order. */
export function leavesOf(t: BinTree): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.left.length; i++) if (t.left[i] < 0) out.push(i);
  return out;
}

/** Leaves reachable from the root (pruning leaves orphaned nodes behind in the arrays). */
export function liveLeaves(t: BinTree): number[] {
  const out: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (t.left[n] < 0) out.push(n);
    else stack.push(t.right[n], t.left[n]);
  }
  return out;
}
