/** Reading a data file against a saved model's schema (shared by predict, evaluate and report). */
import { applySchema } from '../data/apply-schema.js';
import type { Dataset, Frame, Schema } from '../data/frame.js';
import { readFrame } from '../data/read-frame.js';
import { takeWeights } from '../data/weight-column.js';
import { secondsSince, warn, type CliIO } from './io.js';

export interface ReadWithSchemaOptions {
  /** --delimiter (CSV). */
  delimiter?: string;
  /** --weight: a column of sample weights, taken out before the schema is applied (data.weight). */
  weight?: string;
}

/** Reads `path` (`-`: standard input) and encodes it with `schema` (unseen categorical levels become warnings on stderr). */
export async function readWithSchema(
  path: string,
  schema: Schema,
  requireTarget: boolean,
  io: CliIO,
  prepare: (frame: Frame) => Frame = (f) => f,
  opts: ReadWithSchemaOptions = {},
): Promise<{ data: Dataset; readSeconds: number; frame: Frame }> {
  const start = performance.now();
  let frame = await readFrame(path, { delimiter: opts.delimiter });
  let weights: Float64Array | undefined;
  if (opts.weight !== undefined) ({ frame, weights } = takeWeights(frame, opts.weight));
  const prepared = prepare(frame);
  const readSeconds = secondsSince(start);
  const data = applySchema(prepared, schema, { requireTarget, onWarning: (m) => warn(io, m) });
  if (weights) data.weight = weights;
  return { data, readSeconds, frame };
}
