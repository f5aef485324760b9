/** XGBoost JSON / UBJ models for the runtime, through the package's importer (src/xgboost). */
import type { GBDTModel } from '../model/model.js';
import { importXGBoost } from '../xgboost/import.js';
import type { SchemaHint } from '../xgboost/thicket-attribute.js';

export type { SchemaHint };

/** JSON text that starts like XGBoost's (`{"learner": ...`; XGBoost writes its keys sorted). */
export function looksLikeXGBoostText(text: string): boolean {
  return /^\s*\{\s*"learner"\s*:/.test(text.slice(0, 64));
}

/** The imported model (validated by the importer, as `thicket predict` does for XGBoost files). */
export function fromXGBoost(input: string | object | Uint8Array, source: string, schema?: SchemaHint): GBDTModel {
  return importXGBoost(input, source, schema ? { schema } : {});
}
