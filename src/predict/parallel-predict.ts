/**
 * Batch prediction on every core: the packed trees and the features go once into one shared
 * WebAssembly memory, and KernelPool workers each walk all the trees over a range of rows. A
 * row's sum sees the same trees in the same order as on the main thread, so the outputs are
 * bit-identical to predictDataset's for any number of threads. Small jobs stay on the main
 * thread: starting the pool costs more than they take.
 */
import { availableParallelism } from 'node:os';
import type { Dataset } from '../data/frame.js';
import { ThicketError } from '../errors.js';
import type { ForestModel, Model } from '../model/model.js';
import { compiledFile } from '../util/compiled-file.js';
import { KernelPool } from '../pool/pool.js';
import { SharedData } from '../pool/shared-data.js';
import type { Arena } from '../wasm/arena.js';
import { createEngine, kernelModule, newMemory } from '../wasm/load.js';
import type { PredictHandlers, PredictRowsTask } from './predict-handlers.js';
import { groupRoots, predictDataset, predictionFromMargins, treeChunks, type Prediction } from './predictor.js';
import { forestScratchBytes, packNodes } from '../wasm/prediction-nodes.js';
import { wordAt, words } from '../wasm/addressing.js';

/**
 * Below this many estimated tree steps (rows x trees x mean leaf depth, see predictWork) a
 * prediction stays on the main thread: the pool's start-up (before its first task, while the
 * trees are placed) and its CPU outweigh a second thread below it (cost per step and of the
 * pool: BENCHMARKS.md section 11).
 */
export const PREDICT_POOL_MIN_WORK = 50_000_000;

/**
 * Rows per task at least. Tasks are otherwise half a thread's share: big, because a tree's nodes
 * are read into the cache once per block of rows (see forestBlockRows: small calls cost more CPU,
 * BENCHMARKS.md section 11), and two per thread, so a thread slowed down by
 * the machine's other load takes fewer (piscina hands each task to whichever worker is free).
 */
const MIN_TASK_ROWS = 1024;
const TASKS_PER_THREAD = 2;

export interface ParallelPredictOptions {
  /** Threads (0 or undefined: all cores; 1: the main thread). */
  nthread?: number;
  /** Work (predictWork) from which the pool is used; tests lower it. */
  minWork?: number;
  /** Handlers module of the workers, for tests that make a worker fail; default predict-handlers.js. */
  handlersModule?: string | URL;
  /** Nodes placed at once (a forest with more goes a chunk of trees at a time, as on the main thread); tests lower it. */
  nodesPerChunk?: number;
}

/** Estimated tree steps of predicting nRows rows: rows x trees x log2 of the mean leaves per tree (a tree's mean depth when balanced). */
export function predictWork(model: Model, nRows: number): number {
  const nTrees = Math.max(1, model.trees.treeRoot.length);
  const leaves = (model.trees.left.length + nTrees) / (2 * nTrees);
  return nRows * nTrees * Math.max(1, Math.log2(leaves));
}

/** Threads a prediction uses: nthread (0: all cores), at most one per MIN_TASK_ROWS rows, 1 below minWork. */
export function predictThreads(model: Model, nRows: number, opts: ParallelPredictOptions = {}): number {
  const nthread = opts.nthread ?? 0;
  if (!Number.isInteger(nthread) || nthread < 0) throw new ThicketError(`nthread must be a non-negative integer, got ${nthread}`);
  if (model.trees.treeRoot.length === 0) return 1;
  const t = Math.min(nthread > 0 ? nthread : availableParallelism(), Math.ceil(nRows / MIN_TASK_ROWS));
  return t > 1 && predictWork(model, nRows) >= (opts.minWork ?? PREDICT_POOL_MIN_WORK) ? t : 1;
}

/** Rows the prediction kernel walks in lockstep: task ranges are whole groups of them. */
const LOCKSTEP_ROWS = 8;

/** Row ranges of the tasks: TASKS_PER_THREAD per thread, of at least MIN_TASK_ROWS rows. */
export function rowRanges(nRows: number, threads: number): [number, number][] {
  const per = Math.max(MIN_TASK_ROWS, Math.ceil(nRows / (threads * TASKS_PER_THREAD) / LOCKSTEP_ROWS) * LOCKSTEP_ROWS);
  const out: [number, number][] = [];
  for (let r = 0; r < nRows; r += per) out.push([r, Math.min(nRows, r + per)]);
  return out;
}

/** Says which rows failed and how to get around it; a ThicketError keeps its exit code. */
function predictFailed(e: unknown, rows: [number, number], threads: number): ThicketError {
  const why = e instanceof Error ? e.message : String(e);
  const code = e instanceof ThicketError ? e.exitCode : 1;
  return new ThicketError(`prediction on ${threads} worker threads failed (rows ${rows[0]}..${rows[1] - 1}): ${why}; ` +
    'nthread 1 (--nthread 1) predicts on the main thread instead', code);
}

/** A chunk of trees packed in JS (child indices relative to the chunk), ready to copy into the shared memory. */
interface PackedChunk {
  nodes: Int32Array;
  catLen: Int32Array;
  value: Float32Array;
  /** One per predictForestRows call: the roots of its trees, and where their sums go. */
  passes: { roots: Int32Array; valueWidth: number; out: number }[];
}

/** Trees [t0, t1) of a forest: packed nodes, categorical lengths and leaf values (views where the chunk is the whole forest's). */
function packForestChunk(model: ForestModel, t0: number, t1: number, out: number): PackedChunk {
  const t = model.trees, W = model.valueWidth, nTrees = t.treeRoot.length;
  const start = t.treeRoot[t0], end = t1 < nTrees ? t.treeRoot[t1] : t.left.length;
  return {
    nodes: packNodes(t, start, end), catLen: t.catLen.subarray(start, end), value: t.value.subarray(start * W, end * W),
    passes: [{ roots: Int32Array.from(t.treeRoot.subarray(t0, t1), (r) => r - start), valueWidth: W, out }],
  };
}

/** Copies a packed chunk into the arena: the offsets a task carries. */
function place(arena: Arena, c: PackedChunk): Pick<PredictRowsTask, 'nodes' | 'catLen' | 'value' | 'passes'> {
  const passes = c.passes.map((q) => ({ roots: arena.put(q.roots), nRoots: q.roots.length, valueWidth: q.valueWidth, out: q.out }));
  return { nodes: arena.put(c.nodes), catLen: arena.put(c.catLen), value: arena.put(c.value), passes };
}

/** Margins (nRows x nGroups) as predictMargins computes them, on `threads` workers. */
async function poolMargins(model: Model, features: Float32Array, nRows: number, threads: number, opts: ParallelPredictOptions): Promise<Float32Array> {
  const { arena } = createEngine(newMemory());
  const nF = model.schema.features.length;
  const t = model.trees;
  // The pool starts first: its workers boot while the main thread places the data above their scratch.
  const starting = KernelPool.create<PredictHandlers>({
    threads, memory: arena.memory, module: kernelModule(), workerScratchBytes: forestScratchBytes(nF) + 64,
    handlersModule: opts.handlersModule ?? compiledFile(import.meta.url, 'predict', 'predict-handlers.js'), shared: new SharedData(arena),
  });
  starting.catch(() => {});
  const data = arena.put(features);
  const catWords = arena.put(t.catWords.length ? t.catWords : new Uint32Array(1));
  const gbdt = model.learner === 'gbdt';
  const nGroups = model.nGroups, W = model.learner === 'gbdt' ? 1 : model.valueWidth;
  // GBDT: group-major sums (nGroups x nRows), each starting at the base margin as on the main thread; forests: row-major sums.
  const out = arena.alloc(words(nRows * (gbdt ? nGroups : W)));
  arena.f32(out, nRows * (gbdt ? nGroups : W)).fill(gbdt ? model.baseMargin : 0);
  const chunks = gbdt ? [[0, t.treeRoot.length] as [number, number]] : treeChunks(t.treeRoot, t.left.length, opts.nodesPerChunk);
  const ranges = rowRanges(nRows, threads);
  const pack = ([t0, t1]: [number, number]): PackedChunk => (model.learner !== 'gbdt' ? packForestChunk(model, t0, t1, out) : {
    nodes: packNodes(t), catLen: t.catLen, value: t.value,
    passes: Array.from({ length: nGroups }, (_, c) => ({ roots: groupRoots(model, c), valueWidth: 1, out: wordAt(out, c * nRows) })),
  });
  // The first chunk is placed while the workers start; a later one replaces its predecessor.
  const mark = arena.mark();
  let placed: ReturnType<typeof place>;
  try {
    placed = place(arena, pack(chunks[0]));
  } catch (e) {
    void starting.then((p) => p.close({ force: true }), () => {});
    throw e;
  }
  let pool: KernelPool<PredictHandlers>;
  try {
    pool = await starting;
  } catch (e) {
    throw predictFailed(e, [0, nRows], threads);
  }
  try {
    for (let i = 0; i < chunks.length; i++) {
      const task = { data, stride: nRows, nFeatures: nF, catWords, ...placed };
      const walking = Promise.all(ranges.map((r) => pool.run('predictRows', { ...task, rowBegin: r[0], rowEnd: r[1] })
        .catch((e: unknown) => { throw predictFailed(e, r, threads); })));
      walking.catch(() => {});
      // The next chunk is packed in JS while the workers walk this one, and replaces it in the
      // shared memory once they are done.
      const next = i + 1 < chunks.length ? pack(chunks[i + 1]) : null;
      await walking;
      if (next) {
        arena.reset(mark);
        placed = place(arena, next);
      }
    }
  } catch (e) {
    await pool.close({ force: true });
    throw e;
  }
  await pool.close();
  const sums = arena.f32(out, nRows * (gbdt ? nGroups : W));
  if (!gbdt || nGroups === 1) return sums.slice();
  const margins = new Float32Array(nRows * nGroups);
  for (let c = 0; c < nGroups; c++) for (let i = 0; i < nRows; i++) margins[i * nGroups + c] = sums[c * nRows + i];
  return margins;
}

/**
 * predictDataset on every core (or opts.nthread threads): the same Prediction, bit for bit.
 * Jobs below opts.minWork (predictWork) run on the main thread, as predictDataset.
 */
export async function predictDatasetParallel(model: Model, data: Dataset, opts: ParallelPredictOptions = {}): Promise<Prediction> {
  const threads = predictThreads(model, data.nRows, opts);
  if (threads <= 1) return predictDataset(model, data);
  return predictionFromMargins(model, await poolMargins(model, data.features, data.nRows, threads, opts), data.nRows);
}
