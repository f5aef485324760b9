/**
 * Matching data columns to an imported XGBoost model's features. A model saved without feature names has
 * features f0..f{n-1}: a data file with those columns is matched by name; a file with none of them is matched
 * by position (its first n columns are the features, in order, as XGBoost's DMatrix would take them; any
 * target column must come after them). Models with feature names are always matched by name. A categorical
 * feature without level names reads integer category codes: text in its column is an error that says so.
 * No Node built-ins.
 */
import type { Frame } from '../data/frame.js';
import { parseNumericText } from '../data/number-parser.js';
import { inputError } from '../errors.js';
import type { GBDTModel } from '../model/model.js';
import { THICKET_ATTRIBUTE } from './thicket-attribute.js';
import { xgboostOrigin } from './xgb-json.js';

/** Fails when a column of a categorical feature read as codes holds text (the level names the file lacks). */
function checkCodeColumns(frame: Frame, codeFeatures: string[], source: string): void {
  for (const name of codeFeatures) {
    const col = frame.columns.find((c) => c.name === name);
    if (!col || col.kind !== 'categorical') continue;
    const text = col.levels.find((l) => parseNumericText(l) === undefined);
    if (text === undefined) continue;
    throw inputError(frame.source, `column '${name}' holds text such as '${text}', but XGBoost model ${source} has no level names ` +
      `for this categorical feature, so it reads XGBoost's integer category codes; give the levels with the learner attribute ` +
      `'${THICKET_ATTRIBUTE}' (README, XGBoost models) or write the codes`);
  }
}

/**
 * The frame preparation a scorer applies before the schema, for a model imported from XGBoost: positional
 * renaming for unnamed models, and the check of code columns; the identity for other models.
 * `source` names the model in messages.
 */
export function xgboostFramePreparer(model: GBDTModel, source = 'file'): (frame: Frame) => Frame {
  const origin = xgboostOrigin(model);
  if (!origin) return (f) => f;
  const names = model.schema.features.map((f) => f.name);
  const byPosition = (frame: Frame): Frame => {
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
  return (frame) => {
    const out = origin.featureNames ? frame : byPosition(frame);
    checkCodeColumns(out, origin.codeFeatures, source);
    return out;
  };
}
