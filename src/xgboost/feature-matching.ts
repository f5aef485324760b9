/**
 * Matching data columns to an imported XGBoost model's features. A model saved without feature names has
 * features f0..f{n-1}: a data file with those columns is matched by name; a file with none of them is matched
 * by position (its first n columns are the features, in order, as XGBoost's DMatrix would take them; any
 * target column must come after them). Models with feature names are always matched by name. No Node built-ins.
 */
import type { Frame } from '../data/frame.js';
import { inputError } from '../errors.js';
import type { GBDTModel } from '../model/model.js';
import { xgboostOrigin } from './xgb-json.js';

/** The frame preparation a scorer applies before the schema: positional renaming for unnamed XGBoost models, else none. */
export function xgboostFramePreparer(model: GBDTModel): (frame: Frame) => Frame {
  if (xgboostOrigin(model)?.featureNames !== false) return (f) => f;
  const names = model.schema.features.map((f) => f.name);
  return (frame) => {
    const have = new Set(frame.columns.map((c) => c.name));
    if (names.some((n) => have.has(n))) return frame;
    const n = names.length;
    if (frame.columns.length < n) {
      throw inputError(frame.source, `has ${frame.columns.length} columns but the XGBoost model has ${n} unnamed features ` +
        `(matched by position when the file has no columns ${names[0]}..${names[n - 1]})`);
    }
    const taken = new Set(names);
    const columns = frame.columns.map((c, i) => {
      if (i < n) return { ...c, name: names[i]! };
      // A later column that happens to be called like a feature would clash: keep it out of the way.
      return taken.has(c.name) ? { ...c, name: `${c.name} (column ${i + 1})` } : c;
    });
    return { ...frame, columns };
  };
}
