/** What `thicket info` adds for a model imported from XGBoost: where it came from and how data columns are matched. */
import type { GBDTModel } from '../model/model.js';
import { THICKET_ATTRIBUTE } from './thicket-attribute.js';
import { xgboostOrigin } from './xgb-json.js';

/** The `xgboost` object of `info --json`. */
export interface XGBoostSummary {
  xgboost_version: string;
  booster: string;
  objective: string;
  num_parallel_tree: number;
  /** "name", or "position" for a file without feature names (f0..f{n-1}; by name when the data has them). */
  feature_matching: 'name' | 'position';
  /** Categorical features read as integer codes (no level names in the file). */
  code_features: string[];
  thicket_attribute: boolean;
}

export function xgboostSummary(model: GBDTModel): XGBoostSummary | undefined {
  const o = xgboostOrigin(model);
  if (!o) return undefined;
  return {
    xgboost_version: o.xgboostVersion, booster: o.booster, objective: o.objective, num_parallel_tree: o.numParallelTree,
    feature_matching: o.featureNames ? 'name' : 'position', code_features: o.codeFeatures, thicket_attribute: o.thicketAttribute,
  };
}

/** Lines for the text form of `thicket info` (empty for models not imported from XGBoost). */
export function formatXGBoostSummary(s: XGBoostSummary | undefined, model: GBDTModel): string {
  if (!s) return '';
  const lines: string[] = [];
  const row = (k: string, v: string) => lines.push(`${(k + ':').padEnd(16)}${v}`);
  row('imported from', `XGBoost ${s.xgboost_version} (${s.booster}, ${s.objective}${s.num_parallel_tree > 1 ? `, num_parallel_tree ${s.num_parallel_tree}` : ''})`);
  const names = model.schema.features;
  row('columns', s.feature_matching === 'name'
    ? 'matched by feature name'
    : `the file has no feature names: columns ${names[0]?.name ?? 'f0'}..${names[names.length - 1]?.name ?? 'f0'}, or else the data's first ${names.length} columns by position`);
  if (s.code_features.length > 0) {
    row('category codes', `${s.code_features.join(', ')}: categorical in XGBoost, read as integer codes (no level names; ` +
      `add them with the learner attribute '${THICKET_ATTRIBUTE}')`);
  }
  if (!s.thicket_attribute && model.schema.target.classes) {
    row('classes', `the file has no class names: labels are class indices ${model.schema.target.classes.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
