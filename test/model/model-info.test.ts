import { describe, expect, it } from 'vitest';
import { formatModelInfo, summarizeModel } from '../../src/model/model-info.js';
import { binaryModel, multiclassModel, regressionModel } from './tiny-models.js';

describe('model summary', () => {
  it('counts trees, nodes, leaves and depth', () => {
    const s = summarizeModel(binaryModel(), 'm.json');
    expect(s).toMatchObject({
      file: 'm.json',
      learner: 'gbdt',
      objective: 'binary:logistic',
      task: 'binary',
      target: 'y',
      classes: ['no', 'yes'],
      trees: 2,
      nodes: 6,
      leaves: 4,
      max_depth: 2,
      output_groups: 1,
      rounds: 2,
      best_iteration: 1,
      eval_metric: 'logloss',
      metrics: { auc: 0.75 },
    });
    expect(s.features).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'color', kind: 'categorical', levels: 3 },
    ]);
    expect(summarizeModel(multiclassModel(), 'm').max_depth).toBe(2);
    expect(summarizeModel(regressionModel(), 'm')).toMatchObject({ trees: 1, nodes: 3, leaves: 2, max_depth: 1, classes: undefined });
  });

  it('formats a readable text with features, classes, params and metrics', () => {
    const text = formatModelInfo(summarizeModel(binaryModel(), 'm.json'));
    expect(text).toContain('objective:      binary:logistic');
    expect(text).toContain('target:         y (binary)');
    expect(text).toContain('classes:        2: no, yes');
    expect(text).toContain('features:       2 (1 numeric, 1 categorical)');
    expect(text).toMatch(/ {2}color +categorical \(3 levels\)/);
    expect(text).toContain('trees:          2 (1 per round), 6 nodes, 4 leaves, max depth 2');
    expect(text).toContain('params:         objective=binary:logistic eta=0.3 max_depth=3');
    expect(text).toContain('metrics:        auc=0.75');
    expect(formatModelInfo(summarizeModel(regressionModel(), 'r.json'))).not.toContain('classes:');
  });
});
