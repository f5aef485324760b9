// A Cloudflare-Workers-style fetch handler (module syntax) that scores rows with thicket/runtime.
// The model is bundled with the worker as a JSON module and loads once per isolate.
//
//   GET  /          -> the model's task, classes and input columns
//   POST /predict   {"rows": [{...}, ...]} or {"columns": {"name": [...], ...}}
//                   -> {"predictions": [...], "classes": [...], "probabilities": [[...], ...]}
//   bad body or rows -> 400 {"error": "..."}
//
// wrangler bundles it as it is (main = "examples/cloudflare-worker/worker.mjs"); no Node APIs
// are used, only fetch's Request / Response. Workers may not compile WebAssembly from bytes at
// run time, so the kernel comes as a module the platform compiled: wrangler imports a .wasm
// file as a WebAssembly.Module, handed to loadModel as wasmModule.
import { loadModel, ThicketError } from 'thicket/runtime';
import wasmModule from 'thicket/runtime.wasm';
import modelDoc from '../penguins-model.json' with { type: 'json' };

const model = loadModel(modelDoc, { source: 'penguins-model.json', wasmModule });

function json(body, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function score(input) {
  if (!model.classes) return { predictions: model.predict(input) };
  const raw = model.predictRaw(input);
  const k = raw.nOutputs;
  return {
    predictions: Array.from(raw.labels, (c) => model.classes[c]),
    classes: model.classes,
    probabilities: Array.from({ length: raw.nRows }, (_, i) => Array.from(raw.output.subarray(i * k, (i + 1) * k))),
  };
}

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && pathname === '/') {
      return json({ learner: model.learner, task: model.task, classes: model.classes, inputs: model.inputs });
    }
    if (request.method !== 'POST' || pathname !== '/predict') return json({ error: 'POST /predict or GET /' }, 404);
    let body;
    try {
      body = await request.json();
    } catch {
      return json({ error: 'the request body must be JSON' }, 400);
    }
    const input = Array.isArray(body?.rows) ? body.rows : body?.columns ? { columns: body.columns } : null;
    if (!input) return json({ error: 'the body must have "rows" (objects keyed by column name) or "columns" (name -> values)' }, 400);
    try {
      return json(score(input));
    } catch (e) {
      if (e instanceof ThicketError) return json({ error: e.message }, 400);
      throw e;
    }
  },
};
