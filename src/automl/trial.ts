/** One fold of one AutoML trial: train a learner's config on the fold's rows, score its held-out rows. */
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { binRangesAt } from '../wasm/addressing.js';
import type { Dataset } from '../data/frame.js';
import type { TrainingData } from '../boosting/training-data.js';
import { boostBinned } from '../boosting/booster.js';
import { Team } from '../pool/team.js';
import { teamScratchBytes } from '../tree/team-grower.js';
import { resolveGBDT } from '../boosting/gbdt-params.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel } from '../model/model.js';
import { predictLinear } from '../inference/linear-model.js';
import { trainLinear } from '../linear/linear-model.js';
import type { Config } from './space.js';
import type { DataShape, LearnerName } from './learners/learner.js';
import { learnerByName } from './learners/registry.js';
import { runForestFold } from './forest-fold.js';
import { inSample } from './samples.js';

/**
 * What a pool message carries: plain JSON, never data, only what to train (the same message
 * can travel through a queue to another machine's worker).
 */
export interface FoldTask {
  trial: number;
  learner: LearnerName;
  config: Config;
  fold: number;
  seed: number;
  /** Rung of the sample ladder (samples.ts): the fold's rows with rungOf <= rung (0 without a ladder). */
  rung: number;
  /** Training rows of that sample (informational: the rung names the rows). */
  sampleRows: number;
  /**
   * Date.now() time (epoch ms) at which the fold stops growing and returns its model as it
   * stands (gbdt: cut at its best validation round; forests: the trees grown); null: none.
   */
  deadline: number | null;
  /**
   * Threads the fold may use: a gbdt fold with more than one trains each tree on a team of that
   * many threads (the same model as one thread); forest and linear folds use one.
   */
  nthread: number;
}

export type { FoldModel } from '../inference/automl-model.js';
import type { FoldModel } from '../inference/automl-model.js';

export interface FoldOutcome {
  trial: number;
  fold: number;
  /** Outputs for the fold's validation rows (predictor convention), in row order. */
  output: Float64Array;
  model: FoldModel;
  /** Boosting rounds kept (gbdt) or trees grown (forests); 0 for linear. */
  size: number;
  seconds: number;
  /** The deadline ended the fold's training early. */
  cut: boolean;
  /** Threads the fold trained on. */
  threads: number;
}

/** Rows of fold `fold` from the fold assignment (holdout: fold 0 is the validation part). */
export function foldRows(foldOf: Int8Array, fold: number): { train: Uint32Array; valid: Uint32Array } {
  let nv = 0;
  for (let i = 0; i < foldOf.length; i++) if (foldOf[i] === fold) nv++;
  const train = new Uint32Array(foldOf.length - nv), valid = new Uint32Array(nv);
  let a = 0, b = 0;
  for (let i = 0; i < foldOf.length; i++) { if (foldOf[i] === fold) valid[b++] = i; else train[a++] = i; }
  return { train, valid };
}

/** The rows of a column-major float dataset (the linear learner's input), with their targets and sample weights. */
export function datasetRows(d: Dataset, rows: Uint32Array): Dataset {
  const n = d.nRows, m = rows.length, nF = d.schema.features.length;
  const x = new Float32Array(m * nF);
  for (let f = 0; f < nF; f++) {
    const col = d.features.subarray(f * n, (f + 1) * n);
    for (let i = 0; i < m; i++) x[f * m + i] = col[rows[i]];
  }
  const out: Dataset = { schema: d.schema, nRows: m, features: x, target: d.target && Float64Array.from(rows, (r) => d.target![r]) };
  if (d.weight) out.weight = Float64Array.from(rows, (r) => d.weight![r]);
  return out;
}

function gbdtFold(engine: Engine, data: TrainingData, shape: DataShape, task: FoldTask, train: Uint32Array, valid: Uint32Array) {
  const params = learnerByName('gbdt').params(task.config, shape, task.seed);
  const { settings, canonical } = resolveGBDT(params, shape.task);
  // A team on the worker's own scratch; its threads end with the fold.
  const team = task.nthread > 1 ? new Team(engine, task.nthread, teamScratchBytes(data.nFeatures)) : undefined;
  let r;
  try {
    r = boostBinned(engine, data, settings, { trainRows: train, validRows: valid, deadline: task.deadline ?? undefined, team });
  } finally {
    team?.close();
  }
  const model: GBDTModel = {
    format: MODEL_FORMAT, version: MODEL_VERSION, learner: 'gbdt', schema: data.schema, objective: settings.objective,
    nGroups: r.nGroups, baseMargin: r.baseMargin, params: { ...canonical, base_score: r.baseScore }, trees: r.trees,
    // The fold's validation metric per round: the report's learning curves.
    training: { evalMetric: r.evalMetric, history: r.history.map((v) => Number(v.toPrecision(6))), bestIteration: r.bestIteration, rounds: r.rounds },
  };
  return { output: r.validOutput!, model, size: r.bestIteration + 1, stoppedByDeadline: r.stoppedByDeadline, threads: team?.threads ?? 1 };
}

/** What some learners read besides the binned data (see shared-training.ts). */
export interface FoldExtras {
  /** The float features: the linear learner. */
  raw?: Dataset;
  /** Per fold, binRanges of its training rows (binRangesAt(foldRanges, fold, nFeatures)): forests. */
  foldRanges?: Ptr;
  /** Int8Array, nRows: each row's lowest rung on the sample ladder (absent: no ladder). */
  rungOf?: Int8Array;
}

/** Trains one fold in `engine` (its arena is reset afterwards by the caller). */
export function runFold(engine: Engine, data: TrainingData, foldOf: Int8Array, task: FoldTask, extras: FoldExtras = {}): FoldOutcome {
  const { raw, foldRanges, rungOf } = extras;
  const t0 = performance.now();
  const all = foldRows(foldOf, task.fold);
  const train = inSample(all.train, rungOf ?? null, task.rung), valid = inSample(all.valid, rungOf ?? null, task.rung);
  // Learners shape their params by the rows they train on (the sample's).
  const shape: DataShape = { task: data.schema.target.task, nRows: train.length + valid.length, nFeatures: data.nFeatures, nClasses: data.nClasses };
  let r: { output: Float64Array; model: FoldModel; size: number; stoppedByDeadline?: boolean; threads?: number };
  if (task.learner === 'gbdt') {
    r = gbdtFold(engine, data, shape, task, train, valid);
  } else if (task.learner === 'linear') {
    if (!raw) throw new Error('linear learner: the float features were not shared');
    // Tolerance of the (preconditioned, mean-scaled) gradient: tighter moves no validation metric.
    const model = trainLinear(datasetRows(raw, train), { l2: Number(learnerByName('linear').params(task.config, shape, task.seed).l2) }, { lbfgs: { gtol: 1e-4, deadline: task.deadline ?? undefined } });
    r = { output: predictLinear(model, datasetRows(raw, valid)), model, size: 0 };
  } else {
    if (foldRanges === undefined) throw new Error(`${task.learner} learner: the bin value ranges were not shared`);
    const params = learnerByName(task.learner).params(task.config, shape, task.seed);
    r = runForestFold(engine, data, task.learner, params, train, valid, binRangesAt(foldRanges, task.fold, data.nFeatures), task.deadline);
  }
  const { stoppedByDeadline, threads, ...rest } = r;
  return { trial: task.trial, fold: task.fold, ...rest, seconds: (performance.now() - t0) / 1000, cut: stoppedByDeadline === true, threads: threads ?? 1 };
}
