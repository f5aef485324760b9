/** The hyper-parameter searchers AutoML can run, by name (each searcher imports searcher.ts, never this file). */
import type { Space } from '../space.js';
import { CfoSearcher } from './cfo.js';
import { GridSearcher } from './grid.js';
import { RandomSearcher } from './random.js';
import type { Searcher, SearcherName, SearcherOptions } from './searcher.js';
import { TpeSearcher } from './tpe.js';

/** Every searcher name, in the order the docs list them. */
export const SEARCHER_NAMES: readonly SearcherName[] = ['grid', 'random', 'tpe', 'cfo'];

/** A searcher of `space` by name, with each searcher's default settings. */
export function createSearcher(name: SearcherName, space: Space, opts: SearcherOptions): Searcher {
  switch (name) {
    case 'grid': return new GridSearcher(space, opts);
    case 'random': return new RandomSearcher(space, opts);
    case 'tpe': return new TpeSearcher(space, opts);
    case 'cfo': return new CfoSearcher(space, opts);
    default: throw new Error(`unknown searcher "${String(name)}" (expected one of ${SEARCHER_NAMES.join(', ')})`);
  }
}
