/**
 * The examples, run as their platforms would: the Lambda handler and the Workers fetch handler
 * imported by plain Node (through the package's `thicket/runtime` export) and called with events
 * and Requests; the browser page opened in headless Chromium, a row typed into its form and scored.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/model-file.js';
import { chromiumAvailable, launch, type Browser } from './chromium.js';
import { csvRows, referenceOutput, ROOT, type Row } from './models.js';

const modelText = readFileSync(join(ROOT, 'examples/penguins-model.json'), 'utf8');
const model = parseModel(modelText, 'penguins-model.json');
const classes = model.schema.target.classes!;
const rows = csvRows('penguins.test.csv').map(({ species: _, ...r }) => r);

/** Expected probabilities and labels for rows, from the full package. */
function expected(X: Row[]): { labels: string[]; probabilities: number[][] } {
  const out = referenceOutput(model, X);
  const k = classes.length;
  const probabilities = X.map((_, i) => Array.from(out.subarray(i * k, (i + 1) * k)));
  return { labels: probabilities.map((p) => classes[p.indexOf(Math.max(...p))]!), probabilities };
}

/** Runs an ES module script with plain Node from the repository root; returns its stdout as JSON. */
function node(script: string, env: Record<string, string> = {}, flags: string[] = []): unknown {
  const out = execFileSync(process.execPath, ['--no-warnings', ...flags, '--input-type=module', '-e', script], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return JSON.parse(out);
}

/** Node flags that import .wasm files as compiled WebAssembly.Module objects, as wrangler does. */
const WASM_MODULES = ['--import', `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(join(ROOT, 'test/runtime/wasm-modules.mjs')).href)});`];

describe('examples/aws-lambda', () => {
  it('scores POSTed rows and answers bad requests with 400', () => {
    const events = [
      { requestContext: { http: { method: 'POST' } }, body: JSON.stringify({ rows }) },
      { httpMethod: 'POST', isBase64Encoded: true, body: Buffer.from(JSON.stringify({ rows: rows.slice(0, 2) })).toString('base64') },
      { httpMethod: 'POST', body: '{"rows": [{"island": "Dream", "bill_length_mm": "long"}]}' },
      { httpMethod: 'POST', body: 'not json' },
      { httpMethod: 'GET' },
    ];
    const replies = node(`import { handler } from './examples/aws-lambda/handler.mjs';
      const out = [];
      for (const e of ${JSON.stringify(events)}) out.push(await handler(e));
      console.log(JSON.stringify(out));`) as { statusCode: number; body: string }[];
    const bodies = replies.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 400, 400, 200]);
    const want = expected(rows);
    expect(bodies[0]!.predictions).toEqual(want.labels);
    expect(bodies[0]!.classes).toEqual(classes);
    expect(bodies[0]!.probabilities).toEqual(want.probabilities);
    expect(bodies[1]!.predictions).toEqual(want.labels.slice(0, 2));
    expect(bodies[2]!.error).toBe("X, data row 1, column 'bill_length_mm': value 'long' is not a number, but the model treats this column as numeric");
    expect(bodies[3]!.error).toMatch(/must be JSON/);
    expect(bodies[4]).toMatchObject({ learner: 'gbdt', task: 'multiclass', classes });
  });

  it('loads another model file from MODEL_PATH', () => {
    const replies = node(`import { handler } from './examples/aws-lambda/handler.mjs';
      console.log(JSON.stringify(await handler({ httpMethod: 'GET' })));`, { MODEL_PATH: join(ROOT, 'examples/penguins-model.json') }) as { body: string };
    expect(JSON.parse(replies.body)).toMatchObject({ task: 'multiclass' });
  });
});

describe('examples/cloudflare-worker', () => {
  it('answers fetch requests: rows, columns, bad rows, bad routes', () => {
    const columns = Object.fromEntries(Object.keys(rows[0]!).map((k) => [k, rows.map((r) => r[k] ?? null)]));
    const requests = [
      ['POST', '/predict', JSON.stringify({ rows })],
      ['POST', '/predict', JSON.stringify({ columns })],
      ['POST', '/predict', JSON.stringify({ rows: [{ island: 'Dream', sex: 'male' }] })],
      ['POST', '/predict', '{"nothing": 1}'],
      ['GET', '/', null],
      ['GET', '/nowhere', null],
    ];
    // As on Workers, compiling WebAssembly from bytes fails once the platform has compiled the modules.
    const replies = node(`const Compiled = WebAssembly.Module;
      globalThis.platformCompile = (bytes) => new Compiled(bytes);
      const Blocked = function () { throw new Error('Wasm code generation disallowed by embedder'); };
      Blocked.prototype = Compiled.prototype;
      Blocked.exports = Compiled.exports;
      Blocked.imports = Compiled.imports;
      WebAssembly.Module = Blocked;
      const { default: worker } = await import('./examples/cloudflare-worker/worker.mjs');
      const out = [];
      for (const [method, path, body] of ${JSON.stringify(requests)}) {
        const res = await worker.fetch(new Request('https://example.workers.dev' + path, { method, body }));
        out.push({ status: res.status, type: res.headers.get('content-type'), body: await res.json() });
      }
      console.log(JSON.stringify(out));`, {}, WASM_MODULES) as { status: number; type: string; body: Record<string, unknown> }[];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 400, 400, 200, 404]);
    expect(replies[0]!.type).toBe('application/json');
    const want = expected(rows);
    expect(replies[0]!.body.predictions).toEqual(want.labels);
    expect(replies[0]!.body.probabilities).toEqual(want.probabilities);
    expect(replies[1]!.body.probabilities).toEqual(want.probabilities);
    expect(replies[2]!.body.error).toBe("X: has no column 'bill_length_mm', which the model uses as a feature");
    expect(replies[4]!.body).toMatchObject({ learner: 'gbdt', classes });
  });
});

describe.skipIf(!chromiumAvailable())('examples/browser in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('builds a form from the model, scores the typed row, and shows errors for bad input', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${browser.origin}/examples/browser/index.html`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#status')).toContain('gbdt (thicket), multiclass');
    const fields = await page.$$eval('#row-form [name]', (els) => els.map((e) => (e as HTMLInputElement).name));
    expect(fields).toEqual(model.schema.features.map((f) => f.name));
    for (const row of [rows[0]!, rows[30]!, { ...rows[5]!, sex: null, body_mass_g: null }]) {
      for (const f of model.schema.features) {
        const v = row[f.name];
        if (f.kind === 'categorical') await page.selectOption(`#in-${f.name}`, v == null ? '' : String(v));
        else await page.fill(`#in-${f.name}`, v == null ? '' : String(v));
      }
      await page.click('#score');
      const want = expected([row]);
      expect(await page.getAttribute('#result', 'data-prediction')).toBe(want.labels[0]);
      const probs = JSON.parse((await page.getAttribute('#probabilities', 'data-probabilities'))!) as number[];
      probs.forEach((p, i) => expect(p).toBeCloseTo(want.probabilities[0]![i]!, 12));
      expect(await page.textContent('#result')).toBe(`species: ${want.labels[0]}`);
    }
    expect(await page.$$eval('#history tbody tr', (trs) => trs.length)).toBe(3);
    await page.fill('#in-bill_length_mm', 'forty');
    await page.click('#score');
    expect(await page.textContent('#error')).toBe("X, data row 1, column 'bill_length_mm': value 'forty' is not a number, but the model treats this column as numeric");
    expect(errors).toEqual([]);
    await page.close();
  });
});
