/**
 * Preprocessing fitted once per AutoML run on the training frame (replayed on any frame at
 * predict time by inference/preprocess.ts): drop constant and ID-like columns, expand date/time
 * text into numeric parts, group rare categorical levels.
 */
import type { Frame, RawColumn } from '../data/frame.js';
import { ISO_DATE, type PreprocessSpec } from '../inference/preprocess.js';

/** Levels seen fewer times than this (and under 0.1% of rows) are grouped into one level. */
export const RARE_MIN_COUNT = 5;
/** A text column is a date when this share of its non-empty values parse as ISO dates. */
const DATE_SHARE = 0.95;

/**
 * What the column rules need, without a set of the values (a million-row column would cost
 * seconds): count is 0, 1 or 2 (two or more distinct values) unless the values are strictly
 * increasing, when every one is distinct and count is the number of values present.
 */
function distinctNumeric(v: Float64Array): { count: number; allIntegers: boolean; increasing: boolean } {
  let allIntegers = true, increasing = true, prev = -Infinity, present = 0, first = NaN, varied = false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== x) { increasing = false; continue; }
    if (present === 0) first = x;
    else if (x !== first) varied = true;
    present++;
    if (allIntegers && !Number.isInteger(x)) allIntegers = false;
    if (x <= prev) increasing = false;
    prev = x;
  }
  return { count: increasing ? present : present === 0 ? 0 : varied ? 2 : 1, allIntegers, increasing };
}

function levelCounts(c: Extract<RawColumn, { kind: 'categorical' }>): { counts: Int32Array; present: number } {
  const counts = new Int32Array(c.levels.length);
  let present = 0;
  for (let i = 0; i < c.codes.length; i++) if (c.codes[i] >= 0) { counts[c.codes[i]]++; present++; }
  return { counts, present };
}

/** Fits the preprocessing on the training frame (the target column is left alone). */
export function fitPreprocess(frame: Frame, target: string): PreprocessSpec {
  const spec: PreprocessSpec = { dropped: [], dates: [], rare: [] };
  const n = frame.nRows;
  for (const c of frame.columns) {
    if (c.name === target) continue;
    if (c.kind === 'numeric') {
      const d = distinctNumeric(c.values);
      if (d.count <= 1) spec.dropped.push({ name: c.name, reason: d.count === 0 ? 'all values missing' : 'constant' });
      else if (n >= 1000 && d.count === n && d.allIntegers && d.increasing) spec.dropped.push({ name: c.name, reason: 'ID-like (unique increasing integers)' });
      continue;
    }
    const { counts, present } = levelCounts(c);
    const used = counts.filter((x) => x > 0).length;
    if (used <= 1) { spec.dropped.push({ name: c.name, reason: used === 0 ? 'all values missing' : 'constant' }); continue; }
    const dateHits = c.levels.filter((l) => ISO_DATE.test(l)).length;
    if (dateHits >= DATE_SHARE * c.levels.length) {
      spec.dates.push({ name: c.name, withTime: c.levels.some((l) => /[ T]\d{2}:\d{2}/.test(l)) });
      continue;
    }
    if (n >= 100 && used >= 0.9 * present) { spec.dropped.push({ name: c.name, reason: 'ID-like (nearly every value unique)' }); continue; }
    const minCount = Math.max(RARE_MIN_COUNT, Math.ceil(0.001 * n));
    const keep = c.levels.filter((_, i) => counts[i] >= minCount);
    if (keep.length < used && keep.length > 0) spec.rare.push({ name: c.name, keep });
  }
  return spec;
}
