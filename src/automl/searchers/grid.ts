/** Grid search: the initial configs in order, then every point of a grid over the space in a seeded shuffled order, then null. */
import { Rng } from '../../util/rng.js';
import { type Config, type ConfigValue, type Space, axesSize, configAt, gridAxes } from '../space.js';
import type { Searcher, SearcherOptions, TrialResult } from './searcher.js';
import { SuggestionLog } from './suggestion-log.js';

/** Default number of grid points per numeric dimension (low, middle and high in unit space). */
export const DEFAULT_GRID_POINTS = 3;
/** Largest grid this searcher accepts (its shuffled order is held as one Uint32Array). */
export const MAX_GRID_SIZE = 1 << 24;

export class GridSearcher implements Searcher {
  readonly name = 'grid';
  private readonly log: SuggestionLog;
  private readonly axes: ConfigValue[][];
  /** Grid indices in the order they are suggested (Uint32Array, length = grid size). */
  private readonly order: Uint32Array;
  private next = 0;

  /** `pointsPerNumeric`: grid points per float/int dimension (ints get fewer when their range is smaller). */
  constructor(private readonly space: Space, opts: SearcherOptions, pointsPerNumeric = DEFAULT_GRID_POINTS) {
    this.log = new SuggestionLog(space, opts.initial);
    this.axes = gridAxes(space, pointsPerNumeric);
    const n = axesSize(this.axes);
    if (n > MAX_GRID_SIZE) {
      throw new Error(`grid search: ${n} grid points exceed the limit of ${MAX_GRID_SIZE}; use fewer points per dimension`);
    }
    const rng = new Rng(opts.seed);
    this.order = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = this.order[i]; this.order[i] = this.order[j]; this.order[j] = t;
    }
  }

  /** Grid points not yet suggested (initial configs that fall on the grid count as suggested). */
  get remaining(): number {
    let r = 0;
    for (let i = this.next; i < this.order.length; i++) if (!this.log.has(configAt(this.space, this.axes, this.order[i]))) r++;
    return r;
  }

  suggest(): Config | null {
    const init = this.log.nextInitial();
    if (init) return init;
    while (this.next < this.order.length) {
      const c = configAt(this.space, this.axes, this.order[this.next++]);
      if (this.log.add(c)) return c;
    }
    return null;
  }

  /** Grid search does not learn from results. */
  onTrialComplete(_config: Config, _result: TrialResult): void {}
}
