/**
 * The `trees` object of a version-2 model file (layout in trees-v2-reader.ts): each node field
 * only where prediction reads it (split fields at internal nodes, thresholds at numeric splits,
 * bitset fields at categorical ones, values at leaves), children as offsets from their parent,
 * packed as base64 of little-endian integers (fixed width or LEB128) or float32. Node numbering is kept,
 * so a model loads back with the same arrays, except what is not stored: internal-node values
 * (0) and, with stats off, gain and cover.
 */
import { FLAG_CATEGORICAL, hasStats, type TreeArrays } from './model.js';

/** base64 of bytes (model files are written by Node; Buffer's encoder is native). */
function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Bytes of a uint32 value in unsigned LEB128 (7 bits a byte, low first; a byte < 128 ends a value). */
const ulebSize = (v: number) => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

function ulebBytes(values: ArrayLike<number>, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i]! >>> 0;
    while (v >= 0x80) {
      out[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[o++] = v;
  }
  return out;
}

/**
 * The text of uint32 values: the narrowest fixed width that holds them (u8, u16le, u32le), or
 * LEB128 when that saves a quarter or more. Fixed widths decode natively; LEB128 decodes in a
 * JavaScript loop, slow in a fresh process until V8 optimizes it (a cold start on a small
 * model), cheap on large models, where it is the one that saves (bitset words, child offsets
 * and row counts of deep forests).
 */
function ints(values: ArrayLike<number>): string {
  let max = 0, leb = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! >>> 0;
    if (v > max) max = v;
    leb += ulebSize(v);
  }
  const width = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
  if (leb <= 0.75 * width * values.length) return `uleb128:${base64(ulebBytes(values, leb))}`;
  const fixed = width === 1 ? Uint8Array.from(values) : width === 2 ? Uint16Array.from(values) : Uint32Array.from(values);
  return `${width === 1 ? 'u8' : width === 2 ? 'u16le' : 'u32le'}:${base64(new Uint8Array(fixed.buffer))}`;
}

/** A float32 field: as integers when every value is one in [0, 2^32) (row counts, most covers) and that is shorter, else f32le. */
function floats(values: Float32Array): string {
  let asInts = true;
  for (let i = 0; i < values.length && asInts; i++) {
    const v = values[i]!;
    asInts = Number.isInteger(v) && v >= 0 && v < 2 ** 32 && !Object.is(v, -0);
  }
  const text = asInts ? ints(values) : '';
  // base64 of f32le: 4 bytes a value, 4 characters per 3 bytes.
  if (asInts && text.length - text.indexOf(':') - 1 < Math.ceil((4 * values.length) / 3) * 4) return text;
  return `f32le:${base64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))}`;
}

/**
 * The version-2 `trees` object of `t` (valueWidth outputs per leaf). stats: keep gain (per
 * internal node) and cover (per node) when the model has them; prediction needs neither.
 */
export function treesV2(t: TreeArrays, valueWidth: number, stats: boolean): Record<string, unknown> {
  const nNodes = t.left.length, W = valueWidth;
  let nLeaves = 0, nCat = 0;
  for (let i = 0; i < nNodes; i++) {
    if (t.left[i] === -1) nLeaves++;
    else if (t.flags[i]! & FLAG_CATEGORICAL) nCat++;
  }
  const nInternal = nNodes - nLeaves;
  const leaf = new Uint8Array(Math.ceil(nNodes / 8));
  const feature = new Uint32Array(nInternal), flags = new Uint32Array(nInternal);
  const left = new Uint32Array(nInternal), right = new Uint32Array(nInternal);
  const threshold = new Float32Array(nInternal - nCat);
  const catOffset = new Uint32Array(nCat), catLen = new Uint32Array(nCat);
  const value = new Float32Array(nLeaves * W);
  const gain = stats && hasStats(t) ? new Float32Array(nInternal) : null;
  // Whether every right child follows its left one, and every bitset the previous one (then neither is written).
  let pairs = true, packedWords = true, nextWord = 0;
  let j = 0, q = 0, s = 0, m = 0;
  for (let i = 0; i < nNodes; i++) {
    if (t.left[i] === -1) {
      leaf[i >> 3] |= 1 << (i & 7);
      if (W === 1) value[m] = t.value[i]!;
      else value.set(t.value.subarray(i * W, (i + 1) * W), m * W);
      m++;
      continue;
    }
    // Children before their parent (invalid) wrap to large offsets, which the validator rejects.
    feature[j] = t.feature[i]!;
    flags[j] = t.flags[i]!;
    left[j] = t.left[i]! - i;
    right[j] = t.right[i]! - i;
    pairs &&= t.right[i] === t.left[i]! + 1;
    if (gain) gain[j] = t.gain[i]!;
    if (t.flags[i]! & FLAG_CATEGORICAL) {
      catOffset[q] = t.catOffset[i]!;
      catLen[q] = t.catLen[i]!;
      packedWords &&= t.catOffset[i] === nextWord;
      nextWord = t.catOffset[i]! + t.catLen[i]!;
      q++;
    } else {
      threshold[s++] = t.threshold[i]!;
    }
    j++;
  }
  packedWords &&= nextWord === t.catWords.length;
  return {
    nodes: nNodes,
    treeRoot: Array.from(t.treeRoot),
    treeGroup: Array.from(t.treeGroup),
    leaf: `bits:${base64(leaf)}`,
    feature: ints(feature),
    flags: ints(flags),
    left: ints(left),
    right: pairs ? undefined : ints(right),
    threshold: floats(threshold),
    catLen: ints(catLen),
    catOffset: packedWords ? undefined : ints(catOffset),
    catWords: ints(t.catWords),
    value: floats(value),
    gain: gain ? floats(gain) : undefined,
    cover: gain ? floats(t.cover) : undefined,
  };
}
