/**
 * importXGBoost: an XGBoost model — JSON text, UBJSON bytes, JSON bytes or an already parsed document — as a
 * thicket GBDTModel predicted by the same kernels as thicket's own models. No Node built-ins (no fs, zlib or
 * process): callers read the file; this runs in Node, browsers and serverless functions alike.
 */
import { modelError } from '../errors.js';
import type { GBDTModel } from '../model/model.js';
import { parseXGBoostJsonText } from './json-text.js';
import { decodeUBJSON, looksLikeUBJSON } from './ubjson.js';
import { modelFromXGBoost, type XGBoostImportOptions } from './xgb-json.js';

export { xgboostOrigin, xgboostBaseMargin, type XGBoostOrigin, type XGBoostImportOptions } from './xgb-json.js';

// Made on first use: a bare JavaScript context (a Node vm context) has no TextDecoder, and the
// serverless runtime must still load there (its thicket models need none).
let decoder: TextDecoder | undefined;
const utf8 = (): TextDecoder => (decoder ??= new TextDecoder('utf-8', { fatal: true }));

/** Bytes of a model file as a document: UBJSON when it starts like UBJSON, else UTF-8 JSON text. */
export function parseXGBoostBytes(bytes: Uint8Array, source: string): unknown {
  if (looksLikeUBJSON(bytes)) return decodeUBJSON(bytes, source);
  let text: string;
  try {
    text = utf8().decode(bytes);
  } catch {
    throw modelError(source, 'is neither UBJSON nor UTF-8 JSON text');
  }
  return parseXGBoostJsonText(text, source);
}

/**
 * The GBDTModel of an XGBoost model (saved by `Booster.save_model` as .json or .ubj, XGBoost 1.x / 2.x).
 * `input`: JSON text (string), file bytes (Uint8Array, JSON or UBJSON) or a parsed document; `source` names
 * the model in error messages (ThicketError, exit code 1). Unsupported models (gblinear, dart with weight drop,
 * multi-target trees, unknown objectives, other format versions) fail with an error naming the field.
 */
export function importXGBoost(input: string | Uint8Array | object, source: string, options: XGBoostImportOptions = {}): GBDTModel {
  const doc = typeof input === 'string' ? parseXGBoostJsonText(input, source)
    : input instanceof Uint8Array ? parseXGBoostBytes(input, source)
      : input;
  const inputSize = typeof input === 'string' || input instanceof Uint8Array ? input.length : undefined;
  return modelFromXGBoost(doc, source, inputSize === undefined ? options : { ...options, inputSize });
}

/**
 * True when `bytes` (the start of a file is enough) look like an XGBoost model rather than a thicket model
 * file: UBJSON, or a JSON object whose first key is "learner" (XGBoost writes its keys in sorted order).
 */
export function looksLikeXGBoost(bytes: Uint8Array): boolean {
  if (looksLikeUBJSON(bytes)) return true;
  // ASCII is enough for the test (and needs no TextDecoder).
  const head = String.fromCharCode(...bytes.subarray(0, 64));
  return /^\s*\{\s*"learner"\s*:/.test(head);
}
