/**
 * Test helpers for model-file text: version-1 files as thicket 0.1 wrote them (every node field a
 * JSON array), and reading / rewriting the packed fields of version-2 files to corrupt them.
 */
import { float32Text, prettyJson, RawJson } from '../../src/model/json-writer.js';
import { modelDoc } from '../../src/model/model-file.js';
import type { Model, TreeArrays } from '../../src/model/model.js';

const ints = (a: ArrayLike<number>) => new RawJson(`[${Array.from(a).join(',')}]`);
const floats = (a: ArrayLike<number>) => new RawJson(`[${Array.from(a, float32Text).join(',')}]`);

/** The version-1 text of a model (node arrays in full, internal-node values included). */
export function modelToJsonV1(model: Model): string {
  const t = model.trees;
  const trees = {
    treeRoot: ints(t.treeRoot), treeGroup: ints(t.treeGroup), feature: ints(t.feature), threshold: floats(t.threshold),
    left: ints(t.left), right: ints(t.right), flags: ints(t.flags), catOffset: ints(t.catOffset), catLen: ints(t.catLen),
    catWords: ints(t.catWords), value: floats(t.value), gain: floats(t.gain), cover: floats(t.cover),
  };
  return prettyJson({ ...modelDoc(model), version: 1, trees }) + '\n';
}

export type Encoding = 'bits' | 'u8' | 'u16le' | 'u32le' | 'uleb128' | 'f32le';

/** Typed array of each fixed-width encoding. */
const FIXED = { u8: Uint8Array, u16le: Uint16Array, u32le: Uint32Array, f32le: Float32Array };

/** The values of a packed field ("bits": one 0/1 per bit, else the integers or float32 values). */
export function decodeField(text: string): { enc: Encoding; values: number[] } {
  const [enc, b64] = text.split(':') as [Encoding, string];
  const bytes = Buffer.from(b64, 'base64');
  if (enc === 'bits') return { enc, values: Array.from({ length: bytes.length * 8 }, (_, i) => (bytes[i >> 3]! >> (i & 7)) & 1) };
  if (enc !== 'uleb128') return { enc, values: Array.from(new FIXED[enc](new Uint8Array(bytes).buffer)) };
  const values: number[] = [];
  let v = 0, shift = 0;
  for (const b of bytes) {
    v += (b & 127) * 2 ** shift;
    if (b < 128) {
      values.push(v);
      v = 0;
      shift = 0;
    } else {
      shift += 7;
    }
  }
  return { enc, values };
}

/** A packed field's text from values (integers must be >= 0; uleb128 takes more than 32 bits, to test rejection). */
export function encodeField(enc: Encoding, values: number[]): string {
  let bytes: number[] = [];
  if (enc === 'bits') {
    bytes = new Array<number>(Math.ceil(values.length / 8)).fill(0);
    values.forEach((x, i) => { if (x) bytes[i >> 3]! |= 1 << (i & 7); });
  } else if (enc !== 'uleb128') {
    bytes = Array.from(new Uint8Array(FIXED[enc].from(values).buffer));
  } else {
    for (let v of values) {
      while (v >= 128) {
        bytes.push((v % 128) | 128);
        v = Math.floor(v / 128);
      }
      bytes.push(v);
    }
  }
  return `${enc}:${Buffer.from(bytes).toString('base64')}`;
}

/** Largest value of each fixed-width integer encoding. */
const MAX: Partial<Record<Encoding, number>> = { u8: 0xff, u16le: 0xffff, u32le: 0xffffffff };

/** Rewrites one packed field of a parsed version-2 document (in LEB128 when an edited value no longer fits the field's width). */
export function editField(doc: object, field: string, edit: (values: number[]) => void): void {
  const trees = (doc as { trees: Record<string, unknown> }).trees;
  const { enc, values } = decodeField(trees[field] as string);
  edit(values);
  const fits = !(enc in MAX) || values.every((v) => v <= MAX[enc]!);
  trees[field] = encodeField(fits ? enc : 'uleb128', values);
}

/**
 * The trees as a version-2 file gives them back: what prediction reads kept, the rest canonical
 * (leaf split fields -1 / 0, no bitset fields on numeric splits, no threshold on categorical ones,
 * internal-node values 0, leaf gains 0; without stats no gains or covers).
 */
export function asStored(t: TreeArrays, valueWidth = 1, stats = true): TreeArrays {
  const out = {
    ...t, feature: t.feature.slice(), threshold: t.threshold.slice(), flags: t.flags.slice(), catOffset: t.catOffset.slice(),
    catLen: t.catLen.slice(), value: t.value.slice(), gain: stats ? t.gain.slice() : new Float32Array(0), cover: stats ? t.cover : new Float32Array(0),
  };
  for (let i = 0; i < t.left.length; i++) {
    const leaf = t.left[i] === -1, cat = !leaf && (t.flags[i]! & 2) !== 0;
    if (leaf) {
      out.feature[i] = -1;
      out.flags[i] = 0;
      if (stats) out.gain[i] = 0;
    } else {
      out.value.fill(0, i * valueWidth, (i + 1) * valueWidth);
    }
    if (leaf || cat) out.threshold[i] = 0;
    if (!cat) out.catOffset[i] = out.catLen[i] = 0;
  }
  return out;
}
