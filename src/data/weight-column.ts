/** Sample weights from a data column (`--weight <column>`): taken out of the frame so it is never a feature. */
import { inputError } from '../errors.js';
import type { Frame } from './frame.js';

/**
 * Removes column `name` from `frame` and returns its values as weights. The column must be
 * numeric with finite values >= 0 and no missing cells; when `required` is false a frame
 * without it is returned unchanged (a test file may lack the column: metrics are then unweighted).
 */
export function takeWeights(frame: Frame, name: string, required = true): { frame: Frame; weights?: Float64Array } {
  const at = frame.columns.findIndex((c) => c.name === name);
  if (at < 0) {
    if (!required) return { frame };
    throw inputError(frame.source, `has no weight column '${name}' (--weight)`);
  }
  const col = frame.columns[at];
  if (col.kind !== 'numeric') throw inputError(frame.source, `weight column '${name}' must be numeric (found text such as '${col.levels[0] ?? ''}')`);
  const v = col.values;
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!(x >= 0) || x === Infinity) throw inputError(`${frame.source}, row ${i + 1}`, `weight column '${name}' is ${Number.isNaN(x) ? 'missing' : x}; weights must be finite numbers >= 0`);
    total += x;
  }
  if (v.length > 0 && total === 0) throw inputError(frame.source, `weight column '${name}' is 0 on every row`);
  return { frame: { ...frame, columns: frame.columns.filter((_, i) => i !== at) }, weights: Float64Array.from(v) };
}
