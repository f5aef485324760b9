// What crosses the queue: fold outcomes survive encoding bit for bit (every learner), and tampered
// results or jobs are refused with a message naming the field, as model files are.
import { describe, it, expect } from 'vitest';
import { makePlan } from '../../src/automl/folds.js';
import { runFold, type FoldTask } from '../../src/automl/trial.js';
import { placeTrialData } from '../../src/automl/trial-data.js';
import { trainingInWorker } from '../../src/automl/shared-training.js';
import { learnerByName } from '../../src/automl/learners/registry.js';
import type { LearnerName } from '../../src/automl/learners/learner.js';
import { checkJobData, decodeOutcome, encodeOutcome } from '../../src/distributed/job-format.js';
import { createEngine, newMemory } from '../../src/wasm/load.js';
import { planted } from '../forest/helpers.js';
import type { HandlerContext } from '../../src/pool/handler.js';
import { regionView } from '../../src/pool/shared-data.js';

describe('queue job and result format', () => {
  const d = planted({ rows: 600, task: 'binary', missing: 0.02, noise: 0.3, seed: 3 });
  const plan = makePlan('binary', d.target!, 1);
  const engine = createEngine(newMemory());
  const placed = placeTrialData(engine, d, plan, ['gbdt', 'rf', 'extratrees', 'linear'], { seed: 1 });
  const layout = placed.shared.fix(1, placed.scratchBytes);
  const regions = Object.fromEntries(layout.regions.map((r) => [r.name, r]));
  const ctx = { regions, region: (n: string) => regions[n], view: (n: string, c: never) => regionView(engine.arena.memory, regions[n], c) } as unknown as HandlerContext;
  const { data, foldOf, ...extras } = trainingInWorker(ctx);
  const shape = { task: 'binary' as const, nRows: d.nRows, nFeatures: d.schema.features.length, nClasses: 2 };

  it.each(['gbdt', 'rf', 'extratrees', 'linear'] as LearnerName[])('a %s fold outcome decodes to the same outputs and model', (learner) => {
    const task: FoldTask = { trial: 3, learner, config: learnerByName(learner).lowCost(shape), fold: 1, seed: 9, rung: 0, sampleRows: 0, deadline: null, nthread: 1 };
    const o = runFold(engine, data, foldOf, task, extras);
    const text = JSON.stringify(encodeOutcome(o));
    const back = decodeOutcome(JSON.parse(text), { task, validRows: plan.folds[1].valid.length, schema: d.schema }, 'result');
    expect(Array.from(back.output)).toEqual(Array.from(o.output));
    expect(JSON.parse(JSON.stringify(encodeOutcome(back)))).toEqual(JSON.parse(text));
    const tampered = JSON.parse(text);
    if (learner === 'linear') tampered.model.coef = 'x';
    else tampered.model.nGroups = -1;
    expect(() => decodeOutcome(tampered, { task, validRows: plan.folds[1].valid.length, schema: d.schema }, 'result')).toThrow(/result: model/);
    expect(() => decodeOutcome(JSON.parse(text), { task: { ...task, fold: 2 }, validRows: plan.folds[1].valid.length, schema: d.schema }, 'result')).toThrow(/answers trial 3 fold 1, not trial 3 fold 2/);
    expect(() => decodeOutcome({ ...JSON.parse(text), output: 'AAAA' }, { task, validRows: plan.folds[1].valid.length, schema: d.schema }, 'result')).toThrow(/whole float64/);
  });

  it('jobs: only plain fields of the known shapes', () => {
    const h = (c: string) => c.repeat(64);
    const job = { format: 'thicket-job', version: 1, dataset: { sha256: h('a'), location: 'https://example.org/d.csv', ref: h('b') }, task: { trial: 0, learner: 'gbdt', config: { eta: 0.3 }, fold: 0, seed: 0, deadline: 5 }, deadlineAt: null };
    expect(checkJobData(job, 'job').task.learner).toBe('gbdt');
    expect(() => checkJobData({ ...job, task: { ...job.task, learner: 'eval' } }, 'job')).toThrow(/task.learner "eval" is not one of/);
    expect(() => checkJobData({ ...job, task: { ...job.task, extra: { a: 1 } } }, 'job')).toThrow(/task.extra must be a number/);
    expect(() => checkJobData({ ...job, dataset: { ...job.dataset, sha256: 'zz' } }, 'job')).toThrow(/hex sha256/);
    expect(() => checkJobData({ ...job, task: { ...job.task, fold: -1 } }, 'job')).toThrow(/task.fold/);
  });
});
