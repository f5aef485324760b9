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
  for (let p = 1; p <= 9; p++) {
    const s = String(Number(x.toPrecision(p)));
    if (Math.fround(Number(s)) === x) return s;
  }
  // Unreachable (9 significant digits always identify a float32); the double's own text is exact too.
  return String(x);
}

/** JSON text of a float64 (shortest round-trip repr); non-finite values as strings like float32Text. */
export function float64Text(x: number): string {
  return Number.isFinite(x) ? JSON.stringify(x) : `"${String(x)}"`;
}

/** A whole float32 array as one JSON array line. */
export function float32ArrayJson(a: ArrayLike<number>): RawJson {
  return new RawJson(`[${Array.from(a, float32Text).join(',')}]`);
}

/** A whole integer array as one JSON array line. */
export function intArrayJson(a: ArrayLike<number>): RawJson {
  return new RawJson(`[${Array.from(a, (v) => String(v)).join(',')}]`);
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
