/** The runtime's loaded models: one interface, for single tree models (thicket or XGBoost) and AutoML ensembles. */
import type { TableInput } from '../data/frame-from-js.js';
import { frameFromJs } from '../data/frame-from-js.js';
import { applySchema } from '../data/apply-schema.js';
import type { Task } from '../data/frame.js';
import type { Model } from '../model/model.js';
import { applyPreprocess } from '../inference/preprocess.js';
import type { AutoMLModel } from '../inference/automl-model.js';
import { predictLinear } from '../inference/linear-model.js';
import { predictStack } from '../inference/stacking.js';
import { Kernel } from './kernel.js';
import { predictionValues, probabilityRows, rawPrediction, type RawPrediction } from './prediction.js';
import { RowEncoder, type EncodeOptions } from './row-encoder.js';
import { TreeScorer } from './tree-scorer.js';
import { guarded } from '../util/guard.js';
import { usageError } from '../errors.js';
import { wordIndex, words } from '../wasm/addressing.js';

export type PredictOptions = EncodeOptions;

/** Rows per kernel call of a batch (65,536 rows of 8 features: 2 MiB of kernel memory). */
const CHUNK_ROWS = 65536;

/** A column the model reads from its input rows. */
export interface InputColumn {
  name: string;
  /** date: ISO date text that an AutoML model expands into numeric parts. */
  kind: 'numeric' | 'categorical' | 'date';
  /** Categorical: the levels the model knows (others count as missing, or as rare levels for AutoML). */
  levels?: readonly string[];
}

export interface RuntimeModel {
  /** gbdt, rf, extratrees (single models) or automl (an ensemble with its preprocessing). */
  readonly learner: 'gbdt' | 'rf' | 'extratrees' | 'automl';
  /** The file format it was loaded from. */
  readonly format: 'thicket' | 'xgboost';
  readonly task: Task;
  /** Classification: class labels, in the order of probability columns. */
  readonly classes: readonly string[] | undefined;
  /** Name of the target the model predicts. */
  readonly target: string;
  /** Columns read from each row (extra keys are ignored). */
  readonly inputs: readonly InputColumn[];
  /**
   * One prediction per row: the most probable class label (classification) or the value
   * (regression). X: an array of row objects keyed by column name, or `{columns: {name: values}}`.
   */
  predict(X: TableInput, opts?: PredictOptions): string[] | number[];
  /** Classification: class probabilities, one array per row, in `classes` order. */
  predictProba(X: TableInput, opts?: PredictOptions): number[][];
  /** Outputs as typed arrays (the fast form for large batches). */
  predictRaw(X: TableInput, opts?: PredictOptions): RawPrediction;
}

abstract class BaseModel {
  abstract readonly task: Task;
  abstract readonly classes: readonly string[] | undefined;
  protected abstract computeRaw(X: TableInput, opts?: PredictOptions): RawPrediction;

  /** Every prediction entry point fails with a ThicketError only (see guard.ts). */
  predictRaw(X: TableInput, opts?: PredictOptions): RawPrediction {
    return guarded('predict', () => this.computeRaw(X, opts));
  }

  predict(X: TableInput, opts?: PredictOptions): string[] | number[] {
    return guarded('predict', () => predictionValues(this.computeRaw(X, opts), this.classes));
  }

  predictProba(X: TableInput, opts?: PredictOptions): number[][] {
    if (!this.classes) throw usageError('predictProba: this is a regression model; use predict');
    return guarded('predictProba', () => probabilityRows(this.computeRaw(X, opts)));
  }
}

/** A GBDT or forest model (thicket's own, or imported from XGBoost). */
export class TreeModel extends BaseModel implements RuntimeModel {
  readonly learner: 'gbdt' | 'rf' | 'extratrees';
  readonly task: Task;
  readonly classes: readonly string[] | undefined;
  readonly target: string;
  readonly inputs: readonly InputColumn[];
  private readonly kernel = new Kernel();
  private readonly encoder: RowEncoder;
  private readonly scorer: TreeScorer;

  constructor(readonly model: Model, readonly format: 'thicket' | 'xgboost') {
    super();
    this.learner = model.learner;
    this.task = model.schema.target.task;
    this.classes = model.schema.target.classes;
    this.target = model.schema.target.name;
    this.inputs = model.schema.features.map((f) => (f.kind === 'categorical' ? { name: f.name, kind: f.kind, levels: f.levels ?? [] } : { name: f.name, kind: f.kind }));
    this.encoder = new RowEncoder(model.schema);
    this.scorer = new TreeScorer(this.kernel, model);
  }

  protected computeRaw(X: TableInput, opts: PredictOptions = {}): RawPrediction {
    const source = opts.source ?? 'X';
    const enc = this.encoder;
    const n = enc.rowCount(X, source);
    const k = this.kernel;
    const nOutputs = this.scorer.nOutputs;
    // Chunks of rows, so kernel memory (which never shrinks) stays small whatever the batch.
    const output = n <= CHUNK_ROWS ? null : new Float64Array(n * nOutputs);
    let last: Float64Array | null = null;
    enc.begin();
    for (let r0 = 0; ; r0 += CHUNK_ROWS) {
      const m = Math.min(CHUNK_ROWS, n - r0);
      k.resetScratch();
      const data = k.scratch(words(m * enc.nFeatures));
      enc.encode(X, n, r0, r0 + m, k.f32(), wordIndex(data), source);
      last = this.scorer.output(data, m);
      output?.set(last, r0 * nOutputs);
      if (r0 + m >= n) break;
    }
    enc.end(X, n, opts);
    return rawPrediction(this.task, output ?? last!, n);
  }
}

const DATE_PARTS = ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'days'];

/**
 * An AutoML ensemble: the input goes through the full package's path (frameFromJs, the fitted
 * preprocessing, applySchema), then every member's fold models are averaged and the members
 * combined by their weights or the stacker.
 */
export class AutoMLRuntimeModel extends BaseModel implements RuntimeModel {
  readonly learner = 'automl' as const;
  readonly format = 'thicket' as const;
  readonly task: Task;
  readonly classes: readonly string[] | undefined;
  readonly target: string;
  readonly inputs: readonly InputColumn[];
  private readonly kernel = new Kernel();
  /** Per member, per fold: a placed tree model, or null for a linear fold. */
  private readonly scorers: (TreeScorer | null)[][];

  constructor(readonly model: AutoMLModel) {
    super();
    const schema = model.schema;
    this.task = schema.target.task;
    this.classes = schema.target.classes;
    this.target = schema.target.name;
    this.scorers = model.members.map((m) => m.folds.map((f) => (f.learner === 'linear' ? null : new TreeScorer(this.kernel, f))));
    const dates = new Map(model.preprocess.dates.map((d) => [d.name, d]));
    const seen = new Set<string>();
    const inputs: InputColumn[] = [];
    for (const f of schema.features) {
      const cut = f.name.lastIndexOf('_');
      const date = cut > 0 && DATE_PARTS.includes(f.name.slice(cut + 1)) ? dates.get(f.name.slice(0, cut)) : undefined;
      const name = date ? date.name : f.name;
      if (seen.has(name)) continue;
      seen.add(name);
      if (date) inputs.push({ name, kind: 'date' });
      else if (f.kind === 'categorical') inputs.push({ name, kind: 'categorical', levels: (f.levels ?? []).filter((l) => l !== '__rare__') });
      else inputs.push({ name, kind: 'numeric' });
    }
    this.inputs = inputs;
  }

  protected computeRaw(X: TableInput, opts: PredictOptions = {}): RawPrediction {
    const source = opts.source ?? 'X';
    if (Array.isArray(X) && X.length === 0) return rawPrediction(this.task, new Float64Array(0), 0);
    const frame = frameFromJs(X, { source });
    // The target column, if the input has one, is not read (as for single models).
    const input = { ...frame, columns: frame.columns.filter((c) => c.name !== this.target) };
    const data = applySchema(applyPreprocess(input, this.model.preprocess), this.model.schema, {
      requireTarget: false, onWarning: opts.onWarning,
    });
    const n = data.nRows;
    const nF = this.model.schema.features.length;
    // Tree folds score row-major features in kernel memory, a chunk of rows at a time, all folds
    // on each chunk; linear folds read the dataset itself.
    const treeOut = this.scorers.map((folds) => folds.map((sc) => (sc ? new Float64Array(n * sc.nOutputs) : null)));
    const k = this.kernel;
    for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
      const m = Math.min(CHUNK_ROWS, n - r0);
      k.resetScratch();
      const ptr = k.scratch(words(m * nF));
      const mem = k.f32();
      const base = wordIndex(ptr);
      for (let f = 0; f < nF; f++) {
        const col = data.features.subarray(f * n + r0, f * n + r0 + m);
        for (let i = 0, o = base + f; i < m; i++, o += nF) mem[o] = col[i]!;
      }
      const mark = k.mark();
      this.scorers.forEach((folds, j) => folds.forEach((sc, q) => {
        if (!sc) return;
        treeOut[j]![q]!.set(sc.output(ptr, m), r0 * sc.nOutputs);
        k.release(mark);
      }));
    }
    const outputs = this.model.members.map((m, j) => {
      let sum: Float64Array | null = null;
      m.folds.forEach((fold, q) => {
        const o = fold.learner === 'linear' ? predictLinear(fold, data) : treeOut[j]![q]!;
        sum ??= new Float64Array(o.length);
        for (let i = 0; i < o.length; i++) sum[i]! += o[i]! / m.folds.length;
      });
      return sum!;
    });
    let out: Float64Array;
    if (this.model.ensemble.stacker) {
      out = predictStack(this.model.ensemble.stacker, outputs);
    } else {
      out = new Float64Array(outputs[0]!.length);
      this.model.members.forEach((m, j) => { for (let i = 0; i < out.length; i++) out[i]! += m.weight * outputs[j]![i]!; });
    }
    return rawPrediction(this.task, out, n);
  }
}
