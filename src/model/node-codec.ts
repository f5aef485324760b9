/**
 * Decoding of the packed node arrays of version-2 model files: base64 text of little-endian
 * float32 values, of little-endian unsigned integers of 1, 2 or 4 bytes or unsigned LEB128
 * integers, or of bitsets. Shared with the serverless runtime, so
 * it needs no Node built-ins (it uses Buffer's native base64 decoder only where there is one).
 * Every decoder reports malformed input by returning null or an error text, never by reading
 * past its input: the validator turns that into one message naming the field.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 digit of each ASCII code, -1 for none. The URL-safe digits (- and _) count too, as Node's decoder reads them. */
let digits: Int8Array | null = null;
function digitTable(): Int8Array {
  if (digits) return digits;
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i;
  t[45] = 62;
  t[95] = 63;
  return (digits = t);
}

/** Plain-JavaScript decoding of the first `body` characters (no padding) into out; false on a character outside the alphabet. */
function decodeInto(text: string, body: number, out: Uint8Array): boolean {
  const d = digitTable();
  const full = body - (body & 3);
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const c0 = text.charCodeAt(i), c1 = text.charCodeAt(i + 1), c2 = text.charCodeAt(i + 2), c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 127) return false;
    const a = d[c0]!, b = d[c1]!, c = d[c2]!, e = d[c3]!;
    if ((a | b | c | e) < 0) return false;
    const v = (a << 18) | (b << 12) | (c << 6) | e;
    out[o] = v >> 16;
    out[o + 1] = (v >> 8) & 255;
    out[o + 2] = v & 255;
    o += 3;
  }
  let v = 0;
  for (let i = full; i < body; i++) {
    const ch = text.charCodeAt(i);
    const x = ch > 127 ? -1 : d[ch]!;
    if (x < 0) return false;
    v = (v << 6) | x;
  }
  // The 2 or 3 characters left hold 1 or 2 bytes (their spare low bits are ignored, as Node does).
  if (body - full === 2) out[o] = v >> 4;
  else if (body - full === 3) {
    out[o] = v >> 10;
    out[o + 1] = (v >> 2) & 255;
  }
  return true;
}

type BufferLike = { from(text: string, encoding: 'base64'): Uint8Array };

/**
 * Standard base64 with padding to a multiple of 4 characters, as any writer makes it; null
 * when the text is not that. Node's Buffer decodes natively (several times faster on large
 * models) but skips characters it does not know, so its output length is checked: any such
 * character makes it shorter. The plain decoder (browsers, workers) accepts the same texts.
 */
export function base64Decode(text: string, native = true): Uint8Array | null {
  const n = text.length;
  if ((n & 3) !== 0) return null;
  const pad = n === 0 ? 0 : text.charCodeAt(n - 1) !== 61 ? 0 : text.charCodeAt(n - 2) !== 61 ? 1 : 2;
  const size = (n >> 2) * 3 - pad;
  const B = native ? (globalThis as { Buffer?: BufferLike }).Buffer : undefined;
  if (B) {
    const buf = B.from(text, 'base64');
    return buf.length === size ? buf : null;
  }
  const out = new Uint8Array(size);
  return decodeInto(text, n - pad, out) ? out : null;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Copies bytes into a fresh aligned buffer (the decoded text may sit anywhere in a shared pool). */
function aligned(bytes: Uint8Array): ArrayBuffer {
  const buf = new ArrayBuffer(bytes.length);
  new Uint8Array(buf).set(bytes);
  return buf;
}

/** Little-endian float32 values; null when the byte count is not a multiple of 4. */
export function float32Values(bytes: Uint8Array): Float32Array | null {
  if (bytes.length % 4 !== 0) return null;
  if (LITTLE_ENDIAN) return new Float32Array(aligned(bytes));
  const out = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/**
 * Little-endian unsigned integers of `width` bytes (1, 2 or 4), widened to 32 bits by the typed
 * array constructors (native: no per-value JavaScript, which matters in a fresh process); null
 * when the byte count is not a multiple of the width.
 */
export function fixedValues(bytes: Uint8Array, width: 1 | 2 | 4): Uint32Array | null {
  if (bytes.length % width !== 0) return null;
  if (width === 1) return new Uint32Array(bytes);
  if (LITTLE_ENDIAN) return width === 4 ? new Uint32Array(aligned(bytes)) : new Uint32Array(new Uint16Array(aligned(bytes)));
  const out = new Uint32Array(bytes.length / width);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < out.length; i++) out[i] = width === 4 ? view.getUint32(4 * i, true) : view.getUint16(2 * i, true);
  return out;
}

/**
 * Number of unsigned LEB128 values in `bytes` (bytes without the continuation bit end one).
 * Counted four bytes at a time where the bytes are aligned: packed fields run to megabytes.
 */
export function ulebCount(bytes: Uint8Array): number {
  let n = 0, i = 0;
  const head = Math.min(bytes.length, (4 - (bytes.byteOffset & 3)) & 3);
  for (; i < head; i++) if (bytes[i]! < 128) n++;
  const words = (bytes.length - i) >> 2;
  if (words > 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      // One bit per byte without the continuation bit, summed into the top byte.
      n += Math.imul((~w[k]! & 0x80808080) >>> 7, 0x01010101) >>> 24;
    }
    i += words * 4;
  }
  for (; i < bytes.length; i++) if (bytes[i]! < 128) n++;
  return n;
}

/**
 * Decodes `count` (= ulebCount) unsigned LEB128 values of at most 32 bits. Returns the values,
 * or an error text naming the entry: a value over 5 bytes or 2^32 - 1, or a last value cut off.
 */
export function ulebValues(bytes: Uint8Array, count: number): Uint32Array | { entry: number; what: string } {
  const out = new Uint32Array(count);
  // Every value one byte (features, flags, most counts): a native widening copy.
  if (count === bytes.length) {
    out.set(bytes);
    return out;
  }
  let k = 0, v = 0, shift = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (shift === 28 && b > 0x0f) return { entry: k, what: 'exceeds 2^32 - 1 (more than 32 bits of LEB128)' };
    v |= (b & 127) << shift;
    if (b < 128) {
      out[k++] = v;
      v = 0;
      shift = 0;
    } else {
      shift += 7;
    }
  }
  if (shift !== 0) return { entry: k, what: 'is cut off (the last byte has the continuation bit set)' };
  return out;
}

/** Set bits per byte value. */
let popTable: Uint8Array | null = null;

/** Number of set bits among the bytes. */
export function countBits(bytes: Uint8Array): number {
  const t = popTable ??= Uint8Array.from({ length: 256 }, (_, b) => {
    let c = 0;
    for (let x = b; x; x &= x - 1) c++;
    return c;
  });
  let n = 0;
  for (let i = 0; i < bytes.length; i++) n += t[bytes[i]!]!;
  return n;
}
