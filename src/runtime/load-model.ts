/**
 * loadModel: a thicket model (gbdt, rf, extratrees or an AutoML ensemble) or an XGBoost model
 * (JSON or UBJ), from text, a parsed object or bytes, checked by the same validators as the
 * full package (bad models fail with a ThicketError naming the field).
 */
import { automlFromJson } from '../inference/automl-validator.js';
import { modelError } from '../errors.js';
import { MODEL_FORMAT } from '../model/model.js';
import { modelFromJson } from '../model/model-validator.js';
import { utf8Text } from './bytes.js';
import { verifyChecksum } from '../model/checksum.js';
import { guarded } from '../util/guard.js';
import { useRuntimeModule } from './kernel.js';
import { AutoMLRuntimeModel, TreeModel, type RuntimeModel } from './runtime-model.js';
import { fromXGBoost, looksLikeXGBoostText, type SchemaHint } from './xgboost-adapter.js';

export interface LoadOptions {
  /** Names the model in error messages (default 'input'). */
  source?: string;
  /**
   * XGBoost models only: feature kinds and level names, target name and classes, which XGBoost's
   * files do not carry (`{features: [{name, kind, levels}], target: {name, classes}}`, every
   * feature in the model's order). Without it (and without a `thicket` attribute in the file),
   * categorical features take XGBoost's integer category codes, the target is "label" and the
   * classes "0", "1", ...; a file without feature names has features f0, f1, ...
   */
  schema?: SchemaHint;
  /**
   * The kernel as a WebAssembly.Module compiled by the host (`thicket/runtime.wasm`), for hosts
   * that forbid compiling WebAssembly from bytes at run time (Cloudflare Workers). Kept for later
   * loads. Without it the embedded kernel is compiled on first use.
   */
  wasmModule?: WebAssembly.Module;
}

/** Model text, a parsed model document, or its bytes (UTF-8 JSON, or XGBoost's UBJ). */
export type ModelInput = string | object | Uint8Array | ArrayBuffer;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** True when the bytes are JSON text (an object's first key or its end follows the brace), false for UBJ. */
function isJsonText(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  if (bytes[i] !== 0x7b) return true; // not an object: let JSON.parse report it
  i++;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return bytes[i] === 0x22 || bytes[i] === 0x7d || i === bytes.length;
}

function parseText(text: string, source: string): unknown {
  if (text.trim() === '') throw modelError(source, 'the model text is empty');
  try {
    return JSON.parse(text);
  } catch {
    throw modelError(source, 'not valid JSON (truncated or corrupted?)');
  }
}

/** An XGBoost model document: `{learner: {...}, version: [...]}` and no thicket format field. */
function isXGBoostDoc(doc: Record<string, unknown>): boolean {
  return doc.format === undefined && doc.learner !== null && typeof doc.learner === 'object' && !Array.isArray(doc.learner);
}

/** Loads and validates a model; throws a ThicketError naming the model and the field on bad input. */
export function loadModel(input: ModelInput, opts: LoadOptions = {}): RuntimeModel {
  let source = 'input';
  return guarded(`model ${source}: cannot be loaded`, () => {
    const o: LoadOptions = opts === undefined || opts === null ? {} : opts;
    if (typeof o !== 'object') throw modelError(source, 'the options must be an object');
    if (o.source !== undefined) source = String(o.source);
    return load(input, o, source);
  });
}

function load(input: ModelInput, opts: LoadOptions, source: string): RuntimeModel {
  if (opts.wasmModule !== undefined) useRuntimeModule(opts.wasmModule);
  let doc: unknown = input;
  /** The text or bytes the document came from, for its checksum. */
  let raw: string | Uint8Array | undefined;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (bytes.length === 0) throw modelError(source, 'the model bytes are empty');
    if (!isJsonText(bytes)) return new TreeModel(fromXGBoost(bytes, source, opts.schema), 'xgboost');
    input = utf8Text(bytes);
    raw = bytes;
  }
  if (typeof input === 'string') {
    // XGBoost's JSON may hold NaN / Infinity literals: its importer parses its text itself.
    if (looksLikeXGBoostText(input)) return new TreeModel(fromXGBoost(input, source, opts.schema), 'xgboost');
    doc = parseText(input, source);
    raw ??= input;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw modelError(source, `the top level must be an object (found ${doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc})`);
  }
  const d = doc as Record<string, unknown>;
  if (isXGBoostDoc(d)) return new TreeModel(fromXGBoost(d, source, opts.schema), 'xgboost');
  if (opts.schema) throw modelError(source, 'is a thicket model, which carries its schema: the schema option is for XGBoost models only');
  if (d.format === MODEL_FORMAT && d.learner === 'automl') {
    const m = automlFromJson(d, source);
    verifyChecksum(d, raw, source);
    return new AutoMLRuntimeModel(m);
  }
  const m = modelFromJson(d, source);
  verifyChecksum(d, raw, source);
  return new TreeModel(m, 'thicket');
}
