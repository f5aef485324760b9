/**
 * The node bookkeeping both tree growers share (TreeGrower on one thread, TeamGrower on a team):
 * when a node may split, which features a node's split search sees, a node's sums from its
 * histogram, writing a split and its two children, the lossguide order, and the leaf outputs.
 */
import type { Arena } from '../wasm/arena.js';
import type { Ptr } from '../wasm/kernels.js';
import { histChannel } from '../wasm/addressing.js';
import { featureHistogram } from '../wasm/records.js';
import { type BinTree, addNode } from './bin-tree.js';
import type { SplitChoice, Splitter } from './splitter.js';
import type { Rng } from '../util/rng.js';

/** The growth limits a node's split is checked against (GrowParams' fields; 0 depth: unlimited). */
export interface SplitLimits {
  maxDepth: number;
  minSplitCover?: number;
}

/** Whether a node may still split (depth, rows, cover; gains are checked later). */
export function splittable(p: SplitLimits, tree: BinTree, node: number): boolean {
  return (p.maxDepth === 0 || tree.depth[node] < p.maxDepth) && tree.end[node] - tree.begin[node] >= 2
    && (p.minSplitCover === undefined || tree.cover[node] >= p.minSplitCover);
}

/** The features offered to one node's split search: all of them, or a colsample_bynode draw (sorted). */
export function nodeFeatures(features: Int32Array, colsampleBynode: number, rng: Rng): Int32Array {
  if (colsampleBynode >= 1) return features;
  const m = Math.max(1, Math.floor(colsampleBynode * features.length));
  const picked = Array.from(features);
  for (let i = 0; i < m; i++) { const j = i + rng.int(picked.length - i); [picked[i], picked[j]] = [picked[j], picked[i]]; }
  return Int32Array.from(picked.slice(0, m)).sort();
}

/**
 * Gradient sums per channel and the hessian sum of a node from its histograms (valueWidth
 * channels of nFeatures feature histograms each): every row is in one bin of any feature.
 */
export function nodeTotals(arena: Arena, hist: Ptr, feature: number, valueWidth: number, nFeatures: number): [Float64Array, number] {
  const g = new Float64Array(valueWidth);
  let h = 0;
  for (let c = 0; c < valueWidth; c++) {
    const v = featureHistogram(arena, histChannel(hist, c, nFeatures), feature);
    for (let b = 0; b < v.length; b += 2) { g[c] += v[b]; if (c === 0) h += v[b + 1]; }
  }
  return [g, h];
}

/**
 * Writes the split `c` of `node` whose left child holds the first nLeft rows of its segment, and
 * appends the two children (the right one's sums are the parent's minus the left's). Returns [left, right].
 */
export function splitNode(tree: BinTree, node: number, c: SplitChoice, nLeft: number): [number, number] {
  const begin = tree.begin[node], end = tree.end[node];
  const g = tree.gradSum[node], h = tree.cover[node];
  const d = tree.depth[node] + 1;
  const l = addNode(tree, begin, begin + nLeft, d, c.leftG, c.leftH);
  const r = addNode(tree, begin + nLeft, end, d, g.map((v, i) => v - c.leftG[i]), h - c.leftH);
  tree.left[node] = l; tree.right[node] = r; tree.feature[node] = c.feature;
  tree.splitBin[node] = c.splitBin; tree.nextBin[node] = c.nextBin ?? c.splitBin + 1; tree.defaultLeft[node] = c.defaultLeft;
  tree.catBits[node] = c.catBits; tree.gain[node] = c.gain;
  return [l, r];
}

/** Lossguide's next candidate: the best gain, ties to the lower node id (its index in `pending`). */
export function bestGainIndex(pending: readonly { gain: number; node: number }[]): number {
  let best = 0;
  for (let i = 1; i < pending.length; i++) {
    const a = pending[i], b = pending[best];
    if (a.gain > b.gain || (a.gain === b.gain && a.node < b.node)) best = i;
  }
  return best;
}

/**
 * The candidates a team grower expands next, removed from `pending`. Lossguide: the best gain
 * (ties: lower node id). Depthwise: the shallowest level in node order (with a leaf cap, as many as it allows).
 */
export function nextBatch<C extends { gain: number; node: number }>(pending: C[], tree: BinTree, p: { lossguide: boolean; maxLeaves: number }, nLeaves: number): C[] {
  if (p.lossguide) return pending.splice(bestGainIndex(pending), 1);
  pending.sort((a, b) => tree.depth[a.node] - tree.depth[b.node] || a.node - b.node);
  const d = tree.depth[pending[0].node];
  let n = 0;
  while (n < pending.length && tree.depth[pending[n].node] === d) n++;
  if (p.maxLeaves > 0) n = Math.min(n, p.maxLeaves - nLeaves);
  return pending.splice(0, n);
}

/** Expands batches of candidates (nextBatch) from a root's until none is left or the leaf cap is reached; `pending` keeps what was not expanded. */
export function expandBatches<C extends { gain: number; node: number }>(pending: C[], tree: BinTree, p: { lossguide: boolean; maxLeaves: number },
  expand: (batch: C[]) => C[]): void {
  let nLeaves = 1;
  while (pending.length > 0) {
    if (p.maxLeaves > 0 && nLeaves >= p.maxLeaves) break;
    const batch = nextBatch(pending, tree, p, nLeaves);
    nLeaves += batch.length;
    pending.push(...expand(batch));
  }
}

/** Every node's output from the splitter; multi-channel trees keep every channel in tree.vector. */
export function setLeafValues(tree: BinTree, splitter: Pick<Splitter, 'leafOutput' | 'valueWidth'>): void {
  if (splitter.valueWidth > 1) tree.vector = [];
  for (let i = 0; i < tree.left.length; i++) {
    const out = splitter.leafOutput(tree.gradSum[i], tree.cover[i]);
    tree.value[i] = out[0];
    if (tree.vector) tree.vector.push(out);
  }
}
