/**
 * Boosting over rows split across kernel memories (src/boosting/shards.ts), for training sets
 * beyond one 4 GiB wasm32 memory: each shard computes its own rows' gradients and leaf updates on
 * its own team; trees grow across all shards (src/tree/shard-grower.ts). The same rounds,
 * sampling and early stopping as boostBinned, for the options the CLI's train gives (no row
 * subsets). The sampling draws walk the rows in file order, as boostBinned's do.
 */
import type { Dataset, Schema } from '../data/frame.js';
import type { SpilledCsv } from '../data/csv-spill.js';
import type { GBDTModel } from '../model/model.js';
import type { ParamMap } from '../params.js';
import { inputError, usageError } from '../errors.js';
import type { Ptr } from '../wasm/kernels.js';
import { ghBlock, ghBytes, words } from '../wasm/addressing.js';
import { XGBoostSplitter } from '../tree/xgboost-splitter.js';
import { ShardGrower } from '../tree/shard-grower.js';
import { TreeStore } from '../tree/tree-store.js';
import { breadthFirst, leavesOf, packBinTree, type PackedTree } from '../tree/packed-tree.js';
import { Rng } from '../util/rng.js';
import { autoBaseScore, baseMarginOf, defaultMetric } from '../objective/objective.js';
import { evalMetric } from '../metric/eval-metric.js';
import { resolveGBDT, type GBDTSettings } from './gbdt-params.js';
import { RawValidator, type BoostResult } from './booster.js';
import { teamApplyLeaves, teamGradients } from './team-steps.js';
import { closeShards, prepareShards, type Shard, type ShardedData } from './shards.js';
import { gbdtModel, gbdtThreads } from './train.js';
import { availableParallelism } from 'node:os';

export interface ShardedOptions {
  valid?: Dataset;
  log?: (line: string) => void;
  /** Most rows per shard (tests; default: as many as one memory holds). */
  maxShardRows?: number;
  /** Use more than one thread per shard only from this many rows (tests set 0). */
  teamMinRows?: number;
}

/** Trains a GBDT model on a spilled CSV too large for one kernel memory. */
export function trainGBDTSharded(params: ParamMap, schema: Schema, spilled: SpilledCsv, opts: ShardedOptions = {}): GBDTModel {
  const { settings, canonical } = resolveGBDT(params, schema.target.task);
  if (settings.objective === 'reg:absoluteerror') {
    throw usageError('objective reg:absoluteerror is not supported for training data split across memories (its leaf medians need every row in one memory)');
  }
  const threads = settings.nthread > 0 ? settings.nthread : availableParallelism();
  const t0 = performance.now();
  const data = prepareShards(spilled, settings.maxBin, settings.seed, threads,
    (rows) => gbdtThreads(settings.nthread, rows, opts.teamMinRows), opts.maxShardRows);
  try {
    opts.log?.(`binned ${data.nRows.toLocaleString('en-US')} rows into ${data.shards.length} shards ` +
      `(${data.shards.map((s) => s.nRows.toLocaleString('en-US')).join(' + ')} rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return gbdtModel(schema, settings, canonical, boostSharded(data, settings, opts));
  } finally {
    closeShards(data.shards);
  }
}

/** Per shard: margins (rows x groups, f32) and gradient pairs (group blocks of the shard's rows). */
interface ShardBuffers { margin: Ptr; gh: Ptr }

export function boostSharded(data: ShardedData, s: GBDTSettings, opts: ShardedOptions = {}): BoostResult {
  const { nRows: n, nFeatures: nF, schema, shards } = data;
  const nGroups = schema.target.task === 'multiclass' ? data.nClasses : 1;
  const nOutputs = schema.target.task === 'binary' ? 2 : nGroups;
  const log = opts.log ?? (() => {});
  const baseScore = s.baseScore ?? autoBaseScore(s.objective, data.target);
  const baseMargin = Math.fround(baseMarginOf(s.objective, baseScore));
  const bufs: ShardBuffers[] = shards.map((sh) => {
    const { arena } = sh.engine;
    const margin = arena.alloc(words(sh.nRows * nGroups));
    arena.f32(margin, sh.nRows * nGroups).fill(baseMargin);
    return { margin, gh: arena.alloc(ghBytes(sh.nRows * nGroups)) };
  });
  const first = shards[0]!;
  const splitter = new XGBoostSplitter(first.engine, first.info, nF, s);
  const grower = new ShardGrower(shards, nF, s, splitter);
  const rng = new Rng(s.seed);
  const metric = evalMetric(s.evalMetric ?? defaultMetric(s.objective));
  const valid = opts.valid;
  if (valid && !valid.target) throw inputError('validation data', `target column ${schema.target.name} is missing`);
  const rawValid = valid ? new RawValidator(first.engine, valid, baseMargin, nGroups) : null;
  let best = { round: -1, score: NaN };
  const history: number[] = [];
  const builder = new TreeStore(data.fbins, 1);
  const gradSettings = { scalePosWeight: s.scalePosWeight, huberSlope: s.huberSlope, maxDeltaStep: s.maxDeltaStep, nGroups };
  let rounds = 0;
  for (let round = 0; round < s.numBoostRound; round++) {
    shards.forEach((sh, k) => {
      teamGradients(sh.team, s.objective, gradSettings, { margin: bufs[k]!.margin, label: sh.label, weight: 0, n: sh.nRows, gh: bufs[k]!.gh });
    });
    const roundTrees = rawValid ? new TreeStore(data.fbins, 1) : null;
    for (let c = 0; c < nGroups; c++) {
      const used = sampleShardRows(shards, grower, n, s.subsample, rng);
      const all = used.every((u, k) => u === shards[k]!.nRows);
      const gh = shards.map((sh, k) => ghBlock(bufs[k]!.gh, c, sh.nRows));
      const tree = grower.grow(gh, used, all, sampleFeatures(nF, s.colsampleBytree, rng), rng);
      const packed = packBinTree(tree, 1, breadthFirst(tree));
      shards.forEach((sh, k) => {
        teamApplyLeaves(sh.team, grower.shardTree(tree, k), grower.rowsOf(k), bufs[k]!.margin, nGroups, c);
        if (used[k]! < sh.nRows) applyUnseen(sh, nF, packed, grower.rowsOf(k), bufs[k]!.margin, used[k]!, nGroups, c);
      });
      builder.add(packed, c);
      roundTrees?.add(packed, c);
    }
    rounds++;
    if (!rawValid) continue;
    const score = metric.value(valid!.target!, rawValid.add(roundTrees!, s), nOutputs);
    history.push(score);
    if (best.round < 0 || (metric.higherIsBetter ? score > best.score : score < best.score)) best = { round, score };
    if (round % 10 === 0 || round === s.numBoostRound - 1) log(`[${round}] valid-${metric.name}: ${score.toFixed(6)}`);
    if (s.earlyStoppingRounds > 0 && round - best.round >= s.earlyStoppingRounds) {
      log(`early stopping at round ${round}; best round ${best.round}`);
      break;
    }
  }
  const bestIteration = rawValid && s.earlyStoppingRounds > 0 ? best.round : rounds - 1;
  builder.truncate((bestIteration + 1) * nGroups);
  return {
    trees: builder.build(), nGroups, baseScore, baseMargin, evalMetric: metric.name, history, bestIteration, rounds,
    stoppedByDeadline: false,
  };
}

/** Features of one tree, as boostBinned draws them. */
function sampleFeatures(nFeatures: number, frac: number, rng: Rng): Int32Array {
  if (frac >= 1) return Int32Array.from({ length: nFeatures }, (_, i) => i);
  return rng.sampleSortedInt32(nFeatures, Math.max(1, Math.floor(frac * nFeatures)));
}

/**
 * Rows for one tree in each shard's row array: Bernoulli(subsample) per row in file order (the
 * draws boostBinned makes over the same rows). Returns the rows used per shard.
 */
function sampleShardRows(shards: Shard[], grower: ShardGrower, n: number, subsample: number, rng: Rng): number[] {
  const used = shards.map((sh, k) => {
    const rows = sh.engine.arena.u32(grower.rowsOf(k), sh.nRows);
    let m = 0;
    for (let i = 0; i < sh.nRows; i++) {
      if (subsample < 1 && rng.next() >= subsample) continue;
      rows[m++] = i;
    }
    return m;
  });
  if (!used.some((u) => u > 0)) {
    // No row drawn: one row at random, as boostBinned takes.
    let r = rng.int(n), k = 0;
    while (r >= shards[k]!.nRows) r -= shards[k++]!.nRows;
    shards[k]!.engine.arena.u32(grower.rowsOf(k), 1)[0] = r;
    used[k] = 1;
  }
  return used;
}

/** Adds the tree's output (group c) to the margins of a shard's rows it did not see (subsample). */
function applyUnseen(sh: Shard, nF: number, tree: PackedTree, rowsPtr: Ptr, marginPtr: Ptr, nUsed: number, nGroups: number, c: number): void {
  const { arena } = sh.engine;
  const seen = new Uint8Array(sh.nRows);
  const rows = arena.u32(rowsPtr, nUsed);
  for (let i = 0; i < nUsed; i++) seen[rows[i]!] = 1;
  const bins = arena.u8(sh.bins, sh.nRows * nF);
  const margin = arena.f32(marginPtr, sh.nRows * nGroups);
  const unseen = new Uint32Array(sh.nRows - nUsed);
  let m = 0;
  for (let r = 0; r < sh.nRows; r++) if (!seen[r]) unseen[m++] = r;
  const leaves = leavesOf(tree, bins, sh.nRows, unseen.subarray(0, m));
  for (let j = 0; j < m; j++) margin[unseen[j]! * nGroups + c] = margin[unseen[j]! * nGroups + c]! + tree.value[leaves[j]!]!;
}
