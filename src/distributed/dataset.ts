/**
 * Datasets named by content: the coordinator describes its binned training data (file hash,
 * location, schema, preprocessing, bin cuts, a hash of the binned matrix), and a worker rebuilds
 * exactly that from a path on shared storage or an http(s) URL, checking both hashes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Dataset } from '../data/frame.js';
import { readFrame } from '../data/read-frame.js';
import { applySchema } from '../data/apply-schema.js';
import { ThicketError } from '../errors.js';
import { binsFromPlain, plainBins } from '../binning/plain-bins.js';
import type { TrainingData } from '../boosting/training-data.js';
import { applyPreprocess } from '../inference/preprocess.js';
import { makePlan, type ValidationPlan } from '../automl/folds.js';
import { makeLadder, prefixOrder } from '../automl/samples.js';
import { placeTrialData, type TrialData } from '../automl/trial-data.js';
import type { Engine } from '../wasm/load.js';
import type { Arena } from '../wasm/arena.js';
import { DATASET_FORMAT, QUEUE_VERSION, type DatasetRef } from './job-format.js';
import type { TrialSetup } from './transport.js';

/** sha256 of a file's bytes (streamed). */
export async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function textSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 over the column-major bin codes, the fold assignment and the target as placed. */
export function binnedSha256(arena: Arena, data: TrainingData, foldOf: Int8Array, rungOf: Int8Array | null): string {
  const h = createHash('sha256');
  // A copy: hashing straight from a view of shared memory is refused by some Node versions.
  h.update(arena.u8(data.bins, data.nRows * data.nFeatures).slice());
  h.update(new Uint8Array(foldOf.buffer, foldOf.byteOffset, foldOf.byteLength));
  if (rungOf) h.update(new Uint8Array(rungOf.buffer, rungOf.byteOffset, rungOf.byteLength));
  h.update(new Uint8Array(data.target.buffer, data.target.byteOffset, data.target.byteLength));
  return h.digest('hex');
}

/** The coordinator's description of its placed data. */
export function datasetRef(setup: TrialSetup, file: { sha256: string; location: string; name: string; categorical: string[]; target: string }): DatasetRef {
  return {
    format: DATASET_FORMAT, version: QUEUE_VERSION,
    sha256: file.sha256, location: file.location, name: file.name, categorical: file.categorical, target: file.target,
    preprocess: setup.spec, schema: setup.schema, bins: plainBins(setup.data.fbins), seed: setup.seed, minSample: setup.minSample ?? null,
    nRows: setup.data.nRows, learners: setup.learners,
    binnedSha256: binnedSha256(setup.shared.arena, setup.data, setup.plan.foldOf, setup.rungOf),
  };
}

/** A local file holding the referenced bytes: the path itself, or an http(s) download cached by hash. */
async function localCopy(ref: DatasetRef, cacheDir: string): Promise<string> {
  if (!/^https?:\/\//i.test(ref.location)) {
    if (!existsSync(ref.location)) throw new ThicketError(`dataset ${ref.location}: not found on this worker (the location must be readable by every worker: shared storage or an http(s) URL)`, 1);
    const got = await fileSha256(ref.location);
    if (got !== ref.sha256) throw new ThicketError(`dataset ${ref.location}: its content changed (sha256 ${got.slice(0, 12)}..., the coordinator read ${ref.sha256.slice(0, 12)}...)`, 1);
    return ref.location;
  }
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `${ref.sha256}-${basename(ref.name)}`);
  if (existsSync(path) && (await fileSha256(path)) === ref.sha256) return path;
  let res: Response;
  try {
    res = await fetch(ref.location);
  } catch (e) {
    throw new ThicketError(`dataset ${ref.location}: cannot be downloaded (${(e as Error).message})`, 1);
  }
  if (!res.ok) throw new ThicketError(`dataset ${ref.location}: HTTP ${res.status}`, 1);
  const bytes = Buffer.from(await res.arrayBuffer());
  const got = createHash('sha256').update(bytes).digest('hex');
  if (got !== ref.sha256) throw new ThicketError(`dataset ${ref.location}: downloaded bytes have sha256 ${got.slice(0, 12)}..., expected ${ref.sha256.slice(0, 12)}...`, 1);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return path;
}

/** Reads, preprocesses and bins the referenced data as the coordinator did, and checks the binned hash. */
export async function rebuildTrialData(ref: DatasetRef, engine: Engine, cacheDir: string): Promise<TrialData & { dataset: Dataset; plan: ValidationPlan }> {
  const path = await localCopy(ref, cacheDir);
  // The reader picks the format from the name: a cached download keeps the original's extension.
  const frame = await readFrame(path, { categorical: ref.categorical.length > 0 ? ref.categorical : undefined });
  const dataset = applySchema(applyPreprocess(frame, ref.preprocess), ref.schema, { requireTarget: true });
  if (dataset.nRows !== ref.nRows) throw new ThicketError(`dataset ${ref.location}: ${dataset.nRows} rows, the coordinator had ${ref.nRows}`, 1);
  // The fold plan and sample ladder as runAutoML makes them (rows reordered into sample prefixes).
  const task = ref.schema.target.task;
  const plan0 = makePlan(task, dataset.target!, ref.seed, undefined, ref.schema.target.classes);
  const { plan, ladder } = prefixOrder(dataset, plan0, makeLadder(plan0, task, dataset.target!, ref.seed, ref.minSample ?? undefined));
  const placed = placeTrialData(engine, dataset, plan, ref.learners, { seed: ref.seed, fbins: binsFromPlain(ref.bins), rungOf: ladder.rungOf });
  const got = binnedSha256(engine.arena, placed.data, plan.foldOf, ladder.rungOf);
  if (got !== ref.binnedSha256) {
    throw new ThicketError(`dataset ${ref.location}: binned here to sha256 ${got.slice(0, 12)}..., the coordinator's is ${ref.binnedSha256.slice(0, 12)}... (different thicket versions?)`, 1);
  }
  if (placed.learners.length !== ref.learners.length) throw new ThicketError(`dataset ${ref.location}: learners ${ref.learners.join(',')} cannot all run here`, 1);
  return { ...placed, dataset, plan };
}
