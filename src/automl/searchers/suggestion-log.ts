/** The record of what a searcher has already suggested: the queue of initial configs, de-duplication, and unique random draws. */
import type { Rng } from '../../util/rng.js';
import {
  type Config, type Space, axesSize, checkSpace, clampConfig, configAt, configKey, finiteAxes, sample, spaceSize,
} from '../space.js';

/** Random draws tried before falling back to enumerating the unseen configs of a finite space. */
const RANDOM_TRIES = 64;
/** Largest finite space enumerated to find an unseen config. */
const ENUMERATE_LIMIT = 1 << 20;

export class SuggestionLog {
  private readonly seen = new Set<string>();
  private readonly initial: Config[];
  private nextInitialIndex = 0;
  /** Distinct configs in the space (Infinity when continuous). */
  readonly size: number;

  /** `initial` configs are clamped into the space (throws if one misses a dimension or has a bad choice). */
  constructor(readonly space: Space, initial: readonly Config[] = []) {
    checkSpace(space);
    this.size = spaceSize(space);
    this.initial = initial.map((c) => clampConfig(c, space));
  }

  /** Number of distinct configs suggested so far. */
  get count(): number { return this.seen.size; }

  /** True when every config of a finite space has been suggested. */
  get exhausted(): boolean { return this.seen.size >= this.size; }

  has(config: Config): boolean { return this.seen.has(configKey(config)); }

  /** Marks `config` as suggested; false when it already was. */
  add(config: Config): boolean {
    const k = configKey(config);
    if (this.seen.has(k)) return false;
    this.seen.add(k);
    return true;
  }

  /** The next initial config not yet suggested, marked as suggested; null once the queue is empty. */
  nextInitial(): Config | null {
    while (this.nextInitialIndex < this.initial.length) {
      const c = this.initial[this.nextInitialIndex++];
      if (this.add(c)) return c;
    }
    return null;
  }

  /**
   * A config not suggested before, marked as suggested: `draw()` (default: uniform sample) up to RANDOM_TRIES
   * times, then a uniformly chosen unseen config of a finite space. Null when the space is exhausted.
   */
  drawUnique(rng: Rng, draw: () => Config = () => sample(this.space, rng)): Config | null {
    if (this.exhausted) return null;
    for (let i = 0; i < RANDOM_TRIES; i++) {
      const c = draw();
      if (this.add(c)) return c;
    }
    const axes = finiteAxes(this.space);
    if (axes !== null && axesSize(axes) <= ENUMERATE_LIMIT) {
      const unseen: number[] = [];
      const n = axesSize(axes);
      for (let i = 0; i < n; i++) if (!this.has(configAt(this.space, axes, i))) unseen.push(i);
      if (unseen.length === 0) return null;
      const c = configAt(this.space, axes, unseen[rng.int(unseen.length)]);
      this.add(c);
      return c;
    }
    // A continuous or huge space: duplicates are rare, keep drawing uniformly.
    for (let i = 0; i < 16 * RANDOM_TRIES; i++) {
      const c = sample(this.space, rng);
      if (this.add(c)) return c;
    }
    return null;
  }
}
