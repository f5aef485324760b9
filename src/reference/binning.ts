/** Plain-TypeScript twin of assembly/binning.ts: raw values to u8 bin codes (tests only). */
import { MISSING_BIN } from '../wasm/layout.js';

/** Numeric: code = number of cuts <= x (an upper-bound count, by linear scan); NaN -> 255. */
export function binNumeric(values: Float32Array, cuts: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) { out[i] = MISSING_BIN; continue; }
    let c = 0;
    for (let j = 0; j < cuts.length; j++) if (cuts[j] <= x) c++;
    out[i] = c;
  }
  return out;
}

/**
 * Categorical: code = map[trunc(x)] for 0 <= x < map.length, else 255 (NaN, negative,
 * unseen levels). map: Int32Array, bin per level (255 for levels without a bin).
 */
export function binCategorical(values: Float32Array, map: Int32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    out[i] = x >= 0 && x < map.length ? map[Math.trunc(x)] & 0xff : MISSING_BIN;
  }
  return out;
}
