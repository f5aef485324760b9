/**
 * Plain-TypeScript twin of assembly/binning.ts sortF32 (tests only): sorts NaN-free float32
 * values ascending in place, in the order Float32Array.prototype.sort gives (-0 before +0), by
 * an LSD radix sort on order-preserving integer keys in three 11-bit digits, all counted in the
 * pass that makes the keys.
 */

const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;
const DIGITS = 3;

export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  if (n < 2) return values;
  const keys = new Uint32Array(values.buffer, values.byteOffset, n);
  const count = new Int32Array(DIGITS * BUCKETS);
  // Negative floats: every bit flipped (larger magnitude sorts first); others: sign bit set.
  for (let i = 0; i < n; i++) {
    const r = keys[i]!;
    const k = r & 0x80000000 ? ~r : r | 0x80000000;
    keys[i] = k;
    count[k & MASK]++;
    count[BUCKETS + ((k >>> BITS) & MASK)]++;
    count[2 * BUCKETS + (k >>> (2 * BITS))]++;
  }
  let src: Uint32Array = keys;
  let dst: Uint32Array = new Uint32Array(n);
  for (let d = 0; d < DIGITS; d++) {
    const shift = d * BITS, base = d * BUCKETS;
    let trivial = false; // every key in one bucket: this digit changes nothing
    let at = 0;
    for (let b = base; b < base + BUCKETS; b++) {
      const c = count[b]!;
      if (c === n) trivial = true;
      count[b] = at;
      at += c;
    }
    if (trivial) continue;
    for (let i = 0; i < n; i++) { const k = src[i]!; dst[count[base + ((k >>> shift) & MASK)]!++] = k; }
    const t = src; src = dst; dst = t;
  }
  if (src !== keys) keys.set(src);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    keys[i] = k & 0x80000000 ? k & 0x7fffffff : ~k;
  }
  return values;
}
