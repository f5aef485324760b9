/**
 * Sorts NaN-free float32 values ascending in place, in the order Float32Array.prototype.sort
 * gives (-0 before +0), by an LSD radix sort on order-preserving integer keys: cut points sort
 * 28 samples of 200k values per dataset, where the built-in sort was the bulk of the binning
 * setup.
 */
const BITS = 8;
const BUCKETS = 1 << BITS;

export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  if (n < 2) return values;
  const keys = new Uint32Array(values.buffer, values.byteOffset, n);
  // Negative floats: every bit flipped (larger magnitude sorts first); others: sign bit set.
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    keys[i] = k & 0x80000000 ? ~k : k | 0x80000000;
  }
  let src: Uint32Array = keys;
  let dst: Uint32Array = new Uint32Array(n);
  const count = new Int32Array(BUCKETS);
  for (let shift = 0; shift < 32; shift += BITS) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i]! >>> shift) & (BUCKETS - 1)]++;
    if (count.some((c) => c === n)) continue; // every key in one bucket: this digit changes nothing
    let at = 0;
    for (let b = 0; b < BUCKETS; b++) { const c = count[b]!; count[b] = at; at += c; }
    for (let i = 0; i < n; i++) { const k = src[i]!; dst[count[(k >>> shift) & (BUCKETS - 1)]++] = k; }
    const t = src; src = dst; dst = t;
  }
  if (src !== keys) keys.set(src);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    keys[i] = k & 0x80000000 ? k & 0x7fffffff : ~k;
  }
  return values;
}
