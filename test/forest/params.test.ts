/** Forest parameters: scikit-learn names, per-learner defaults from the one schema, and clear errors (exit 2) for bad values. */
import { describe, expect, it } from 'vitest';
import { ThicketError } from '../../src/errors.js';
import { featuresPerSplit, resolveForest, rowsPerTree } from '../../src/forest/forest-params.js';
import { trainForest } from '../../src/forest/forest-trainer.js';
import { defaultOf, validateParams } from '../../src/params.js';
import { planted } from './helpers.js';

function usage(f: () => unknown): ThicketError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ThicketError);
    expect((e as ThicketError).exitCode).toBe(2);
    return e as ThicketError;
  }
  throw new Error('expected a usage error');
}

describe('forest parameters', () => {
  it('defaults follow scikit-learn: unlimited depth, bootstrap for rf only, sqrt features for classification, all for regression', () => {
    expect(defaultOf('max_depth', 'gbdt')).toBe(6);
    expect(defaultOf('max_depth', 'rf')).toBe(0);
    expect(defaultOf('bootstrap', 'rf')).toBe(true);
    expect(defaultOf('bootstrap', 'extratrees')).toBe(false);
    const rf = resolveForest('rf', {}, 'binary').settings;
    expect(rf).toMatchObject({ nEstimators: 100, maxDepth: 0, maxFeatures: 'sqrt', minSamplesLeaf: 1, minSamplesSplit: 2, bootstrap: true, randomSplits: false });
    expect(resolveForest('rf', {}, 'regression').settings.maxFeatures).toBe(1);
    expect(resolveForest('extratrees', {}, 'multiclass').settings).toMatchObject({ bootstrap: false, randomSplits: true, maxFeatures: 'sqrt' });
  });

  it('resolves max_features and max_samples the scikit-learn way', () => {
    expect(featuresPerSplit('sqrt', 30)).toBe(5);
    expect(featuresPerSplit('log2', 30)).toBe(4);
    expect(featuresPerSplit(0.5, 9)).toBe(4);
    expect(featuresPerSplit(0.01, 9)).toBe(1);
    expect(featuresPerSplit(1, 9)).toBe(9);
    expect(featuresPerSplit(3, 9)).toBe(3);
    expect(validateParams('rf', { max_features: '0.3' }).max_features).toBe(0.3);
    expect(validateParams('rf', { max_features: 'log2' }).max_features).toBe('log2');
    const s = resolveForest('rf', { max_samples: 0.25 }, 'binary').settings;
    expect(rowsPerTree(s, 1000)).toBe(250);
    expect(rowsPerTree(resolveForest('rf', { max_samples: 300 }, 'binary').settings, 1000)).toBe(300);
  });

  it.each([
    [{ n_estimators: 0 }, 'parameter n_estimators=0: must be >= 1'],
    [{ n_estimators: 2.5 }, 'parameter n_estimators=2.5: must be an integer'],
    [{ max_features: 0 }, 'parameter max_features=0: must be > 0'],
    [{ max_features: -1 }, 'parameter max_features=-1: must be > 0'],
    [{ max_features: 1.5 }, 'parameter max_features=1.5: must be a fraction in (0, 1] or an integer count > 1'],
    [{ max_features: 'half' }, 'parameter max_features=half: must be sqrt, log2, a fraction in (0, 1] or an integer count > 1'],
    [{ min_samples_leaf: 0 }, 'parameter min_samples_leaf=0: must be >= 1'],
    [{ min_samples_split: 1 }, 'parameter min_samples_split=1: must be >= 2'],
    [{ bootstrap: 'maybe' }, 'parameter bootstrap=maybe: must be true or false'],
    [{ max_samples: 0 }, 'parameter max_samples=0: must be > 0'],
    [{ class_weight: 'auto' }, 'parameter class_weight=auto: must be one of none, balanced'],
    [{ eta: 0.1 }, "parameter 'eta' does not apply to learner rf"],
    [{ n_trees: 5 }, "unknown parameter 'n_trees' for learner rf"],
  ])('rejects %o with a usage error', (params, message) => {
    expect(usage(() => resolveForest('rf', params as never, 'binary')).message).toContain(message);
  });

  it('rejects counts larger than the data at training time, and class_weight for regression', async () => {
    const d = planted({ rows: 200, task: 'binary', seed: 1 });
    await expect(trainForest('rf', { max_features: 5 }, d)).rejects.toThrow('parameter max_features=5: the data has only 4 features');
    await expect(trainForest('rf', { max_samples: 201 }, d)).rejects.toThrow('parameter max_samples=201: the training data has only 200 rows');
    expect(usage(() => resolveForest('rf', { class_weight: 'balanced' }, 'regression')).message).toContain('only for classification');
    const err = await trainForest('rf', { n_estimators: 0 }, d).catch((e) => e);
    expect(err).toBeInstanceOf(ThicketError);
    expect(err.exitCode).toBe(2);
  });

  it('class_weight=balanced reweights a rare class', async () => {
    const d = planted({ rows: 2000, task: 'binary', noise: 0.3, seed: 4 });
    // Make class 1 rare: keep 10% of its rows labelled 1.
    for (let i = 0; i < d.nRows; i++) if (d.target![i] === 1 && i % 10 !== 0) d.target![i] = 0;
    const plain = await trainForest('rf', { n_estimators: 20, nthread: 1, min_samples_leaf: 20 }, d);
    const balanced = await trainForest('rf', { n_estimators: 20, nthread: 1, min_samples_leaf: 20, class_weight: 'balanced' }, d);
    const mean = (t: Float32Array, r: Int32Array) => t.reduce((s, v, i) => s + (r[i] === -1 ? v : 0), 0);
    // Leaf frequencies of the rare class are larger once it is weighted up.
    expect(mean(balanced.model.trees.value, balanced.model.trees.left)).toBeGreaterThan(mean(plain.model.trees.value, plain.model.trees.left));
  });
});
