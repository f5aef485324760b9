// ARCHITECTURE.md "Names": the per-row and per-leaf output counts have one name each across src/
// and assembly/ (nGroups, nOutputs, valueWidth); the retired names must not come back as identifiers.
import { describe, expect, it } from 'vitest';
import { codeLines, scanCode } from './source-scan.js';

/** Identifier uses of retired names: K (a count, not a type parameter), channels, outWidth. */
const RETIRED = [
  { name: 'K', re: /(?<![<\w.[])\bK\b(?!\s*(extends|\]|>))/ },
  { name: 'channels', re: /\bchannels\b/ },
  { name: 'outWidth', re: /\boutWidth\b/ },
];

function offenders(lines: ReturnType<typeof scanCode>): string[] {
  const out: string[] = [];
  for (const l of lines) {
    for (const r of RETIRED) {
      if (r.name === 'K' && l.code.includes('<K extends')) continue; // a generic's own line
      if (r.re.test(l.code)) out.push(`${l.file}:${l.line} ${r.name}: ${l.code.trim()}`);
    }
  }
  return out;
}

describe('output-count names', () => {
  it('src/ and assembly/ use no retired name for an output count', () => {
    expect(offenders(scanCode(['src', 'assembly']))).toEqual([]);
  });

  it('catches a retired name in code but not in comments or type parameters (the check can fail)', () => {
    const text = [
      'const K = model.nGroups; // K outputs',
      '/** channels per row */',
      'run<K extends keyof H>(kind: K, p: H[K]): void {}',
      'constructor(readonly channels: number, private outWidth = 2) {}',
    ].join('\n');
    expect(offenders(codeLines('x.ts', text)).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual([
      'x.ts:1 K:', 'x.ts:4 channels:', 'x.ts:4 outWidth:',
    ]);
  });
});
