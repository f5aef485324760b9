/**
 * Reading rows back from a spill file (csv-spill.ts): apart from the CSV reader, so the binning
 * workers, which only read spills, do not load the parsing modules when they start.
 */
import { readSync } from 'node:fs';

/**
 * Reads spilled rows from an open range file into `into` (whole rows of `nFeatures` float32
 * values side by side), starting at row `firstRow`. Throws when the file ends early.
 */
export function readSpilledRows(fd: number, spill: string, into: Float32Array, firstRow: number, nFeatures: number): void {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  const at = firstRow * nFeatures * Float32Array.BYTES_PER_ELEMENT;
  let got = 0;
  while (got < bytes.length) {
    const n = readSync(fd, bytes, got, bytes.length - got, at + got);
    if (n <= 0) throw new Error(`spill file ${spill} ended early`);
    got += n;
  }
}
