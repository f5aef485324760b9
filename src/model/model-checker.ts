/** The field checks of model-file validation: each failure names the file and the JSON path of the field. */
import { modelError, type ThicketError } from '../errors.js';

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;
const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** A short rendering of a bad value for an error message. */
export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * `a` converted by the typed array's own constructor (native: a model's node arrays are long, and
 * loading must be quick in a fresh process); the caller checks each element survived the
 * conversion. Values that cannot convert at all (symbols, bigints) leave NaN / 0 to fail that check.
 */
function converted<T extends Int32Array | Uint32Array | Float32Array>(Ctor: new (src: ArrayLike<number> | number) => T, a: unknown[]): T {
  try {
    return new Ctor(a as ArrayLike<number>);
  } catch {
    const out = new Ctor(a.length);
    for (let i = 0; i < a.length; i++) out[i] = typeof a[i] === 'number' ? (a[i] as number) : NaN;
    return out;
  }
}

/** Elements per Math.min / Math.max call in allIntegersIn (argument lists stay short). */
const CHUNK = 8192;

/**
 * True when every element of `a` is an integer number in [min, max], checked by built-ins (every
 * with Number.isInteger, Math.min / max over slices): node index arrays are long, and a loop over
 * them runs slowly as cold code in a fresh process. Callers loop only when this says no, to find
 * and report the first bad element (includes catches holes, which every skips).
 */
function allIntegersIn(a: unknown[], min: number, max: number): boolean {
  if (!a.every(Number.isInteger) || a.includes(undefined)) return false;
  for (let s = 0; s < a.length; s += CHUNK) {
    const part = (a.length <= CHUNK ? a : a.slice(s, s + CHUNK)) as number[];
    if (Math.min.apply(null, part) < min || Math.max.apply(null, part) > max) return false;
  }
  return true;
}

/** The nodes a child of node i of tree k may be (for error messages). */
export function laterNodes(k: number, i: number, end: number): string {
  return `a later node of tree ${k} (${i + 1}..${end - 1})`;
}

/** Checks one model file's fields; every failure names `source` and the JSON path of the field. */
/** Builds the error for a bad field: `where` is the checker's source, `what` the field and the fault. */
export type FieldError = (where: string, what: string) => ThicketError;

export class ModelChecker {
  constructor(private readonly source: string, private readonly error: FieldError = modelError) {}

  fail(field: string, what: string): never {
    throw this.error(this.source, `${field} ${what}`);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(field, `must be an object (found ${describe(v)})`);
    return v as Record<string, unknown>;
  }

  array(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) this.fail(field, `must be an array (found ${describe(v)})`);
    return v;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== 'string') this.fail(field, `must be a string (found ${describe(v)})`);
    return v;
  }

  int(v: unknown, field: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(field, `must be an integer in [${min}, ${max}] (found ${describe(v)})`);
    }
    return v;
  }

  /** A float64 written by float64Text: a number or one of the strings "NaN", "Infinity", "-Infinity". */
  number(v: unknown, field: string, finite: boolean): number {
    const x = typeof v === 'number' ? v : typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v]! : undefined;
    if (x === undefined) this.fail(field, `must be a number (found ${describe(v)})`);
    if (finite && !Number.isFinite(x)) this.fail(field, `must be a finite number (found ${describe(v)})`);
    return x;
  }

  intArray(v: unknown, field: string, min = INT32_MIN, max = INT32_MAX): Int32Array {
    const a = this.array(v, field);
    const out = converted(Int32Array, a);
    if (allIntegersIn(a, min, max)) return out;
    const narrow = min !== INT32_MIN || max !== INT32_MAX;
    for (let i = 0; i < a.length; i++) {
      // Whatever is not an int32 (a fraction, a value out of range, not a number) fails the round trip.
      const x = out[i]!;
      if (x !== a[i] || (narrow && (x < min || x > max))) {
        this.fail(`${field}[${i}]`, `must be an integer in [${min}, ${max}] (found ${describe(a[i])})`);
      }
    }
    return out;
  }

  uint32Array(v: unknown, field: string): Uint32Array {
    const a = this.array(v, field);
    const out = converted(Uint32Array, a);
    for (let i = 0; i < a.length; i++) {
      if (out[i] !== a[i]) this.fail(`${field}[${i}]`, `must be an integer in [0, 4294967295] (found ${describe(a[i])})`);
    }
    return out;
  }

  float32Array(v: unknown, field: string): Float32Array {
    const a = this.array(v, field);
    const out = converted(Float32Array, a);
    // All finite numbers (always so for parsed JSON): converted exactly. Checked by built-ins, which
    // read a double array without boxing each element as a loop does in a fresh process (includes
    // finds holes, which every skips). Otherwise the loop below finds the strings and bad values.
    if (a.every(Number.isFinite) && !a.includes(undefined)) return out;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      // Numbers are converted already; anything else must be one of number()'s strings for NaN / ±Infinity.
      if (typeof x !== 'number') out[i] = this.number(x, `${field}[${i}]`, false);
    }
    return out;
  }

  /** Trees are stored one after another: tree k owns nodes [treeRoot[k], treeRoot[k + 1]), the last one up to nNodes. */
  treeRoots(treeRoot: Int32Array, nNodes: number): void {
    const nTrees = treeRoot.length;
    if (nTrees === 0 && nNodes > 0) this.fail('trees.treeRoot', `is empty but there are ${nNodes} nodes`);
    for (let k = 0; k < nTrees; k++) {
      const r = treeRoot[k]!;
      const expectFirst = k === 0 ? 0 : treeRoot[k - 1]! + 1;
      if (r < 0 || r >= nNodes) this.fail(`trees.treeRoot[${k}]`, `is ${r}, outside the node range [0, ${nNodes})`);
      if (k === 0 && r !== 0) this.fail('trees.treeRoot[0]', `is ${r}; the first tree must start at node 0`);
      if (r < expectFirst) this.fail(`trees.treeRoot[${k}]`, `is ${r}; tree roots must be strictly increasing (previous root ${treeRoot[k - 1]})`);
    }
  }

  uniqueStrings(v: unknown, field: string, what: string): string[] {
    const a = this.array(v, field);
    const seen = new Set<string>();
    a.forEach((x, i) => {
      const s = this.string(x, `${field}[${i}]`);
      if (seen.has(s)) this.fail(`${field}[${i}]`, `repeats ${what} ${JSON.stringify(s)}`);
      seen.add(s);
    });
    return a as string[];
  }
}
