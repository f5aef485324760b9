// The one export surface of the kernels: plain numbers in and out, no allocation.
export { histBuild, histBuildAll, histBuildRows, binsToRowMajor, histSubtract } from './histogram';
export { splitFind, leafWeight, nodeGain } from './split';
export { partitionRows } from './partition';
export { gradLogistic, gradSoftmax, gradSquared, gradAbsolute, gradPseudoHuber, gradPoisson } from './gradients';
export { binNumeric, binGuide, binGuideBytes, binCategorical, binsToRowMajorRows, sortF32, sortScratchBytes } from './binning';
export { layoutValue } from './layout-export';
export { splitFindMulti } from './split-multi';
export { growSubtree, subtreeScratchBytes, subtreeNodeBytes, rawThresholdOf } from './forest-subtree';
export { predictForest, predictForestRows, packNodes } from './forest-predict';
export { bootstrapCounts, forestGradients, binTreeLeaves } from './forest-bag';
export { teamRun } from './team';
export { partitionBlock } from './partition';
export { gradSoftmaxStrided, leafAdd, leafAddRange } from './gradients';
