/**
 * Chooses what the next generation of trials runs: first each learner's portfolio of
 * known-good configs (interleaved, so every learner is seen early), then searcher
 * suggestions with slots going mostly to the learner that leads. Generations have a fixed
 * size and results are reported in trial order, so the sequence of trials depends on the
 * seed alone, never on how many workers ran them.
 */
import type { Config } from './space.js';
import { createSearcher } from './searchers/registry.js';
import type { Searcher, SearcherName } from './searchers/searcher.js';
import type { DataShape, LearnerName, LearnerSpec } from './learners/learner.js';
import { Rng } from '../util/rng.js';

export interface Planned {
  learner: LearnerName;
  config: Config;
}

interface LearnerState {
  spec: LearnerSpec;
  searcher: Searcher;
  best: number;
  trials: number;
  seconds: number;
  exhausted: boolean;
}

/** Where the loop gets its trials from: the adaptive scheduler, or a replayed trial log. */
export interface TrialSource {
  next(size: number): Planned[];
  report(learner: LearnerName, config: Config, score: number, seconds: number, failed: boolean): void;
}

export class Scheduler implements TrialSource {
  private readonly states: LearnerState[];
  private readonly rng: Rng;
  /** Trials handed out so far: slots alternate between the leader and the others across calls (one trial at a time under --time). */
  private issued = 0;

  constructor(learners: LearnerSpec[], shape: DataShape, searcher: SearcherName, seed: number) {
    this.rng = new Rng(seed ^ 0x5c4ed);
    this.states = learners.map((spec, i) => ({
      spec,
      searcher: createSearcher(searcher, spec.space(shape), {
        // The cheap config first: under a tight budget something must finish early.
        seed: seed * 31 + i, initial: [spec.lowCost(shape), ...spec.portfolio(shape)], lowCost: spec.lowCost(shape),
      }),
      best: -Infinity, trials: 0, seconds: 0, exhausted: false,
    }));
  }

  /** The next `size` trials (fewer when every searcher is exhausted). */
  next(size: number): Planned[] {
    const out: Planned[] = [];
    let guard = 0;
    while (out.length < size && guard++ < size * 10) {
      const st = this.pick(this.issued);
      if (!st) break;
      const config = st.searcher.suggest();
      if (!config) { st.exhausted = true; continue; }
      st.trials++;
      this.issued++;
      out.push({ learner: st.spec.name, config });
    }
    return out;
  }

  /** A finished trial, reported in trial order. score: higher is better (NaN when it failed). */
  report(learner: LearnerName, config: Config, score: number, seconds: number, failed: boolean): void {
    const st = this.states.find((s) => s.spec.name === learner)!;
    st.searcher.onTrialComplete(config, { score: failed ? NaN : score, cost: seconds, failed });
    st.seconds += seconds;
    if (!failed && score > st.best) st.best = score;
  }

  private pick(slot: number): LearnerState | null {
    const live = this.states.filter((s) => !s.exhausted);
    if (live.length === 0) return null;
    // The very first trial is boosting's cheap config: the most reliable fast model on any
    // data (the linear learner is cheap on few classes only), so a tight budget still ends well.
    const opener = live.find((s) => s.spec.name === 'gbdt' && s.trials === 0);
    if (opener && this.states.every((s) => s.trials === 0)) return opener;
    // Until every learner has two trials, go round the learners (cheapest first).
    const young = live.filter((s) => s.trials < 2).sort((a, b) => a.trials - b.trials || a.spec.cost - b.spec.cost);
    if (young.length > 0) return young[0];
    // Then half the slots to the leader, the rest to a random other learner (seeded).
    const leader = live.reduce((a, b) => (b.best > a.best ? b : a));
    if (live.length === 1 || slot % 2 === 0) return leader;
    const others = live.filter((s) => s !== leader);
    return others[this.rng.int(others.length)];
  }
}
