/**
 * Parsing XGBoost's JSON model text, which is JSON plus the bare literals NaN, Infinity and -Infinity
 * (XGBoost writes NaN as the split condition of categorical nodes). No Node built-ins.
 */
import { modelError } from '../errors.js';

/**
 * `text` with the literals NaN, Infinity and -Infinity outside string literals replaced by null,
 * 1e999 and -1e999, in one pass (linear time whatever the text: an unterminated string or a run of
 * escaped quotes costs one scan, not one per quote). Text that is not JSON stays not JSON.
 */
export function rewriteNonStandardNumbers(text: string): string {
  const parts: string[] = [];
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      // Skip the string literal: to the next quote not escaped (or the end of an unterminated one).
      i++;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 0x5c) i += 2;
        else if (c === 0x22) break;
        else i++;
      }
      continue;
    }
    if (ch === 0x4e && text.startsWith('NaN', i)) {
      parts.push(text.slice(last, i), 'null');
      i += 2;
      last = i + 1;
    } else if (ch === 0x49 && text.startsWith('Infinity', i)) {
      parts.push(text.slice(last, i), '1e999');
      i += 7;
      last = i + 1;
    }
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

/**
 * Parses XGBoost JSON text. Standard JSON goes straight to JSON.parse; otherwise NaN is read as null and
 * ±Infinity as ±1e999 (which JSON.parse reads as ±Infinity), outside string literals only, and the
 * converter treats null in a float array as NaN. A syntax error (a truncated file) names `source`.
 * Linear in the text's length.
 */
export function parseXGBoostJsonText(text: string, source: string): unknown {
  if (text.trim() === '') throw modelError(source, 'the file is empty');
  try {
    return JSON.parse(text);
  } catch {
    // Fall through: maybe NaN / Infinity literals.
  }
  const rewritten = rewriteNonStandardNumbers(text);
  try {
    return JSON.parse(rewritten);
  } catch (e) {
    const why = (e as Error).message.replace(/\s+/g, ' ').slice(0, 200);
    throw modelError(source, `not valid JSON (truncated or corrupted?): ${why}`);
  }
}
