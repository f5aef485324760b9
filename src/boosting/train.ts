/** Entry point of gradient boosting: parameters and datasets in, a GBDT model out. */
import type { Dataset, Schema } from '../data/frame.js';
import type { ParamMap } from '../params.js';
import { MODEL_FORMAT, MODEL_VERSION, type GBDTModel } from '../model/model.js';
import { createEngine, type Engine } from '../wasm/load.js';
import { resolveGBDT, type GBDTSettings } from './gbdt-params.js';
import { prepareTraining, type TrainingData } from './training-data.js';
import { boostBinned, type BoostResult } from './booster.js';
import { checkObjectiveLabels, checkRegressionTarget } from '../util/target-checks.js';
import { availableParallelism } from 'node:os';
import { Team } from '../pool/team.js';
import { teamScratchBytes } from '../tree/team-grower.js';

/**
 * Below this many rows a model trains on the calling thread alone: starting a worker costs more
 * than its share of the rounds saves (both measured in BENCHMARKS.md section 11).
 */
export const TEAM_MIN_ROWS = 20_000;

/** Threads for one GBDT: nthread (0 = all cores), 1 for data under minRows rows. */
export function gbdtThreads(nthread: number, nRows: number, minRows = TEAM_MIN_ROWS): number {
  const t = nthread > 0 ? nthread : availableParallelism();
  return nRows >= minRows ? t : 1;
}

export interface TrainOptions {
  /** Validation set for early stopping and reported metrics. */
  valid?: Dataset;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Cut points per numeric feature name, replacing the computed ones (parity tests). */
  cuts?: ReadonlyMap<string, Float32Array>;
  /** Use more than one thread only from this many rows (default TEAM_MIN_ROWS; tests set 0). */
  teamMinRows?: number;
}

/** Trains a GBDT model. `params` are user parameters (validated here; XGBoost names). */
export function trainGBDT(params: ParamMap, train: Dataset, opts: TrainOptions = {}): GBDTModel {
  if (typeof params.objective === 'string' && train.target) checkObjectiveLabels(params.objective, train.target, `target ${train.schema.target.name}`);
  // Targets beyond what float32 training can sum fail here too (the library; the CLI warns earlier).
  if (train.schema.target.task === 'regression' && train.target) checkRegressionTarget(train.target, `target ${train.schema.target.name}`);
  return trainGBDTFrom(params, train.schema, train.nRows, (engine, maxBin, seed) => prepareTraining(engine, train, maxBin, seed, opts.cuts), opts);
}

/**
 * Trains on the nRows rows binned by `prepare` (the in-memory Dataset, or a file binned while
 * streaming on `threads` threads). The team's workers are started first and boot while the data
 * is binned.
 */
export function trainGBDTFrom(params: ParamMap, schema: Schema, nRows: number,
  prepare: (engine: Engine, maxBin: number, seed: number, threads: number) => TrainingData, opts: TrainOptions = {}): GBDTModel {
  const { settings, canonical } = resolveGBDT(params, schema.target.task);
  const engine = createEngine();
  const profiling = process.env.THICKET_PROFILE === '1';
  const t0 = performance.now(), c0 = process.cpuUsage();
  const threads = gbdtThreads(settings.nthread, nRows, opts.teamMinRows);
  const team = new Team(engine, threads, teamScratchBytes(schema.features.length));
  team.profiling = profiling;
  let r;
  try {
    const data = prepare(engine, settings.maxBin, settings.seed, settings.nthread > 0 ? settings.nthread : availableParallelism());
    team.ready();
    const c1 = process.cpuUsage(c0);
    team.note('binning and team start', performance.now() - t0, (c1.user + c1.system) / 1000);
    const t1 = performance.now(), c2 = process.cpuUsage();
    r = boostBinned(engine, data, settings, { valid: opts.valid, log: opts.log, team });
    const c3 = process.cpuUsage(c2);
    team.note('boosting (all)', performance.now() - t1, (c3.user + c3.system) / 1000);
  } finally {
    team.close();
  }
  if (profiling) printProfile(team, threads);
  return gbdtModel(schema, settings, canonical, r);
}

/** The model file's contents for a boosting result. */
export function gbdtModel(schema: Schema, settings: GBDTSettings, canonical: ParamMap, r: BoostResult): GBDTModel {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    learner: 'gbdt',
    schema,
    objective: settings.objective,
    nGroups: r.nGroups,
    baseMargin: r.baseMargin,
    params: { ...canonical, base_score: r.baseScore },
    trees: r.trees,
    training: { evalMetric: r.evalMetric, history: r.history, bestIteration: r.bestIteration, rounds: r.rounds },
  };
}

/** THICKET_PROFILE=1: where the fit time went, per phase (stderr). */
function printProfile(team: Team, threads: number): void {
  const rows = [...team.profile.entries()];
  const phases = rows.filter(([k]) => k !== 'boosting (all)' && k !== 'binning and team start');
  const all = team.profile.get('boosting (all)');
  const inPhases = phases.reduce((a, [, v]) => a + v.wallMs, 0);
  const total = phases.reduce((a, [, v]) => a + v.items, 0);
  const lines = [`profile (${threads} thread${threads > 1 ? 's' : ''}; workers ran ${team.workerItems} of ${total} items): phase, wall s, process cpu s, phases run, items`];
  for (const [k, v] of rows) lines.push(`  ${k}: ${(v.wallMs / 1000).toFixed(3)} ${(v.cpuMs / 1000).toFixed(3)} ${v.runs} ${v.items}`);
  if (all) lines.push(`  host between phases (tree bookkeeping, model arrays, validation): ${((all.wallMs - inPhases) / 1000).toFixed(3)}`);
  process.stderr.write(lines.join('\n') + '\n');
}
