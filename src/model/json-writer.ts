/** A compact JSON pretty-printer for model files: objects indented, arrays of scalars on one line, floats exact. */

/** Pre-formatted JSON text inserted verbatim (used for long numeric arrays). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * The shortest decimal text that reads back (through Math.fround) as exactly the float32 `x`.
 * Non-finite values become the JSON strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers).
 */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) return `"${String(x)}"`;
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // Integers up to 2^24 (counts, covers) are their own shortest text.
  if (Number.isInteger(x) && Math.abs(x) <= 16777216) return String(x);
  // A precision that reads back exactly stays exact with more digits, so binary-search the
  // shortest one in 1..9 (9 significant digits always identify a float32).
  let lo = 1, hi = 9;
  while (lo < hi) {
    const p = (lo + hi) >> 1;
    if (Math.fround(Number(x.toPrecision(p))) === x) hi = p;
    else lo = p + 1;
  }
  return String(Number(x.toPrecision(lo)));
}

/** JSON text of a float64 (shortest round-trip repr); non-finite values as strings like float32Text. */
export function float64Text(x: number): string {
  return Number.isFinite(x) ? JSON.stringify(x) : `"${String(x)}"`;
}

/** A whole float32 array as one JSON array line (repeated values, such as thresholds, are formatted once). */
export function float32ArrayJson(a: ArrayLike<number>): RawJson {
  const seen = new Map<number, string>();
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    let t = seen.get(x);
    if (t === undefined || (x === 0 && Object.is(x, -0) !== (t === '-0'))) {
      t = float32Text(x);
      if (seen.size < 1 << 20) seen.set(x, t);
    }
    parts[i] = t;
  }
  return new RawJson(`[${parts.join(',')}]`);
}

/** A whole integer array as one JSON array line. */
export function intArrayJson(a: ArrayLike<number>): RawJson {
  const joined = ArrayBuffer.isView(a) ? (a as unknown as Int32Array).join(',') : Array.from(a, (v) => String(v)).join(',');
  return new RawJson(`[${joined}]`);
}

function isScalar(v: unknown): boolean {
  return v === null || v instanceof RawJson || typeof v !== 'object';
}

/** Pretty JSON: undefined fields skipped, arrays of scalars kept on one line, non-finite numbers as strings. */
export function prettyJson(v: unknown, indent = ''): string {
  if (v instanceof RawJson) return v.text;
  if (typeof v === 'number') return float64Text(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isScalar)) return `[${v.map((x) => prettyJson(x)).join(', ')}]`;
    return `[\n${v.map((x) => inner + prettyJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, x]) => isScalar(x) && !(x instanceof RawJson)) && entries.length <= 4) {
    const one = `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${prettyJson(x)}`).join(', ')}}`;
    if (one.length <= 100) return one;
  }
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${prettyJson(x, inner)}`).join(',\n')}\n${indent}}`;
}
