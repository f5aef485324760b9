/**
 * Replays the AutoML preprocessing (fitted by automl/preprocess.ts) on any frame: drops the
 * dropped columns, expands date/time text into numeric parts, groups rare categorical levels.
 */
import type { Frame, RawColumn } from '../data/frame.js';

export const RARE_LEVEL = '__rare__';
export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

export interface PreprocessSpec {
  /** Columns removed, with the reason shown in the log. */
  dropped: { name: string; reason: string }[];
  /** Text columns replaced by numeric date parts (name_year, name_month, ...). */
  dates: { name: string; withTime: boolean }[];
  /** Categorical columns whose rare levels map to RARE_LEVEL: the levels kept. */
  rare: { name: string; keep: string[] }[];
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
