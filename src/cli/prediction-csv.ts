/** The CSV that `thicket predict` writes: `prediction` (regression) or `prediction,p_<class>...` (classification). */
import type { Schema } from '../data/frame.js';
import type { Prediction } from '../predict/predictor.js';

/**
 * A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a
 * carriage return and is not a number) with a leading apostrophe, which spreadsheets show as
 * text (OWASP's advice against CSV injection); any other text as it is.
 */
export function defuseFormula(text: string): string {
  if (!/^[=+\-@\t\r]/.test(text)) return text;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || /^[+-]?(Infinity|inf)$/i.test(text)) return text;
  return `'${text}`;
}

/** A CSV text field: formula-like text defused (defuseFormula), quoted when it holds a comma, quote, newline or edge spaces (RFC 4180). */
export function csvField(text: string): string {
  const t = defuseFormula(text);
  return /[",\r\n]|^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Header columns: `prediction`, then one `p_<class>` per class for classification. */
export function predictionHeader(schema: Schema): string[] {
  const classes = schema.target.classes;
  return schema.target.task === 'regression' || !classes ? ['prediction'] : ['prediction', ...classes.map((c) => `p_${c}`)];
}

/** Index of the largest of out[row * k .. row * k + k) (first on ties). */
function argmax(out: Float64Array, row: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (out[row * k + c]! > out[row * k + best]!) best = c;
  return best;
}

/** The CSV text in chunks of `rowsPerChunk` rows (header first), so large outputs stream. */
export function* predictionCsv(schema: Schema, pred: Prediction, rowsPerChunk = 8192): Generator<string> {
  yield predictionHeader(schema).map(csvField).join(',') + '\n';
  const n = pred.nRows;
  const classes = schema.target.task === 'regression' ? undefined : schema.target.classes;
  const labels = classes?.map(csvField);
  for (let start = 0; start < n; start += rowsPerChunk) {
    const end = Math.min(n, start + rowsPerChunk);
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      if (!classes || !labels) {
        lines.push(String(pred.output[i]));
        continue;
      }
      const k = classes.length;
      const label = pred.labels ? pred.labels[i]! : argmax(pred.output, i, k);
      let line = labels[label]!;
      for (let c = 0; c < k; c++) line += ',' + String(pred.output[i * k + c]);
      lines.push(line);
    }
    yield lines.join('\n') + '\n';
  }
}
