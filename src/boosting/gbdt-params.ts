/** Resolves validated user parameters into the full GBDT settings (schema defaults applied). */
import type { Task } from '../data/frame.js';
import { usageError } from '../errors.js';
import { type ParamMap, type Objective, defaultOf, validateParams } from '../params.js';
import { defaultObjective, checkObjective } from '../objective/objective.js';

export interface GBDTSettings {
  objective: Objective;
  eta: number;
  numBoostRound: number;
  maxDepth: number;
  maxLeaves: number;
  lossguide: boolean;
  minChildWeight: number;
  lambda: number;
  alpha: number;
  gamma: number;
  maxDeltaStep: number;
  subsample: number;
  colsampleBytree: number;
  colsampleBynode: number;
  maxBin: number;
  maxCatToOnehot: number;
  maxCatThreshold: number;
  earlyStoppingRounds: number;
  /** undefined: estimated from the data. */
  baseScore?: number;
  scalePosWeight: number;
  huberSlope: number;
  evalMetric?: string;
  seed: number;
  nthread: number;
}

/** Validates `given` (XGBoost names) and fills defaults; the objective must fit the task. */
export function resolveGBDT(given: ParamMap, task: Task): { settings: GBDTSettings; canonical: ParamMap } {
  const v = validateParams('gbdt', given);
  const num = (name: string): number => Number(v[name] ?? defaultOf(name));
  const objective = (v.objective as Objective | undefined) ?? defaultObjective(task);
  checkObjective(objective, task);
  const settings: GBDTSettings = {
    objective,
    eta: num('eta'),
    numBoostRound: num('num_boost_round'),
    maxDepth: num('max_depth'),
    maxLeaves: num('max_leaves'),
    lossguide: (v.grow_policy ?? defaultOf('grow_policy')) === 'lossguide',
    minChildWeight: num('min_child_weight'),
    lambda: num('lambda'),
    alpha: num('alpha'),
    gamma: num('gamma'),
    maxDeltaStep: v.max_delta_step !== undefined ? Number(v.max_delta_step) : objective === 'count:poisson' ? 0.7 : 0,
    subsample: num('subsample'),
    colsampleBytree: num('colsample_bytree'),
    colsampleBynode: num('colsample_bynode'),
    maxBin: num('max_bin'),
    maxCatToOnehot: num('max_cat_to_onehot'),
    maxCatThreshold: num('max_cat_threshold'),
    earlyStoppingRounds: num('early_stopping_rounds'),
    baseScore: v.base_score !== undefined ? Number(v.base_score) : undefined,
    scalePosWeight: num('scale_pos_weight'),
    huberSlope: num('huber_slope'),
    evalMetric: v.eval_metric as string | undefined,
    seed: num('seed'),
    nthread: num('nthread'),
  };
  if (settings.maxDepth === 0 && !settings.lossguide) {
    throw validateError('max_depth=0 (unlimited) needs grow_policy=lossguide');
  }
  if (settings.maxDepth === 0 && settings.maxLeaves === 0) {
    throw validateError('max_depth=0 needs max_leaves > 0 to bound the tree');
  }
  const canonical: ParamMap = { ...v, objective };
  return { settings, canonical };
}

function validateError(msg: string) {
  return usageError(`parameters: ${msg}`);
}
