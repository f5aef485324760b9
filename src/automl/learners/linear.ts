/** The linear learner (logistic / ridge on standardised, one-hot features): cheap, and different from trees. */
import type { ParamMap } from '../../params.js';
import type { Config, Space } from '../space.js';
import type { LearnerSpec } from './learner.js';

export const linearLearner: LearnerSpec = {
  name: 'linear',
  cost: 0.3,
  space(): Space {
    return { l2: { type: 'float', low: 1e-4, high: 100, log: true } };
  },
  lowCost(): Config {
    return { l2: 1 };
  },
  portfolio(): Config[] {
    return [{ l2: 1 }, { l2: 0.01 }];
  },
  params(config: Config): ParamMap {
    return { l2: config.l2 };
  },
};
