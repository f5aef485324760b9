/**
 * Under --weight, trials are scored, pruned, ranked and ensembled by the weighted metric (as
 * `evaluate --weight` reports it), not the plain one. Two made-up trials: A is right on the
 * heavy rows, B on the many light ones; unweighted B wins, weighted A must.
 */
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/automl/folds.js';
import { TrialRunner } from '../../src/automl/trial-runner.js';
import { buildEnsemble } from '../../src/automl/final-ensemble.js';
import type { FoldOutcome, FoldTask, FoldModel } from '../../src/automl/trial.js';
import type { FoldTransport } from '../../src/distributed/transport.js';
import { scoreOutput } from '../../src/ensemble/oof-metric.js';
import { evaluateTask } from '../../src/metric/metrics.js';
import { argmaxLabels } from '../../src/ensemble/oof-metric.js';
import type { Task } from '../../src/data/frame.js';

const N = 400;
/** Every 4th row is heavy (weight 10), the others light (0.1). */
const weights = Float64Array.from({ length: N }, (_, i) => (i % 4 === 0 ? 10 : 0.1));
const y = Float64Array.from({ length: N }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);

/** P(class 1) for a row: trial 0 (A) right on heavy rows, trial 1 (B) right on light ones, wrong elsewhere. */
function p1(trial: number, row: number): number {
  const heavy = row % 4 === 0;
  const right = trial === 0 ? heavy : !heavy;
  return right ? (y[row] === 1 ? 0.8 : 0.2) : (y[row] === 1 ? 0.35 : 0.65);
}

function transport(plan: ReturnType<typeof makePlan>): FoldTransport {
  return {
    slots: 2,
    run: async (t: FoldTask): Promise<FoldOutcome> => {
      const valid = plan.folds[t.fold]!.valid;
      const output = new Float64Array(valid.length * 2);
      valid.forEach((r, i) => { const p = p1(t.trial, r); output[2 * i] = 1 - p; output[2 * i + 1] = p; });
      return { trial: t.trial, fold: t.fold, output, model: {} as FoldModel, size: 1, seconds: 0, cut: false, threads: 1 };
    },
    close: async () => {},
  };
}

async function ranked(metric: string, w?: Float64Array) {
  const plan = makePlan('binary', y, 1);
  const runner = new TrialRunner(transport(plan), plan, y, 'binary', metric, 1, 0, plan.folds[0]!.train.length, w);
  const items = [0, 1].map((id) => ({ id, planned: { learner: 'linear' as const, config: { l2: id } } }));
  const records = await runner.runGeneration(items, { deadline: null, graceMs: 0 });
  const ens = buildEnsemble(runner, 'binary', metric, plan);
  return { records, order: runner.keptTrials().map((k) => k.record.trial), leaderboard: ens.leaderboard.filter((r) => r.trial >= 0).map((r) => r.trial) };
}

describe('trial ranking under --weight', () => {
  for (const metric of ['auc', 'logloss', 'accuracy']) {
    it(`${metric}: unweighted B leads, weighted A leads (search order and leaderboard)`, async () => {
      const plain = await ranked(metric);
      expect(plain.order[0]).toBe(1);
      expect(plain.leaderboard[0]).toBe(1);
      const weighted = await ranked(metric, weights);
      expect(weighted.order[0]).toBe(0);
      expect(weighted.leaderboard[0]).toBe(0);
      // The trial's value is the weighted metric of its out-of-fold outputs.
      const out = new Float64Array(N * 2);
      for (let r = 0; r < N; r++) { out[2 * r] = 1 - p1(0, r); out[2 * r + 1] = p1(0, r); }
      const ref = evaluateTask('binary', y, { nGroups: 1, output: out, labels: argmaxLabels(out, 2) }, { weights })[metric]!;
      expect(weighted.records[0]!.value).toBeCloseTo(ref, 12);
    });
  }

  it('scoreOutput with weights equals evaluate --weight for every metric; weights of 1 equal the plain metric', () => {
    const tasks: [Task, string[], number][] = [['binary', ['auc', 'logloss', 'accuracy', 'f1'], 2], ['multiclass', ['logloss', 'accuracy'], 3], ['regression', ['rmse', 'mae', 'r2'], 1]];
    for (const [task, metrics, k] of tasks) {
      const yy = Float64Array.from({ length: 300 }, (_, i) => (task === 'regression' ? Math.sin(i) * 3 : (i * 5) % k));
      const out = new Float64Array(300 * k);
      for (let i = 0; i < 300; i++) {
        if (task === 'regression') { out[i] = yy[i]! + Math.cos(i * 1.7); continue; }
        let s = 0;
        for (let c = 0; c < k; c++) { out[i * k + c] = 1 + ((i * (c + 3)) % 7); s += out[i * k + c]!; }
        for (let c = 0; c < k; c++) out[i * k + c]! /= s;
      }
      const w = Float64Array.from({ length: 300 }, (_, i) => (i % 5) * 0.7);
      const ones = new Float64Array(300).fill(1);
      const labels = task === 'regression' ? undefined : argmaxLabels(out, k);
      const ref = evaluateTask(task, yy, { nGroups: k, output: out, labels }, { weights: w, metric: 'f1' });
      for (const m of metrics) {
        // (f1: the search predicts class 1 from P >= 0.5, evaluate from the arg max, first on ties: only the weights-of-1 check.)
        if (m !== 'f1') expect(scoreOutput(m, task, yy, out, w), `${task} ${m}`).toBeCloseTo(ref[m]!, 12);
        expect(scoreOutput(m, task, yy, out, ones), `${task} ${m} ones`).toBeCloseTo(scoreOutput(m, task, yy, out), 12);
      }
    }
  });
});
