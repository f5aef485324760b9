/**
 * Byte decoding the runtime needs without relying on Web APIs: a bare JavaScript context (a
 * Node `vm` context, some embedded engines) has WebAssembly but neither atob nor TextDecoder.
 */
import { base64Decode } from '../model/node-codec.js';

/** Decodes standard base64 (padded); throws on anything else. */
export function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes = base64Decode(text);
  if (!bytes) throw new Error('invalid base64 text');
  return bytes as Uint8Array<ArrayBuffer>;
}

/** UTF-8 bytes to text: TextDecoder where there is one, else a plain decoder (invalid sequences become U+FFFD). */
export function utf8Text(bytes: Uint8Array): string {
  const TD = (globalThis as { TextDecoder?: new () => { decode(b: Uint8Array): string } }).TextDecoder;
  if (TD) return new TD().decode(bytes);
  const parts: string[] = [];
  let codes: number[] = [];
  const n = bytes.length;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < n) {
    const b = bytes[i]!;
    let cp = 0xfffd, len = 1;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b < 0xe0) len = 2;
    else if (b >= 0xe0 && b < 0xf0) len = 3;
    else if (b >= 0xf0 && b < 0xf5) len = 4;
    if (len > 1) {
      let v = b & (0xff >> (len + 1));
      let ok = i + len <= n;
      for (let k = 1; ok && k < len; k++) {
        const c = bytes[i + k]!;
        if ((c & 0xc0) !== 0x80) ok = false;
        else v = (v << 6) | (c & 0x3f);
      }
      const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
      if (ok && v >= min && v <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff)) cp = v;
      else len = 1;
    }
    i += len;
    if (cp > 0xffff) {
      cp -= 0x10000;
      codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      codes.push(cp);
    }
    if (codes.length >= 8192) {
      parts.push(String.fromCharCode(...codes));
      codes = [];
    }
  }
  parts.push(String.fromCharCode(...codes));
  return parts.join('');
}
