/**
 * Successive halving over rows: new configs run on the smallest sample of the ladder; the best
 * third of each rung's finished trials (at least the best one once a rung has PROMOTE_PEERS
 * trials) are promoted to the next, 4x larger sample, highest rungs first, while the time left
 * can pay for them. Boosting rounds are the other resource: every fold stops early at its best
 * round, and at the deadline. The final stage of a timed search (automl.ts) promotes the best
 * trials of the highest rung reached straight to the largest sample (`final`).
 */
import type { Planned, TrialSource } from './scheduler.js';
import { searchScore } from './scoring.js';
import { SAMPLE_FACTOR } from './samples.js';

/** Promotion keeps this share of a rung (1 / ETA). */
export const PROMOTE_ETA = 3;
/** Trials the smallest sample needs before its best is promoted (higher rungs: 1). */
export const PROMOTE_PEERS = 3;

export interface ScheduledTrial extends Planned {
  rung: number;
  /** The trial's id when it is fixed (a replay keeps the logged ids, hence the seeds). */
  id?: number;
}

interface Done {
  planned: Planned;
  /** Higher is better (searchScore); NaN when the trial failed. */
  score: number;
  /** Wall seconds the trial took. */
  seconds: number;
  promoted: boolean;
}

export class SampleSchedule {
  private readonly done: Done[][];

  /** Warm-start configs not yet run (final stage: the largest sample first). */
  private readonly warm: Planned[];

  constructor(private readonly source: TrialSource, readonly nRungs: number, private readonly metric: string, warmStart: Planned[] = []) {
    this.done = Array.from({ length: nRungs }, () => []);
    this.warm = [...warmStart];
  }

  /**
   * The next `size` trials: promotions first (highest rung first), then new configs on rung 0.
   * remainingMs: search time left; a promotion whose estimated time (4x its last run) is over
   * 1.5x of it is not made. maxRung: the highest rung promotions may reach.
   */
  next(size: number, remainingMs = Infinity, maxRung = this.nRungs - 1): ScheduledTrial[] {
    const out: ScheduledTrial[] = [];
    for (let k = Math.min(this.nRungs, maxRung + 1) - 2; k >= 0 && out.length < size; k--) {
      const ok = this.done[k].filter((d) => Number.isFinite(d.score)).sort((a, b) => b.score - a.score);
      if (ok.length < (k === 0 ? PROMOTE_PEERS : 1)) continue;
      const quota = Math.max(1, Math.floor(ok.length / PROMOTE_ETA));
      for (let i = 0; i < quota && out.length < size; i++) {
        const d = ok[i];
        if (d.promoted) continue;
        if (d.seconds * SAMPLE_FACTOR * 1000 > 1.5 * remainingMs) continue;
        d.promoted = true;
        out.push({ ...d.planned, rung: k + 1 });
      }
    }
    if (out.length < size) for (const p of this.source.next(size - out.length)) out.push({ ...p, rung: 0 });
    return out;
  }

  /**
   * A finished trial (in trial order). A pruned trial's value (its first fold's) informs the
   * searcher but is not promoted; a failed one informs it as a failure.
   */
  report(t: ScheduledTrial, r: { status: string; value: number; seconds: number; cost: number }): void {
    const usable = r.status === 'ok' || r.status === 'pruned';
    const score = usable ? searchScore(this.metric, r.value) : NaN;
    // The searcher learns from the smallest sample only, where every config it proposed runs.
    if (t.rung === 0) this.source.report(t.learner, t.config, score, r.cost, !usable);
    this.done[t.rung].push({ planned: { learner: t.learner, config: t.config }, score: r.status === 'ok' ? score : NaN, seconds: r.seconds, promoted: false });
  }

  /**
   * The final stage: the warm-start configs first, then the best trial not yet promoted from the
   * highest rung below `rung` that has a finished one, each on `rung` (default: the top, the
   * largest sample); null when none is left.
   */
  final(rung = this.nRungs - 1): ScheduledTrial | null {
    const w = this.warm.shift();
    if (w) return { ...w, rung };
    for (let k = rung - 1; k >= 0; k--) {
      const ok = this.done[k].filter((d) => Number.isFinite(d.score) && !d.promoted).sort((a, b) => b.score - a.score);
      if (ok.length === 0) continue;
      ok[0].promoted = true;
      return { ...ok[0].planned, rung };
    }
    return null;
  }

  /** The warm-start config the final stage runs first (null once it has run). */
  nextWarm(): Planned | null {
    return this.warm[0] ?? null;
  }

  /** Finished trials per rung. */
  counts(): number[] {
    return this.done.map((d) => d.length);
  }
}

/** A replayed trial log: its trials in order, each on its logged rung (capped to this ladder). */
export class ReplaySchedule {
  private at = 0;
  constructor(private readonly list: (Planned & { rung?: number; trial?: number })[], private readonly nRungs: number) {}
  next(size: number): ScheduledTrial[] {
    const out = this.list.slice(this.at, this.at + size).map((p) => ({
      learner: p.learner, config: p.config, rung: Math.min(this.nRungs - 1, Math.max(0, p.rung ?? this.nRungs - 1)), id: p.trial,
    }));
    this.at += out.length;
    return out;
  }
  report(): void {}
}
