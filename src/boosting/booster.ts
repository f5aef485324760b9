/** The boosting loop: gradients, one tree per output group per round, margins, early stopping. */
import type { Dataset } from '../data/frame.js';
import { inputError } from '../errors.js';
import type { GBDTModel } from '../model/model.js';
import { MODEL_FORMAT, MODEL_VERSION } from '../model/model.js';
import type { ParamMap } from '../params.js';
import { computeBins, binMatrix, featureInfo } from '../binning/bin-mapper.js';
import { createEngine } from '../wasm/load.js';
import type { Ptr } from '../wasm/kernels.js';
import { TreeGrower } from '../tree/tree-grower.js';
import { XGBoostSplitter } from '../tree/xgboost-splitter.js';
import { TreeArraysBuilder } from '../tree/tree-arrays.js';
import { liveLeaves, type BinTree } from '../tree/bin-tree.js';
import { placeTrees } from '../predict/tree-placement.js';
import { Rng } from '../util/rng.js';
import { resolveGBDT, type GBDTSettings } from './gbdt-params.js';
import {
  autoBaseScore, baseMarginOf, computeGradients, defaultMetric, transformOutput,
} from '../objective/objective.js';
import { evalMetric } from '../metric/eval-metric.js';
import { refitLeavesToMedian } from './leaf-refit.js';
import { MISSING_BIN } from '../wasm/layout.js';

export interface BoostOptions {
  valid?: Dataset;
  log?: (line: string) => void;
  /** Cut points per numeric feature name, replacing the computed ones (parity tests). */
  cuts?: ReadonlyMap<string, Float32Array>;
}

/** Rows chosen for one tree: Bernoulli(subsample) per row, as XGBoost samples. */
function sampleRows(rows: Uint32Array, n: number, subsample: number, rng: Rng): number {
  if (subsample >= 1) { for (let i = 0; i < n; i++) rows[i] = i; return n; }
  let m = 0;
  for (let i = 0; i < n; i++) if (rng.next() < subsample) rows[m++] = i;
  if (m === 0) rows[m++] = rng.int(n);
  return m;
}

function sampleFeatures(nFeatures: number, frac: number, rng: Rng): Int32Array {
  if (frac >= 1) return Int32Array.from({ length: nFeatures }, (_, i) => i);
  const m = Math.max(1, Math.floor(frac * nFeatures));
  return rng.sampleSortedInt32(nFeatures, m);
}

/** Leaf reached by a row of binned data (rows not sampled for the tree). */
function leafOfRow(t: BinTree, bins: Uint8Array, nRows: number, r: number): number {
  let n = 0;
  while (t.left[n] >= 0) {
    const b = bins[t.feature[n] * nRows + r];
    let goLeft: boolean;
    if (b === MISSING_BIN) goLeft = t.defaultLeft[n];
    else if (t.catBits[n]) goLeft = ((t.catBits[n]![b >> 5] >>> (b & 31)) & 1) === 1;
    else goLeft = b <= t.splitBin[n];
    n = goLeft ? t.left[n] : t.right[n];
  }
  return n;
}

export function boost(params: ParamMap, train: Dataset, opts: BoostOptions = {}): GBDTModel {
  const schema = train.schema;
  const task = schema.target.task;
  const { settings: s, canonical } = resolveGBDT(params, task);
  const n = train.nRows;
  const nF = schema.features.length;
  if (!train.target) throw inputError('training data', `target column ${schema.target.name} is missing`);
  if (nF === 0) throw inputError('training data', 'no feature columns besides the target');
  if (n === 0) throw inputError('training data', 'no rows');
  const K = task === 'multiclass' ? schema.target.classes!.length : 1;
  const log = opts.log ?? (() => {});

  const engine = createEngine();
  const { arena } = engine;
  const fbins = computeBins(train.features, n, schema, s.maxBin, s.seed, opts.cuts);
  const bins = binMatrix(engine, train.features, n, fbins);
  const binsRM = arena.alloc(n * nF + 16); // 16 bytes of slack for the kernels' vector row copies
  engine.kernels.binsToRowMajor(bins, n, nF, binsRM);
  const info = arena.put(featureInfo(fbins));
  const label = arena.put(Float32Array.from(train.target));
  const weight = train.weight ? arena.put(Float32Array.from(train.weight)) : 0;
  const baseScore = s.baseScore ?? autoBaseScore(s.objective, train.target, train.weight);
  const baseMargin = Math.fround(baseMarginOf(s.objective, baseScore));
  const margin = arena.alloc(n * K * 4);
  arena.f32(margin, n * K).fill(baseMargin);
  const gh = arena.alloc(n * K * 8);
  const splitter = new XGBoostSplitter(engine, info, nF, s);
  const grower = new TreeGrower(engine, { bins, binsRM, nRows: n, nFeatures: nF, info }, s, splitter);
  const rng = new Rng(s.seed);

  const metric = evalMetric(s.evalMetric ?? defaultMetric(s.objective));
  const valid = opts.valid;
  let vData: Ptr = 0, vMargin: Ptr = 0;
  if (valid) {
    if (!valid.target) throw inputError('validation data', `target column ${schema.target.name} is missing`);
    vData = arena.put(valid.features);
    vMargin = arena.alloc(valid.nRows * K * 4);
    arena.f32(vMargin, valid.nRows * K).fill(baseMargin);
  }

  const builder = new TreeArraysBuilder();
  const history: number[] = [];
  let best = { round: -1, score: NaN };
  const settingsForGrad = { scalePosWeight: s.scalePosWeight, huberSlope: s.huberSlope, maxDeltaStep: s.maxDeltaStep, nGroups: K };
  let rounds = 0;
  for (let round = 0; round < s.numBoostRound; round++) {
    computeGradients(engine, s.objective, settingsForGrad, { margin, label, weight, n, gh });
    const roundTrees = new TreeArraysBuilder();
    for (let c = 0; c < K; c++) {
      const rows = arena.u32(grower.rows, n);
      const nUsed = sampleRows(rows, n, s.subsample, rng);
      const feats = sampleFeatures(nF, s.colsampleBytree, rng);
      const tree = grower.grow(gh + c * n * 8, nUsed, nUsed === n, feats, rng);
      if (s.objective === 'reg:absoluteerror') {
        refitLeavesToMedian(tree, arena.u32(grower.rows, n), arena.f32(margin, n * K), train.target, s.eta);
      }
      applyTree(tree, arena.u32(grower.rows, n), arena.f32(margin, n * K), K, c, nUsed < n ? arena.u8(bins, n * nF) : null, n, nUsed);
      builder.add(tree, c, fbins);
      roundTrees.add(tree, c, fbins);
    }
    rounds++;
    if (valid) {
      const mark = arena.mark();
      const placed = placeTrees(engine, roundTrees.build());
      engine.kernels.predictTrees(vData, valid.nRows, placed.nodes, placed.treeRoot, placed.treeGroup, 0, placed.nTrees, K, vMargin);
      arena.reset(mark);
      const out = transformOutput(s.objective, arena.f32(vMargin, valid.nRows * K), valid.nRows, K);
      const score = metric.value(valid.target!, out, task === 'binary' ? 2 : K);
      history.push(score);
      const improved = best.round < 0 || (metric.higherIsBetter ? score > best.score : score < best.score);
      if (improved) best = { round, score };
      if (round % 10 === 0 || round === s.numBoostRound - 1) log(`[${round}] valid-${metric.name}: ${score.toFixed(6)}`);
      if (s.earlyStoppingRounds > 0 && round - best.round >= s.earlyStoppingRounds) {
        log(`early stopping at round ${round}; best round ${best.round} (${metric.name} ${best.score.toFixed(6)})`);
        break;
      }
    }
  }
  const bestIteration = valid && s.earlyStoppingRounds > 0 ? best.round : rounds - 1;
  builder.truncate((bestIteration + 1) * K);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    learner: 'gbdt',
    schema,
    objective: s.objective,
    nGroups: K,
    baseMargin,
    params: { ...canonical, base_score: baseScore },
    trees: builder.build(),
    training: { evalMetric: metric.name, history, bestIteration, rounds },
  };
}

/** Adds the tree's leaf values to the training margins of group c (f32 accumulation, as XGBoost). */
function applyTree(tree: BinTree, rows: Uint32Array, margin: Float32Array, K: number, c: number,
  bins: Uint8Array | null, n: number, nUsed: number): void {
  for (const leaf of liveLeaves(tree)) {
    const v = Math.fround(tree.value[leaf]);
    for (let i = tree.begin[leaf]; i < tree.end[leaf]; i++) margin[rows[i] * K + c] += v;
  }
  if (bins) {
    // Rows left out by subsample still need this tree's output.
    const used = new Uint8Array(n);
    for (let i = 0; i < nUsed; i++) used[rows[i]] = 1;
    for (let r = 0; r < n; r++) if (!used[r]) margin[r * K + c] += Math.fround(tree.value[leafOfRow(tree, bins, n, r)]);
  }
}

export type { GBDTSettings };
