/**
 * Preprocessing fitted once per AutoML run on the training frame and replayed on any frame
 * at predict time: drop constant and ID-like columns, expand date/time text into numeric
 * parts, group rare categorical levels.
 */
import type { Frame, RawColumn } from '../data/frame.js';

/** Levels seen fewer times than this (and under 0.1% of rows) are grouped into one level. */
export const RARE_MIN_COUNT = 5;
export const RARE_LEVEL = '__rare__';
/** A text column is a date when this share of its non-empty values parse as ISO dates. */
const DATE_SHARE = 0.95;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

export interface PreprocessSpec {
  /** Columns removed, with the reason shown in the log. */
  dropped: { name: string; reason: string }[];
  /** Text columns replaced by numeric date parts (name_year, name_month, ...). */
  dates: { name: string; withTime: boolean }[];
  /** Categorical columns whose rare levels map to RARE_LEVEL: the levels kept. */
  rare: { name: string; keep: string[] }[];
}

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

function dateParts(c: Extract<RawColumn, { kind: 'categorical' }>, withTime: boolean): RawColumn[] {
  const parts = withTime ? ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'days'] : ['year', 'month', 'day', 'weekday', 'days'];
  const n = c.codes.length;
  const out = parts.map((p) => ({ name: `${c.name}_${p}`, kind: 'numeric' as const, values: new Float64Array(n).fill(NaN) }));
  const parsed = c.levels.map((l) => {
    const m = ISO_DATE.exec(l);
    if (!m) return null;
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
    if (!Number.isFinite(t)) return null;
    const d = new Date(t);
    const vals = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), ((d.getUTCDay() + 6) % 7) + 1];
    if (withTime) vals.push(d.getUTCHours(), d.getUTCMinutes());
    vals.push(Math.floor(t / 86_400_000));
    return vals;
  });
  for (let i = 0; i < n; i++) {
    const code = c.codes[i];
    const v = code >= 0 ? parsed[code] : null;
    if (v) out.forEach((o, j) => { o.values[i] = v[j]; });
  }
  return out;
}

function groupRare(c: Extract<RawColumn, { kind: 'categorical' }>, keep: string[]): RawColumn {
  const kept = new Set(keep);
  const levels = [...keep, RARE_LEVEL];
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(c.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = c.codes[i];
    codes[i] = code < 0 ? -1 : kept.has(c.levels[code]) ? index.get(c.levels[code])! : levels.length - 1;
  }
  return { name: c.name, kind: 'categorical', codes, levels };
}

/** Applies a fitted spec to any frame (training, validation or scoring data). */
export function applyPreprocess(frame: Frame, spec: PreprocessSpec): Frame {
  const drop = new Set(spec.dropped.map((d) => d.name));
  const dates = new Map(spec.dates.map((d) => [d.name, d.withTime]));
  const rare = new Map(spec.rare.map((r) => [r.name, r.keep]));
  const columns: RawColumn[] = [];
  for (const c of frame.columns) {
    if (drop.has(c.name)) continue;
    if (dates.has(c.name)) {
      if (c.kind === 'categorical') columns.push(...dateParts(c, dates.get(c.name)!));
      continue;
    }
    if (rare.has(c.name) && c.kind === 'categorical') { columns.push(groupRare(c, rare.get(c.name)!)); continue; }
    columns.push(c);
  }
  return { ...frame, columns };
}
