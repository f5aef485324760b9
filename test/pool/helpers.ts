/** Shared pieces of the pool tests: the compiled test handlers' path and seeded binned data. */
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/util/rng.js';

/** Workers load compiled JS only (Node 20 cannot give workers a TypeScript loader): the handlers are plain JS on dist. */
export const HANDLERS = fileURLToPath(new URL('./test-handlers.mjs', import.meta.url));

export type TestHandlers = typeof import('./test-handlers.mjs').handlers;

/** Column-major u8 bins (nRows x nFeatures, values 0..255) and f32 (grad, hess) pairs. */
export function binnedData(seed: number, nRows: number, nFeatures: number): { bins: Uint8Array; gh: Float32Array } {
  const rng = new Rng(seed);
  const bins = new Uint8Array(nRows * nFeatures);
  for (let i = 0; i < bins.length; i += 4) {
    const u = rng.nextU32();
    bins[i] = u & 255; bins[i + 1] = (u >>> 8) & 255; bins[i + 2] = (u >>> 16) & 255; bins[i + 3] = u >>> 24;
  }
  const gh = new Float32Array(2 * nRows);
  for (let i = 0; i < nRows; i++) {
    gh[2 * i] = (rng.nextU32() / 2 ** 31) - 1;
    gh[2 * i + 1] = 1 - rng.nextU32() / 2 ** 33;
  }
  return { bins, gh };
}

/** Runs `n` copies of a task at once and returns the results (enough overlap to reach every worker). */
export function all<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => f(i)));
}
