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

/**
 * prettyJson's text in pieces: the entries of objects down to `depth` levels are yielded one by
 * one (a model's packed node fields are each one long string; their sum may exceed what one
 * JavaScript string can hold).
 */
export function* prettyJsonChunks(v: unknown, indent = '', depth = 2): Generator<string> {
  if (depth === 0 || v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof RawJson) {
    yield prettyJson(v, indent);
    return;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  // Objects prettyJson may put on one line are small: let it decide.
  if (entries.length <= 4 && entries.every(([, x]) => isScalar(x) && !(x instanceof RawJson))) {
    yield prettyJson(v, indent);
    return;
  }
  const inner = indent + '  ';
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, x] = entries[i]!;
    yield `${i > 0 ? ',\n' : ''}${inner}${JSON.stringify(k)}: `;
    yield* prettyJsonChunks(x, inner, depth - 1);
  }
  yield `\n${indent}}`;
}
