import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/model/model-file.js';
import {
  binaryMargin,
  binaryModel,
  multiclassModel,
  multiclassProbs,
  regressionModel,
  regressionValue,
  sigmoid,
} from '../model/tiny-models.js';
import { editField, modelToJsonV1 } from '../model/model-json.js';
import { expectFailure, expectSuccess, parseSimpleCsv, requireBuild, scratchDir, thicket, writeFile, writeModel } from './run-cli.js';

beforeAll(requireBuild);

/** Rows for the binary model: x, color, y (purple is a level training never saw). */
const BINARY_ROWS: [number, string | undefined, string][] = [
  [0.2, 'red', 'no'],
  [NaN, 'blue', 'no'],
  [1, 'red', 'yes'],
  [1, 'blue', 'yes'],
  [1, undefined, 'no'],
  [1, 'purple', 'no'],
];

function binaryCsv(targetName = 'y'): string {
  const lines = BINARY_ROWS.map(([x, c, y]) => `${Number.isNaN(x) ? '' : x},${c ?? ''},${y}`);
  return `x,color,${targetName}\n${lines.join('\n')}\n`;
}

const close = (a: number, b: number, tol = 1e-6) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThan(tol);

describe('predict on hand-built models', () => {
  it('binary: prediction label then p_<class> columns, matching the trees by hand', () => {
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const data = writeFile(dir, 'data.csv', binaryCsv());
    const r = thicket(['predict', model, data]);
    expectSuccess(r);
    const rows = parseSimpleCsv(r.stdout);
    expect(rows[0]).toEqual(['prediction', 'p_no', 'p_yes']);
    expect(rows.length).toBe(BINARY_ROWS.length + 1);
    BINARY_ROWS.forEach(([x, color], i) => {
      const known = color === 'purple' ? undefined : color;
      const p = sigmoid(binaryMargin(x, known));
      const [label, pNo, pYes] = rows[i + 1]!;
      expect(label).toBe(p > 0.5 ? 'yes' : 'no');
      close(Number(pYes), p);
      close(Number(pNo), 1 - p);
    });
    // The unseen level is a warning on stderr; stdout carries only the CSV.
    expect(r.stderr).toMatch(/warning: .*data\.csv, column 'color': 1 row has a level not seen in training \(e\.g\. 'purple'\)/);
    expect(r.stderr).toMatch(/predict_seconds \d/);
    expect(r.stdout).not.toContain('warning');
    expect(r.stdout).not.toContain('predict_seconds');
  });

  it('multiclass: one p_<class> column per class in class order', () => {
    const dir = scratchDir();
    const model = writeModel(dir, multiclassModel());
    const xs = [0.5, 1.5, 2.5, NaN];
    // A second column keeps the row with a missing x from being a blank (skipped) line.
    const data = writeFile(dir, 'data.csv', `x,id\n${xs.map((x, i) => `${Number.isNaN(x) ? '' : x},${i}`).join('\n')}\n`);
    const r = thicket(['predict', model, data]);
    expectSuccess(r);
    const rows = parseSimpleCsv(r.stdout);
    expect(rows[0]).toEqual(['prediction', 'p_a', 'p_b', 'p_c']);
    expect(rows.length).toBe(xs.length + 1);
    xs.forEach((x, i) => {
      const probs = multiclassProbs(x);
      const row = rows[i + 1]!;
      expect(row[0]).toBe(['a', 'b', 'c'][probs.indexOf(Math.max(...probs))]);
      probs.forEach((p, c) => close(Number(row[c + 1]), p));
    });
  });

  it('regression: a single prediction column; --out writes the file and leaves stdout empty', () => {
    const dir = scratchDir();
    const model = writeModel(dir, regressionModel());
    const data = writeFile(dir, 'data.csv', 'x,price\n1,9.5\n3,12\n,13\n');
    const out = join(dir, 'pred.csv');
    const r = thicket(['predict', model, data, '--out', out]);
    expectSuccess(r);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`predicted 3 rows to ${out}`);
    const rows = parseSimpleCsv(readFileSync(out, 'utf8'));
    expect(rows).toEqual([['prediction'], ...[1, 3, NaN].map((x) => [String(regressionValue(x))])]);
  });

  it('quotes class names that need it in the CSV header and labels', () => {
    const m = binaryModel();
    m.schema.target.classes = ['no, never', 'say "yes"'];
    const dir = scratchDir();
    const r = thicket(['predict', writeModel(dir, m), writeFile(dir, 'd.csv', 'x,color\n1,red\n')]);
    expectSuccess(r);
    expect(r.stdout.split('\n')[0]).toBe('prediction,"p_no, never","p_say ""yes"""');
    expect(r.stdout.split('\n')[1]).toMatch(/^"say ""yes""",/);
  });

  it('exits 1 naming the file and column when a feature column is missing or holds text', () => {
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const noColor = writeFile(dir, 'nocolor.csv', 'x,y\n1,no\n');
    expectFailure(thicket(['predict', model, noColor]), 1, `error: ${noColor}: has no column 'color', which the model uses as a feature`);
    const textX = writeFile(dir, 'text.csv', 'x,color\n1,red\nabc,blue\n');
    expectFailure(thicket(['predict', model, textX]), 1, /text\.csv, data row 2, column 'x': value 'abc' is not a number/);
  });
});

describe('evaluate on hand-built models', () => {
  it('binary --json: n and auc, logloss, accuracy computed from the trees by hand', () => {
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const data = writeFile(dir, 'data.csv', binaryCsv());
    const r = thicket(['evaluate', model, data, '--target', 'y', '--json']);
    expectSuccess(r);
    const out = JSON.parse(r.stdout) as { n: number; metrics: Record<string, number> };
    expect(Object.keys(out)).toEqual(['n', 'metrics', 'read_seconds', 'predict_seconds']);
    expect(out.n).toBe(6);
    expect(Object.keys(out.metrics).sort()).toEqual(['accuracy', 'auc', 'logloss']);
    const ps = BINARY_ROWS.map(([x, c]) => sigmoid(binaryMargin(x, c === 'purple' ? undefined : c)));
    const ys = BINARY_ROWS.map(([, , y]) => (y === 'yes' ? 1 : 0));
    expect(out.metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(out.metrics.auc).toBeCloseTo(7 / 8, 12);
    close(out.metrics.logloss!, -ys.reduce<number>((s, y, i) => s + (y ? Math.log(ps[i]!) : Math.log(1 - ps[i]!)), 0) / 6);
  });

  it('binary table without --json, and --target naming a differently named column', () => {
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const data = writeFile(dir, 'data.csv', binaryCsv('label'));
    const r = thicket(['evaluate', model, data, '--target', 'label']);
    expectSuccess(r);
    expect(r.stdout).toMatch(/^rows +6\nauc +0\.875\nlogloss +[\d.]+\naccuracy +0\.666667\n$/);
  });

  it('regression --json: rmse, mae, r2', () => {
    const dir = scratchDir();
    const model = writeModel(dir, regressionModel());
    const data = writeFile(dir, 'data.csv', 'x,price\n1,9.5\n3,12\n,13\n');
    const r = thicket(['evaluate', model, data, '--target', 'price', '--json']);
    expectSuccess(r);
    const out = JSON.parse(r.stdout) as { n: number; metrics: Record<string, number> };
    expect(out.n).toBe(3);
    expect(Object.keys(out.metrics).sort()).toEqual(['mae', 'r2', 'rmse']);
    expect(out.metrics.rmse).toBeCloseTo(Math.sqrt(1.25 / 3), 12);
    expect(out.metrics.mae).toBeCloseTo(0.5, 12);
    expect(out.metrics.r2).toBeCloseTo(1 - 1.25 / 6.5, 12);
  });

  it('multiclass --json: logloss and accuracy', () => {
    const dir = scratchDir();
    const model = writeModel(dir, multiclassModel());
    const data = writeFile(dir, 'data.csv', 'x,species\n0.5,a\n1.5,b\n2.5,b\n');
    const r = thicket(['evaluate', model, data, '--target', 'species', '--json']);
    expectSuccess(r);
    const out = JSON.parse(r.stdout) as { n: number; metrics: Record<string, number> };
    expect(Object.keys(out.metrics).sort()).toEqual(['accuracy', 'logloss']);
    expect(out.metrics.accuracy).toBeCloseTo(2 / 3, 12);
    const expected = -(Math.log(multiclassProbs(0.5)[0]!) + Math.log(multiclassProbs(1.5)[1]!) + Math.log(multiclassProbs(2.5)[1]!)) / 3;
    close(out.metrics.logloss!, expected);
  });

  it('exits 1 when the target column is missing or holds an unknown class', () => {
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const data = writeFile(dir, 'data.csv', binaryCsv());
    expectFailure(thicket(['evaluate', model, data, '--target', 'outcome']), 1, "has no target column 'outcome'");
    expectFailure(thicket(['evaluate', model, data, '--target', 'color']), 1, `error: --target color is a feature of model ${model}; its target was 'y'`);
    const unknown = writeFile(dir, 'unknown.csv', 'x,color,y\n1,red,yes\n1,red,perhaps\n');
    expectFailure(thicket(['evaluate', model, unknown, '--target', 'y']), 1, /unknown\.csv, data row 2, column 'y': class 'perhaps' was not seen in training/);
  });
});

describe('info', () => {
  it('prints a readable summary of a hand-built model', () => {
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const r = thicket(['info', model]);
    expectSuccess(r);
    expect(r.stdout).toContain('learner:        gbdt');
    expect(r.stdout).toContain('objective:      binary:logistic');
    expect(r.stdout).toContain('classes:        2: no, yes');
    expect(r.stdout).toMatch(/ {2}color +categorical \(3 levels\)/);
    expect(r.stdout).toContain('trees:          2 (1 per round), 6 nodes, 4 leaves, max depth 2');
    expect(r.stdout).toContain('best iteration: 1');
    expect(r.stdout).toContain('params:         objective=binary:logistic eta=0.3 max_depth=3');
    expect(r.stdout).toContain('metrics:        auc=0.75');
    expect(r.stderr).toBe('');
  });

  it('--json prints one parseable object', () => {
    const dir = scratchDir();
    const r = thicket(['info', writeModel(dir, multiclassModel()), '--json']);
    expectSuccess(r);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ learner: 'gbdt', objective: 'multi:softprob', classes: ['a', 'b', 'c'], trees: 3, nodes: 11, output_groups: 3 });
  });
});

describe('corrupted model files (exit 1, naming the file and the field)', () => {
  // Version-1 files (every node field a JSON array) are the easiest to corrupt by hand; a packed version-2 case follows.
  const text = modelToJsonV1(binaryModel());
  const edit = (f: (j: Record<string, any>) => void): string => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const j = JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    f(j);
    return JSON.stringify(j, null, 1);
  };
  const cases: [string, string, string][] = [
    ['truncated', text.slice(0, Math.floor(text.length * 0.6)), 'not valid JSON (truncated or corrupted?)'],
    ['bad child index', edit((j) => (j.trees.left[2] = 1)), 'trees.left[2] is 1; a child must be -1 (leaf) or a later node of tree 0 (3..4)'],
    ['child outside the arrays', edit((j) => (j.trees.right[0] = 99)), 'trees.right[0] is 99'],
    ['bad feature index', edit((j) => (j.trees.feature[0] = 7)), 'trees.feature[0] is 7, outside [0, 2)'],
    ['wrong version', edit((j) => (j.version = 3)), 'version is 3: the file was written by a newer thicket'],
    ['not a model', '{"hello": "world"}', 'format must be "thicket-model"'],
    ['packed (version 2) with a bad child', (() => {
      const j = JSON.parse(modelToJson(binaryModel())) as object;
      editField(j, 'left', (v) => (v[1] = 9));
      return JSON.stringify(j);
    })(), 'trees.left[1] (node 2) is 9: the child, node 11, must be a later node of tree 0 (3..4)'],
  ];

  it.each(cases)('info rejects a %s model', (_what, body, message) => {
    const dir = scratchDir();
    const path = writeFile(dir, 'model.json', body);
    expectFailure(thicket(['info', path]), 1, `error: model ${path}: ${message}`);
  });

  it('predict and evaluate reject a corrupted model before reading data', () => {
    const dir = scratchDir();
    const path = writeFile(dir, 'model.json', cases[1]![1]);
    expectFailure(thicket(['predict', path, join(dir, 'missing.csv')]), 1, `error: model ${path}: trees.left[2]`);
    expectFailure(thicket(['evaluate', path, join(dir, 'missing.csv'), '--target', 'y']), 1, `error: model ${path}: trees.left[2]`);
  });

  it('names a model file that does not exist', () => {
    const dir = scratchDir();
    expectFailure(thicket(['info', join(dir, 'nope.json')]), 1, `error: model ${join(dir, 'nope.json')}: file not found`);
  });
});

describe('file formats through predict', () => {
  it('reads .csv.gz and .arrow data like .csv', async () => {
    const { gzipSync } = await import('node:zlib');
    const { writeFileSync } = await import('node:fs');
    const { tableToIPC, vectorFromArray, Utf8, Float64, Table } = await import('apache-arrow');
    const dir = scratchDir();
    const model = writeModel(dir, binaryModel());
    const csv = writeFile(dir, 'd.csv', binaryCsv());
    const gz = join(dir, 'd.csv.gz');
    writeFileSync(gz, gzipSync(binaryCsv()));
    const xs = BINARY_ROWS.map(([x]) => (Number.isNaN(x) ? null : x));
    const colors = BINARY_ROWS.map(([, c]) => c ?? null);
    const table = new Table({ x: vectorFromArray(xs, new Float64()), color: vectorFromArray(colors, new Utf8()) });
    const arrow = join(dir, 'd.arrow');
    writeFileSync(arrow, tableToIPC(table, 'file'));
    const expected = thicket(['predict', model, csv]);
    expectSuccess(expected);
    for (const path of [gz, arrow]) {
      const r = thicket(['predict', model, path]);
      expectSuccess(r);
      expect(r.stdout).toBe(expected.stdout);
    }
  });
});
