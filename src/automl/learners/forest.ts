/** Random forest and extra trees as AutoML learners (scikit-learn parameter names). */
import type { ParamMap } from '../../params.js';
import type { Config, Space } from '../space.js';
import type { DataShape, LearnerName, LearnerSpec } from './learner.js';

function forestLearner(name: Extract<LearnerName, 'rf' | 'extratrees'>, cost: number): LearnerSpec {
  return {
    name,
    cost,
    space(shape: DataShape): Space {
      // Leaves per tree stay under ~4,000 whatever the row count, so k fold forests fit in a model file.
      const leafLow = Math.max(2, Math.ceil(shape.nRows / 4000));
      return {
        // Fewer, slightly coarser trees than scikit-learn's defaults: every trial keeps one
        // forest per fold, and full-depth forests on ~50k rows reach hundreds of MB of model file.
        n_estimators: { type: 'int', low: 30, high: 150, log: true },
        max_features: { type: 'float', low: 0.1, high: 1 },
        min_samples_leaf: { type: 'int', low: leafLow, high: Math.max(64, 4 * leafLow), log: true },
        bootstrap_fraction: { type: 'float', low: 0.5, high: 1 },
      };
    },
    lowCost(shape: DataShape): Config {
      return { n_estimators: 30, max_features: 0.3, min_samples_leaf: Math.max(16, Math.ceil(shape.nRows / 4000)), bootstrap_fraction: 0.5 };
    },
    portfolio(shape: DataShape): Config[] {
      // Close to scikit-learn's defaults first (sqrt features for classification, all for regression).
      const mf = shape.task === 'regression' ? 1 : Math.max(0.1, Math.min(1, Math.sqrt(shape.nFeatures) / shape.nFeatures));
      return [
        { n_estimators: 100, max_features: mf, min_samples_leaf: Math.max(2, Math.ceil(shape.nRows / 4000)), bootstrap_fraction: 1 },
        { n_estimators: 150, max_features: 0.5, min_samples_leaf: Math.max(4, Math.ceil(shape.nRows / 2000)), bootstrap_fraction: 0.8 },
      ];
    },
    params(config: Config, shape: DataShape, seed: number): ParamMap {
      const large = shape.nRows > 200_000;
      return {
        n_estimators: config.n_estimators,
        max_features: config.max_features,
        // A config found on a small sample keeps trees of a bounded size when promoted to more rows.
        min_samples_leaf: Math.max(Number(config.min_samples_leaf), Math.ceil(shape.nRows / 4000)),
        // Bagging for rf; extra trees sample without replacement only when asked to.
        bootstrap: name === 'rf',
        max_samples: name === 'rf' || Number(config.bootstrap_fraction) < 1 ? config.bootstrap_fraction : 1,
        // Unbounded trees on very large data cost minutes each: cap the depth there.
        max_depth: large ? 20 : 0,
        seed, nthread: 1,
      };
    },
  };
}

export const rfLearner = forestLearner('rf', 3);
export const extraTreesLearner = forestLearner('extratrees', 2);
