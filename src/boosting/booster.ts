/** The boosting loop on binned data: gradients, one tree per output group per round, early stopping. */
import type { Dataset } from '../data/frame.js';
import { inputError } from '../errors.js';
import type { TreeArrays } from '../model/model.js';
import type { Engine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { TeamGrower, teamScratchBytes } from '../tree/team-grower.js';
import { Team } from '../pool/team.js';
import { LeafBuffer, teamApplyLeaves, teamGradients } from './team-steps.js';
import { XGBoostSplitter } from '../tree/xgboost-splitter.js';
import { TreeStore } from '../tree/tree-store.js';
import { breadthFirst, leavesOf, packBinTree, type PackedTree } from '../tree/packed-tree.js';
import { forestBlocks, packNodes, type ForestBlocks } from '../wasm/prediction-nodes.js';
import { Rng } from '../util/rng.js';
import type { GBDTSettings } from './gbdt-params.js';
import type { TrainingData } from './training-data.js';
import { autoBaseScore, baseMarginOf, defaultMetric, transformOutput } from '../objective/objective.js';
import { evalMetric, type EvalMetric } from '../metric/eval-metric.js';
import { refitLeavesToMedian } from './leaf-refit.js';
import { ghBlock, ghBytes, wordAt, words } from '../wasm/addressing.js';

export interface BoostOptions {
  /** Rows to train on (ascending; all rows when omitted). */
  trainRows?: Uint32Array;
  /** Rows of the training data scored after each round (cross-validation folds, holdout). */
  validRows?: Uint32Array;
  /** A separate raw validation dataset (the CLI's --valid); used when validRows is absent. */
  valid?: Dataset;
  log?: (line: string) => void;
  /**
   * Date.now() time (epoch ms) after which no new round starts: AutoML's anytime trials. The
   * rounds done are kept and cut at the best validation round, exactly as if num_boost_round
   * had been the number of rounds done. Checked between rounds, after at least one.
   */
  deadline?: number;
  /**
   * The threads that train each tree (on this engine's memory); a one-thread team on the calling
   * thread when omitted. The model is the same with any team.
   */
  team?: Team;
}

export interface BoostResult {
  trees: TreeArrays;
  nGroups: number;
  baseScore: number;
  baseMargin: number;
  evalMetric: string;
  /** Validation metric per round (empty without validation). */
  history: number[];
  bestIteration: number;
  rounds: number;
  /** Outputs (transformOutput convention) of validRows at the best iteration. */
  validOutput?: Float64Array;
  /** True when the deadline ended training before num_boost_round and early stopping. */
  stoppedByDeadline: boolean;
}

/**
 * Rows for one tree, written to `rows`; returns how many: every row of `base` (all rows when
 * null; `identity` holds them in order) or, with subsample < 1, Bernoulli(subsample) per row as
 * XGBoost samples.
 */
function sampleRows(rows: Uint32Array, base: Uint32Array | null, n: number, subsample: number, rng: Rng, identity: Uint32Array): number {
  const m0 = base ? base.length : n;
  // No draw: one block copy (a JavaScript loop over a million rows costs ~4 ms per tree on the main thread).
  if (subsample >= 1 && m0 > 0) {
    rows.set(base ?? identity);
    return m0;
  }
  let m = 0;
  for (let i = 0; i < m0; i++) {
    if (subsample < 1 && rng.next() >= subsample) continue;
    rows[m++] = base ? base[i] : i;
  }
  if (m === 0) rows[m++] = base ? base[rng.int(m0)] : rng.int(n);
  return m;
}

function rowIndices(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

function sampleFeatures(nFeatures: number, frac: number, rng: Rng): Int32Array {
  if (frac >= 1) return Int32Array.from({ length: nFeatures }, (_, i) => i);
  return rng.sampleSortedInt32(nFeatures, Math.max(1, Math.floor(frac * nFeatures)));
}

function pick(values: Float64Array, rows: Uint32Array): Float64Array {
  return Float64Array.from(rows, (r) => values[r]);
}

/** Scores the validation rows after each round and keeps the best round's outputs. */
class RowValidator {
  best = { round: -1, score: NaN };
  history: number[] = [];
  bestOutput: Float64Array | undefined;
  lastOutput: Float64Array | undefined;
  private readonly y: Float64Array;
  constructor(private readonly rows: Uint32Array, target: Float64Array, private readonly metric: EvalMetric,
    private readonly s: GBDTSettings, private readonly nGroups: number, private readonly nOutputs: number) {
    this.y = pick(target, rows);
  }
  /** Returns true when this round improved the best score. */
  update(round: number, margin: Float32Array): boolean {
    const nGroups = this.nGroups, rows = this.rows;
    const m = new Float32Array(rows.length * nGroups);
    for (let i = 0; i < rows.length; i++) for (let c = 0; c < nGroups; c++) m[i * nGroups + c] = margin[rows[i] * nGroups + c];
    const out = transformOutput(this.s.objective, m, rows.length, nGroups);
    const score = this.metric.value(this.y, out, this.nOutputs);
    this.history.push(score);
    this.lastOutput = out;
    const improved = this.best.round < 0 || (this.metric.higherIsBetter ? score > this.best.score : score < this.best.score);
    if (improved) { this.best = { round, score }; this.bestOutput = out; }
    return improved;
  }
}

export function boostBinned(engine: Engine, data: TrainingData, s: GBDTSettings, opts: BoostOptions = {}): BoostResult {
  const { arena } = engine;
  const { nRows: n, nFeatures: nF, schema } = data;
  const task = schema.target.task;
  const nGroups = task === 'multiclass' ? data.nClasses : 1;
  const nOutputs = task === 'binary' ? 2 : nGroups;
  const log = opts.log ?? (() => {});
  const trainRows = opts.trainRows ?? null;
  const tTarget = trainRows ? pick(data.target, trainRows) : data.target;
  const tWeight = data.weights && trainRows ? pick(data.weights, trainRows) : data.weights;
  const baseScore = s.baseScore ?? autoBaseScore(s.objective, tTarget, tWeight);
  const baseMargin = Math.fround(baseMarginOf(s.objective, baseScore));

  // Rows below `active` are the only ones a subset run touches (gradients, margins): rows are
  // ascending, so a sample laid out as a prefix of the matrix costs its own size per round.
  const active = trainRows ? 1 + Math.max(trainRows.length ? trainRows[trainRows.length - 1] : 0, opts.validRows?.length ? opts.validRows[opts.validRows.length - 1] : 0) : n;
  const margin = arena.alloc(words(n * nGroups));
  arena.f32(margin, active * nGroups).fill(baseMargin);
  // Per group, f32 (grad, hess) pairs of the active rows (group stride: active rows).
  const gh = arena.alloc(ghBytes(active * nGroups));
  const splitter = new XGBoostSplitter(engine, data.info, nF, s);
  const team = opts.team ?? new Team(engine, 1, teamScratchBytes(nF));
  const grower = new TeamGrower(engine, team, { bins: data.bins, binsRM: data.binsRM, nRows: n, nFeatures: nF, info: data.info }, s, splitter);
  const rng = new Rng(s.seed);
  const leafBuffer = new LeafBuffer(arena);
  const metric = evalMetric(s.evalMetric ?? defaultMetric(s.objective));

  const rowValid = opts.validRows ? new RowValidator(opts.validRows, data.target, metric, s, nGroups, nOutputs) : null;
  const rawValid = !rowValid && opts.valid ? new RawValidator(engine, opts.valid, baseMargin, nGroups) : null;
  if (rawValid && !opts.valid!.target) throw inputError('validation data', `target column ${schema.target.name} is missing`);
  let rawBest = { round: -1, score: NaN };
  const rawHistory: number[] = [];

  const builder = new TreeStore(data.fbins, 1);
  const gradSettings = { scalePosWeight: s.scalePosWeight, huberSlope: s.huberSlope, maxDeltaStep: s.maxDeltaStep, nGroups };
  let rounds = 0;
  let stoppedByDeadline = false;
  // Rows whose margins matter besides a tree's own rows: with trainRows only the unsampled
  // training rows and the validation rows (a small sample of a large matrix must not pay for
  // traversing every row), otherwise every row.
  const used = new Uint8Array(n);
  const identity = trainRows || s.subsample < 1 ? new Uint32Array(0) : rowIndices(n);
  const others = trainRows ? concatRows(trainRows, opts.validRows) : null;
  for (let round = 0; round < s.numBoostRound; round++) {
    teamGradients(team, s.objective, gradSettings, { margin, label: data.label, weight: data.weight, n: active, gh });
    const roundTrees = rawValid ? new TreeStore(data.fbins, 1) : null;
    for (let c = 0; c < nGroups; c++) {
      const rows = arena.u32(grower.rows, n);
      const nUsed = sampleRows(rows, trainRows, n, s.subsample, rng, identity);
      const tree = grower.grow(ghBlock(gh, c, active), nUsed, nUsed === n, sampleFeatures(nF, s.colsampleBytree, rng), rng);
      if (s.objective === 'reg:absoluteerror') {
        refitLeavesToMedian(tree, arena.u32(grower.rows, n), arena.f32(margin, n * nGroups), data.target, s.eta);
      }
      teamApplyLeaves(team, tree, grower.rows, margin, nGroups, c, nUsed === n && !trainRows ? { nRows: n, buffer: leafBuffer } : undefined);
      const packed = packBinTree(tree, 1, breadthFirst(tree));
      if (nUsed < n) applyUnseen(packed, arena.u32(grower.rows, n), arena.f32(margin, n * nGroups), nGroups, c, arena.u8(data.bins, n * nF), n, nUsed, used, others);
      builder.add(packed, c);
      roundTrees?.add(packed, c);
    }
    rounds++;
    let score: number | undefined;
    let bestRound = -1;
    if (rowValid) {
      rowValid.update(round, arena.f32(margin, n * nGroups));
      score = rowValid.history[round]; bestRound = rowValid.best.round;
    } else if (rawValid) {
      score = metric.value(opts.valid!.target!, rawValid.add(roundTrees!, s), nOutputs);
      rawHistory.push(score);
      if (rawBest.round < 0 || (metric.higherIsBetter ? score > rawBest.score : score < rawBest.score)) rawBest = { round, score };
      bestRound = rawBest.round;
    }
    const late = opts.deadline !== undefined && round + 1 < s.numBoostRound && Date.now() >= opts.deadline;
    if (score === undefined) {
      if (late) { stoppedByDeadline = true; break; }
      continue;
    }
    if (round % 10 === 0 || round === s.numBoostRound - 1) log(`[${round}] valid-${metric.name}: ${score.toFixed(6)}`);
    if (s.earlyStoppingRounds > 0 && round - bestRound >= s.earlyStoppingRounds) {
      log(`early stopping at round ${round}; best round ${bestRound}`);
      break;
    }
    if (late) {
      log(`deadline reached after round ${round}; best round ${bestRound}`);
      stoppedByDeadline = true;
      break;
    }
  }
  const validated = rowValid !== null || rawValid !== null;
  const bestRound = rowValid ? rowValid.best.round : rawBest.round;
  const bestIteration = validated && s.earlyStoppingRounds > 0 ? bestRound : rounds - 1;
  builder.truncate((bestIteration + 1) * nGroups);
  return {
    trees: builder.build(), nGroups, baseScore, baseMargin, evalMetric: metric.name,
    history: rowValid ? rowValid.history : rawHistory, bestIteration, rounds,
    validOutput: rowValid ? (s.earlyStoppingRounds > 0 ? rowValid.bestOutput : rowValid.lastOutput) : undefined,
    stoppedByDeadline,
  };
}

/**
 * Margins of a raw validation dataset, advanced by each round's trees with the packed
 * predictForest kernel (also used by src/boosting/shard-booster.ts). Margins are kept group-major (nGroups blocks of nRows f32) so each tree adds to
 * its group's block with valueWidth 1; every margin gets one f32 add per tree, in round order.
 */
export class RawValidator {
  private readonly data: Ptr;
  private readonly margin: Ptr;
  private readonly nF: number;
  private readonly blocks: ForestBlocks;
  constructor(private readonly engine: Engine, private readonly valid: Dataset, baseMargin: number, private readonly nGroups: number) {
    const { arena } = engine;
    this.nF = valid.schema.features.length;
    this.data = arena.put(valid.features);
    this.margin = arena.alloc(words(valid.nRows * nGroups));
    arena.f32(this.margin, valid.nRows * nGroups).fill(baseMargin);
    this.blocks = forestBlocks(arena, this.nF);
  }
  add(round: TreeStore, s: GBDTSettings): Float64Array {
    const { arena, kernels } = this.engine;
    const n = this.valid.nRows, nGroups = this.nGroups;
    const t = round.build();
    const mark = arena.mark();
    const nodes = arena.put(packNodes(t)), catLen = arena.put(t.catLen), catWords = arena.put(t.catWords);
    const value = arena.put(t.value), roots = arena.put(t.treeRoot);
    const { blockRows, scratch } = this.blocks;
    for (let i = 0; i < t.treeRoot.length; i++) {
      const out = wordAt(this.margin, t.treeGroup[i] * n);
      kernels.predictForest(this.data, n, this.nF, nodes, catLen, catWords, value, 1, roots, i, i + 1, out, blockRows, scratch);
    }
    arena.reset(mark);
    const blocks = arena.f32(this.margin, n * nGroups);
    // transformOutput reads row-major margins (nRows x nGroups).
    const m = nGroups === 1 ? blocks : new Float32Array(n * nGroups);
    if (nGroups > 1) for (let c = 0; c < nGroups; c++) for (let r = 0; r < n; r++) m[r * nGroups + c] = blocks[c * n + r];
    return transformOutput(s.objective, m, n, nGroups);
  }
}

/** trainRows then validRows (the rows a subset run keeps margins for). */
function concatRows(a: Uint32Array, b: Uint32Array | undefined): Uint32Array {
  if (!b || b.length === 0) return a;
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Adds the tree's output to the margins (group c, f32 as XGBoost) of rows it did not see
 * (subsample, validation folds); its own rows got their leaf values from teamApplyLeaves.
 * used: nRows zero bytes of scratch (left zeroed); others: the rows besides the tree's own
 * that need its output (null: every row).
 */
function applyUnseen(tree: PackedTree, rows: Uint32Array, margin: Float32Array, nGroups: number, c: number,
  bins: Uint8Array, n: number, nUsed: number, used: Uint8Array, others: Uint32Array | null): void {
  for (let i = 0; i < nUsed; i++) used[rows[i]] = 1;
  const unseen = new Uint32Array(others ? others.length : n - nUsed);
  let m = 0;
  if (others) {
    for (let j = 0; j < others.length; j++) if (!used[others[j]]) unseen[m++] = others[j];
  } else {
    for (let r = 0; r < n; r++) if (!used[r]) unseen[m++] = r;
  }
  const rowsOut = unseen.subarray(0, m);
  const leaves = leavesOf(tree, bins, n, rowsOut);
  for (let j = 0; j < m; j++) margin[rowsOut[j] * nGroups + c] += tree.value[leaves[j]];
  for (let i = 0; i < nUsed; i++) used[rows[i]] = 0;
}
