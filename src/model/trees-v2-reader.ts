/**
 * Reading the `trees` object of a version-2 model file into TreeArrays. Version 2 stores each
 * node field only where it means something, packed as base64 text (see trees-v2-writer.ts):
 *   nodes                 node count
 *   treeRoot, treeGroup   JSON integer arrays, one entry per tree (as in version 1)
 *   leaf       bits       bit i set: node i is a leaf
 *   feature, flags, left  integers, one per internal node; left = left child - node index
 *   right      integers   optional, per internal node (right child - node index); absent: left child + 1
 *   threshold  floats     per numeric split
 *   catLen     integers   per categorical split; catOffset (optional) likewise, absent: each
 *                         bitset follows the previous one in catWords, from word 0
 *   catWords   integers   category bitset words
 *   value      floats     per leaf, valueWidth each
 *   gain       floats     optional, per internal node; cover optional, per node (both or
 *                         neither; absent, TreeArrays gets empty gain and cover arrays)
 * Integers are "u8", "u16le", "u32le" (fixed width, little-endian) or "uleb128" (unsigned LEB128);
 * floats "f32le", or one of the integer encodings when all values are integers >= 0.
 * Fields are decoded and counted first, then one pass over the nodes checks what the version-1
 * validator checks (children later in the same tree, features and bitsets in range, leaf values
 * finite), so a model that loads cannot make a kernel read out of bounds or loop. Messages name
 * the field's entry and the node: `trees.left[3] (node 7) is 9: the child, node 16, must be ...`.
 */
import type { Schema } from '../data/frame.js';
import { FLAG_CATEGORICAL, FLAG_MISSING_LEFT, type TreeArrays } from './model.js';
import { describe, laterNodes, type ModelChecker } from './model-checker.js';
import { base64Decode, countBits, fixedValues, float32Values, ulebCount, ulebValues } from './node-codec.js';

const INTS = ['u8', 'u16le', 'u32le', 'uleb128'] as const;
const FLOATS = ['f32le', ...INTS] as const;
type Encoding = 'bits' | (typeof FLOATS)[number];
const WIDTH = { u8: 1, u16le: 2, u32le: 4 } as const;

/** The decoded bytes of a field written as "<encoding>:<base64>", checking the encoding is one `allowed`. */
function fieldBytes(c: ModelChecker, v: unknown, field: string, allowed: readonly Encoding[]): { enc: Encoding; bytes: Uint8Array } {
  const starts = allowed.map((e) => `"${e}:"`).join(', ');
  if (typeof v !== 'string') c.fail(field, `must be a string: ${starts} followed by base64 (found ${describe(v)})`);
  const colon = v.indexOf(':');
  const enc = v.slice(0, Math.max(colon, 0)) as Encoding;
  if (colon < 0 || !allowed.includes(enc)) c.fail(field, `must start with one of ${starts} (found ${describe(v.slice(0, 12))})`);
  const bytes = base64Decode(colon === 0 ? '' : v.slice(colon + 1));
  if (!bytes) c.fail(field, `is not valid base64 after "${enc}:" (padded to a multiple of 4 characters, no spaces)`);
  return { enc, bytes };
}

/** The integers of an integer-encoded field, exactly `count` of them (any count when undefined); `what` says what one entry is for. */
function intValues(c: ModelChecker, enc: Exclude<Encoding, 'bits' | 'f32le'>, bytes: Uint8Array, field: string, count: number | undefined, what: string): Uint32Array {
  let out: Uint32Array;
  if (enc === 'uleb128') {
    const n = ulebCount(bytes);
    if (count !== undefined && n !== count) c.fail(field, `holds ${n} values but needs ${count} (one per ${what})`);
    const values = ulebValues(bytes, n);
    if (!(values instanceof Uint32Array)) c.fail(`${field}[${values.entry}]`, values.what);
    out = values;
  } else {
    const values = fixedValues(bytes, WIDTH[enc]);
    if (!values) c.fail(field, `holds ${bytes.length} bytes, not a whole number of ${WIDTH[enc]}-byte values`);
    out = values;
  }
  if (count !== undefined && out.length !== count) c.fail(field, `holds ${out.length} values but needs ${count} (one per ${what})`);
  return out;
}

/** An unsigned integer field. */
function uintField(c: ModelChecker, v: unknown, field: string, count: number | undefined, what: string): Uint32Array {
  const { enc, bytes } = fieldBytes(c, v, field, INTS);
  return intValues(c, enc as (typeof INTS)[number], bytes, field, count, what);
}

/** A float32 field: f32le, or an integer encoding for integer values. */
function floatField(c: ModelChecker, v: unknown, field: string, count: number, what: string): Float32Array {
  const { enc, bytes } = fieldBytes(c, v, field, FLOATS);
  if (enc !== 'f32le') return new Float32Array(intValues(c, enc as (typeof INTS)[number], bytes, field, count, what));
  const out = float32Values(bytes);
  if (!out) c.fail(field, `holds ${bytes.length} bytes, not a whole number of float32 values`);
  if (out.length !== count) c.fail(field, `holds ${out.length} values but needs ${count} (one per ${what})`);
  return out;
}

/** A field's entry and its node, for messages (built only on failure: the node loop runs once per node). */
const at = (field: string, entry: number, node: number) => `trees.${field}[${entry}] (node ${node})`;

/** Index of the m-th leaf (for a message). */
function leafNode(leaf: Uint8Array, m: number): number {
  for (let i = 0; i < leaf.length * 8; i++) if ((leaf[i >> 3]! >> (i & 7)) & 1 && m-- === 0) return i;
  return -1;
}

/** The node arrays of a version-2 file, checked; valueWidth: outputs per leaf. */
export function readTreesV2(c: ModelChecker, raw: unknown, schema: Schema, nGroups: number, valueWidth: number): TreeArrays {
  const t = c.object(raw, 'trees');
  const nNodes = c.int(t.nodes, 'trees.nodes', 0, 2 ** 31 - 1);
  const treeRoot = c.intArray(t.treeRoot, 'trees.treeRoot');
  const treeGroup = c.intArray(t.treeGroup, 'trees.treeGroup', 0, nGroups - 1);
  if (treeGroup.length !== treeRoot.length) c.fail('trees.treeGroup', `has ${treeGroup.length} entries but trees.treeRoot has ${treeRoot.length}`);
  c.treeRoots(treeRoot, nNodes);

  // The leaf bitset's length bounds trees.nodes before any array of that size is made.
  const leaf = fieldBytes(c, t.leaf, 'trees.leaf', ['bits']).bytes;
  if (leaf.length !== Math.ceil(nNodes / 8)) c.fail('trees.leaf', `holds ${leaf.length} bytes but trees.nodes (${nNodes}) needs ${Math.ceil(nNodes / 8)}`);
  if (nNodes % 8 !== 0 && leaf[leaf.length - 1]! >> nNodes % 8 !== 0) c.fail('trees.leaf', `sets bits past the last node (${nNodes - 1})`);
  const nLeaves = countBits(leaf);
  const nInternal = nNodes - nLeaves;

  const feature = uintField(c, t.feature, 'trees.feature', nInternal, 'internal node');
  const flags = uintField(c, t.flags, 'trees.flags', nInternal, 'internal node');
  const leftD = uintField(c, t.left, 'trees.left', nInternal, 'internal node');
  const rightD = t.right === undefined ? null : uintField(c, t.right, 'trees.right', nInternal, 'internal node');
  let nCat = 0;
  for (let j = 0; j < nInternal; j++) if (flags[j]! & FLAG_CATEGORICAL) nCat++;
  const thresholds = floatField(c, t.threshold, 'trees.threshold', nInternal - nCat, 'numeric split');
  const catLens = uintField(c, t.catLen, 'trees.catLen', nCat, 'categorical split');
  const catOffsets = t.catOffset === undefined ? null : uintField(c, t.catOffset, 'trees.catOffset', nCat, 'categorical split');
  const catWords = uintField(c, t.catWords, 'trees.catWords', undefined, 'word');
  const leafValues = floatField(c, t.value, 'trees.value', nLeaves * valueWidth, valueWidth > 1 ? `leaf x valueWidth ${valueWidth}` : 'leaf');
  if ((t.gain === undefined) !== (t.cover === undefined)) {
    c.fail(t.gain === undefined ? 'trees.gain' : 'trees.cover', `is missing while trees.${t.gain === undefined ? 'cover' : 'gain'} is present (they come together)`);
  }
  const gains = t.gain === undefined ? null : floatField(c, t.gain, 'trees.gain', nInternal, 'internal node');
  const cover = t.cover === undefined ? new Float32Array(0) : floatField(c, t.cover, 'trees.cover', nNodes, 'node');

  if (leafValues.includes(NaN) || leafValues.includes(Infinity) || leafValues.includes(-Infinity)) {
    const j = leafValues.findIndex((x) => !Number.isFinite(x));
    c.fail(at('value', j, leafNode(leaf, Math.floor(j / valueWidth))), `must be a finite number (found ${leafValues[j]})`);
  }

  // Every split has two children, so each tree has one leaf more than splits: checked before any
  // array of nNodes x valueWidth entries is made (the leaf values then bound its size).
  if (nLeaves !== nInternal + treeRoot.length) {
    c.fail('trees.leaf', `marks ${nLeaves} leaves, but ${nInternal} splits in ${treeRoot.length} trees have ${nInternal + treeRoot.length} (each split has two children)`);
  }

  const fields: Packed = { leaf, feature, flags, leftD, rightD, thresholds, catLens, catOffsets, catWords, leafValues, gains };
  return { treeRoot, treeGroup, ...expandNodes(c, fields, treeRoot, nNodes, schema, valueWidth), catWords, cover };
}

/** The decoded fields of a version-2 file (rightD / catOffsets / gains null when absent). */
interface Packed {
  leaf: Uint8Array;
  feature: Uint32Array;
  flags: Uint32Array;
  leftD: Uint32Array;
  rightD: Uint32Array | null;
  thresholds: Float32Array;
  catLens: Uint32Array;
  catOffsets: Uint32Array | null;
  catWords: Uint32Array;
  leafValues: Float32Array;
  gains: Float32Array | null;
}

type NodeArrays = Omit<TreeArrays, 'treeRoot' | 'treeGroup' | 'catWords' | 'cover'>;

/**
 * The full per-node arrays (leaf split fields -1 / 0, internal values 0), checking every split on
 * the way. One flat loop over the nodes (the tree changes at its root): this runs once per node,
 * and V8 keeps a flat loop optimized where a loop nested in a per-tree loop lost its optimized
 * code at the end of the first tree and ran the other trees several times slower.
 */
function expandNodes(c: ModelChecker, p: Packed, treeRoot: Int32Array, nNodes: number, schema: Schema, W: number): NodeArrays {
  const feature = new Int32Array(nNodes).fill(-1), threshold = new Float32Array(nNodes);
  const left = new Int32Array(nNodes).fill(-1), right = new Int32Array(nNodes).fill(-1);
  const flags = new Int32Array(nNodes), catOffset = new Int32Array(nNodes), catLen = new Int32Array(nNodes);
  const value = new Float32Array(nNodes * W), gain = new Float32Array(p.gains ? nNodes : 0);
  const { leaf, leftD, rightD, thresholds, catLens, catOffsets, leafValues, gains } = p;
  const fs = p.feature, fls = p.flags;
  const nTrees = treeRoot.length, nWords = p.catWords.length;
  const isCat = Uint8Array.from(schema.features, (f) => (f.kind === 'categorical' ? 1 : 0));
  const nFeatures = isCat.length;
  // k: tree, end: its end; j: internal node, q: categorical split, s: numeric split, m: leaf; nextWord: where the next implied bitset starts.
  let k = 0, end = nTrees > 1 ? treeRoot[1]! : nNodes;
  let j = 0, q = 0, s = 0, m = 0, nextWord = 0;
  for (let i = 0; i < nNodes; i++) {
    if (i === end) end = ++k + 1 < nTrees ? treeRoot[k + 1]! : nNodes;
    if ((leaf[i >> 3]! >> (i & 7)) & 1) {
      if (W === 1) value[i] = leafValues[m]!;
      else value.set(leafValues.subarray(m * W, (m + 1) * W), i * W);
      m++;
      continue;
    }
    const f = fs[j]!;
    if (f >= nFeatures) c.fail(at('feature', j, i), `is ${f}, outside [0, ${nFeatures}) (the schema has ${nFeatures} features)`);
    const l = i + leftD[j]!;
    if (l <= i || l >= end) c.fail(at('left', j, i), `is ${leftD[j]}: the child, node ${l}, must be ${laterNodes(k, i, end)}`);
    const r = rightD ? i + rightD[j]! : l + 1;
    if (rightD && (r <= i || r >= end)) c.fail(at('right', j, i), `is ${rightD[j]}: the child, node ${r}, must be ${laterNodes(k, i, end)}`);
    if (r >= end) c.fail(at('left', j, i), `is ${leftD[j]}: the right child, node ${r} (after the left one: trees.right is absent), must be ${laterNodes(k, i, end)}`);
    const fl = fls[j]!;
    if (fl > (FLAG_MISSING_LEFT | FLAG_CATEGORICAL)) c.fail(at('flags', j, i), `is ${fl}; only bits 1 (missing left) and 2 (categorical) are defined`);
    feature[i] = f;
    left[i] = l;
    right[i] = r;
    flags[i] = fl;
    if (gains) gain[i] = gains[j]!;
    if (fl & FLAG_CATEGORICAL) {
      if (isCat[f] === 0) c.fail(at('flags', j, i), `marks a categorical split on numeric feature ${f} ('${schema.features[f]!.name}')`);
      const off = catOffsets ? catOffsets[q]! : nextWord;
      const len = catLens[q]!;
      if (off + len > nWords) c.fail(at(catOffsets ? 'catOffset' : 'catLen', q, i), `gives bitset words ${off}..${off + len - 1}, past the ${nWords} words of trees.catWords`);
      catOffset[i] = off;
      catLen[i] = len;
      nextWord = off + len;
      q++;
    } else {
      const x = thresholds[s]!;
      if (x !== x) c.fail(at('threshold', s, i), 'is NaN; a numeric split needs a threshold');
      threshold[i] = x;
      s++;
    }
    j++;
  }
  if (!catOffsets && nextWord !== nWords) c.fail('trees.catWords', `holds ${nWords} words but the categorical splits use ${nextWord} (trees.catLen)`);
  return { feature, threshold, left, right, flags, catOffset, catLen, value, gain };
}
