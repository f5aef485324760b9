/** Saving and validating AutoML model files: the ensemble's fold models are ordinary model documents. */
import { prettyJsonChunks } from '../model/json-writer.js';
import { modelDoc } from '../model/model-file.js';
import type { AutoMLModel } from './automl-model.js';

export { automlFromJson } from './automl-validator.js';

/**
 * The file text in pieces: the AutoML fields, then each member with its fold models as model
 * documents. Written piece by piece, since a large ensemble exceeds one JavaScript string. Fold
 * models leave out split gains and covers: nothing reads them from an ensemble.
 */
export function* automlJsonChunks(model: AutoMLModel): Generator<string> {
  const { members, ...head } = model;
  const headText = JSON.stringify(head);
  yield headText.slice(0, -1) + ',"members":[';
  for (let i = 0; i < members.length; i++) {
    const { folds, ...meta } = members[i];
    const metaText = JSON.stringify(meta);
    yield (i > 0 ? ',' : '') + metaText.slice(0, -1) + ',"folds":[';
    for (let j = 0; j < folds.length; j++) {
      const f = folds[j];
      yield j > 0 ? ',' : '';
      if (f.learner === 'linear') yield JSON.stringify(f);
      else yield* prettyJsonChunks(modelDoc(f, { stats: false }));
    }
    yield ']}';
  }
  yield ']}\n';
}

