/** Random search: the initial configs in order, then uniform samples of the space (log-uniform on log dimensions), never repeated. */
import { Rng } from '../../util/rng.js';
import type { Config, Space } from '../space.js';
import type { Searcher, SearcherOptions, TrialResult } from './searcher.js';
import { SuggestionLog } from './suggestion-log.js';

export class RandomSearcher implements Searcher {
  readonly name = 'random';
  private readonly rng: Rng;
  private readonly log: SuggestionLog;

  constructor(space: Space, opts: SearcherOptions) {
    this.rng = new Rng(opts.seed);
    this.log = new SuggestionLog(space, opts.initial);
  }

  suggest(): Config | null {
    return this.log.nextInitial() ?? this.log.drawUnique(this.rng);
  }

  /** Random search does not learn from results. */
  onTrialComplete(_config: Config, _result: TrialResult): void {}
}
