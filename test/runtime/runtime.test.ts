/**
 * The runtime bundle (dist/thicket-runtime.js, the package's `thicket/runtime` entry) against the
 * full package: identical predictions for every model kind and input form, the same errors and
 * warnings for bad rows and bad models; and what the bundle may contain.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameFromJs, type TableInput } from '../../src/data/frame-from-js.js';
import { applySchema } from '../../src/data/apply-schema.js';
import { predictDataset } from '../../src/predict/predictor.js';
import type * as Runtime from '../../src/runtime/index.js';
import { importXGBoost } from '../../src/xgboost/import.js';
import { parseXGBoostJsonText } from '../../src/xgboost/json-text.js';
import { automlModels, automlRows, csvRows, referenceAutoML, referenceOutput, ROOT, singleModels, errorMessage, type Row, type SingleCase } from './models.js';

const BUNDLE = join(ROOT, 'dist/thicket-runtime.js');
let rt: typeof Runtime;

beforeAll(async () => {
  rt = (await import(pathToFileURL(BUNDLE).href)) as typeof Runtime;
});

/** Rows as columns: `{columns: {name: values}}` with every key seen in any row. */
function asColumns(rows: Row[]): TableInput {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { columns: Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? null)])) };
}

/** The error message the full package gives for X on this model (frameFromJs then applySchema), or null. */
function referenceError(c: SingleCase, X: TableInput): string | null {
  try {
    applySchema(frameFromJs(X, { source: 'X' }), c.model.schema, { requireTarget: false });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const runtimeError = (f: () => unknown) => errorMessage(f, rt.ThicketError);

describe('bundle', () => {
  const code = () => readFileSync(BUNDLE, 'utf8');

  it('uses no Node built-ins, no require, no process, no apache-arrow or commander, and imports nothing', () => {
    const text = code();
    const found = (re: RegExp) => text.match(re)?.[0] ?? null;
    expect(found(/node:\w*/)).toBeNull();
    expect(found(/(^|[^\w$.])require\s*\(/)).toBeNull();
    expect(found(/(^|[^\w$.])process\s*\./)).toBeNull();
    expect(found(/apache-arrow|commander|piscina|hyparquet/)).toBeNull();
    expect(found(/(^|[;}\s])import\s*[\s{*"'(]/)).toBeNull();
    // The kernel is inside: nothing fetched or read from a .wasm file.
    expect(/\bfetch\s*\(|new URL\([^)]*\.wasm/.test(text)).toBe(false);
  });

  it('is at most 60 KB gzipped, WebAssembly included', () => {
    const gz = gzipSync(readFileSync(BUNDLE), { level: 9 }).length;
    expect(gz).toBeLessThanOrEqual(60 * 1024);
  });

  it('embeds the runtime kernel build (its own non-shared memory, prediction kernels only)', () => {
    const wasm = readFileSync(join(ROOT, 'build/thicket-runtime.wasm'));
    expect(code()).toContain(wasm.toString('base64'));
    const mod = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(mod)).toEqual([]);
    expect(WebAssembly.Module.exports(mod).map((e) => e.name).sort()).toEqual(['memory', 'packNodes', 'predictRowMajor']);
    const memory = new WebAssembly.Instance(mod, {}).exports.memory as WebAssembly.Memory;
    expect(memory.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it("loads with a plain Node import of 'thicket/runtime' (the package exports map)", () => {
    const c = join(mkdtempSync(join(tmpdir(), 'thicket-rt-')), 'm.json');
    writeFileSync(c, JSON.stringify({ hello: 1 }));
    const script = `import { loadModel, ThicketError } from 'thicket/runtime';
      try { loadModel('{"format": "nope"}'); } catch (e) { console.log(JSON.stringify({ ok: e instanceof ThicketError, message: e.message })); }`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ ok: true, message: 'model input: format must be "thicket-model" (found "nope"); is this a thicket model file?' });
  });
});

describe('single models', async () => {
  const cases = await singleModels();

  it.each(cases.map((c) => [c.name, c] as const))('%s: row objects, columns and text/object/bytes inputs predict as the full package', (_name, c) => {
    const ref = referenceOutput(c.model, c.rows);
    for (const input of [c.text, JSON.parse(c.text) as object, new TextEncoder().encode(c.text)]) {
      const m = rt.loadModel(input);
      expect(m.learner).toBe(c.model.learner);
      expect(m.format).toBe('thicket');
      expect(m.task).toBe(c.model.schema.target.task);
      const raw = m.predictRaw(c.rows);
      expect(raw.nRows).toBe(c.rows.length);
      expect(Array.from(raw.output)).toEqual(Array.from(ref));
    }
    const m = rt.loadModel(c.text);
    expect(Array.from(m.predictRaw(asColumns(c.rows)).output)).toEqual(Array.from(ref));
    // One row at a time gives the same numbers as the batch.
    const k = ref.length / c.rows.length;
    c.rows.slice(0, 20).forEach((row, i) => {
      expect(Array.from(m.predictRaw([row]).output)).toEqual(Array.from(ref.subarray(i * k, (i + 1) * k)));
    });
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: predict gives labels or values, predictProba probability rows', (_name, c) => {
    const m = rt.loadModel(c.text);
    const ref = referenceOutput(c.model, c.rows);
    const classes = c.model.schema.target.classes;
    if (!classes) {
      expect(m.predict(c.rows)).toEqual(Array.from(ref));
      expect(() => m.predictProba(c.rows)).toThrow(/regression model/);
      return;
    }
    expect(m.classes).toEqual(classes);
    const k = classes.length;
    const probs = m.predictProba(c.rows);
    probs.forEach((p, i) => expect(p).toEqual(Array.from(ref.subarray(i * k, (i + 1) * k))));
    const labels = m.predict(c.rows) as string[];
    labels.forEach((label, i) => {
      const best = probs[i]!.indexOf(Math.max(...probs[i]!));
      expect(label).toBe(classes[best]);
    });
  });

  it('takes the kernel as a WebAssembly.Module compiled by the host (thicket/runtime.wasm), and refuses other modules', () => {
    const c = cases[0]!;
    const wasmModule = new WebAssembly.Module(readFileSync(join(ROOT, 'build/thicket-runtime.wasm')));
    expect(Array.from(rt.loadModel(c.text, { wasmModule }).predictRaw(c.rows).output)).toEqual(Array.from(referenceOutput(c.model, c.rows)));
    expect(runtimeError(() => rt.loadModel(c.text, { wasmModule: {} as WebAssembly.Module }))).toBe('wasmModule must be a WebAssembly.Module (thicket/runtime.wasm)');
    const other = new WebAssembly.Module(readFileSync(join(ROOT, 'build/thicket.wasm')));
    expect(runtimeError(() => rt.loadModel(c.text, { wasmModule: other }))).toMatch(/^wasmModule is not thicket's runtime kernel \(no export 'predictRowMajor'\)/);
    expect(Array.from(rt.loadModel(c.text).predictRaw(c.rows).output)).toEqual(Array.from(referenceOutput(c.model, c.rows)));
  });

  it('a batch larger than a kernel chunk (65,536 rows) predicts and warns as one', () => {
    const c = cases.find((x) => x.name === 'gbdt-categorical')!;
    const cat = c.model.schema.features.find((f) => f.kind === 'categorical')!.name;
    const rows = Array.from({ length: 70_001 }, (_, i) => (i % 9999 === 5 ? { ...c.rows[i % c.rows.length]!, [cat]: `new${i % 4}` } : c.rows[i % c.rows.length]!));
    const m = rt.loadModel(c.text);
    const got: string[] = [];
    const out = m.predictRaw(rows, { onWarning: (w) => got.push(w) }).output;
    const want: string[] = [];
    const ref = predictDataset(c.model, applySchema(frameFromJs(rows, { source: 'X' }), c.model.schema, { requireTarget: false, onWarning: (w) => want.push(w) })).output;
    expect(out.length).toBe(ref.length);
    expect(out.every((v, i) => v === ref[i])).toBe(true);
    expect(got).toEqual(want);
    expect(got).toHaveLength(1);
    const cols = asColumns(rows.slice(0, 66_000));
    const refCols = predictDataset(c.model, applySchema(frameFromJs(cols, { source: 'X' }), c.model.schema, { requireTarget: false })).output;
    expect(m.predictRaw(cols).output.every((v, i) => v === refCols[i])).toBe(true);
  });

  it('an empty batch predicts nothing', () => {
    const m = rt.loadModel(cases[0]!.text);
    expect(m.predict([])).toEqual([]);
    expect(m.predictRaw([]).output.length).toBe(0);
  });

  it('reads missing cells, numeric text and numbers for categorical levels as the full package does', () => {
    const c = cases.find((x) => x.name === 'gbdt-categorical')!;
    const base = c.rows[0]!;
    const cat = c.model.schema.features.find((f) => f.kind === 'categorical')!;
    const num = c.model.schema.features.find((f) => f.kind === 'numeric')!;
    const variants: Row[] = [
      { ...base, [num.name]: null }, { ...base, [num.name]: NaN }, { ...base, [num.name]: '' }, { ...base, [num.name]: undefined },
      { ...base, [num.name]: ' 12.5 ' }, { ...base, [num.name]: '-3e2' }, { ...base, [num.name]: -0 },
      { ...base, [num.name]: 'NA' }, { ...base, [num.name]: 'null' }, { ...base, [num.name]: '?' }, { ...base, [num.name]: 'NaN' },
      { ...base, [cat.name]: null }, { ...base, [cat.name]: '' }, { ...base, [cat.name]: 'never seen' }, { ...base, [cat.name]: 510 },
      { ...base, [cat.name]: true }, { ...base, extra: 'ignored' },
    ];
    const m = rt.loadModel(c.text);
    for (const row of variants) {
      expect(Array.from(m.predictRaw([row]).output)).toEqual(Array.from(referenceOutput(c.model, [row])));
    }
    // Missing-value words in a numeric column are missing values (README "Missing values").
    expect(Array.from(m.predictRaw([{ ...base, [num.name]: 'N/A' }]).output)).toEqual(Array.from(m.predictRaw([{ ...base, [num.name]: null }]).output));
    const absent = { ...base };
    delete absent[num.name];
    expect(Array.from(m.predictRaw([absent, base]).output)).toEqual(Array.from(referenceOutput(c.model, [absent, base])));
    expect(Array.from(m.predictRaw(variants).output)).toEqual(Array.from(referenceOutput(c.model, variants)));
  });

  it('rejects bad rows with the full package messages', () => {
    const c = cases.find((x) => x.name === 'gbdt-categorical')!;
    const m = rt.loadModel(c.text);
    const base = c.rows[0]!;
    const num = c.model.schema.features.find((f) => f.kind === 'numeric')!.name;
    const absent = { ...base };
    delete absent[num];
    const bad: TableInput[] = [
      [{ ...base, [num]: 'abc' }],
      [base, { ...base, [num]: true }],
      [{ ...base, [num]: 1e39 }],
      [{ ...base, [num]: '1e39' }],
      [absent],
      [base, null as unknown as Row],
      [base, [1, 2] as unknown as Row],
      { columns: { ...(asColumns([base]) as { columns: object }).columns, [num]: [1, 2] } } as TableInput,
      { columns: {} },
      { columns: { [num]: 'x' as unknown as number[] } },
      'rows' as unknown as TableInput,
    ];
    for (const X of bad) {
      const want = referenceError(c, X);
      expect(want).not.toBeNull();
      expect(runtimeError(() => m.predict(X))).toBe(want);
    }
    // ±Infinity in a number column: the full package rejects it when reading the columns.
    expect(runtimeError(() => m.predict([{ ...base, [num]: Infinity }]))).toBe(referenceError(c, [{ ...base, [num]: Infinity }]));
  });

  it('warns once per column about unseen levels, as the full package', () => {
    const c = cases.find((x) => x.name === 'gbdt-categorical')!;
    const cat = c.model.schema.features.find((f) => f.kind === 'categorical')!.name;
    const rows = c.rows.slice(0, 6).map((r, i) => ({ ...r, [cat]: i % 2 ? `new${i % 4}` : r[cat] }));
    const want: string[] = [];
    applySchema(frameFromJs(rows, { source: 'X' }), c.model.schema, { requireTarget: false, onWarning: (w) => want.push(w) });
    const got: string[] = [];
    rt.loadModel(c.text).predict(rows, { onWarning: (w) => got.push(w) });
    expect(got).toEqual(want);
    expect(got).toHaveLength(1);
  });
});

describe('AutoML ensembles', async () => {
  const cases = await automlModels();

  it.each(cases.map((c) => [c.name, c] as const))('%s: preprocessing replayed, members combined as the full package', (_name, c) => {
    const ref = referenceAutoML(c.model, c.rows);
    const m = rt.loadModel(c.text);
    expect(m.learner).toBe('automl');
    expect(m.classes).toEqual(c.model.schema.target.classes);
    expect(m.inputs.map((i) => i.name).sort()).toEqual(['city', 'signup', 'x1', 'x2']);
    expect(m.inputs.find((i) => i.name === 'signup')!.kind).toBe('date');
    expect(Array.from(m.predictRaw(c.rows).output)).toEqual(Array.from(ref));
    expect(Array.from(m.predictRaw(asColumns(c.rows)).output)).toEqual(Array.from(ref));
    expect(Array.from(m.predictRaw([c.rows[3]!]).output)).toEqual(Array.from(referenceAutoML(c.model, [c.rows[3]!])));
    expect(m.predictProba(c.rows.slice(0, 2))).toHaveLength(2);
  });

  it('a batch larger than a kernel chunk predicts as the full package', () => {
    const c = cases.find((x) => x.name === 'automl-weighted')!;
    const rows = automlRows(66_000, 5, 'multiclass');
    const out = rt.loadModel(c.text).predictRaw(rows).output;
    const ref = referenceAutoML(c.model, rows);
    expect(out.length).toBe(ref.length);
    expect(out.every((v, i) => v === ref[i])).toBe(true);
  });

  it('the stacked model really stacks, and bad AutoML documents fail with the validator message', () => {
    const c = cases.find((x) => x.name === 'automl-stacked')!;
    expect(c.model.ensemble.stacker).toBeDefined();
    const doc = JSON.parse(c.text) as Record<string, unknown>;
    const msg = runtimeError(() => rt.loadModel({ ...doc, members: [] }));
    expect(msg).toBe('model input: members must be a non-empty list');
    const members = doc.members as Record<string, unknown>[];
    const bent = { ...doc, members: [{ ...members[0], weight: 2 }, ...members.slice(1)] };
    expect(runtimeError(() => rt.loadModel(bent))).toMatch(/^model input: member weights must sum to 1/);
  });
});

describe('a Node vm context without require, process, TextDecoder, atob or Buffer', async () => {
  const cases = await singleModels();

  it('runs the bundle as an ES module and predicts as the full package', () => {
    const c = cases.find((x) => x.name === 'gbdt-categorical')!;
    const dir = mkdtempSync(join(tmpdir(), 'thicket-vm-'));
    writeFileSync(join(dir, 'model.json'), c.text);
    writeFileSync(join(dir, 'rows.json'), JSON.stringify(c.rows.slice(0, 50)));
    const driver = `
      import vm from 'node:vm';
      import { readFileSync } from 'node:fs';
      const context = vm.createContext({ MODEL_TEXT: readFileSync(${JSON.stringify(join(dir, 'model.json'))}, 'utf8'),
        MODEL_BYTES: new Uint8Array(readFileSync(${JSON.stringify(join(dir, 'model.json'))})),
        ROWS: readFileSync(${JSON.stringify(join(dir, 'rows.json'))}, 'utf8') });
      const mod = new vm.SourceTextModule(readFileSync(${JSON.stringify(BUNDLE)}, 'utf8'), { context, identifier: 'thicket-runtime.js' });
      await mod.link(() => { throw new Error('the runtime imported a module'); });
      await mod.evaluate();
      context.rt = mod.namespace;
      const result = vm.runInContext(\`(() => {
        const globals = [typeof require, typeof process, typeof TextDecoder, typeof atob, typeof fetch, typeof Buffer, typeof SharedArrayBuffer === 'function'];
        const m = rt.loadModel(MODEL_TEXT);
        const fromBytes = rt.loadModel(MODEL_BYTES);
        const rows = JSON.parse(ROWS);
        const same = JSON.stringify(fromBytes.predictProba(rows)) === JSON.stringify(m.predictProba(rows));
        return JSON.stringify({ globals, deps: ${'${JSON.stringify(mod.dependencySpecifiers)}'}, output: Array.from(m.predictRaw(rows).output), same });
      })()\`, context);
      console.log(result);`;
    const out = execFileSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', '--input-type=module', '-e', driver], { encoding: 'utf8' });
    const got = JSON.parse(out) as { globals: unknown[]; deps: string[]; output: number[]; same: boolean };
    // No Buffer either: the packed node fields go through the plain base64 decoder.
    expect(got.globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', true]);
    expect(got.deps).toEqual([]);
    expect(got.same).toBe(true);
    expect(got.output).toEqual(Array.from(referenceOutput(c.model, c.rows.slice(0, 50))));
  });
});

interface ParityCase {
  name: string;
  kind: string;
  test: string;
  target: string;
  task: 'binary' | 'multiclass' | 'regression';
  classes?: string[];
  categorical: string[];
  data_info: { features: string[]; category_levels: Record<string, string[]> };
  model_files: { json: string; ubj: string };
  xgb: { test_pred: (number | number[])[] };
}

describe('XGBoost models (the package importer, committed XGBoost 1.7.4 fixtures)', () => {
  const parity = (JSON.parse(readFileSync(join(ROOT, 'test/fixtures/xgb-parity.json'), 'utf8')) as { cases: ParityCase[] }).cases
    .filter((c) => c.kind === 'parity');

  /** Feature kinds, level names and the target, which XGBoost files do not carry. */
  const hint = (c: ParityCase) => ({
    features: c.data_info.features.map((name) => (c.categorical.includes(name)
      ? { name, kind: 'categorical' as const, levels: c.data_info.category_levels[name]! }
      : { name, kind: 'numeric' as const })),
    target: { name: c.target, ...(c.classes ? { classes: c.classes } : {}) },
  });

  it.each(parity.map((c) => [c.name, c] as const))('%s: JSON, UBJ and parsed documents predict as XGBoost and the full package', (_name, c) => {
    const rows = csvRows(c.test.replace(/^data\//, ''));
    const schema = hint(c);
    const json = readFileSync(join(ROOT, c.model_files.json), 'utf8');
    const ubj = new Uint8Array(readFileSync(join(ROOT, c.model_files.ubj)));
    const full = importXGBoost(json, 'input', { schema });
    const ref = referenceOutput(full, rows);
    // XGBoost's JSON may hold NaN literals: its own tolerant parser makes the document.
    for (const input of [json, ubj, parseXGBoostJsonText(json, 'x') as object, new TextEncoder().encode(json)]) {
      const m = rt.loadModel(input, { schema });
      expect(m.format).toBe('xgboost');
      expect(m.task).toBe(c.task);
      const out = m.predictRaw(rows).output;
      expect(Array.from(out)).toEqual(Array.from(ref));
      // XGBoost's own predictions (7 significant digits): P(class 1), class probabilities or values.
      const want = c.xgb.test_pred.flat();
      const got = c.task === 'binary' ? Array.from({ length: rows.length }, (_, i) => out[2 * i + 1]!) : Array.from(out);
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(want[i]!))));
    }
  });

  it('without a schema, categorical features take XGBoost category codes and classes are 0..K-1', () => {
    const c = parity.find((x) => x.name === 'penguins_cat_missing')!;
    const m = rt.loadModel(readFileSync(join(ROOT, c.model_files.json), 'utf8'));
    expect(m.classes).toEqual(['0', '1', '2']);
    expect(m.target).toBe('label');
    const levels = c.data_info.category_levels;
    const rows = csvRows('penguins.test.csv').slice(0, 10);
    const coded = rows.map((r) => ({ ...r, island: levels.island!.indexOf(r.island as string), sex: r.sex === null ? null : levels.sex!.indexOf(r.sex as string) }));
    const named = rt.loadModel(readFileSync(join(ROOT, c.model_files.json), 'utf8'), { schema: hint(c) });
    expect(m.predictProba(coded)).toEqual(named.predictProba(rows));
  });

  it('bad XGBoost files fail with the importer messages; a schema option for a thicket model is refused', async () => {
    const c = parity[0]!;
    const doc = parseXGBoostJsonText(readFileSync(join(ROOT, c.model_files.json), 'utf8'), 'x') as { learner: { gradient_booster: Record<string, unknown> } };
    doc.learner.gradient_booster = { name: 'gblinear' };
    let want = '';
    try { importXGBoost(doc, 'input'); } catch (e) { want = (e as Error).message; }
    expect(want).toMatch(/^model input: /);
    expect(runtimeError(() => rt.loadModel(doc))).toBe(want);
    expect(runtimeError(() => rt.loadModel(new Uint8Array([0x7b, 0x69, 0x05])))).toMatch(/^model input: /);
    const single = (await singleModels())[0]!;
    expect(runtimeError(() => rt.loadModel(single.text, { schema: {} }))).toMatch(/schema option is for XGBoost models only/);
  });
});
