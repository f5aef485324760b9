/** FeatureBins as plain JSON (number arrays), for pool messages and shared descriptors, which carry no typed arrays. */
import type { FeatureBins } from './bin-mapper.js';

export interface PlainFeatureBins {
  kind: FeatureBins['kind'];
  nBins: number;
  cuts: number[];
  min: number;
  levelToBin?: number[];
  binToLevel?: number[];
}

export function plainBins(bins: FeatureBins[]): PlainFeatureBins[] {
  return bins.map((b) => ({
    kind: b.kind, nBins: b.nBins, cuts: Array.from(b.cuts), min: b.min,
    levelToBin: b.levelToBin && Array.from(b.levelToBin), binToLevel: b.binToLevel && Array.from(b.binToLevel),
  }));
}

export function binsFromPlain(plain: PlainFeatureBins[]): FeatureBins[] {
  return plain.map((b) => ({
    kind: b.kind, nBins: b.nBins, cuts: Float32Array.from(b.cuts), min: b.min,
    levelToBin: b.levelToBin && Int32Array.from(b.levelToBin), binToLevel: b.binToLevel && Int32Array.from(b.binToLevel),
  }));
}
