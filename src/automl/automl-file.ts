/** Saving and validating AutoML model files: the ensemble's fold models are ordinary model documents. */
import { ThicketError } from '../errors.js';
import { prettyJsonChunks } from '../model/json-writer.js';
import { sealChunks } from '../model/checksum.js';
import { modelDoc } from '../model/model-file.js';
import type { AutoMLModel } from './automl-model.js';
import { automlFromJson } from '../inference/automl-validator.js';

export { automlFromJson } from '../inference/automl-validator.js';

/** JSON text round trip of a small part (NaN becomes null as in the file). */
const asWritten = (v: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

/**
 * The file text in pieces: the AutoML fields, then each member with its fold models as model
 * documents. Written piece by piece, since a large ensemble exceeds one JavaScript string. Fold
 * models leave out split gains and covers: nothing reads them from an ensemble.
 *
 * The whole document is validated first, as loading would validate it (the small parts after a
 * JSON round trip, the fold models' documents as they are written): a model that would not load
 * again is never written; it fails with a ThicketError naming the field.
 */
export function automlJsonChunks(model: AutoMLModel, source = 'the fitted model'): Generator<string> {
  return sealChunks(unsealedChunks(model, source));
}

function* unsealedChunks(model: AutoMLModel, source: string): Generator<string> {
  const { members, ...head } = model;
  const headDoc = asWritten(head);
  const memberDocs = members.map(({ folds, ...meta }) => ({
    meta: asWritten(meta),
    folds: folds.map((f) => (f.learner === 'linear' ? asWritten(f) : modelDoc(f, { stats: false }))),
  }));
  try {
    automlFromJson({ ...headDoc, members: memberDocs.map((m) => ({ ...m.meta, folds: m.folds })) }, source);
  } catch (e) {
    if (e instanceof ThicketError) throw new ThicketError(`refusing to write a model that would not load again: ${e.message}`, 1);
    throw e;
  }
  const headText = JSON.stringify(headDoc);
  yield headText.slice(0, -1) + ',"members":[';
  for (let i = 0; i < memberDocs.length; i++) {
    const { meta, folds } = memberDocs[i]!;
    const metaText = JSON.stringify(meta);
    yield (i > 0 ? ',' : '') + metaText.slice(0, -1) + ',"folds":[';
    for (let j = 0; j < folds.length; j++) {
      const f = folds[j]!;
      yield j > 0 ? ',' : '';
      if (f.learner === 'linear') yield JSON.stringify(f);
      else yield* prettyJsonChunks(f);
    }
    yield ']}';
  }
  yield ']}\n';
}
