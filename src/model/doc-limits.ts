/**
 * Limits on parsed model documents, checked before any validator walks them (no Node built-ins:
 * the serverless runtime uses them too). JSON.parse itself takes any depth, but the validators,
 * JSON.stringify and structured clones recurse: a 1e6-deep document must fail with a message, not
 * a stack overflow.
 */
import { modelError } from '../errors.js';

/** Deepest nesting of objects and arrays a model document may have (thicket's are below 10, XGBoost's below 12). */
export const MAX_DOC_DEPTH = 64;

/**
 * Throws a ThicketError naming `source` when `doc` nests objects / arrays deeper than `maxDepth`.
 * Iterative; each object is visited once (a caller's object with shared or cyclic parts ends too).
 * Typed arrays and strings are leaves.
 */
export function checkDocDepth(doc: unknown, source: string, maxDepth = MAX_DOC_DEPTH): void {
  if (doc === null || typeof doc !== 'object') return;
  const seen = new Set<object>();
  const stack: [object, number][] = [[doc, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (depth > maxDepth) throw modelError(source, `objects and arrays are nested deeper than ${maxDepth} levels (not a model file)`);
    if (ArrayBuffer.isView(v)) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (x !== null && typeof x === 'object') stack.push([x, depth + 1]);
      }
      continue;
    }
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      const x = (v as Record<string, unknown>)[k];
      if (x !== null && typeof x === 'object') stack.push([x, depth + 1]);
    }
  }
}
