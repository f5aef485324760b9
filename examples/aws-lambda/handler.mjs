// An AWS Lambda handler (Node.js runtime; API Gateway or function-URL proxy events) that scores
// rows with thicket/runtime. The model loads once per execution environment, at init.
//
//   POST {"rows": [{"island": "Dream", "bill_length_mm": 41.5, ...}, ...]}
//   -> 200 {"predictions": ["Adelie", ...], "classes": [...], "probabilities": [[...], ...]}
//   -> 400 {"error": "..."} for a bad body or bad rows (the message names the row and column)
//
// Deploy: zip this file, the model and node_modules/thicket (only dist/thicket-runtime.js is
// loaded); set MODEL_PATH to use another model file (thicket .json, XGBoost .json or .ubj).
import { readFileSync } from 'node:fs';
import { loadModel, ThicketError } from 'thicket/runtime';

const modelPath = process.env.MODEL_PATH ?? new URL('../penguins-model.json', import.meta.url);
const model = loadModel(readFileSync(modelPath), { source: String(modelPath) });

function reply(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export const handler = async (event) => {
  if ((event.requestContext?.http?.method ?? event.httpMethod) === 'GET') {
    return reply(200, { learner: model.learner, task: model.task, classes: model.classes, inputs: model.inputs });
  }
  let body;
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '';
    body = JSON.parse(text);
  } catch {
    return reply(400, { error: 'the request body must be JSON: {"rows": [...]}' });
  }
  const rows = body?.rows;
  if (!Array.isArray(rows)) return reply(400, { error: 'the request body must have "rows": an array of objects keyed by column name' });
  try {
    if (!model.classes) return reply(200, { predictions: model.predict(rows) });
    const raw = model.predictRaw(rows);
    const k = raw.nOutputs;
    return reply(200, {
      predictions: Array.from(raw.labels, (c) => model.classes[c]),
      classes: model.classes,
      probabilities: Array.from({ length: raw.nRows }, (_, i) => Array.from(raw.output.subarray(i * k, (i + 1) * k))),
    });
  } catch (e) {
    if (e instanceof ThicketError) return reply(400, { error: e.message });
    throw e;
  }
};
