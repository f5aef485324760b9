/** Random forest and extra-trees training: binning once into shared kernel memory, trees on every core, averaged outputs, OOB score. */
import type { Dataset } from '../data/frame.js';
import { inputError } from '../errors.js';
import { MODEL_FORMAT, MODEL_VERSION, type ForestModel } from '../model/model.js';
import type { ParamMap } from '../params.js';
import { computeBins, binMatrix } from '../binning/bin-mapper.js';
import { createEngine, kernelModule, newMemory, type Engine } from '../wasm/load.js';
import { featuresPerSplit, resolveForest, rowsPerTree, type ForestLearner, type ForestSettings } from './forest-params.js';
import { treeScratchBytes } from './grow-tree.js';
import { forestJob } from './forest-job.js';
import { binRanges } from './forest-arrays.js';
import { TreeStore } from '../tree/tree-store.js';
import { OobAccumulator, oobMetricName, oobMetrics, type OobPrediction } from './oob.js';
import { forestThreads, TreeRunner } from './tree-runner.js';

export interface ForestTrainOptions {
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Nodes of at most this many rows grow whole in one growSubtree kernel call (0: every node through the histogram grower); tests and tuning. */
  subtreeRows?: number;
  /** Use worker threads only from this many (rows x trees) on (default POOL_MIN_WORK; tests set 0 to force the pool). */
  poolMinWork?: number;
}

export interface ForestResult {
  model: ForestModel;
  /** Out-of-bag predictions of the training rows; null without bootstrap / max_samples or with oob_score=false. */
  oob: OobPrediction | null;
  settings: ForestSettings;
  /** Threads the trees were grown on. */
  threads: number;
}

/** The resolved parameters stored in the model (scikit-learn names), given ones first. */
function storedParams(s: ForestSettings, given: ParamMap): ParamMap {
  const p: ParamMap = {
    n_estimators: s.nEstimators, max_depth: s.maxDepth, max_features: s.maxFeatures, min_samples_leaf: s.minSamplesLeaf,
    min_samples_split: s.minSamplesSplit, bootstrap: s.bootstrap, class_weight: s.classWeight, categorical_split: s.categoricalSplit,
    max_bin: s.maxBin, seed: s.seed,
  };
  if (s.maxSamples !== undefined) p.max_samples = s.maxSamples;
  return { ...p, ...given };
}

/** The binned training data placed in kernel memory, and the per-tree job that points at it. */
function placeData(engine: Engine, train: Dataset, target: Float64Array, s: ForestSettings, opts: ForestTrainOptions) {
  const { arena } = engine;
  const schema = train.schema;
  const n = train.nRows;
  const nF = schema.features.length;
  // Equal distinct values per bin, not row quantiles: fully grown trees then keep more of the gaps
  // between values they could split (see CutRule; AutoML's fold forests share the boosting bins).
  const fbins = computeBins(engine, train.features, n, schema, s.maxBin, s.seed, undefined, 'distinct');
  const bins = binMatrix(engine, train.features, n, fbins);
  const binsRM = arena.alloc(n * nF + 16); // 16 bytes of slack for the kernels' vector row copies
  engine.kernels.binsToRowMajor(bins, n, nF, binsRM);
  const weight = train.weight ? arena.put(Float32Array.from(train.weight)) : 0;
  // Value ranges of the bins, for raw thresholds between the values on either side of a cut.
  const ranges = arena.put(binRanges(fbins, train.features, arena.u8(bins, n * nF), n));
  const job = forestJob(engine, s, schema.target.task, { fbins, bins, binsRM, nRows: n, weight, ranges, target, nClasses: schema.target.classes?.length ?? 0 },
    { subtreeRows: opts.subtreeRows });
  return { fbins, job };
}

/** Trains a random forest (`rf`) or extra trees (`extratrees`); `params` use scikit-learn's names and are validated here. */
export async function trainForest(learner: ForestLearner, params: ParamMap, train: Dataset, opts: ForestTrainOptions = {}): Promise<ForestResult> {
  const schema = train.schema;
  const task = schema.target.task;
  const { settings: s, canonical } = resolveForest(learner, params, task);
  const n = train.nRows;
  const nF = schema.features.length;
  const target = train.target;
  if (!target) throw inputError('training data', `target column ${schema.target.name} is missing`);
  if (nF === 0) throw inputError('training data', 'no feature columns besides the target');
  if (n === 0) throw inputError('training data', 'no rows');
  // Checked before any work: a bad max_features / max_samples is a usage error.
  const mtry = featuresPerSplit(s.maxFeatures, nF);
  rowsPerTree(s, n);
  const log = opts.log ?? (() => {});
  const nGroups = task === 'multiclass' ? schema.target.classes!.length : 1;

  const tStart = performance.now();
  const engine = createEngine(newMemory(), kernelModule());
  // Workers start while the main thread bins the data.
  const threads = forestThreads(s.nthread, s.nEstimators, n, opts.poolMinWork);
  const runner = TreeRunner.start(engine, threads, treeScratchBytes(engine.kernels, n, nF, nGroups, opts.subtreeRows));
  let model: ForestModel;
  let oob: OobPrediction | null;
  try {
    const { fbins, job } = placeData(engine, train, target, s, opts);
    log(`${learner}: ${s.nEstimators} trees on ${n} rows x ${nF} features (${mtry} per split), ${threads} thread${threads > 1 ? 's' : ''}; ` +
      `binned in ${((performance.now() - tStart) / 1000).toFixed(2)} s`);
    const builder = new TreeStore(null, nGroups, s.nEstimators);
    const oobAcc = job.oob ? new OobAccumulator(n, nGroups, task) : null;
    const t0 = performance.now();
    await runner.run(job, s.nEstimators, fbins, (t, tree) => {
      oobAcc?.add(tree);
      const { oobRows: _r, oobLeaf: _l, ...arrays } = tree;
      builder.append(arrays);
      if ((t + 1) % 25 === 0 || t + 1 === s.nEstimators) log(`[${t + 1}/${s.nEstimators}] trees, ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    });
    const tTrees = performance.now();
    // The workers shut down while the main thread joins the trees.
    const closing = runner.close();
    closing.catch(() => {}); // awaited below; only silenced when building the model throws first
    oob = oobAcc ? oobAcc.result(s.nEstimators) : null;
    model = {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      learner,
      schema,
      output: task === 'regression' ? 'value' : 'probability',
      nGroups,
      valueWidth: nGroups,
      params: storedParams(s, canonical),
      trees: builder.build(),
      training: { nTrees: s.nEstimators },
    };
    await closing;
    log(`trees in ${((tTrees - t0) / 1000).toFixed(2)} s, assembled in ${((performance.now() - tTrees) / 1000).toFixed(2)} s`);
  } catch (e) {
    await runner.close(true);
    throw e;
  }
  const metrics = oob ? oobMetrics(task, target, oob) : null;
  if (oob && metrics) {
    const name = oobMetricName(task);
    model.training = { ...model.training, oobMetric: name, oobScore: metrics[name], oobMetrics: metrics, oobRows: oob.covered };
    log(`out-of-bag ${name} ${metrics[name].toFixed(6)} on ${oob.covered} rows`);
  }
  return { model, oob, settings: s, threads };
}
