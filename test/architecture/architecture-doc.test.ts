// ARCHITECTURE.md stays true: every repository path it names in backticks exists, and its layer
// table lists the same folders as the import test's LAYERS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS, ROOT } from './import-graph.js';

const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
const quoted = [...doc.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!);

describe('ARCHITECTURE.md', () => {
  it('names only paths that exist', () => {
    // Paths: a/b..., or a file name with an extension (top-level src files like `errors.ts`).
    const paths = quoted.filter((q) => /^[\w.-]+(\/[\w.-]+)+\/?$/.test(q) || /^[\w-]+\.(ts|md|mjs|json)$/.test(q))
      .filter((q) => !q.startsWith('../') && !q.startsWith('thicket/') && !q.startsWith('dist/'));
    expect(paths.length).toBeGreaterThan(30);
    const missing = paths.filter((p) => !existsSync(join(ROOT, p)) && !existsSync(join(ROOT, 'src', p)));
    expect(missing).toEqual([]);
  });

  it('has a layer table with the folders of LAYERS, in order', () => {
    const rows = [...doc.matchAll(/^\| (\d) \| (.+?) \|/gm)].map((m) => [...m[2]!.matchAll(/`([^`]+)`/g)].map((q) => q[1]!.replace(/\.ts$/, '')));
    expect(rows).toEqual(LAYERS.map((l) => [...l]));
  });
});
