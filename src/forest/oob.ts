/** Out-of-bag predictions of a forest (each training row scored by the trees that did not see it) and the OOB score. */
import type { Task } from '../data/frame.js';
import { evaluateTask } from '../metric/metrics.js';
import type { PackedTree } from '../tree/packed-tree.js';

/** OOB outputs of the training rows, shaped like Prediction.output. */
export interface OobPrediction {
  /** Float64Array: regression nRows values; binary nRows x 2; multiclass nRows x classes (rows not covered: NaN). */
  output: Float64Array;
  /** Uint32Array, nRows: trees for which each row was out of bag (0: no OOB prediction). */
  trees: Uint32Array;
  /** Rows with at least one OOB tree. */
  covered: number;
}

/** The score AutoML and `train --json` report as oob_score: auc (binary), accuracy (multiclass), r2 (regression). */
export function oobMetricName(task: Task): 'auc' | 'accuracy' | 'r2' {
  return task === 'binary' ? 'auc' : task === 'multiclass' ? 'accuracy' : 'r2';
}

/** Sums the leaf outputs of every tree over its out-of-bag rows; add trees in tree order for a deterministic result. */
export class OobAccumulator {
  private readonly sum: Float64Array;
  private readonly trees: Uint32Array;

  /** nGroups: outputs per leaf (classes for multiclass, else 1). */
  constructor(private readonly nRows: number, private readonly nGroups: number, private readonly task: Task) {
    this.sum = new Float64Array(nRows * nGroups);
    this.trees = new Uint32Array(nRows);
  }

  add(tree: Pick<PackedTree, 'oobRows' | 'oobLeaf' | 'value'>): void {
    const W = this.nGroups;
    const { oobRows, oobLeaf, value } = tree;
    for (let i = 0; i < oobRows.length; i++) {
      const r = oobRows[i];
      this.trees[r]++;
      const o = r * W, v = oobLeaf[i] * W;
      for (let c = 0; c < W; c++) this.sum[o + c] += value[v + c];
    }
  }

  /** Averages the sums (leaf values carry 1 / n_estimators, so the average is sum / trees * nEstimators). */
  result(nEstimators: number): OobPrediction {
    const { nRows, nGroups: W, task } = this;
    const outW = task === 'binary' ? 2 : W;
    const output = new Float64Array(nRows * outW);
    let covered = 0;
    for (let r = 0; r < nRows; r++) {
      const m = this.trees[r];
      if (m === 0) { output.fill(NaN, r * outW, (r + 1) * outW); continue; }
      covered++;
      const scale = nEstimators / m;
      if (task === 'binary') {
        const p = Math.min(1, Math.max(0, this.sum[r] * scale));
        output[2 * r] = 1 - p;
        output[2 * r + 1] = p;
      } else if (task === 'regression') {
        output[r] = this.sum[r] * scale;
      } else {
        let s = 0;
        for (let c = 0; c < W; c++) s += this.sum[r * W + c];
        for (let c = 0; c < W; c++) output[r * W + c] = s > 0 ? this.sum[r * W + c] / s : 1 / W;
      }
    }
    return { output, trees: this.trees, covered };
  }
}

/** Every task metric on the covered rows; null when no row was out of bag. */
export function oobMetrics(task: Task, y: Float64Array, oob: OobPrediction): Record<string, number> | null {
  if (oob.covered === 0) return null;
  const W = oob.output.length / y.length;
  const yc = new Float64Array(oob.covered);
  const out = new Float64Array(oob.covered * W);
  const labels = new Int32Array(oob.covered);
  let m = 0;
  for (let r = 0; r < y.length; r++) {
    if (oob.trees[r] === 0) continue;
    yc[m] = y[r];
    out.set(oob.output.subarray(r * W, (r + 1) * W), m * W);
    let best = 0;
    for (let c = 1; c < W; c++) if (out[m * W + c] > out[m * W + best]) best = c;
    labels[m++] = best;
  }
  return evaluateTask(task, yc, { nGroups: W, output: out, labels: task === 'regression' ? undefined : labels });
}
