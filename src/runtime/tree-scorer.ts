/**
 * A tree model (GBDT or forest) placed in a runtime kernel's memory: packed nodes, per-group root
 * lists, and the sums of its trees' outputs for a row-major feature matrix in that memory.
 */
import type { Model, TreeArrays } from '../model/model.js';
import { FLAG_CATEGORICAL } from '../model/model-validator.js';
import { forestOutput } from '../predict/forest-output.js';
import { transformOutput } from '../objective/objective.js';
import type { Kernel } from './kernel.js';

/** Rows per kernel block: a block of row-major rows (~128 KiB) stays in cache while every tree walks it. */
function blockRows(nFeatures: number): number {
  return Math.max(8, Math.min(4096, Math.floor((128 * 1024) / (4 * Math.max(1, nFeatures))))) & ~7;
}

/**
 * Node records packed 16 bytes each (the kernels' layout): left, right, feature | flags << 28,
 * threshold bits (numeric split) or catOffset (categorical split).
 */
export function packNodes(t: TreeArrays): Int32Array {
  const n = t.left.length;
  const p = new Int32Array(n * 4);
  const thresholdBits = new Int32Array(t.threshold.buffer, t.threshold.byteOffset, n);
  for (let i = 0; i < n; i++) {
    p[4 * i] = t.left[i]!;
    p[4 * i + 1] = t.right[i]!;
    p[4 * i + 2] = (t.feature[i]! & 0x0fffffff) | (t.flags[i]! << 28);
    p[4 * i + 3] = t.flags[i]! & FLAG_CATEGORICAL ? t.catOffset[i]! : thresholdBits[i]!;
  }
  return p;
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
  private readonly width: number;
  private readonly start: number;
  private readonly block: number;
  /** 32 bytes the kernel writes eight leaf indices to. */
  private readonly leaves: number;

  constructor(private readonly kernel: Kernel, private readonly model: Model) {
    const t = model.trees;
    this.nodes = kernel.put(packNodes(t));
    this.catLen = kernel.put(t.catLen);
    this.catWords = kernel.put(t.catWords.length ? t.catWords : new Uint32Array(1));
    this.value = kernel.put(t.value.length ? t.value : new Float32Array(1));
    this.nGroups = model.nGroups;
    this.nOutputs = model.schema.target.task === 'binary' ? 2 : model.nGroups;
    if (model.learner === 'gbdt') {
      this.width = 1;
      this.start = model.baseMargin;
      this.roots = [];
      for (let c = 0; c < model.nGroups; c++) {
        const list = t.treeRoot.filter((_, i) => t.treeGroup[i] === c);
        this.roots.push({ ptr: kernel.put(list.length ? list : new Int32Array(1)), count: list.length });
      }
    } else {
      this.width = model.valueWidth;
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
    const K = this.nGroups;
    const perCall = this.width;
    const calls = this.roots.length;
    const out = k.scratch(nRows * K * 4);
    const o = out >> 2;
    k.f32().fill(this.start, o, o + nRows * K);
    // GBDT groups: one kernel call per group into its own block of nRows sums (group-major).
    for (let c = 0; c < calls; c++) {
      const r = this.roots[c]!;
      if (r.count === 0) continue;
      k.exports.predictRowMajor(data, nRows, nF, this.nodes, this.catLen, this.catWords, this.value, perCall,
        r.ptr, 0, r.count, out + (calls > 1 ? c * nRows * 4 : 0), this.block, this.leaves);
    }
    const mem = k.f32();
    if (calls === 1) return mem.slice(o, o + nRows * K);
    const m = new Float32Array(nRows * K);
    for (let c = 0; c < K; c++) {
      const base = o + c * nRows;
      for (let i = 0; i < nRows; i++) m[i * K + c] = mem[base + i]!;
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
