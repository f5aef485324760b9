/**
 * The model file checksum (no Node built-ins: the serverless runtime checks it too).
 *
 * The writer ends every thicket model file (single and AutoML) with one more top-level field,
 * `"checksum": "crc32:<8 hex digits>"`, the CRC-32 (IEEE, as zlib) of the file's UTF-8 bytes
 * before the comma that precedes that field: the whole payload. Loading validates the document
 * first (a damaged field is reported by name), then recomputes the CRC over the same bytes: a
 * mismatch is an error saying the file changed after it was written. Files without the field
 * (older files, hand-written ones) load as before; a document given already parsed cannot be
 * checked (its text is gone).
 */
import { modelError } from '../errors.js';

export const CHECKSUM_FIELD = 'checksum';
const PREFIX = 'crc32:';

let table: Int32Array | undefined;
function crcTable(): Int32Array {
  if (table) return table;
  table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}

/** Running CRC-32 state: start with crc32Start(), feed text or bytes, read crc32Final(). */
export const crc32Start = (): number => -1;
export const crc32Final = (state: number): number => (state ^ -1) >>> 0;

/** Feeds bytes[from, to). */
export function crc32Bytes(state: number, bytes: Uint8Array, from = 0, to = bytes.length): number {
  const t = crcTable();
  let c = state;
  for (let i = from; i < to; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/** Feeds the UTF-8 bytes of text[from, to) (lone surrogates as U+FFFD, as TextEncoder does). */
export function crc32Text(state: number, text: string, from = 0, to = text.length): number {
  const t = crcTable();
  let c = state;
  const put = (b: number) => { c = t[(c ^ b) & 0xff]! ^ (c >>> 8); };
  for (let i = from; i < to; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) { c = t[(c ^ cp) & 0xff]! ^ (c >>> 8); continue; }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = i + 1 < to ? text.charCodeAt(i + 1) : 0;
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00); i++; }
      else cp = 0xfffd;
    }
    if (cp < 0x800) { put(0xc0 | (cp >> 6)); put(0x80 | (cp & 63)); }
    else if (cp < 0x10000) { put(0xe0 | (cp >> 12)); put(0x80 | ((cp >> 6) & 63)); put(0x80 | (cp & 63)); }
    else { put(0xf0 | (cp >> 18)); put(0x80 | ((cp >> 12) & 63)); put(0x80 | ((cp >> 6) & 63)); put(0x80 | (cp & 63)); }
  }
  return c;
}

const hex8 = (x: number): string => x.toString(16).padStart(8, '0');

/**
 * The pieces of a JSON object's text, sealed: the closing brace (and whitespace) of the last
 * piece is replaced by `,\n  "checksum": "crc32:…"\n}\n`, the CRC of everything before the comma.
 */
export function* sealChunks(chunks: Iterable<string>): Generator<string> {
  let state = crc32Start();
  let pending = '';
  for (const c of chunks) {
    if (pending !== '' && c.trim() !== '') {
      state = crc32Text(state, pending);
      yield pending;
      pending = c;
    } else {
      pending += c;
    }
  }
  const tail = pending.trimEnd();
  if (!tail.endsWith('}')) throw new Error('sealChunks: the text does not end with an object');
  const body = tail.slice(0, -1).trimEnd();
  state = crc32Text(state, body);
  yield `${body},\n  "${CHECKSUM_FIELD}": "${PREFIX}${hex8(crc32Final(state))}"\n}\n`;
}

/** The trailing checksum field: /,\s*"checksum"\s*:\s*"crc32:xxxxxxxx"\s*}\s*$/ over the last bytes. */
const TRAILER = /,\s*"checksum"\s*:\s*"(crc32:[0-9a-f]{8})"\s*\}\s*$/;

/** What a loaded model file said about its checksum. */
export interface ChecksumInfo {
  /** "crc32:xxxxxxxx", or undefined when the file has none. */
  value?: string;
  /** True when recomputed and equal (false: no text to check, e.g. a parsed document). */
  verified: boolean;
}

/**
 * Checks the checksum of a validated model document against the text or bytes it was parsed
 * from; throws a ThicketError naming `source` on a mismatch or a malformed field. `input`
 * undefined: the document was given already parsed (the field is reported, not verified).
 */
export function verifyChecksum(doc: Record<string, unknown>, input: string | Uint8Array | undefined, source: string): ChecksumInfo {
  if (!Object.prototype.hasOwnProperty.call(doc, CHECKSUM_FIELD)) return { verified: false };
  const value = doc[CHECKSUM_FIELD];
  if (typeof value !== 'string' || !/^crc32:[0-9a-f]{8}$/.test(value)) {
    throw modelError(source, `checksum must be "crc32:" and 8 hex digits (found ${JSON.stringify(value)?.slice(0, 40)})`);
  }
  if (input === undefined) return { value, verified: false };
  // The trailer is in the last bytes: read them as ASCII (the field and whitespace are ASCII).
  const n = input.length;
  const from = Math.max(0, n - 256);
  let tail = '';
  for (let i = from; i < n; i++) tail += String.fromCharCode(typeof input === 'string' ? input.charCodeAt(i) : input[i]!);
  const m = TRAILER.exec(tail);
  if (!m) throw modelError(source, 'the checksum field must be the last field of the file (was the file rewritten?)');
  if (m[1] !== value) throw modelError(source, 'has two checksum fields');
  const end = from + m.index;
  const state = typeof input === 'string' ? crc32Text(crc32Start(), input, 0, end) : crc32Bytes(crc32Start(), input, 0, end);
  const actual = `${PREFIX}${hex8(crc32Final(state))}`;
  if (actual !== value) {
    throw modelError(source, `checksum mismatch: the file says ${value} but its contents give ${actual}; the file was damaged or edited after it was written (restore it from a copy, or retrain)`);
  }
  return { value, verified: true };
}
