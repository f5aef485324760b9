/** Reading a data file against a saved model's schema (shared by predict and evaluate). */
import { applySchema } from '../data/apply-schema.js';
import type { Dataset, Frame, Schema } from '../data/frame.js';
import { readFrame } from '../data/read-frame.js';
import { secondsSince, warn, type CliIO } from './io.js';

/** Reads `path` and encodes it with `schema` (unseen categorical levels become warnings on stderr). */
export async function readWithSchema(
  path: string,
  schema: Schema,
  requireTarget: boolean,
  io: CliIO,
  prepare: (frame: Frame) => Frame = (f) => f,
): Promise<{ data: Dataset; readSeconds: number }> {
  const start = performance.now();
  const frame = prepare(await readFrame(path));
  const readSeconds = secondsSince(start);
  const data = applySchema(frame, schema, { requireTarget, onWarning: (m) => warn(io, m) });
  return { data, readSeconds };
}
