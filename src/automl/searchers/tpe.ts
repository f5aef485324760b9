/**
 * Tree-structured Parzen Estimator search: after a few random trials, split the observed trials into good (the
 * top `gamma` share by score) and bad, model each as a product of one-dimensional Parzen densities in unit
 * space, and suggest the candidate drawn from the good density with the largest log l(x) - log g(x).
 */
import { Rng } from '../../util/rng.js';
import {
  type Config, type Domain, type Space, clampConfig, configKey, dimensionNames, fromUnit, toUnit,
} from '../space.js';
import { type Searcher, type SearcherOptions, type TrialResult, effectiveScore } from './searcher.js';
import { CategoricalParzen, NumericParzen } from './parzen.js';
import { SuggestionLog } from './suggestion-log.js';

export interface TpeOptions {
  /** Finished trials (initial configs included) before the densities are used; random samples until then. */
  nStartup: number;
  /** Share of finished trials that count as good. */
  gamma: number;
  /** Upper bound on the number of good trials. */
  maxGood: number;
  /** Candidates drawn from the good density per suggestion. */
  nCandidates: number;
  /** Weight of the uniform prior in every density (in units of one observation). */
  priorWeight: number;
}

export const DEFAULT_TPE_OPTIONS: TpeOptions = { nStartup: 10, gamma: 0.2, maxGood: 25, nCandidates: 24, priorWeight: 1 };

/** A finished trial: its unit vector, its score as compared (failed = -Infinity) and its arrival number. */
interface Observation { u: number[]; score: number; order: number }

/** One dimension's good and bad densities and how to draw from / score with them. */
interface DimensionModel {
  sample(rng: Rng): number;
  /** log l(x) - log g(x) at unit coordinate x. */
  logRatio(x: number): number;
}

export class TpeSearcher implements Searcher {
  readonly name = 'tpe';
  private readonly rng: Rng;
  private readonly log: SuggestionLog;
  private readonly opts: TpeOptions;
  private readonly domains: Domain[];
  private readonly observations: Observation[] = [];
  /** Suggested but unfinished trials: config key -> unit vector. Modelled as bad (the constant liar). */
  private readonly pending = new Map<string, number[]>();

  constructor(private readonly space: Space, opts: SearcherOptions, tpe: Partial<TpeOptions> = {}) {
    this.rng = new Rng(opts.seed);
    this.log = new SuggestionLog(space, opts.initial);
    this.opts = { ...DEFAULT_TPE_OPTIONS, ...tpe };
    this.domains = dimensionNames(space).map((k) => space[k]);
  }

  suggest(): Config | null {
    const c = this.log.nextInitial() ?? this.propose();
    if (c) this.pending.set(configKey(c), toUnit(c, this.space));
    return c;
  }

  /**
   * Any finished trial of a config in the space is evidence, including ones this searcher did not suggest.
   * Failed trials count as the worst scores (they land in the bad density, steering away from them).
   */
  onTrialComplete(config: Config, result: TrialResult): void {
    const c = clampConfig(config, this.space);
    this.pending.delete(configKey(c));
    this.observations.push({ u: toUnit(c, this.space), score: effectiveScore(result), order: this.observations.length });
  }

  private propose(): Config | null {
    const finite = this.observations.filter((o) => o.score > -Infinity);
    if (this.observations.length < this.opts.nStartup || finite.length === 0) return this.log.drawUnique(this.rng);

    // Good: the best ceil(gamma * n) finished trials (ties to the earlier); bad: the rest, failures, and pending
    // trials as if they had failed, so parallel suggestions spread out instead of piling onto one mode.
    const ranked = [...finite].sort((a, b) => b.score - a.score || a.order - b.order);
    const nGood = Math.min(ranked.length, this.opts.maxGood, Math.max(1, Math.ceil(this.opts.gamma * this.observations.length)));
    const good = ranked.slice(0, nGood).map((o) => o.u);
    const bad = [
      ...ranked.slice(nGood).map((o) => o.u),
      ...this.observations.filter((o) => o.score === -Infinity).map((o) => o.u),
      ...this.pending.values(),
    ];
    const models = this.domains.map((d, i) => this.model(d, good.map((u) => u[i]), bad.map((u) => u[i])));

    let best: Config | null = null;
    let bestValue = -Infinity;
    for (let j = 0; j < this.opts.nCandidates; j++) {
      const u = models.map((m) => m.sample(this.rng));
      const value = models.reduce((acc, m, i) => acc + m.logRatio(u[i]), 0);
      const c = fromUnit(u, this.space);
      if (value > bestValue && !this.log.has(c)) { best = c; bestValue = value; }
    }
    if (best !== null && this.log.add(best)) return best;
    return this.log.drawUnique(this.rng); // every candidate was already tried: fall back to a random config
  }

  private model(d: Domain, good: number[], bad: number[]): DimensionModel {
    const w = this.opts.priorWeight;
    if (d.type === 'choice') {
      const k = d.values.length;
      const bucket = (x: number) => Math.min(k - 1, Math.floor(x * k));
      const l = new CategoricalParzen(good.map(bucket), k, w);
      const g = new CategoricalParzen(bad.map(bucket), k, w);
      return {
        sample: (rng) => (l.sample(rng) + 0.5) / k,
        logRatio: (x) => l.logPdf(bucket(x)) - g.logPdf(bucket(x)),
      };
    }
    const l = new NumericParzen(good, w);
    const g = new NumericParzen(bad, w);
    return { sample: (rng) => l.sample(rng), logRatio: (x) => l.logPdf(x) - g.logPdf(x) };
  }
}
