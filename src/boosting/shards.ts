/**
 * Training rows split across several kernel memories, for data beyond one 4 GiB wasm32 memory:
 * consecutive windows of the spilled file, each binned (one column-major layout) into its own
 * engine with its own team of threads. src/tree/shard-grower.ts grows trees over them.
 */
import { totalmem } from 'node:os';
import type { Schema } from '../data/frame.js';
import type { SpilledCsv } from '../data/csv-spill.js';
import { inputError } from '../errors.js';
import { binSpilled } from '../binning/spill-binning.js';
import { spilledCuts } from '../binning/spill-cuts.js';
import { featureInfo, type FeatureBins } from '../binning/bin-mapper.js';
import { createEngine, type Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { maxShardedRows, maxShardRows, maxTrainingRows, shardRowBytes, SHARD_HOST_ROW_BYTES, type TrainingShape } from '../wasm/memory-budget.js';
import { Team } from '../pool/team.js';
import { teamScratchBytes } from '../tree/team-grower.js';
import { trainingShape } from './training-data.js';

export interface Shard {
  engine: Engine;
  team: Team;
  /** This shard holds rows [first, first + nRows) of the file. */
  first: number;
  nRows: number;
  /** u8 column-major bins; i32 feature info words; f32 labels. */
  bins: Ptr;
  info: Ptr;
  label: Ptr;
}

export interface ShardedData {
  schema: Schema;
  nRows: number;
  nFeatures: number;
  nClasses: number;
  fbins: FeatureBins[];
  /** Every row's label (base score, metrics). */
  target: Float64Array;
  shards: Shard[];
}

/**
 * Rows per shard for nRows rows of this shape: one shard when they fit one memory with the usual
 * layouts (then training takes the ordinary path), else as few equal windows as fit. maxRows
 * forces smaller shards (tests).
 */
export function shardSizes(nRows: number, shape: TrainingShape, maxRows?: number): number[] {
  const most = maxRows ?? (nRows <= maxTrainingRows(shape) ? nRows : maxShardRows(shape));
  const k = Math.max(1, Math.ceil(nRows / Math.max(1, most)));
  const base = Math.floor(nRows / k), extra = nRows % k;
  return Array.from({ length: k }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Whether training rows of this shape need shards (THICKET_SHARD_ROWS, rows per shard, forces them for tests). */
export function needsShards(nRows: number, shape: TrainingShape): boolean {
  return forcedShardRows() !== undefined || nRows > maxTrainingRows(shape);
}

/** THICKET_SHARD_ROWS: most rows per shard, forcing sharded training at any size (tests). */
export function forcedShardRows(): number | undefined {
  const v = process.env.THICKET_SHARD_ROWS;
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The error for more rows than sharded training can hold in this machine's memory, else null. */
export function tooManyShardedRows(nRows: number, shape: TrainingShape, atLeast: boolean, memoryBytes = totalmem()): Error | null {
  const most = maxShardedRows(shape, memoryBytes);
  if (nRows <= most) return null;
  const perRow = shardRowBytes(shape) + SHARD_HOST_ROW_BYTES;
  return inputError('training data',
    `${atLeast ? 'at least ' : ''}${nRows.toLocaleString('en-US')} rows x ${shape.nFeatures} features need about ${perRow} bytes per row ` +
    `(${((nRows * perRow) / 2 ** 30).toFixed(1)} GiB) across WebAssembly memories, beyond what this machine's ${(memoryBytes / 2 ** 30).toFixed(0)} GiB allow: ` +
    `at most ${most.toLocaleString('en-US')} rows of this width fit; train on a sample of that size or fewer features`);
}

/** Bins a spilled training file into shards (`threads` binning threads; a team of `teamThreads` per shard). */
export function prepareShards(data: SpilledCsv, maxBin: number, seed: number, threads: number,
  teamThreads: (rows: number) => number, maxRows = forcedShardRows()): ShardedData {
  const shape = trainingShape(data.schema, false);
  const err = tooManyShardedRows(data.nRows, shape, false);
  if (err) throw err;
  // The cut samples are sorted in a memory of their own, freed before the shards' memories grow.
  const fbins = spilledCuts(createEngine(), data, maxBin, seed);
  const nF = data.schema.features.length;
  const info = featureInfo(fbins);
  const shards: Shard[] = [];
  let first = 0;
  try {
    for (const rows of shardSizes(data.nRows, shape, maxRows)) {
      const engine = createEngine();
      const { bins } = binSpilled(engine, data, fbins, threads, data.blockRows, { first, rows, rowMajor: false });
      const label = engine.arena.put(Float32Array.from(data.target.subarray(first, first + rows)));
      const team = new Team(engine, teamThreads(rows), teamScratchBytes(nF));
      shards.push({ engine, team, first, nRows: rows, bins, info: engine.arena.put(info), label });
      first += rows;
    }
  } catch (e) {
    closeShards(shards);
    throw e;
  }
  const task = data.schema.target.task;
  return {
    schema: data.schema, nRows: data.nRows, nFeatures: nF, nClasses: task === 'regression' ? 1 : data.schema.target.classes!.length,
    fbins, target: data.target, shards,
  };
}

/** Stops every shard's team. */
export function closeShards(shards: Shard[]): void {
  for (const s of shards) s.team.close();
}
