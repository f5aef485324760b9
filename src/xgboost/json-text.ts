/**
 * Parsing XGBoost's JSON model text, which is JSON plus the bare literals NaN, Infinity and -Infinity
 * (XGBoost writes NaN as the split condition of categorical nodes). No Node built-ins.
 */
import { modelError } from '../errors.js';

/** A string literal (skipped unchanged) or one of the non-standard number literals outside strings. */
const NON_STANDARD = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

/**
 * Parses XGBoost JSON text. Standard JSON goes straight to JSON.parse; otherwise NaN is read as null and
 * ±Infinity as ±1e999 (which JSON.parse reads as ±Infinity), outside string literals only, and the
 * converter treats null in a float array as NaN. A syntax error (a truncated file) names `source`.
 */
export function parseXGBoostJsonText(text: string, source: string): unknown {
  if (text.trim() === '') throw modelError(source, 'the file is empty');
  try {
    return JSON.parse(text);
  } catch {
    // Fall through: maybe NaN / Infinity literals.
  }
  const rewritten = text.replace(NON_STANDARD, (m) => (m.charCodeAt(0) === 0x22 ? m : m === 'NaN' ? 'null' : m[0] === '-' ? '-1e999' : '1e999'));
  try {
    return JSON.parse(rewritten);
  } catch (e) {
    const why = (e as Error).message.replace(/\s+/g, ' ');
    throw modelError(source, `not valid JSON (truncated or corrupted?): ${why}`);
  }
}
