// The scratch layout shared by the forest subtree kernel's parts: a context block of offsets
// (kernels keep no module-level state), the work areas, and small helpers.

// Context block at the start of the scratch: offsets of the work areas and the scanned
// feature's candidate (kernels keep no module-level state; every instance shares the memory).
export const C_LB: usize = 0; // u8 n x nCols: the subtree's rows' bins, local row order
export const C_LGH: usize = 4; // f32 pairs n: channel-0 (gradient, hessian); the hessian is the row weight
export const C_GRPLEFT: usize = 8; // u8 256: group on the left of the cut (categorical bitset)
export const C_LY: usize = 12; // i32 n: class index (valueWidth > 1)
export const C_IDX: usize = 16; // u32 n: local rows, partitioned into node segments
export const C_TMP: usize = 20; // u32 n: partition scratch
export const C_STACK: usize = 24; // (n + 1) x 4 i32: node, begin, end, depth
export const C_MAP: usize = 28; // i32 256: bin -> group (-1: none)
export const C_GRPB: usize = 32; // i32 256: group bin
export const C_GRPH: usize = 36; // f64 256: group hessian sum
export const C_GRPG: usize = 40; // f64 256 x valueWidth: group gradient sums (valueWidth == 1: (G, H) pairs while grouping)
export const C_GRPKEY: usize = 44; // f64 256: G / H (categorical order)
export const C_GRPORD: usize = 48; // i32 256: groups in scan order
export const C_PERM: usize = 52; // i32 nFeatures: feature draw order
export const C_GL: usize = 56; // f64 valueWidth: left prefix sums
export const C_GM: usize = 60; // f64 valueWidth: missing-bin sums
export const C_GL2: usize = 64; // f64 valueWidth: left sums with missing
export const C_CANDG: usize = 68; // f64 valueWidth: the feature's best left sums
export const C_BESTG: usize = 72; // f64 valueWidth: the node's best left sums
export const C_CANDBITS: usize = 76; // u32 8
export const C_BESTBITS: usize = 80; // u32 8
export const C_RNG: usize = 88; // u64
export const C_CAND_CUT: usize = 96; // i32: scan position (exact) or bin (random) of the feature's best cut
export const C_CAND_DL: usize = 100; // i32
export const C_CAND_HL: usize = 104; // f64
export const C_CAND_NG: usize = 112; // i32: value groups of the scanned feature (< 2: constant in the node)
export const C_CONST: usize = 116; // u32 (n + 1) x maskWords: per stack entry, features known constant
export const C_CAND_NEXT: usize = 120; // i32: first non-empty bin right of the feature's best cut (-1: categorical by key)
export const C_DENSE: usize = 124; // f64x2 2 x 256: one-channel (G, H) per bin, two banks (dense grouping)
export const C_BYTES: usize = 128;

@inline
export function a16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/** Lays out the work areas after the context block; returns the end offset. */
export function layout(ctx: usize, n: i32, nCols: i32, valueWidth: i32, nFeatures: i32): usize {
  const nn = <usize>n, vw = <usize>valueWidth;
  let p = a16(ctx + C_BYTES);
  store<u32>(ctx + C_LB, <u32>p); p = a16(p + nn * <usize>nCols + 16);
  store<u32>(ctx + C_LGH, <u32>p); p = a16(p + nn * 8);
  store<u32>(ctx + C_GRPLEFT, <u32>p); p = a16(p + 256);
  store<u32>(ctx + C_LY, <u32>p); p = a16(p + nn * 4);
  store<u32>(ctx + C_IDX, <u32>p); p = a16(p + nn * 4);
  store<u32>(ctx + C_TMP, <u32>p); p = a16(p + nn * 4);
  store<u32>(ctx + C_STACK, <u32>p); p = a16(p + (nn + 1) * 16);
  store<u32>(ctx + C_MAP, <u32>p); p = a16(p + 256 * 4);
  store<u32>(ctx + C_GRPB, <u32>p); p = a16(p + 256 * 4);
  store<u32>(ctx + C_GRPH, <u32>p); p = a16(p + 256 * 8);
  store<u32>(ctx + C_GRPG, <u32>p); p = a16(p + 256 * 8 * (vw > 1 ? vw : 2));
  store<u32>(ctx + C_GRPKEY, <u32>p); p = a16(p + 256 * 8);
  store<u32>(ctx + C_GRPORD, <u32>p); p = a16(p + 256 * 4);
  store<u32>(ctx + C_PERM, <u32>p); p = a16(p + <usize>nFeatures * 4);
  store<u32>(ctx + C_GL, <u32>p); p = a16(p + vw * 8);
  store<u32>(ctx + C_GM, <u32>p); p = a16(p + vw * 8);
  store<u32>(ctx + C_GL2, <u32>p); p = a16(p + vw * 8);
  store<u32>(ctx + C_CANDG, <u32>p); p = a16(p + vw * 8);
  store<u32>(ctx + C_BESTG, <u32>p); p = a16(p + vw * 8);
  store<u32>(ctx + C_CANDBITS, <u32>p); p = a16(p + 32);
  store<u32>(ctx + C_BESTBITS, <u32>p); p = a16(p + 32);
  store<u32>(ctx + C_CONST, <u32>p); p = a16(p + (nn + 2) * <usize>maskWords(nFeatures) * 4);
  store<u32>(ctx + C_DENSE, <u32>p); p = a16(p + 2 * 256 * 16);
  return p;
}


/** u32 words of a per-node bitmask over the features. */
@inline
export function maskWords(nFeatures: i32): i32 {
  return (nFeatures + 31) >> 5;
}

/** Copies n f64 (small n: a loop beats memory.copy, which V8 runs as a call). */
@inline
export function copyF64(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<f64>(dst + (i << 3), load<f64>(src + (i << 3)));
}

@inline
export function copyU32(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<u32>(dst + (i << 2), load<u32>(src + (i << 2)));
}

@inline
export function ptr(ctx: usize, slot: usize): usize {
  return <usize>load<u32>(ctx + slot);
}

// splitmix64 on a u64 kept in the context block.
@inline
export function rngNext(st: usize): u64 {
  let z = load<u64>(st) + 0x9E3779B97F4A7C15;
  store<u64>(st, z);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

@inline
export function rngUnit(st: usize): f64 {
  return <f64>(rngNext(st) >> 11) * 1.1102230246251565e-16;
}

@inline
export function rngInt(st: usize, n: i32): i32 {
  return <i32>(((rngNext(st) >> 32) * <u64>n) >> 32);
}
