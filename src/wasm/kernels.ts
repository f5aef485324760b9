/** Hand-typed raw exports of the WASM kernels (assembly/index.ts). Pointers are byte offsets. */

/** A byte offset into the kernel memory. */
export type Ptr = number;

export interface Kernels {
  histBuild(bins: Ptr, nRows: number, gh: Ptr, rows: Ptr, begin: number, end: number, feats: Ptr, nFeats: number, hist: Ptr): void;
  histBuildAll(bins: Ptr, nRows: number, gh: Ptr, feats: Ptr, nFeats: number, hist: Ptr): void;
  histBuildRows(binsRM: Ptr, nCols: number, gh: Ptr, rows: Ptr, begin: number, end: number, feats: Ptr, nFeats: number, hist: Ptr, scratch: Ptr): void;
  binsToRowMajor(binsCM: Ptr, nRows: number, nCols: number, out: Ptr): void;
  histSubtract(parent: Ptr, child: Ptr, out: Ptr, feats: Ptr, nFeats: number): void;
  splitFind(params: Ptr, hist: Ptr, feats: Ptr, nFeats: number, info: Ptr, g: number, h: number, out: Ptr, scratch: Ptr): void;
  leafWeight(params: Ptr, g: number, h: number): number;
  nodeGain(params: Ptr, g: number, h: number): number;
  partitionRows(bins: Ptr, nRows: number, rows: Ptr, begin: number, end: number, feature: number, isCat: number,
    splitBin: number, defaultLeft: number, catBits: Ptr, scratch: Ptr): number;
  gradLogistic(margin: Ptr, label: Ptr, weights: Ptr, scalePosWeight: number, n: number, gh: Ptr): void;
  gradSoftmax(margin: Ptr, label: Ptr, weights: Ptr, n: number, nGroups: number, gh: Ptr): void;
  gradSquared(margin: Ptr, label: Ptr, weights: Ptr, n: number, gh: Ptr): void;
  gradAbsolute(margin: Ptr, label: Ptr, weights: Ptr, n: number, gh: Ptr): void;
  gradPseudoHuber(margin: Ptr, label: Ptr, weights: Ptr, delta: number, n: number, gh: Ptr): void;
  gradPoisson(margin: Ptr, label: Ptr, weights: Ptr, maxDeltaStep: number, n: number, gh: Ptr): void;
  splitFindMulti(params: Ptr, hist: Ptr, valueWidth: number, chanStride: number, feats: Ptr, nFeats: number, info: Ptr,
    gTot: Ptr, h: number, randomU: Ptr, out: Ptr, leftG: Ptr, scratch: Ptr): void;
  growSubtree(binsRM: Ptr, nCols: number, info: Ptr, gh: Ptr, label: Ptr, rows: Ptr, begin: number, end: number, valueWidth: number,
    mtry: number, minLeaf: number, minSplit: number, maxDepth: number, rootDepth: number, random: number, gainEps: number,
    offset: number, scale: number, seed: number, rootG: Ptr, rootH: number, out: Ptr, catOut: Ptr, result: Ptr, scratch: Ptr,
    soa: Ptr, subBase: number, catBase: number, ranges: Ptr): void;
  predictForest(data: Ptr, nRows: number, nFeatures: number, nodes: Ptr, catLen: Ptr, catWords: Ptr, value: Ptr, valueWidth: number,
    treeRoot: Ptr, treeBegin: number, treeEnd: number, out: Ptr, blockRows: number, scratch: Ptr): void;
  /** Prediction node records (layout PNODE_*) from i32 left, right, feature, flags, catOffset and f32 threshold arrays of n. */
  packNodes(left: Ptr, right: Ptr, feature: Ptr, flags: Ptr, catOffset: Ptr, threshold: Ptr, n: number, out: Ptr): void;
  predictForestRows(data: Ptr, stride: number, rowBegin: number, rowEnd: number, nFeatures: number, nodes: Ptr, catLen: Ptr,
    catWords: Ptr, value: Ptr, valueWidth: number, treeRoot: Ptr, treeBegin: number, treeEnd: number, out: Ptr, blockRows: number,
    scratch: Ptr): void;
  bootstrapCounts(n: number, draws: number, allowed: Ptr, nAllowed: number, state: Ptr, counts: Ptr): void;
  forestGradients(n: number, valueWidth: number, label: Ptr, weight: Ptr, classWeights: Ptr, counts: Ptr, gh: Ptr, rows: Ptr): number;
  binTreeLeaves(bins: Ptr, stride: number, nodes: Ptr, catWords: Ptr, rows: Ptr, nList: number, out: Ptr): void;
  subtreeScratchBytes(n: number, nCols: number, valueWidth: number, nFeatures: number): number;
  subtreeNodeBytes(valueWidth: number): number;
  rawThresholdOf(ranges: Ptr, f: number, b: number, next: number, cutOut: Ptr): number;
  binNumeric(values: Ptr, n: number, stride: number, cuts: Ptr, guide: Ptr, out: Ptr): void;
  /** The search guide of a cut table (binGuideBytes of memory) that binNumeric takes. */
  binGuide(cuts: Ptr, guide: Ptr): void;
  binGuideBytes(): number;
  binCategorical(values: Ptr, n: number, stride: number, map: Ptr, nLevels: number, out: Ptr): void;
  binsToRowMajorRows(binsCM: Ptr, nRows: number, nCols: number, begin: number, end: number, out: Ptr): void;
  /** Sorts n NaN-free f32 in place (Float32Array.prototype.sort's order); scratch: sortScratchBytes(n). */
  sortF32(values: Ptr, n: number, scratch: Ptr): void;
  sortScratchBytes(n: number): number;
  layoutValue(i: number): number;
  teamRun(ctl: Ptr, scratch: Ptr): number;
  partitionBlock(bins: Ptr, nRows: number, rows: Ptr, begin: number, end: number, feature: number, isCat: number,
    splitBin: number, defaultLeft: number, catBits: Ptr, out: Ptr): number;
  gradSoftmaxStrided(margin: Ptr, label: Ptr, weights: Ptr, n: number, nGroups: number, gh: Ptr, block: number): void;
  leafAdd(rows: Ptr, begin: number, end: number, margin: Ptr, nGroups: number, c: number, value: number): void;
  leafAddRange(rows: Ptr, segs: Ptr, values: Ptr, nLeaves: number, r0: number, r1: number, margin: Ptr, nGroups: number, c: number): void;
}
