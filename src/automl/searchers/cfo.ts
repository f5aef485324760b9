/**
 * Cost-frugal local search (after FLAML's CFO / FLOW2): start from a cheap config, try x + step*u and then
 * x - step*u along random unit directions u in unit space, move on improvement, halve the step after repeated
 * failures, and restart from a random config once the step is too small.
 *
 * Cost: the search only ever moves to a config that scores strictly better (or equal and cheaper), so it
 * climbs from the cheap start toward expensive configs only when they pay off; and failed neighbours that cost
 * more than the incumbent use up the patience before a step shrink faster (see `costSinceMove`).
 */
import { Rng } from '../../util/rng.js';
import {
  type Config, type Space, cheapEnd, clampConfig, configKey, dimensionNames, fromUnit, toUnit,
} from '../space.js';
import { type Searcher, type SearcherOptions, type TrialResult, effectiveScore } from './searcher.js';
import { normalDraw } from './parzen.js';
import { SuggestionLog } from './suggestion-log.js';

/** Initial step per unit of sqrt(numeric dimensions): each coordinate moves about this much at first. */
const STEP_PER_DIM = 0.1;
/** Halvings of the step before a restart. */
const MAX_HALVINGS = 3;
/** Proposals tried per suggest() before giving up on the neighbourhood (all were duplicates). */
const MAX_ATTEMPTS = 64;

/** A move from the incumbent: a numeric direction (unit vector over numeric dims) and choice changes. */
interface Move {
  dir: number[];
  /** Dimension index -> new value index, for choice dimensions. */
  flips: Map<number, number>;
  /** Whether a failure should be followed by the opposite numeric move. */
  mirrorable: boolean;
}

/** A suggested local-search config waiting for its result. */
interface Proposal { epoch: number; move: Move }

/** The current centre of the search; score and cost are unknown until its own trial finishes. */
interface Incumbent { config: Config; u: number[]; key: string; score?: number; cost?: number }

export class CfoSearcher implements Searcher {
  readonly name = 'cfo';
  private readonly rng: Rng;
  private readonly log: SuggestionLog;
  /** Number of values of each dimension that is a choice (0 for numeric dimensions), in dimension order. */
  private readonly nValues: number[];
  private readonly numeric: number[] = [];
  private readonly choices: number[] = [];
  private readonly start: Config;
  private readonly step0: number;
  private readonly stepMin: number;
  /** Failed directions (both signs, or one non-mirrorable move) tolerated before the step halves. */
  private readonly patience: number;
  private step: number;
  private centre: Incumbent | null = null;
  /** Bumped on every move or restart; proposals from an older epoch no longer steer the search. */
  private epoch = 0;
  private failures = 0;
  /** Seconds spent on failed proposals since the incumbent last changed or the step last shrank. */
  private costSinceMove = 0;
  private restartDue = false;
  private readonly queue: Move[] = [];
  private readonly pending = new Map<string, Proposal>();
  /** Finished trials of any origin: config key -> score and cost (to score an incumbent tried earlier). */
  private readonly results = new Map<string, { score: number; cost: number }>();

  /** `lowCost` (partial) is completed with the cheap end of each dimension: low numbers, first choices. */
  constructor(private readonly space: Space, opts: SearcherOptions) {
    this.rng = new Rng(opts.seed);
    this.log = new SuggestionLog(space, opts.initial);
    this.nValues = dimensionNames(space).map((k) => { const d = space[k]; return d.type === 'choice' ? d.values.length : 0; });
    dimensionNames(space).forEach((k, i) => {
      const d = space[k];
      if (d.type === 'choice') { if (d.values.length > 1) this.choices.push(i); } else if (d.low < d.high) this.numeric.push(i);
    });
    this.start = clampConfig(opts.lowCost ?? {}, space, cheapEnd(space));
    this.step0 = STEP_PER_DIM * Math.sqrt(Math.max(1, this.numeric.length));
    this.stepMin = this.step0 / 2 ** MAX_HALVINGS;
    this.step = this.step0;
    this.patience = Math.max(2, this.numeric.length + this.choices.length);
  }

  /** The centre of the local search now (for reports and tests): its config and, once finished, score and cost. */
  get incumbent(): { config: Config; score?: number; cost?: number } | null {
    const inc = this.centre;
    return inc && { config: { ...inc.config }, score: inc.score, cost: inc.cost };
  }

  /** Current step length in unit space (halves after repeated failures; resets on restart). */
  get stepSize(): number { return this.step; }

  suggest(): Config | null {
    const init = this.log.nextInitial();
    if (init) return init;
    if (this.centre === null) {
      const c = this.centreOn(this.start);
      if (c) return c;
    }
    if (this.restartDue) return this.restart();
    // Waiting for the incumbent's own score (parallel workers): explore at random meanwhile.
    if (this.centre?.score === undefined) return this.log.drawUnique(this.rng);

    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const move = this.queue.shift() ?? this.randomMove();
      const u = this.apply(move);
      const c = fromUnit(u, this.space);
      if (this.log.add(c)) {
        this.pending.set(configKey(c), { epoch: this.epoch, move });
        return c;
      }
      // Already tried: move there if its known result beats the incumbent, else a failure at no cost.
      const known = this.results.get(configKey(c));
      if (known && this.better(known.score, known.cost, this.centre)) {
        this.moveTo(c, known.score, known.cost, move);
        continue;
      }
      this.afterFailure(move);
      if (this.restartDue) return this.restart();
    }
    return this.restart();
  }

  onTrialComplete(config: Config, result: TrialResult): void {
    const c = clampConfig(config, this.space);
    const key = configKey(c);
    const score = effectiveScore(result);
    const cost = Number.isFinite(result.cost) && result.cost > 0 ? result.cost : 0;
    this.results.set(key, { score, cost });
    const inc = this.centre;
    if (inc && inc.key === key && inc.score === undefined) {
      inc.score = score;
      inc.cost = cost;
      return;
    }
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    if (!inc || inc.score === undefined) return;
    if (this.better(score, cost, inc)) {
      this.moveTo(c, score, cost, p.move);
      return;
    }
    if (p.epoch !== this.epoch) return; // around an old incumbent: no longer steers the search
    this.costSinceMove += cost;
    this.afterFailure(p.move);
  }

  /** Strictly better, or as good and cheaper (an improvement must pay for its cost). */
  private better(score: number, cost: number, inc: Incumbent): boolean {
    const s = inc.score ?? -Infinity;
    if (score === -Infinity) return false;
    if (s === -Infinity) return true;
    const tol = 1e-12 * Math.max(1, Math.abs(s));
    if (score > s + tol) return true;
    return Math.abs(score - s) <= tol && cost < (inc.cost ?? Infinity);
  }

  /** A failed move: try its mirror next, or count a failed direction (halving the step / restarting when due). */
  private afterFailure(move: Move): void {
    if (move.mirrorable) {
      this.queue.unshift({ dir: move.dir.map((x) => -x), flips: move.flips, mirrorable: false });
      return;
    }
    this.failures++;
    const incCost = this.centre?.cost ?? 0;
    const costly = incCost > 0 && this.costSinceMove >= 2 * this.patience * incCost;
    if (this.failures < this.patience && !costly) return;
    this.step /= 2;
    this.failures = 0;
    this.costSinceMove = 0;
    if (this.step < this.stepMin) this.restartDue = true;
  }

  /** Makes a finished config the incumbent, then keeps going the way that worked (momentum) once. */
  private moveTo(config: Config, score: number, cost: number, move: Move): void {
    this.centre = { config, u: toUnit(config, this.space), key: configKey(config), score, cost };
    this.newEpoch();
    this.queue.push({ dir: move.dir, flips: new Map(), mirrorable: false });
  }

  private newEpoch(): void {
    this.epoch++;
    this.failures = 0;
    this.costSinceMove = 0;
    this.queue.length = 0;
  }

  /** Makes `config` the incumbent (its score known if it already finished) and suggests it unless already tried. */
  private centreOn(config: Config): Config | null {
    const key = configKey(config);
    const done = this.results.get(key);
    this.centre = { config, u: toUnit(config, this.space), key, score: done?.score, cost: done?.cost };
    this.newEpoch();
    return this.log.add(config) ? config : null;
  }

  /** Starts over from a random unseen config with the initial step; null when the space is exhausted. */
  private restart(): Config | null {
    this.restartDue = false;
    this.step = this.step0;
    const c = this.log.drawUnique(this.rng);
    if (c === null) return null;
    const key = configKey(c);
    this.centre = { config: c, u: toUnit(c, this.space), key };
    this.newEpoch();
    return c;
  }

  /** A uniformly random numeric direction; each choice dimension switches value with probability 1 / d (at most 1/2). */
  private randomMove(): Move {
    const dir = this.numeric.map(() => normalDraw(this.rng));
    const norm = Math.hypot(...dir) || 1;
    const flips = new Map<number, number>();
    const p = Math.min(0.5, 1 / Math.max(1, this.numeric.length + this.choices.length));
    for (const i of this.choices) {
      if (this.rng.next() >= p) continue;
      const k = this.nValues[i];
      const cur = Math.min(k - 1, Math.floor((this.centre?.u[i] ?? 0) * k));
      flips.set(i, (cur + 1 + this.rng.int(k - 1)) % k);
    }
    return { dir: dir.map((x) => x / norm), flips, mirrorable: this.numeric.length > 0 };
  }

  /**
   * The unit vector of `move` from the incumbent at the current step. Components pushing against a bound the
   * incumbent already sits on are dropped and the rest rescaled to unit length, so the whole step is spent on
   * coordinates that can move (the rest is clamped by fromUnit).
   */
  private apply(move: Move): number[] {
    const u = [...(this.centre as Incumbent).u];
    const dir = this.numeric.map((dim, j) => {
      const x = move.dir[j];
      return (u[dim] <= 0 && x < 0) || (u[dim] >= 1 && x > 0) ? 0 : x;
    });
    const norm = Math.hypot(...dir);
    if (norm > 0) this.numeric.forEach((dim, j) => { u[dim] = Math.min(1, Math.max(0, u[dim] + this.step * dir[j] / norm)); });
    for (const [dim, v] of move.flips) u[dim] = (v + 0.5) / this.nValues[dim];
    return u;
  }
}
