/** The learners AutoML can search, by name. */
import { closestName, usageError } from '../../errors.js';
import type { LearnerName, LearnerSpec } from './learner.js';
import { gbdtLearner } from './gbdt.js';
import { rfLearner, extraTreesLearner } from './forest.js';
import { linearLearner } from './linear.js';

const LEARNERS: Record<LearnerName, LearnerSpec> = { gbdt: gbdtLearner, rf: rfLearner, extratrees: extraTreesLearner, linear: linearLearner };

export function learnerByName(name: LearnerName): LearnerSpec {
  if (!Object.prototype.hasOwnProperty.call(LEARNERS, name)) {
    const guess = closestName(name, Object.keys(LEARNERS));
    throw usageError(`learner ${JSON.stringify(name)} is not available for AutoML${guess ? ` (did you mean '${guess}'?)` : ''}; the learners are ${Object.keys(LEARNERS).join(', ')}`);
  }
  return LEARNERS[name];
}

export function availableLearners(): LearnerName[] {
  return Object.keys(LEARNERS) as LearnerName[];
}
