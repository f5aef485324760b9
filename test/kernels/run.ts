/** Calls the WASM kernels on plain typed arrays: copies inputs into the arena, copies outputs back, frees. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../src/wasm/load.js';
import type { Exports } from '../../src/runtime/kernel.js';
import {
  CAT_WORDS, FEATURE_HIST_BYTES, PARAM_ALPHA, PARAM_BYTES, PARAM_LAMBDA, PARAM_MAX_CAT_ONEHOT, PARAM_MAX_CAT_THRESHOLD,
  PARAM_MAX_DELTA_STEP, PARAM_MIN_CHILD_WEIGHT, SPLIT_BIN, SPLIT_BYTES, SPLIT_CAT_BITS, SPLIT_DEFAULT_LEFT, SPLIT_GAIN,
  SPLIT_IS_CAT, SPLIT_LEFT_G, SPLIT_LEFT_H,
} from '../../src/wasm/layout.js';
import type { SplitParams } from '../../src/reference/split.js';
import type { PackedForest, PredictTrees } from '../../src/reference/predict.js';
import { toRowMajor } from '../../src/reference/histogram.js';
import { MAX_VALUE_BINS } from '../../src/binning/bin-mapper.js';

/** Runs fn with arena allocations released afterwards. */
function scoped<T>(e: Engine, fn: () => T): T {
  const mark = e.arena.mark();
  try { return fn(); } finally { e.arena.reset(mark); }
}

export type HistMode = 'rows' | 'all' | 'rowMajor';

/** Rows histBuildRows gathers per chunk (assembly/histogram.ts CHUNK). */
export const GATHER_CHUNK = 2048;
/** Bytes after each kernel output or scratch buffer that must stay untouched. */
const GUARD = 64;

/** Fills a guard region after a buffer and returns a check that it is unchanged. */
function guard(e: Engine, what: string): () => void {
  const p = e.arena.alloc(GUARD);
  e.arena.u8(p, GUARD).fill(0xc3);
  return () => {
    if (!e.arena.u8(p, GUARD).every((b) => b === 0xc3)) throw new Error(`${what}: kernel wrote past the end of its buffer`);
  };
}

/** A copy of a with 16 zero bytes of slack after it. */
function withSlack(a: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + 16);
  out.set(a);
  return out;
}

/**
 * A histogram built by histBuild ('rows'), histBuildAll ('all': begin/end/rows ignored) or
 * histBuildRows ('rowMajor', from the row-major transpose of `bins`). The buffer starts filled
 * with `fill` so a feature the kernel should clear, or one it should not touch, shows up.
 * Returns Float64Array, nFeatures x 512.
 */
export function kHist(e: Engine, mode: HistMode, bins: Uint8Array, nRows: number, gh: Float32Array, rows: Uint32Array,
  begin: number, end: number, feats: Int32Array, nFeatures: number, fill = NaN): Float64Array {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    // histBuildRows reads (never writes) up to 16 bytes past the row-major matrix.
    const pb = arena.put(mode === 'rowMajor' ? withSlack(toRowMajor(bins, nRows, nFeatures)) : bins);
    const pg = arena.put(gh), pr = arena.put(rows), pf = arena.put(feats);
    const hist = putHist(e, new Float64Array(nFeatures * FEATURE_VALUES).fill(fill));
    const histGuard = guard(e, 'histogram');
    const scratch = arena.alloc(GATHER_CHUNK * (nFeatures + 8) + 16);
    const scratchGuard = guard(e, 'gather scratch');
    if (mode === 'rows') k.histBuild(pb, nRows, pg, pr, begin, end, pf, feats.length, hist);
    else if (mode === 'all') k.histBuildAll(pb, nRows, pg, pf, feats.length, hist);
    else k.histBuildRows(pb, nFeatures, pg, pr, begin, end, pf, feats.length, hist, scratch);
    histGuard(); scratchGuard();
    return readHist(e, hist, nFeatures);
  });
}

/** binsToRowMajor of column-major bins. */
export function kRowMajor(e: Engine, bins: Uint8Array, nRows: number, nCols: number): Uint8Array {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const pb = arena.put(bins), out = arena.alloc(nRows * nCols);
    const check = guard(e, 'row-major bins');
    arena.u8(out, nRows * nCols).fill(0xee);
    k.binsToRowMajor(pb, nRows, nCols, out);
    check();
    return arena.u8(out, nRows * nCols).slice();
  });
}

/** histSubtract into a buffer pre-filled with `fill`. */
export function kSubtract(e: Engine, parent: Float64Array, child: Float64Array, feats: Int32Array, fill = NaN): Float64Array {
  return scoped(e, () => {
    const { kernels: k } = e;
    const nF = parent.length / FEATURE_VALUES;
    const pp = putHist(e, parent), pc = putHist(e, child), pf = e.arena.put(feats);
    const out = putHist(e, new Float64Array(parent.length).fill(fill));
    k.histSubtract(pp, pc, out, pf, feats.length);
    return readHist(e, out, nF);
  });
}

/** f64 values of one feature's slots (G, H per slot). */
const FEATURE_VALUES = 512;
/** f64 stride between features' histograms in kernel memory (slots plus padding). */
const FEATURE_STRIDE = FEATURE_HIST_BYTES / 8;

/**
 * Places compact histograms (FEATURE_VALUES f64 per feature, as the references build them) in
 * kernel memory at the kernels' feature stride; the padding holds NaN, so a kernel reading it
 * shows in its results.
 */
export function putHist(e: Engine, compact: Float64Array): number {
  const nF = compact.length / FEATURE_VALUES;
  const ptr = e.arena.alloc(nF * FEATURE_HIST_BYTES);
  const v = e.arena.f64(ptr, nF * FEATURE_STRIDE).fill(NaN);
  for (let f = 0; f < nF; f++) v.set(compact.subarray(f * FEATURE_VALUES, (f + 1) * FEATURE_VALUES), f * FEATURE_STRIDE);
  return ptr;
}

/** The compact copy of nF features' histograms at ptr. */
export function readHist(e: Engine, ptr: number, nF: number): Float64Array {
  const v = e.arena.f64(ptr, nF * FEATURE_STRIDE);
  const out = new Float64Array(nF * FEATURE_VALUES);
  for (let f = 0; f < nF; f++) out.set(v.subarray(f * FEATURE_STRIDE, f * FEATURE_STRIDE + FEATURE_VALUES), f * FEATURE_VALUES);
  return out;
}

function putParams(e: Engine, p: SplitParams): number {
  const ptr = e.arena.alloc(PARAM_BYTES);
  const v = e.arena.f64(ptr, PARAM_BYTES / 8);
  v[PARAM_LAMBDA / 8] = p.lambda; v[PARAM_ALPHA / 8] = p.alpha; v[PARAM_MIN_CHILD_WEIGHT / 8] = p.minChildWeight;
  v[PARAM_MAX_DELTA_STEP / 8] = p.maxDeltaStep; v[PARAM_MAX_CAT_ONEHOT / 8] = p.maxCatToOnehot;
  v[PARAM_MAX_CAT_THRESHOLD / 8] = p.maxCatThreshold;
  return ptr;
}

export function kLeafWeight(e: Engine, p: SplitParams, g: number, h: number): number {
  return scoped(e, () => e.kernels.leafWeight(putParams(e, p), g, h));
}

export function kNodeGain(e: Engine, p: SplitParams, g: number, h: number): number {
  return scoped(e, () => e.kernels.nodeGain(putParams(e, p), g, h));
}

/** One split record as the kernel wrote it. */
export interface SplitRecord {
  gain: number; leftG: number; leftH: number; bin: number; defaultLeft: boolean; isCat: boolean; catBits: Uint32Array;
}

/** splitFind over the listed features; hist: Float64Array nFeatures x 512; info: Int32Array per feature. */
export function kSplitFind(e: Engine, p: SplitParams, hist: Float64Array, feats: Int32Array, info: Int32Array,
  g: number, h: number): SplitRecord[] {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const pp = putParams(e, p), ph = putHist(e, hist), pf = arena.put(feats), pi = arena.put(info);
    const out = arena.alloc(feats.length * SPLIT_BYTES), scratch = arena.alloc(4096);
    arena.u8(out, feats.length * SPLIT_BYTES).fill(0xa5);
    arena.u8(scratch, 4096).fill(0x5a);
    k.splitFind(pp, ph, pf, feats.length, pi, g, h, out, scratch);
    const bytes = arena.u8(out, feats.length * SPLIT_BYTES).slice();
    const dv = new DataView(bytes.buffer);
    return Array.from(feats, (_, i) => {
      const o = i * SPLIT_BYTES;
      return {
        gain: dv.getFloat64(o + SPLIT_GAIN, true), leftG: dv.getFloat64(o + SPLIT_LEFT_G, true),
        leftH: dv.getFloat64(o + SPLIT_LEFT_H, true), bin: dv.getInt32(o + SPLIT_BIN, true),
        defaultLeft: dv.getInt32(o + SPLIT_DEFAULT_LEFT, true) === 1, isCat: dv.getInt32(o + SPLIT_IS_CAT, true) === 1,
        catBits: new Uint32Array(bytes.buffer.slice(o + SPLIT_CAT_BITS, o + SPLIT_CAT_BITS + CAT_WORDS * 4)),
      };
    });
  });
}

/** partitionRows on a copy of rows; returns the reordered rows and the left count. */
export function kPartition(e: Engine, bins: Uint8Array, nRows: number, rows: Uint32Array, begin: number, end: number,
  feature: number, isCat: boolean, splitBin: number, defaultLeft: boolean, catBits: Uint32Array): { rows: Uint32Array; nLeft: number } {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const pb = arena.put(bins), pr = arena.put(rows), pc = arena.put(catBits);
    const scratch = arena.alloc(Math.max(end - begin, 0) * 4);
    const nLeft = k.partitionRows(pb, nRows, pr, begin, end, feature, isCat ? 1 : 0, splitBin, defaultLeft ? 1 : 0, pc, scratch);
    return { rows: arena.u32(pr, rows.length).slice(), nLeft };
  });
}

export type GradKernel = 'gradLogistic' | 'gradSquared' | 'gradAbsolute' | 'gradPseudoHuber' | 'gradPoisson';

/**
 * A single-output gradient kernel; `extra` is its f32 parameter (scalePosWeight, delta or
 * maxDeltaStep) where it has one. weights null passes the null pointer (unit weights).
 */
export function kGrad(e: Engine, name: GradKernel, margin: Float32Array, label: Float32Array, weights: Float32Array | null,
  extra = 0): Float32Array {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const n = margin.length;
    const pm = arena.put(margin), pl = arena.put(label), pw = weights ? arena.put(weights) : 0;
    const gh = arena.alloc(n * 8);
    arena.f32(gh, 2 * n).fill(NaN);
    if (name === 'gradLogistic') k.gradLogistic(pm, pl, pw, extra, n, gh);
    else if (name === 'gradSquared') k.gradSquared(pm, pl, pw, n, gh);
    else if (name === 'gradAbsolute') k.gradAbsolute(pm, pl, pw, n, gh);
    else if (name === 'gradPseudoHuber') k.gradPseudoHuber(pm, pl, pw, extra, n, gh);
    else k.gradPoisson(pm, pl, pw, extra, n, gh);
    return arena.f32(gh, 2 * n).slice();
  });
}

/** gradSoftmax: margin n x k row-major; returns k blocks of n (grad, hess) pairs. */
export function kGradSoftmax(e: Engine, margin: Float32Array, label: Float32Array, weights: Float32Array | null,
  n: number, k: number): Float32Array {
  return scoped(e, () => {
    const { arena, kernels } = e;
    const pm = arena.put(margin), pl = arena.put(label), pw = weights ? arena.put(weights) : 0;
    const gh = arena.alloc(n * k * 8);
    arena.f32(gh, 2 * n * k).fill(NaN);
    kernels.gradSoftmax(pm, pl, pw, n, k, gh);
    return arena.f32(gh, 2 * n * k).slice();
  });
}

/** Rows per predictForest block: blockRows rounded up to a multiple of 8. */
const forestBlock = (blockRows: number) => (blockRows + 7) & ~7;

/** out followed by 16 words of guard pattern (so a write just past out shows, whatever its alignment). */
function withTail(out: Float32Array): Float32Array {
  const a = new Float32Array(out.length + 16);
  a.set(out);
  new Uint32Array(a.buffer, out.length * 4).fill(0xc3c3c3c3);
  return a;
}

/** The first out.length values of a kernel's padded output, after checking its tail. */
function untail(a: Float32Array, n: number, what: string): Float32Array {
  if (!new Uint32Array(a.buffer, a.byteOffset + n * 4, 16).every((w) => w === 0xc3c3c3c3)) throw new Error(`${what}: kernel wrote past the end of out`);
  return a.slice(0, n);
}

/**
 * predictForest over column-major data, onto a copy of `out`. Scratch is exactly what the kernel
 * documents (a block of row-major rows plus 32 bytes of leaf indices); writes past scratch or
 * past out fail the call.
 */
export function kPredictForest(e: Engine, p: PackedForest, data: Float32Array, nRows: number, nFeatures: number, width: number,
  treeBegin: number, treeEnd: number, out: Float32Array, blockRows: number): Float32Array {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const pd = arena.put(data), pn = arena.put(p.nodes), pl = arena.put(p.catLen), pc = arena.put(p.catWords);
    const pv = arena.put(p.value), pr = arena.put(p.treeRoot), po = arena.put(withTail(out));
    const scratch = arena.alloc(forestBlock(blockRows) * nFeatures * 4 + 32);
    const check = guard(e, 'predictForest scratch');
    k.predictForest(pd, nRows, nFeatures, pn, pl, pc, pv, width, pr, treeBegin, treeEnd, po, blockRows, scratch);
    check();
    return untail(arena.f32(po, out.length + 16), out.length, 'predictForest');
  });
}

let runtimeModule: WebAssembly.Module | null = null;

/** A fresh runtime-kernel instance with a bump allocator from offset 1024 and guard regions as in `guard`. */
function runtimeKernel() {
  runtimeModule ??= new WebAssembly.Module(readFileSync(fileURLToPath(new URL('../../build/thicket-runtime.wasm', import.meta.url))));
  const x = new WebAssembly.Instance(runtimeModule, {}).exports as unknown as Exports;
  let top = 1024;
  const bytes = (ptr: number, n: number) => new Uint8Array(x.memory.buffer, ptr, n);
  const alloc = (n: number) => {
    const ptr = (top + 15) & ~15;
    top = ptr + n;
    const have = x.memory.buffer.byteLength;
    if (top > have) x.memory.grow(Math.ceil((top - have) / 65536));
    return ptr;
  };
  const put = (a: Int32Array | Uint32Array | Float32Array) => {
    const ptr = alloc(a.byteLength);
    bytes(ptr, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    return ptr;
  };
  const guard = (what: string) => {
    const p = alloc(GUARD);
    bytes(p, GUARD).fill(0xc3);
    return () => { if (!bytes(p, GUARD).every((b) => b === 0xc3)) throw new Error(`${what}: kernel wrote past the end of its buffer`); };
  };
  return { x, alloc, put, guard };
}

/** predictRowMajor of the runtime build over row-major data, onto a copy of `out`, with the 32 bytes of scratch it documents. */
export function kPredictRowMajor(p: PackedForest, data: Float32Array, nRows: number, nFeatures: number, width: number,
  treeBegin: number, treeEnd: number, out: Float32Array, blockRows: number): Float32Array {
  const { x, alloc, put, guard } = runtimeKernel();
  const pd = put(data), pn = put(p.nodes), pl = put(p.catLen), pc = put(p.catWords), pv = put(p.value), pr = put(p.treeRoot);
  const po = put(withTail(out)), scratch = alloc(32);
  const check = guard('predictRowMajor scratch');
  x.predictRowMajor(pd, nRows, nFeatures, pn, pl, pc, pv, width, pr, treeBegin, treeEnd, po, blockRows, scratch);
  check();
  return untail(new Float32Array(x.memory.buffer, po, out.length + 16), out.length, 'predictRowMajor');
}

/** The runtime build's packNodes of unpacked node arrays: 4 i32 per node. */
export function kPackNodes(t: PredictTrees): Int32Array {
  const { x, alloc, put, guard } = runtimeKernel();
  const n = t.left.length;
  const src = [t.left, t.right, t.feature, t.flags, t.catOffset, t.threshold].map(put);
  const out = alloc(n * 16);
  const check = guard('packNodes output');
  x.packNodes(src[0], src[1], src[2], src[3], src[4], src[5], n, out);
  check();
  return new Int32Array(x.memory.buffer, out, n * 4).slice();
}

/** Values spread `stride` apart (the rest filled with junk), as one column of a row-major block. */
function strided(values: Float32Array, stride: number): Float32Array {
  const out = new Float32Array(values.length * stride).fill(-7.5);
  values.forEach((v, i) => { out[i * stride] = v; });
  return out;
}

/** binNumeric with its cut table (the real cuts, padded to 255 entries with NaN) and the table's guide. */
export function kBinNumeric(e: Engine, values: Float32Array, cuts: Float32Array, stride = 1): Uint8Array {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const table = new Float32Array(MAX_VALUE_BINS).fill(NaN);
    table.set(cuts);
    const pv = arena.put(strided(values, stride)), pc = arena.put(table), out = arena.alloc(values.length);
    const guide = arena.alloc(k.binGuideBytes());
    k.binGuide(pc, guide);
    const check = guard(e, 'binNumeric output');
    arena.u8(out, values.length).fill(0xee);
    k.binNumeric(pv, values.length, stride, pc, guide, out);
    check();
    return arena.u8(out, values.length).slice();
  });
}

export function kBinCategorical(e: Engine, values: Float32Array, map: Int32Array, stride = 1): Uint8Array {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const pv = arena.put(strided(values, stride)), pm = arena.put(map), out = arena.alloc(values.length);
    arena.u8(out, values.length).fill(0xee);
    k.binCategorical(pv, values.length, stride, pm, map.length, out);
    return arena.u8(out, values.length).slice();
  });
}

/**
 * splitFindMulti over K channel histograms (each Float64Array nFeatures x 512), laid out
 * `pad` feature-histograms apart beyond their size to check the channel stride is honoured.
 * randomU: one u in [0, 1) per listed feature, or null for the exact search.
 */
export function kSplitFindMulti(e: Engine, p: { lambda: number; minChildWeight: number }, chans: Float64Array[],
  feats: Int32Array, info: Int32Array, gTot: number[], h: number, randomU: Float64Array | null, pad = 1): { recs: SplitRecord[]; leftG: number[][] } {
  return scoped(e, () => {
    const { arena, kernels: k } = e;
    const nF = chans[0].length / FEATURE_VALUES;
    const K = chans.length, stride = (nF + pad) * FEATURE_HIST_BYTES;
    const pp = putParams(e, { lambda: p.lambda, alpha: 0, minChildWeight: p.minChildWeight, maxDeltaStep: 0, maxCatToOnehot: 0, maxCatThreshold: 0 });
    const hist = arena.alloc(K * stride);
    arena.f64(hist, (K * stride) / 8).fill(NaN);
    chans.forEach((c, i) => {
      const v = arena.f64(hist + i * stride, nF * FEATURE_STRIDE);
      for (let f = 0; f < nF; f++) v.set(c.subarray(f * FEATURE_VALUES, (f + 1) * FEATURE_VALUES), f * FEATURE_STRIDE);
    });
    const pf = arena.put(feats), pi = arena.put(info), pg = arena.put(Float64Array.from(gTot));
    const pu = randomU ? arena.put(randomU) : 0;
    const out = arena.alloc(feats.length * SPLIT_BYTES), leftG = arena.alloc(feats.length * K * 8);
    const scratch = arena.alloc(4096 + 32 * K);
    const check = guard(e, 'splitFindMulti scratch');
    k.splitFindMulti(pp, hist, K, stride, pf, feats.length, pi, pg, h, pu, out, leftG, scratch);
    check();
    const bytes = arena.u8(out, feats.length * SPLIT_BYTES).slice();
    const dv = new DataView(bytes.buffer);
    const lg = arena.f64(leftG, feats.length * K).slice();
    const recs = Array.from(feats, (_, i) => {
      const o = i * SPLIT_BYTES;
      return {
        gain: dv.getFloat64(o + SPLIT_GAIN, true), leftG: dv.getFloat64(o + SPLIT_LEFT_G, true),
        leftH: dv.getFloat64(o + SPLIT_LEFT_H, true), bin: dv.getInt32(o + SPLIT_BIN, true),
        defaultLeft: dv.getInt32(o + SPLIT_DEFAULT_LEFT, true) === 1, isCat: dv.getInt32(o + SPLIT_IS_CAT, true) === 1,
        catBits: new Uint32Array(bytes.buffer.slice(o + SPLIT_CAT_BITS, o + SPLIT_CAT_BITS + CAT_WORDS * 4)),
      };
    });
    return { recs, leftG: Array.from(feats, (_, i) => Array.from(lg.subarray(i * K, (i + 1) * K))) };
  });
}
