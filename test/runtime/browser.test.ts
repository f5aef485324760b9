/**
 * The runtime in headless Chromium (Debian's package, driven by playwright-core): imported by a
 * page without cross-origin isolation (so no SharedArrayBuffer) and by a real module Web Worker;
 * predictions equal the full package's in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automlModels, referenceAutoML, referenceOutput, singleModels } from './models.js';
import { chromiumAvailable, launch, type Browser } from './chromium.js';

const enabled = chromiumAvailable();

/**
 * Equal to the last bits but for the output transform: the tree sums are the same float32 numbers,
 * but Chromium's V8 may round Math.exp one ulp differently from Node's.
 */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i]!)));
}

describe.skipIf(!enabled)('runtime in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('a page without cross-origin isolation imports the bundle and predicts as the full package', async () => {
    const single = (await singleModels()).find((c) => c.name === 'gbdt-categorical')!;
    const automl = (await automlModels()).find((c) => c.name === 'automl-stacked')!;
    const page = await browser.context.newPage();
    await page.goto(`${browser.origin}/__blank.html`);
    // A string, not a function: vitest rewrites import() inside test code, and this must run as the page's own import().
    const args = { bundle: `${browser.origin}/dist/thicket-runtime.js`, models: [single, automl].map((c) => ({ text: c.text, rows: c.rows.slice(0, 80) })) };
    const got = await page.evaluate(`(async ({ bundle, models }) => {
      const rt = await import(bundle);
      let error = '';
      try { rt.loadModel('{}'); } catch (e) { error = e.name + ': ' + e.message; }
      return {
        isolated: globalThis.crossOriginIsolated,
        sab: typeof SharedArrayBuffer,
        outputs: models.map(({ text, rows }) => Array.from(rt.loadModel(text).predictRaw(rows).output)),
        error,
      };
    })(${JSON.stringify(args)})`) as { isolated: boolean; sab: string; outputs: number[][]; error: string };
    expect(got.isolated).toBe(false);
    expect(got.sab).toBe('undefined');
    expectClose(got.outputs[0]!, referenceOutput(single.model, single.rows.slice(0, 80)));
    expectClose(got.outputs[1]!, referenceAutoML(automl.model, automl.rows.slice(0, 80)));
    expect(got.error).toBe('ThicketError: model input: format must be "thicket-model" (found missing); is this a thicket model file?');
    await page.close();
  });

  it('a module Web Worker loads a model and scores rows', async () => {
    const c = (await singleModels()).find((x) => x.name === 'rf-multiclass')!;
    const page = await browser.context.newPage();
    await page.goto(`${browser.origin}/__blank.html`);
    const got = await page.evaluate(async ({ bundle, text, rows }) => {
      const source = `import { loadModel } from ${JSON.stringify(bundle)};
        self.onmessage = (e) => {
          const model = loadModel(e.data.text);
          self.postMessage({ inWorker: typeof document === 'undefined' && typeof WorkerGlobalScope === 'function',
            sab: typeof SharedArrayBuffer, labels: model.predict(e.data.rows), probs: model.predictProba(e.data.rows) });
        };`;
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
      const reply = new Promise<unknown>((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      });
      worker.postMessage({ text, rows });
      const r = await reply;
      worker.terminate();
      return r as { inWorker: boolean; sab: string; labels: string[]; probs: number[][] };
    }, { bundle: `${browser.origin}/dist/thicket-runtime.js`, text: c.text, rows: c.rows });
    expect(got.inWorker).toBe(true);
    expect(got.sab).toBe('undefined');
    const ref = referenceOutput(c.model, c.rows);
    const k = c.model.schema.target.classes!.length;
    expectClose(got.probs.flat(), ref);
    got.labels.forEach((label, i) => {
      const p = got.probs[i]!;
      expect(label).toBe(c.model.schema.target.classes![p.indexOf(Math.max(...p))]);
    });
    expect(got.probs).toHaveLength(c.rows.length);
    expect(k).toBe(3);
    await page.close();
  });
});
