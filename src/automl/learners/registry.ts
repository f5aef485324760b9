/** The learners AutoML can search, by name. */
import { usageError } from '../../errors.js';
import type { LearnerName, LearnerSpec } from './learner.js';
import { gbdtLearner } from './gbdt.js';
import { rfLearner, extraTreesLearner } from './forest.js';
import { linearLearner } from './linear.js';

const LEARNERS: Record<LearnerName, LearnerSpec> = { gbdt: gbdtLearner, rf: rfLearner, extratrees: extraTreesLearner, linear: linearLearner };

export function learnerByName(name: LearnerName): LearnerSpec {
  const l = LEARNERS[name];
  if (!l) throw usageError(`learner ${name} is not available for AutoML`);
  return l;
}

export function availableLearners(): LearnerName[] {
  return Object.keys(LEARNERS) as LearnerName[];
}
