/**
 * A small UBJSON (Universal Binary JSON, draft 12) decoder for XGBoost's `.ubj` model files: objects, arrays
 * (plain, counted `[#n` and strongly typed `[$t#n`), integers of every size, float32 / float64, strings, chars,
 * high-precision numbers (as strings), booleans, null and no-op. No Node built-ins (runs in browsers and workers).
 */
import { modelError } from '../errors.js';

/** Strongly typed numeric arrays come back as typed arrays (big-endian input, copied). */
export type UbjTypedArray = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** Bytes per value of the fixed-size UBJSON value types. */
const FIXED: Record<string, number> = { i: 1, U: 1, I: 2, l: 4, L: 8, d: 4, D: 8, C: 1 };
/** Deepest container nesting accepted (XGBoost writes five or six levels). */
const MAX_DEPTH = 256;

// Made on first use: a bare JavaScript context (a Node vm context) has no TextDecoder, and the
// serverless runtime must still load there (its thicket models need none).
let decoder: TextDecoder | undefined;
const utf8 = (): TextDecoder => (decoder ??= new TextDecoder('utf-8', { fatal: true }));

/**
 * Values a file may decode to, in all, per byte of input (plus a constant): every value but the
 * elements of a typed null / true / false container ('$Z', '$T', '$F', zero bytes each) takes at
 * least one byte, so only those can exceed it, and a file of n bytes never decodes to more than
 * 2n + 4096 values, however its containers' counts add up.
 */
const VALUES_PER_BYTE = 2;
const VALUES_EXTRA = 4096;

class Reader {
  pos = 0;
  private readonly view: DataView;
  /** Values that may still be decoded (see VALUES_PER_BYTE). */
  private budget: number;
  constructor(readonly bytes: Uint8Array, private readonly source: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.budget = VALUES_PER_BYTE * bytes.length + VALUES_EXTRA;
  }

  /** Takes `n` values from the file's budget: a file claiming more values than its size allows is refused before allocating them. */
  spend(n: number, what: string): void {
    this.budget -= n;
    if (this.budget < 0) {
      this.fail(`${what}: the file's containers declare more values in all than a ${this.bytes.length}-byte file can hold (crafted or corrupt)`);
    }
  }

  fail(what: string, at = this.pos): never {
    throw modelError(this.source, `not a valid UBJSON model file: ${what} at byte ${at}`);
  }

  need(n: number, what: string): void {
    if (n > this.bytes.length - this.pos) {
      this.fail(`${what} needs ${n} more bytes but the file ends after ${this.bytes.length - this.pos} (truncated?)`);
    }
  }

  marker(): string {
    this.need(1, 'a type marker');
    return String.fromCharCode(this.bytes[this.pos++]!);
  }

  /** The next marker that is not a no-op ('N'). */
  markerSkippingNoop(): string {
    let m = this.marker();
    while (m === 'N') m = this.marker();
    return m;
  }

  peek(): string {
    this.need(1, 'a type marker');
    return String.fromCharCode(this.bytes[this.pos]!);
  }

  /** An integer value of type `t` (i, U, I, l, L); int64 must be a safe integer. */
  int(t: string): number {
    const at = this.pos;
    switch (t) {
      case 'i': this.need(1, 'an int8'); return this.view.getInt8(this.pos++);
      case 'U': this.need(1, 'a uint8'); return this.view.getUint8(this.pos++);
      case 'I': this.need(2, 'an int16'); this.pos += 2; return this.view.getInt16(at);
      case 'l': this.need(4, 'an int32'); this.pos += 4; return this.view.getInt32(at);
      case 'L': {
        this.need(8, 'an int64');
        this.pos += 8;
        const v = this.view.getBigInt64(at);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) this.fail(`int64 ${v} is too large`, at);
        return Number(v);
      }
      default: return this.fail(`expected an integer type (i, U, I, l, L) but found '${t}'`, at - 1);
    }
  }

  /** A length or count: an integer value with its own marker, >= 0. */
  count(what: string): number {
    const at = this.pos;
    const n = this.int(this.marker());
    if (n < 0) this.fail(`${what} is negative (${n})`, at);
    return n;
  }

  string(n: number): string {
    this.need(n, `a string of ${n} bytes`);
    const at = this.pos;
    this.pos += n;
    try {
      return utf8().decode(this.bytes.subarray(at, at + n));
    } catch {
      return this.fail('a string is not valid UTF-8', at);
    }
  }

  /** One value whose type marker `t` has been read. */
  value(t: string, depth: number): unknown {
    const at = this.pos;
    switch (t) {
      case 'Z': return null;
      case 'T': return true;
      case 'F': return false;
      case 'i': case 'U': case 'I': case 'l': case 'L': return this.int(t);
      case 'd': this.need(4, 'a float32'); this.pos += 4; return this.view.getFloat32(at);
      case 'D': this.need(8, 'a float64'); this.pos += 8; return this.view.getFloat64(at);
      case 'C': this.need(1, 'a char'); return String.fromCharCode(this.bytes[this.pos++]!);
      case 'S': return this.string(this.count('a string length'));
      case 'H': return this.string(this.count('a high-precision number length'));
      case '[': return this.array(depth + 1);
      case '{': return this.object(depth + 1);
      default: return this.fail(`unknown type marker '${t}' (0x${t.charCodeAt(0).toString(16)})`, at - 1);
    }
  }

  /** Optional `$type` and `#count` after a container's opening marker. */
  header(): { type?: string; count?: number } {
    let type: string | undefined;
    if (this.peek() === '$') {
      this.pos++;
      type = this.marker();
      if (type === 'N' || type === '[' || type === '{' || type === '$' || type === '#') this.fail(`container type '${type}' is not allowed`, this.pos - 1);
      if (this.peek() !== '#') this.fail("a typed container ('$') must give its count ('#')");
    }
    if (this.peek() === '#') {
      this.pos++;
      return { type, count: this.count('a container count') };
    }
    return { type };
  }

  array(depth: number): unknown[] | UbjTypedArray {
    if (depth > MAX_DEPTH) this.fail(`containers nested deeper than ${MAX_DEPTH}`);
    const { type, count } = this.header();
    if (type !== undefined) return this.typedArray(type, count!, depth);
    const out: unknown[] = [];
    if (count !== undefined) {
      // Each element takes at least one byte: a count beyond the file's end is a truncated or corrupt file.
      this.need(count, `an array of ${count} elements`);
      this.spend(count, `an array of ${count} elements`);
      for (let i = 0; i < count; i++) out.push(this.value(this.markerSkippingNoop(), depth));
      return out;
    }
    for (;;) {
      const m = this.markerSkippingNoop();
      if (m === ']') return out;
      this.spend(1, 'an array element');
      out.push(this.value(m, depth));
    }
  }

  typedArray(type: string, count: number, depth: number): unknown[] | UbjTypedArray {
    const size = FIXED[type];
    this.spend(count, `an array of ${count} '${type}' values`);
    if (size === undefined || type === 'C' || type === 'L') {
      // Values of variable size (strings, containers) or types without a matching typed array.
      if (size !== undefined) this.need(count * size, `an array of ${count} '${type}' values`);
      else if (type !== 'Z' && type !== 'T' && type !== 'F') this.need(count, `an array of ${count} '${type}' values`);
      else if (count > this.bytes.length) this.fail(`an array of ${count} '${type}' values is implausibly long for a ${this.bytes.length}-byte file`);
      const out: unknown[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = this.value(type, depth);
      return out;
    }
    this.need(count * size, `an array of ${count} '${type}' values`);
    const at = this.pos;
    this.pos += count * size;
    const v = this.view;
    switch (type) {
      case 'i': return new Int8Array(this.bytes.slice(at, at + count).buffer);
      case 'U': return this.bytes.slice(at, at + count);
      case 'I': { const a = new Int16Array(count); for (let i = 0; i < count; i++) a[i] = v.getInt16(at + 2 * i); return a; }
      case 'l': { const a = new Int32Array(count); for (let i = 0; i < count; i++) a[i] = v.getInt32(at + 4 * i); return a; }
      case 'd': { const a = new Float32Array(count); for (let i = 0; i < count; i++) a[i] = v.getFloat32(at + 4 * i); return a; }
      default: { const a = new Float64Array(count); for (let i = 0; i < count; i++) a[i] = v.getFloat64(at + 8 * i); return a; }
    }
  }

  object(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) this.fail(`containers nested deeper than ${MAX_DEPTH}`);
    const { type, count } = this.header();
    const out: Record<string, unknown> = {};
    const put = (key: string, value: unknown) => {
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`object key ${JSON.stringify(key)} repeats`);
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    };
    if (count !== undefined) {
      this.need(count, `an object of ${count} entries`);
      this.spend(count, `an object of ${count} entries`);
      for (let i = 0; i < count; i++) {
        const key = this.string(this.count('a key length'));
        put(key, this.value(type ?? this.markerSkippingNoop(), depth));
      }
      return out;
    }
    for (;;) {
      // A key is a length (integer with its marker) and UTF-8 bytes; '}' ends the object.
      let m = this.peek();
      while (m === 'N') { this.pos++; m = this.peek(); }
      if (m === '}') { this.pos++; return out; }
      this.spend(1, 'an object entry');
      const key = this.string(this.count('a key length'));
      put(key, this.value(this.markerSkippingNoop(), depth));
    }
  }
}

/**
 * Decodes one UBJSON value (an XGBoost model: one object) from `bytes`; `source` names the file in errors.
 * Strongly typed arrays of i / U / I / l / d / D become Int8Array / Uint8Array / Int16Array / Int32Array /
 * Float32Array / Float64Array; int64 values become numbers (an error beyond 2^53). Bytes after the value are an error.
 */
export function decodeUBJSON(bytes: Uint8Array, source: string): unknown {
  const r = new Reader(bytes, source);
  if (bytes.length === 0) r.fail('the file is empty');
  const v = r.value(r.markerSkippingNoop(), 0);
  while (r.pos < bytes.length && bytes[r.pos] === 0x4e) r.pos++; // trailing no-ops
  if (r.pos !== bytes.length) r.fail(`${bytes.length - r.pos} unexpected bytes after the end of the value`);
  return v;
}

/** True when `bytes` look like a UBJSON object (an XGBoost .ubj file) rather than JSON text. */
export function looksLikeUBJSON(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x7b) return false; // '{'
  const next = String.fromCharCode(bytes[1]!);
  return 'iUIlL$#}N'.includes(next);
}
