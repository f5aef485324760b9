/** Bins the training data once and places what trial workers read in shared memory: the same on the coordinator and on every queue worker. */
import type { Dataset } from '../data/frame.js';
import type { FeatureBins } from '../binning/bin-mapper.js';
import { placeTraining, prepareTraining, type TrainingData } from '../boosting/training-data.js';
import { treeScratchBytes } from '../forest/grow-tree.js';
import { teamScratchBytes } from '../tree/team-grower.js';
import { SharedData } from '../pool/shared-data.js';
import type { Engine } from '../wasm/load.js';
import { ghBytes, histBytes, words } from '../wasm/addressing.js';
import type { ValidationPlan } from './folds.js';
import type { LearnerName } from './learners/learner.js';
import { usageError } from '../errors.js';
import { shareFeatures, shareFoldRanges, shareRungs, shareTraining } from './shared-training.js';

/** Histograms a boosting fold's tree keeps alive at once, for the scratch estimate. */
const LIVE_HISTOGRAMS = 16;

/** Classes above which the linear learner is left out. */
const LINEAR_MAX_CLASSES = 10;
/** Largest float matrix (cells) shared for the linear learner. */
const LINEAR_MAX_CELLS = 20_000_000;
/**
 * Largest forest scratch per worker: a forest fold's buffers are sized by every row of the
 * matrix (~150 bytes a row), so on ten million rows two workers' scratch alone would pass the
 * 4 GiB of wasm32 memory; the forest learners are left out there.
 */
const FOREST_MAX_SCRATCH = 1 << 30;

export interface TrialData {
  data: TrainingData;
  shared: SharedData;
  /** The learners that can run on this data (linear may be left out). */
  learners: LearnerName[];
  /** Scratch bytes every worker needs for one fold of any of `learners`. */
  scratchBytes: number;
}

/**
 * Bins `dataset` (with `fbins` when given: a queue worker bins with the coordinator's cuts) and
 * shares the binned data, fold plan and what the learners read besides bins.
 */
export function placeTrialData(engine: Engine, dataset: Dataset, plan: ValidationPlan, learnerNames: LearnerName[],
  opts: { seed: number; fbins?: FeatureBins[]; log?: (line: string) => void; rungOf?: Int8Array | null; threads?: number }): TrialData {
  const log = opts.log ?? (() => {});
  const data = opts.fbins ? placeTraining(engine, dataset, opts.fbins) : prepareTraining(engine, dataset, 256, opts.seed);
  const shared = new SharedData(engine.arena);
  shareTraining(shared, data, plan.foldOf);
  if (opts.rungOf) shareRungs(shared, opts.rungOf);
  const nFeatures = dataset.schema.features.length;
  if (learnerNames.includes('linear') && data.nClasses > LINEAR_MAX_CLASSES) {
    // A softmax over many classes is slow to fit and rarely competitive with trees there.
    learnerNames = learnerNames.filter((l) => l !== 'linear');
    log(`linear learner skipped: ${data.nClasses} classes (more than ${LINEAR_MAX_CLASSES})`);
  }
  if (learnerNames.includes('linear')) {
    // The linear learner reads float features: share them once, unless the matrix is too large
    // to be worth it next to the tree learners (it then costs more memory than it earns).
    if (dataset.nRows * nFeatures <= LINEAR_MAX_CELLS) shareFeatures(shared, dataset.features);
    else {
      learnerNames = learnerNames.filter((l) => l !== 'linear');
      log(`linear learner skipped: ${dataset.nRows} x ${nFeatures} cells exceed ${LINEAR_MAX_CELLS}`);
    }
  }
  const nGroups = data.schema.target.task === 'multiclass' ? data.nClasses : 1;
  const forestBytes = treeScratchBytes(engine.kernels, data.nRows, data.nFeatures, nGroups) + words(3 * data.nRows);
  if ((learnerNames.includes('rf') || learnerNames.includes('extratrees')) && forestBytes > FOREST_MAX_SCRATCH) {
    log(`forest learners skipped: ${data.nRows} rows need ${Math.round(forestBytes / 2 ** 20)} MiB of scratch per worker (more than ${FOREST_MAX_SCRATCH / 2 ** 20})`);
    learnerNames = learnerNames.filter((l) => l !== 'rf' && l !== 'extratrees');
  }
  if (learnerNames.length === 0) throw usageError(`no learner can run on ${data.nRows} rows x ${data.nFeatures} features; add --learners gbdt`);
  if (learnerNames.includes('rf') || learnerNames.includes('extratrees')) shareFoldRanges(shared, data, dataset.features, plan.folds);
  // Per row and group an f32 margin and a gradient pair; per row five words (row lists, labels:
  // one of them is the f32 label a forest fold places, centred regression targets); LIVE_HISTOGRAMS.
  // A gbdt fold on a team of `threads` threads also holds every thread's kernel scratch.
  const team = Math.max(1, opts.threads ?? 1) * teamScratchBytes(data.nFeatures);
  const boosting = words(data.nRows * nGroups) + ghBytes(data.nRows * nGroups) + words(5 * data.nRows)
    + LIVE_HISTOGRAMS * histBytes(data.nFeatures) + team + (4 << 20);
  // A forest fold grows trees with trainForest's scratch (bounded by every row) plus its labels and row lists.
  const forests = learnerNames.includes('rf') || learnerNames.includes('extratrees');
  const scratchBytes = forests ? Math.max(boosting, forestBytes) : boosting;
  return { data, shared, learners: learnerNames, scratchBytes };
}
