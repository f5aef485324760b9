/**
 * A tree model (GBDT or forest) placed in a runtime kernel's memory: packed nodes, per-group root
 * lists, and the sums of its trees' outputs for a row-major feature matrix in that memory.
 */
import type { Model } from '../model/model.js';
import { forestOutput } from '../predict/forest-output.js';
import { transformOutput } from '../objective/objective.js';
import type { Kernel } from './kernel.js';
import { pnodeBytes, wordAt, wordIndex, words } from '../wasm/addressing.js';

/** Rows per kernel block: a block of row-major rows (~128 KiB) stays in cache while every tree walks it. */
function blockRows(nFeatures: number): number {
  return Math.max(8, Math.min(4096, Math.floor((128 * 1024) / words(Math.max(1, nFeatures))))) & ~7;
}

export class TreeScorer {
  /** Outputs per row: classes for multiclass, else 1. */
  readonly nGroups: number;
  /** Outputs per row of `output` (2 for binary: both class probabilities). */
  readonly nOutputs: number;
  private readonly nodes: number;
  private readonly catLen: number;
  private readonly catWords: number;
  private readonly value: number;
  /** GBDT: one root list per output group; forest: one list of every root. */
  private readonly roots: { ptr: number; count: number }[];
  /** Leaf outputs per node: forests' valueWidth, 1 for GBDT. */
  private readonly valueWidth: number;
  private readonly start: number;
  private readonly block: number;
  /** 32 bytes the kernel writes eight leaf indices to. */
  private readonly leaves: number;

  constructor(private readonly kernel: Kernel, private readonly model: Model) {
    const t = model.trees;
    // Packed by the kernel (a JavaScript loop over every node is slow in a fresh process): the
    // record array first, for good, then the six source arrays in scratch above it.
    const n = t.left.length;
    this.nodes = kernel.alloc(pnodeBytes(n));
    kernel.resetScratch();
    const src = [t.left, t.right, t.feature, t.flags, t.catOffset, t.threshold].map((a) => {
      const p = kernel.scratch(a.byteLength);
      (a instanceof Float32Array ? kernel.f32() : kernel.i32()).set(a, wordIndex(p));
      return p;
    });
    kernel.exports.packNodes(src[0]!, src[1]!, src[2]!, src[3]!, src[4]!, src[5]!, n, this.nodes);
    kernel.resetScratch();
    this.catLen = kernel.put(t.catLen);
    this.catWords = kernel.put(t.catWords.length ? t.catWords : new Uint32Array(1));
    this.value = kernel.put(t.value.length ? t.value : new Float32Array(1));
    this.nGroups = model.nGroups;
    this.nOutputs = model.schema.target.task === 'binary' ? 2 : model.nGroups;
    if (model.learner === 'gbdt') {
      this.valueWidth = 1;
      this.start = model.baseMargin;
      this.roots = [];
      for (let c = 0; c < model.nGroups; c++) {
        const list = t.treeRoot.filter((_, i) => t.treeGroup[i] === c);
        this.roots.push({ ptr: kernel.put(list.length ? list : new Int32Array(1)), count: list.length });
      }
    } else {
      this.valueWidth = model.valueWidth;
      this.start = 0;
      this.roots = [{ ptr: kernel.put(t.treeRoot.length ? t.treeRoot : new Int32Array(1)), count: t.treeRoot.length }];
    }
    this.block = blockRows(model.schema.features.length);
    this.leaves = kernel.alloc(32);
  }

  /**
   * Sums of the trees' outputs (GBDT: margins, base margin included; forest: summed leaf values)
   * for nRows rows of f32 features at `data` (row-major, the model's feature order).
   * Float32Array, nRows x nGroups, row-major (a copy).
   */
  margins(data: number, nRows: number): Float32Array {
    const k = this.kernel;
    const nF = this.model.schema.features.length;
    const nGroups = this.nGroups;
    const perCall = this.valueWidth;
    const calls = this.roots.length;
    const out = k.scratch(words(nRows * nGroups));
    const o = wordIndex(out);
    k.f32().fill(this.start, o, o + nRows * nGroups);
    // GBDT groups: one kernel call per group into its own block of nRows sums (group-major).
    for (let c = 0; c < calls; c++) {
      const r = this.roots[c]!;
      if (r.count === 0) continue;
      k.exports.predictRowMajor(data, nRows, nF, this.nodes, this.catLen, this.catWords, this.value, perCall,
        r.ptr, 0, r.count, wordAt(out, calls > 1 ? c * nRows : 0), this.block, this.leaves);
    }
    const mem = k.f32();
    if (calls === 1) return mem.slice(o, o + nRows * nGroups);
    const m = new Float32Array(nRows * nGroups);
    for (let c = 0; c < nGroups; c++) {
      const base = o + c * nRows;
      for (let i = 0; i < nRows; i++) m[i * nGroups + c] = mem[base + i]!;
    }
    return m;
  }

  /**
   * The model's output (the full package's predictor convention): Float64Array, regression ->
   * nRows values; binary -> nRows x 2 class probabilities; multiclass -> nRows x classes.
   */
  output(data: number, nRows: number): Float64Array {
    const m = this.margins(data, nRows);
    const model = this.model;
    return model.learner === 'gbdt' ? transformOutput(model.objective, m, nRows, model.nGroups) : forestOutput(model, m, nRows);
  }
}
