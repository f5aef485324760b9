/** What an AutoML learner declares: its search space, a cheap start, known-good configs and relative cost. */
import type { Task } from '../../data/frame.js';
import type { ParamMap } from '../../params.js';
import type { Config, Space } from '../space.js';

export type { LearnerName } from '../../inference/automl-model.js';
import type { LearnerName } from '../../inference/automl-model.js';

/** What a learner may look at when shaping its space. */
export interface DataShape {
  task: Task;
  nRows: number;
  nFeatures: number;
  nClasses: number;
}

export interface LearnerSpec {
  name: LearnerName;
  /** Relative cost of one trial at the low-cost config (gbdt = 1); biases scheduling early on. */
  cost: number;
  space(shape: DataShape): Space;
  /** The cheap end of the space, where the cost-frugal search starts. */
  lowCost(shape: DataShape): Config;
  /** Known-good configs tried first, best guess first. */
  portfolio(shape: DataShape): Config[];
  /**
   * A known-good config for large data, trained first on the largest sample in the final stage
   * of a timed search (timed-search.ts), before the best configs the search found on samples.
   */
  warmStart?(shape: DataShape): Config;
  /** Learner parameters (the one parameter schema's names) for a config. */
  params(config: Config, shape: DataShape, seed: number): ParamMap;
}
