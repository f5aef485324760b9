// The import rules of ARCHITECTURE.md, checked on src/: no cycles, layers import downwards only,
// the serverless runtime's closure holds no training module, and nothing in src/ is used only by tests.
import { describe, expect, it } from 'vitest';
import {
  closure, cycles, ENTRY_POINTS, folderOf, LAYERS, RUNTIME_DIR, RUNTIME_MAY_REACH, srcGraph, TEST_ONLY_DIRS, toolEntryPoints,
} from './import-graph.js';

const { imports: graph, spawns } = srcGraph();
/** Imports and started worker files: what a module needs at run time. */
const needs = new Map([...graph].map(([f, deps]) => [f, [...deps, ...(spawns.get(f) ?? [])]]));

describe('src/ imports', () => {
  it('parses the graph (sanity: a known edge and the compiled worker files)', () => {
    expect(graph.get('src/runtime/index.ts')).toContain('src/errors.ts');
    expect(spawns.get('src/pool/pool.ts')).toContain('src/pool/worker.ts');
  });

  it('have no cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('go downwards through the layers (ARCHITECTURE.md), and every folder has a layer', () => {
    const layerOf = new Map<string, number>();
    LAYERS.forEach((folders, i) => folders.forEach((f) => layerOf.set(f, i)));
    const unknown = new Set<string>();
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      const a = folderOf(file);
      if (a === RUNTIME_DIR || TEST_ONLY_DIRS.has(a)) continue;
      if (!layerOf.has(a)) { unknown.add(a); continue; }
      for (const d of deps) {
        const b = folderOf(d);
        if (TEST_ONLY_DIRS.has(b)) { upward.push(`${file} -> ${d} (test-only folder)`); continue; }
        if (b === RUNTIME_DIR) { upward.push(`${file} -> ${d} (the runtime is an entry point)`); continue; }
        if (!layerOf.has(b)) { unknown.add(b); continue; }
        if (layerOf.get(b)! > layerOf.get(a)!) upward.push(`${file} -> ${d}`);
      }
    }
    expect([...unknown], 'folders missing from LAYERS in test/architecture/import-graph.ts and ARCHITECTURE.md').toEqual([]);
    expect(upward, 'imports of a higher layer').toEqual([]);
  });

  it('from the serverless runtime reach no training module', () => {
    const reached = [...closure(needs, ['src/runtime/index.ts'])];
    expect(reached.filter((f) => !RUNTIME_MAY_REACH.has(folderOf(f)))).toEqual([]);
    // The runtime bundle carries its own kernel: not the package's kernel loader or any training file.
    expect(reached.filter((f) => /(booster|grow|train|trainer|splitter|histogram|fit)/.test(f))).toEqual([]);
  });

  it('leave nothing in src/ used only by tests (src/reference excepted)', () => {
    const used = closure(needs, [...ENTRY_POINTS, ...toolEntryPoints()]);
    const unused = [...graph.keys()].filter((f) => !used.has(f) && !TEST_ONLY_DIRS.has(folderOf(f)));
    expect(unused).toEqual([]);
  });
});
