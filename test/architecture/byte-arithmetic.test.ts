// ARCHITECTURE.md section 3: byte arithmetic on kernel memory belongs in assembly/ and src/wasm/.
// Every other module of src/ that works on kernel memory (it imports from src/wasm, or it is the
// serverless runtime) sizes and addresses arrays and records through src/wasm/addressing.ts and
// src/wasm/records.ts: no multiplying or shifting by an element size, no arithmetic on a *_BYTES
// record size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './import-graph.js';
import { codeLines, scanCode, type CodeLine } from './source-scan.js';

/** The record sizes of the layout mirror (src/wasm/layout.ts: every exported *_BYTES). */
const RECORD_SIZES = [...readFileSync(join(ROOT, 'src/wasm/layout.ts'), 'utf8').matchAll(/export const (\w+_BYTES)\b/g)].map((m) => m[1]!);
const SIZE = `(${RECORD_SIZES.join('|')})`;

const PATTERNS: { what: string; re: RegExp }[] = [
  { what: 'times an element size', re: /[^*]\*\s*(4|8|16)\b(?!\s*\*)|(?<![\w.*])(4|8|16)\s*\*(?!\*)/ },
  { what: 'shift by an element size', re: /(<<|>>>?)\s*[234]\b/ },
  { what: 'arithmetic on a record size', re: new RegExp(`[*/]\\s*${SIZE}\\b|\\b${SIZE}\\s*[*/]`) },
];


const WASM_IMPORT = /from '(\.\.\/)+wasm\/|from '\.\/wasm\//;

/** Whether a module works on kernel memory: it imports from src/wasm, or it is the runtime. */
function onKernelMemory(file: string): boolean {
  if (file.startsWith('src/runtime/')) return true;
  return WASM_IMPORT.test(readFileSync(join(ROOT, file), 'utf8'));
}

function offenders(lines: CodeLine[]): string[] {
  const out: string[] = [];
  for (const l of lines) for (const p of PATTERNS) if (p.re.test(l.code)) out.push(`${l.file}:${l.line} ${p.what}: ${l.code.trim()}`);
  return out;
}

describe('byte arithmetic on kernel memory', () => {
  it('stays in assembly/ and src/wasm/', () => {
    const files = new Set<string>();
    const lines = scanCode(['src']).filter((l) => {
      if (l.file.startsWith('src/wasm/') || l.file.startsWith('src/reference/')) return false;
      if (!files.has(l.file) && !onKernelMemory(l.file)) return false;
      files.add(l.file);
      return true;
    });
    expect(files.size, 'sanity: the scan found the kernel-memory modules').toBeGreaterThan(20);
    expect(RECORD_SIZES, 'sanity: the layout mirror was read').toContain('SPLIT_BYTES');
    expect(offenders(lines)).toEqual([]);
  });

  it('catches the patterns it is meant to (the check can fail)', () => {
    const text = [
      'const ghc = gh + c * nRows * 8;',
      'const a = arena.alloc(4 * n);',
      'const o = ptr >> 2;',
      'const sz = nFeatures * FEATURE_HIST_BYTES;',
      'const ok = words(n) + 2 ** 8; // x * 4 in a comment',
      'const fine = a * 40 + 1 << 20, gib = MAX_KERNEL_BYTES / 2 ** 30;',
    ].join('\n');
    expect(offenders(codeLines('x.ts', text)).map((s) => s.split(' ')[0])).toEqual([
      'x.ts:1', 'x.ts:2', 'x.ts:3', 'x.ts:4',
    ]);
  });
});
