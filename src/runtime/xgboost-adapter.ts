/** XGBoost JSON / UBJ models for the runtime, through the package's importer (src/xgboost). */
import { modelError } from '../errors.js';
import type { GBDTModel } from '../model/model.js';

/** The imported model; the importer validates as the model file does. */
export function fromXGBoost(input: object | Uint8Array, source: string): GBDTModel {
  void input;
  throw modelError(source, 'looks like an XGBoost model, but this build has no XGBoost importer yet');
}
