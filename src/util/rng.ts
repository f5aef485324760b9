/** A small seeded random generator (xorshift128+ style on 32-bit halves) for reproducible sampling. */

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 expands one seed into four non-zero state words.
    let s = (seed >>> 0) ^ 0x9e3779b9;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next() || 1; this.b = next(); this.c = next(); this.d = next();
  }

  /** Uniform 32-bit unsigned integer (sfc32). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** k distinct indices of [0, n) in increasing order (partial Fisher-Yates on a copy). */
  sampleSorted(n: number, k: number): Uint32Array {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = all[i]; all[i] = all[j]; all[j] = t;
    }
    return all.slice(0, k).sort();
  }

  /** k distinct integers of [0, n) in increasing order. */
  sampleSortedInt32(n: number, k: number): Int32Array {
    return Int32Array.from(this.sampleSorted(n, k));
  }
}
