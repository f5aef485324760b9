/**
 * The kernels of the debug build (THICKET_WASM=debug: unoptimised, assertions on) against the
 * references. kernelModule() caches the first module it compiles in its module scope; vitest
 * runs each test file in its own process here (pool 'forks', isolate on by default), so setting
 * the variable before the first createEngine() in this file selects the debug build for this
 * file only. The optimiser is a second compiler: agreement of both builds guards against code
 * that only works when optimised (or only unoptimised).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { Rng } from '../../src/util/rng.js';

const before = process.env.THICKET_WASM;
process.env.THICKET_WASM = 'debug';
afterAll(() => { if (before === undefined) delete process.env.THICKET_WASM; else process.env.THICKET_WASM = before; });

const { createEngine, kernelModule } = await import('../../src/wasm/load.js');
const { FEATURE_CAT_FLAG } = await import('../../src/wasm/layout.js');
const { buildHistogram, toRowMajor } = await import('../../src/reference/histogram.js');
const { partitionRows } = await import('../../src/reference/partition.js');
const R = await import('../../src/reference/gradients.js');
const { binNumeric, binCategorical } = await import('../../src/reference/binning.js');
const { nodeGain, partitionScan, exhaustiveNumeric } = await import('../../src/reference/split.js');
const K = await import('./run.js');
const { predictPacked } = await import('../../src/reference/predict.js');
const { packNodes } = await import('../../src/wasm/prediction-nodes.js');
const { forest, data, N_FEATURES } = await import('./forest.js');
const { scanCuts, scanOrder, multiScore } = await import('../../src/reference/split-multi.js');
const { SIZES, expectExact, expectClose, randomBins, randomBinCounts, randomGh, permutation } = await import('./helpers.js');

const engine = createEngine();

describe('debug build', () => {
  it('is the module in use (it carries a name section; the release build does not)', () => {
    expect(WebAssembly.Module.customSections(kernelModule(), 'name').length).toBe(1);
    expect(engine.kernels.layoutValue(0)).toBe(256);
  });

  it.each(SIZES)('every kernel agrees with its reference (%i rows)', (n) => {
    const rng = new Rng(n + 5);
    for (const nF of [1, 4, 5, 9]) {
      const bins = randomBins(rng, n, randomBinCounts(rng, nF), 0.1), gh = randomGh(rng, n);
      const rows = permutation(rng, n), feats = Int32Array.from({ length: nF }, (_, i) => i);
      const ref = buildHistogram(bins, n, gh, rows, 0, n, feats, nF);
      for (const mode of ['rows', 'rowMajor'] as const) expectExact(K.kHist(engine, mode, bins, n, gh, rows, 0, n, feats, nF), ref, mode);
      const ident = Uint32Array.from({ length: n }, (_, i) => i);
      expectExact(K.kHist(engine, 'all', bins, n, gh, ident, 0, n, feats, nF), buildHistogram(bins, n, gh, ident, 0, n, feats, nF), 'all');
      expectExact(K.kRowMajor(engine, bins, n, nF), toRowMajor(bins, n, nF), 'row-major');
      expectExact(K.kSubtract(engine, ref, ref, feats), new Float64Array(ref.length), 'subtract');
      const cat = Uint32Array.from({ length: 8 }, () => rng.nextU32());
      const kp = K.kPartition(engine, bins, n, rows, 0, n, nF - 1, nF % 2 === 0, 1, true, cat);
      const rp = partitionRows(bins, n, rows, 0, n, nF - 1, nF % 2 === 0, 1, true, cat);
      expect(kp.nLeft).toBe(rp.nLeft);
      expectExact(kp.rows, rp.rows, 'partition');
      // Splits: feature 0 numeric, the rest categorical with 7 bins (partition mode).
      let g = 0, h = 0;
      for (let r = 0; r < n; r++) { g += gh[2 * r]; h += gh[2 * r + 1]; }
      const p = { lambda: 1, alpha: 0.1, minChildWeight: 0.5, maxDeltaStep: 0, maxCatToOnehot: 4, maxCatThreshold: 64 };
      const cbins = randomBins(rng, n, feats.map(() => 7), 0.1);
      const chist = buildHistogram(cbins, n, gh, rows, 0, n, feats, nF);
      const info = Int32Array.from(feats, (f) => 7 | (f > 0 ? FEATURE_CAT_FLAG : 0));
      const recs = K.kSplitFind(engine, p, chist, feats, info, g, h);
      recs.forEach((rec, f) => {
        const fh = chist.subarray(f * 512, (f + 1) * 512);
        const best = f === 0 ? exhaustiveNumeric(p, fh, 7, g, h) : partitionScan(p, fh, 7, g, h);
        // Gains are f32 (see split.test.ts); min_child_weight 0.5 rules out empty-side splits.
        if (best.gain === -Infinity) expect(rec.gain).toBe(-Infinity);
        else expectClose([rec.gain], [best.gain], 1e-6, `split f${f}`, Math.max(1, Math.abs(nodeGain(p, g, h))));
      });
      // splitFindMulti, two channels (the gradient and its square).
      const gh2 = gh.map((v, i) => (i % 2 === 0 ? v * v : v));
      const chans = [chist, buildHistogram(cbins, n, gh2, rows, 0, n, feats, nF)];
      const g2 = [g, gh2.reduce((a, v, i) => (i % 2 === 0 ? a + v : a), 0)];
      const { recs: mrecs } = K.kSplitFindMulti(engine, p, chans, feats, info, g2, h, null);
      mrecs.forEach((rec, f) => {
        const ch = chans.map((x) => x.subarray(f * 512, (f + 1) * 512));
        const best = scanCuts(p, ch, 7, g2, h, scanOrder(ch, 7, f > 0, false), 'kernel');
        if (best.gain === -Infinity) expect(rec.gain).toBe(-Infinity);
        else expectClose([rec.gain], [best.gain], 1e-9, `multi f${f}`, Math.max(1, multiScore(g2, h, p.lambda)));
      });
    }
    const m = Float32Array.from({ length: n }, () => rng.next() * 8 - 4), y = Float32Array.from({ length: n }, () => rng.int(2));
    expectExact(K.kGrad(engine, 'gradSquared', m, y, null), R.gradSquared(m, y, null), 'squared');
    expectExact(K.kGrad(engine, 'gradPseudoHuber', m, y, null, 0.5), R.gradPseudoHuber(m, y, null, 0.5), 'pseudo-Huber');
    expectClose(K.kGrad(engine, 'gradLogistic', m, y, null, 2), R.gradLogistic(m, y, null, 2), 1e-6, 'logistic', 1);
    const m3 = Float32Array.from({ length: 3 * n }, () => rng.next() * 4 - 2);
    expectClose(K.kGradSoftmax(engine, m3, y, null, n, 3), R.gradSoftmax(m3, y, null, n, 3), 1e-6, 'softmax', 1);
    expectClose(K.kGrad(engine, 'gradPoisson', m, y, null, 0.7), R.gradPoisson(m, y, null, 0.7), 1e-6, 'poisson', 60);
    const t = forest(rng, 8, 1, 0.1), x = data(rng, n, t), out = new Float32Array(2 * n);
    const pf = { nodes: packNodes(t), catLen: t.catLen, catWords: t.catWords, treeRoot: t.treeRoot,
      value: Float32Array.from({ length: 2 * t.left.length }, () => rng.next()) };
    expectExact(K.kPredictForest(engine, pf, x, n, N_FEATURES, 2, 0, 8, out, 16), predictPacked(pf, x, n, N_FEATURES, 2, 0, 8, out), 'predictForest');
    const cuts = Float32Array.from({ length: 30 }, (_, i) => i - 15);
    expectExact(K.kBinNumeric(engine, m, cuts), binNumeric(m, cuts), 'binNumeric');
    const map = Int32Array.from({ length: 6 }, (_, i) => (i === 3 ? 255 : i * 2));
    const lv = Float32Array.from({ length: n }, () => rng.int(9) - 1);
    expectExact(K.kBinCategorical(engine, lv, map), binCategorical(lv, map), 'binCategorical');
  });
});
