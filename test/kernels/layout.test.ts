/** The host layout mirror (src/wasm/layout.ts) agrees with the kernels' (assembly/layout.ts), by value and by name. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/wasm/load.js';
import * as host from '../../src/wasm/layout.js';

const engine = createEngine();
const read = (rel: string) => readFileSync(fileURLToPath(new URL(`../../${rel}`, import.meta.url)), 'utf8');

/** `export const NAME: i32 = <expr>;` from the AssemblyScript source, evaluated (numbers, <<, *). */
function kernelConstants(): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of read('assembly/layout.ts').matchAll(/export const (\w+): i32 = ([^;]+);/g)) {
    const expr = m[2].trim();
    if (!/^[\d\s<*+()-]+$/.test(expr)) throw new Error(`unexpected expression for ${m[1]}: ${expr}`);
    out.set(m[1], Function(`return (${expr});`)() as number);
  }
  return out;
}

describe('layout', () => {
  it('layoutValue(i) equals LAYOUT_ORDER[i] for every constant, and -1 past the end', () => {
    host.LAYOUT_ORDER.forEach((v, i) => expect(engine.kernels.layoutValue(i), `constant ${i}`).toBe(v));
    expect(engine.kernels.layoutValue(host.LAYOUT_ORDER.length)).toBe(-1);
    expect(engine.kernels.layoutValue(-1)).toBe(-1);
  });

  it('every constant of assembly/layout.ts exists in src/wasm/layout.ts with the same value', () => {
    const k = kernelConstants();
    expect(k.size).toBeGreaterThan(20);
    const h = host as unknown as Record<string, unknown>;
    for (const [name, v] of k) expect(h[name], name).toBe(v);
  });

  it('layoutValue reports the constants in LAYOUT_ORDER by name, not just by value', () => {
    // Constants share values (SPLIT_GAIN and PARAM_LAMBDA are both 0), so check the names too.
    const cases = [...read('assembly/layout-export.ts').matchAll(/case (\d+): return L\.(\w+);/g)];
    expect(cases.length).toBe(host.LAYOUT_ORDER.length);
    const order = read('src/wasm/layout.ts').match(/LAYOUT_ORDER[^=]*=\s*\[([^\]]+)\]/)![1].split(',').map((s) => s.trim()).filter(Boolean);
    for (const [, i, name] of cases) expect(order[Number(i)], `case ${i}`).toBe(name);
    expect(kernelConstants().size).toBe(order.length);
  });
});
