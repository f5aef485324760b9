/** One fold of one AutoML trial: train a learner's config on the fold's rows, score its held-out rows. */
import type { Engine } from '../wasm/load.js';
import type { TrainingData } from '../boosting/training-data.js';
import { boostBinned } from '../boosting/booster.js';
import { resolveGBDT } from '../boosting/gbdt-params.js';
import type { TreeArrays } from '../model/model.js';
import type { Objective } from '../params.js';
import type { Config } from './space.js';
import type { LearnerName } from './learners/learner.js';
import { learnerByName } from './learners/registry.js';

/** What a pool message carries: never data, only what to train. */
export interface FoldTask {
  trial: number;
  learner: LearnerName;
  config: Config;
  fold: number;
  seed: number;
}

/** A fold's model in the parts the main thread needs to rebuild it. */
export interface FoldModel {
  learner: 'gbdt';
  objective: Objective;
  nGroups: number;
  baseMargin: number;
  baseScore: number;
  trees: TreeArrays;
  params: Record<string, string | number | boolean>;
  bestIteration: number;
  rounds: number;
}

export interface FoldOutcome {
  trial: number;
  fold: number;
  /** Outputs for the fold's validation rows (predictor convention), in row order. */
  output: Float64Array;
  model: FoldModel;
  seconds: number;
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

/** Trains one fold in `engine` (its arena is reset afterwards by the caller). */
export function runFold(engine: Engine, data: TrainingData, foldOf: Int8Array, task: FoldTask): FoldOutcome {
  const t0 = performance.now();
  const { train, valid } = foldRows(foldOf, task.fold);
  const shape = { task: data.schema.target.task, nRows: data.nRows, nFeatures: data.nFeatures, nClasses: data.nClasses };
  const learner = learnerByName(task.learner);
  const params = learner.params(task.config, shape, task.seed);
  const { settings, canonical } = resolveGBDT(params, shape.task);
  const r = boostBinned(engine, data, settings, { trainRows: train, validRows: valid });
  return {
    trial: task.trial,
    fold: task.fold,
    output: r.validOutput!,
    model: {
      learner: 'gbdt', objective: settings.objective, nGroups: r.nGroups, baseMargin: r.baseMargin,
      baseScore: r.baseScore, trees: r.trees, params: { ...canonical, base_score: r.baseScore },
      bestIteration: r.bestIteration, rounds: r.rounds,
    },
    seconds: (performance.now() - t0) / 1000,
  };
}
