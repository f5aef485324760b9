/** Assigns integer codes to categorical strings in first-seen order, shared by every reader. */

import type { RawColumn } from './frame.js';

/** Grows a Map from string to code; the code of a level is its index in `levels`. */
export class LevelEncoder {
  readonly levels: string[] = [];
  private readonly index = new Map<string, number>();

  /** The code of `level`, adding it when new. */
  code(level: string): number {
    const known = this.index.get(level);
    if (known !== undefined) return known;
    const code = this.levels.length;
    this.index.set(level, code);
    this.levels.push(level);
    return code;
  }
}

/**
 * Renumbers codes so that levels appear in the order of their first row, and drops levels no
 * row uses. Needed when codes were assigned out of row order (the CSV recovery pass, Arrow
 * dictionaries) so every reader yields the same Frame for the same table.
 */
export function firstSeenOrder(codes: Int32Array, levels: string[]): { codes: Int32Array; levels: string[] } {
  const remap = new Int32Array(levels.length).fill(-1);
  const ordered: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) continue;
    let r = remap[c]!;
    if (r < 0) {
      r = ordered.length;
      remap[c] = r;
      ordered.push(levels[c]!);
    }
    codes[i] = r;
  }
  return { codes, levels: ordered };
}

/**
 * Builds a categorical column from per-row strings. null, undefined and '' are missing: the
 * Frame contract keeps levels non-empty, as an empty CSV field is missing too.
 */
export function categoricalFromStrings(name: string, values: ArrayLike<string | null | undefined>): RawColumn {
  const enc = new LevelEncoder();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = v === null || v === undefined || v === '' ? -1 : enc.code(v);
  }
  return { name, kind: 'categorical', codes, levels: enc.levels };
}
