/**
 * AutoML in the library: `fit(data, { target, time, ... })` runs the same search as `thicket fit`
 * (worker pool, trials, ensemble) and resolves to the model, the leaderboard and the best config;
 * AutoMLEstimator predicts JS data with a fitted or loaded AutoML model.
 */
import { readFileSync } from 'node:fs';
import { applySchema } from '../data/apply-schema.js';
import type { Dataset, Frame, Task } from '../data/frame.js';
import { readFrame } from '../data/read-frame.js';
import { modelError, ThicketError } from '../errors.js';
import { DEFAULT_SEARCHER, runAutoML } from '../automl/automl.js';
import { automlFromJson, automlJsonChunks } from '../automl/automl-file.js';
import { predictAutoML, preprocessFrame, type AutoMLModel, type LeaderboardRow } from '../automl/automl-model.js';
import type { LearnerName } from '../automl/learners/learner.js';
import type { SearcherName } from '../automl/searchers/searcher.js';
import type { Config } from '../automl/space.js';
import type { TrialRecord } from '../automl/trial-runner.js';
import type { Prediction } from '../predict/predictor.js';
import { predictionFromOutput } from './scorer.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { predictedLabels, probabilityRows } from './class-outputs.js';
import { frameFromJs, type TableInput } from '../data/frame-from-js.js';
import type { PredictOptions } from './model-estimator.js';

/** A progress event: after every generation of trials. */
export interface AutoMLProgress {
  trials: number;
  /** Best out-of-fold value of the metric so far (null before a trial finished). */
  best: number | null;
  metric: string;
  /** Seconds since fit() was called. */
  elapsed: number;
  /** The `time` budget in seconds, or null. */
  budget: number | null;
}

/** Options of `fit`: the CLI's `thicket fit` flags, as values. */
export interface AutoMLFitOptions {
  /** The target column of `data` (required). */
  target: string;
  /** Wall-clock budget in seconds, the final ensemble included (`--time`). */
  time?: number;
  /** Cap on the number of trials (`--trials`; default 20 without `time`). */
  trials?: number;
  /** Worker threads (default: all cores). */
  workers?: number;
  seed?: number;
  /** binary: auc, logloss, accuracy, f1; multiclass: logloss, accuracy; regression: rmse, mae, r2. */
  metric?: string;
  task?: Task | 'auto';
  searcher?: SearcherName;
  learners?: LearnerName[];
  /** Columns read as categorical even when they hold numbers. */
  categorical?: string[];
  /** Aborting stops the search; fit still resolves with the best model so far. */
  signal?: AbortSignal;
  /** Progress events (after every generation of trials). */
  onProgress?: (p: AutoMLProgress) => void;
  /** Every finished trial, in the order they finish. */
  onTrial?: (t: TrialRecord) => void;
  /** Log lines (dropped columns, the validation plan, the ensemble's choice). Default: none. */
  log?: (line: string) => void;
}

export interface AutoMLFitResult {
  /** The fitted model, ready to predict. */
  model: AutoMLEstimator;
  /** Best first: the ensemble (when chosen) and the kept trials, with their out-of-fold metric. */
  leaderboard: LeaderboardRow[];
  /** The best single trial: its learner, config and out-of-fold value. */
  best: { trial: number; learner: LearnerName; config: Config; value: number };
  /** The best single trial's config (learner parameters). */
  bestConfig: Config;
  trials: TrialRecord[];
  seconds: number;
}

function isFrame(x: unknown): x is Frame {
  return typeof x === 'object' && x !== null && Array.isArray((x as Frame).columns) && typeof (x as Frame).nRows === 'number';
}

/** Runs the AutoML search on `data` (a data file path, `{columns}` or row objects holding the target column, or a Frame). */
export async function fit(data: string | TableInput | Frame, opts: AutoMLFitOptions): Promise<AutoMLFitResult> {
  if (!opts || typeof opts.target !== 'string') throw new ThicketError('fit: options.target (the target column) is required', 2);
  const frame = typeof data === 'string'
    ? await readFrame(data, { categorical: opts.categorical })
    : isFrame(data) ? data : frameFromJs(data, { source: 'data', categorical: opts.categorical });
  const result = await runAutoML(frame, {
    target: opts.target, categorical: opts.categorical, task: opts.task, metric: opts.metric, timeSeconds: opts.time, trials: opts.trials, workers: opts.workers,
    seed: opts.seed, searcher: opts.searcher ?? DEFAULT_SEARCHER, learners: opts.learners, signal: opts.signal,
    log: opts.log, onTrial: opts.onTrial, progress: opts.onProgress,
  });
  const top = result.model.leaderboard.find((r) => r.learner !== 'ensemble')!;
  return {
    model: new AutoMLEstimator(result.model),
    leaderboard: result.model.leaderboard,
    best: { trial: top.trial, learner: top.learner as LearnerName, config: top.config ?? {}, value: top.value },
    bestConfig: top.config ?? {},
    trials: result.trials,
    seconds: result.seconds,
  };
}

/** An AutoML model (from `fit` or a `thicket fit` file) predicting JS data; preprocessing is replayed on every input. */
export class AutoMLEstimator {
  constructor(readonly model: AutoMLModel) {}

  get task(): Task {
    return this.model.schema.target.task;
  }

  /** Class labels in predictProba's column order (classification). */
  get classes(): string[] | undefined {
    return this.model.schema.target.classes && [...this.model.schema.target.classes];
  }

  get leaderboard(): LeaderboardRow[] {
    return this.model.leaderboard;
  }

  /** X as a dataset with the model's schema (after the model's preprocessing). */
  private dataFor(X: TableInput | Frame, opts: PredictOptions): Dataset {
    const frame = isFrame(X) ? X : frameFromJs(X, { source: 'X' });
    return applySchema(preprocessFrame(this.model, frame), this.model.schema, { requireTarget: false, onWarning: opts.onWarning ?? (() => {}) });
  }

  /** Outputs in the predictor's convention (typed arrays, for large batches). */
  predictRaw(X: TableInput | Frame, opts: PredictOptions = {}): Prediction {
    const data = this.dataFor(X, opts);
    return predictionFromOutput(this.model.schema, predictAutoML(this.model, data), data.nRows);
  }

  /** Classification: the most probable label of each row; regression: the predicted values. */
  predict(X: TableInput | Frame, opts: PredictOptions = {}): string[] | Float64Array {
    const p = this.predictRaw(X, opts);
    return this.task === 'regression' ? p.output : predictedLabels(this.model, p);
  }

  /** Class probabilities, one array per row (classification only). */
  predictProba(X: TableInput | Frame, opts: PredictOptions = {}): number[][] {
    if (this.task === 'regression') throw new ThicketError('predictProba: a regression model has no class probabilities; use predict', 2);
    return probabilityRows(this.model, this.predictRaw(X, opts));
  }

  /** Writes the model file `thicket fit` writes (the CLI's predict, evaluate, info and report read it). */
  save(path: string): void {
    writeFileAtomic(path, automlJsonChunks(this.model), 'the model file');
  }

  /** Reads a `thicket fit` model file. */
  static load(path: string): AutoMLEstimator {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw modelError(path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot be read (${(e as Error).message})`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw modelError(path, 'not valid JSON (truncated or corrupted?)');
    }
    return new AutoMLEstimator(automlFromJson(doc, path));
  }
}
