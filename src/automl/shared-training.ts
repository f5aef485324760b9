/** Places the binned training data and the fold plan in shared memory once, and finds them again in a worker. */
import type { TrainingData } from '../boosting/training-data.js';
import { binsFromPlain, plainBins, type PlainFeatureBins } from '../binning/plain-bins.js';
import type { Dataset, Schema } from '../data/frame.js';
import type { SharedData } from '../pool/shared-data.js';
import type { HandlerContext } from '../pool/handler.js';
import type { Ptr } from '../wasm/kernels.js';
import { BIN_RANGES_F64 } from '../wasm/layout.js';
import { binRangesAt, binRangesBytes } from '../wasm/addressing.js';
import { binRanges } from '../forest/forest-arrays.js';

/** The JSON part of TrainingData (pointers into the shared memory, schema, bin boundaries). */
interface Descriptor {
  schema: Schema;
  nRows: number;
  nFeatures: number;
  nClasses: number;
  bins: number;
  binsRM: number;
  info: number;
  label: number;
  weight: number;
  hasWeights: boolean;
  fbins: PlainFeatureBins[];
}

/** Registers the regions a trial worker reads: descriptor, target, weights, fold assignment. */
export function shareTraining(shared: SharedData, data: TrainingData, foldOf: Int8Array): void {
  const d: Descriptor = {
    schema: data.schema, nRows: data.nRows, nFeatures: data.nFeatures, nClasses: data.nClasses,
    bins: data.bins, binsRM: data.binsRM, info: data.info, label: data.label, weight: data.weight,
    hasWeights: data.weights !== undefined,
    fbins: plainBins(data.fbins),
  };
  shared.put('descriptor', new TextEncoder().encode(JSON.stringify(d)));
  shared.put('target', data.target);
  if (data.weights) shared.put('weights', data.weights);
  shared.put('foldOf', foldOf);
}

/**
 * Forest thresholds: per fold, the value range of every bin over that fold's training rows (the
 * held-out rows' values must not move them), so workers need no float features. Fold f's ranges
 * start at binRangesAt(region, f, nFeatures) (src/wasm/addressing.ts).
 */
export function shareFoldRanges(shared: SharedData, data: TrainingData, features: Float32Array, folds: readonly { train: Uint32Array }[]): void {
  const size = data.nFeatures * BIN_RANGES_F64;
  const region = shared.reserve('foldRanges', folds.length * binRangesBytes(data.nFeatures));
  folds.forEach((f, i) => {
    const r = binRanges(data.fbins, features, shared.arena.u8(data.bins, data.nRows * data.nFeatures), data.nRows, f.train);
    shared.arena.f64(binRangesAt(region.ptr, i, data.nFeatures), size).set(r);
  });
}

/** The float features too (column-major f32), for learners that do not use bins (linear). */
export function shareFeatures(shared: SharedData, features: Float32Array): void {
  shared.put('features', features);
}

/** The sample ladder's rung of every row (samples.ts), when the search has one. */
export function shareRungs(shared: SharedData, rungOf: Int8Array): void {
  shared.put('rungOf', rungOf);
}

type WorkerTraining = { data: TrainingData; foldOf: Int8Array; raw?: Dataset; foldRanges?: Ptr; rungOf?: Int8Array };
let cached: ({ key: number } & WorkerTraining) | null = null;

/** The worker's view of the shared training data (parsed once per run and worker). */
export function trainingInWorker(ctx: HandlerContext): WorkerTraining {
  const region = ctx.region('descriptor');
  if (cached && cached.key === region.ptr) return cached;
  // Copy out of the shared buffer: TextDecoder refuses views of shared memory.
  const text = new TextDecoder().decode(ctx.view('descriptor', Uint8Array).slice());
  const d = JSON.parse(text) as Descriptor;
  const data: TrainingData = {
    schema: d.schema, nRows: d.nRows, nFeatures: d.nFeatures, nClasses: d.nClasses,
    bins: d.bins, binsRM: d.binsRM, info: d.info, label: d.label, weight: d.weight,
    target: ctx.view('target', Float64Array),
    weights: d.hasWeights ? ctx.view('weights', Float64Array) : undefined,
    fbins: binsFromPlain(d.fbins),
  };
  const raw = 'features' in ctx.regions
    ? { schema: d.schema, nRows: d.nRows, features: ctx.view('features', Float32Array), target: data.target, weight: data.weights }
    : undefined;
  const foldRanges = 'foldRanges' in ctx.regions ? ctx.region('foldRanges').ptr : undefined;
  const rungOf = 'rungOf' in ctx.regions ? ctx.view('rungOf', Int8Array) : undefined;
  cached = { key: region.ptr, data, foldOf: ctx.view('foldOf', Int8Array), raw, foldRanges, rungOf };
  return cached;
}
