/**
 * The import graph of src/ (relative imports and re-exports, type-only ones included), the worker
 * files each module starts (compiledFile(import.meta.url, dir, name): a separate module graph,
 * so they count for reachability only), and the layer table of ARCHITECTURE.md that
 * test/architecture/imports.test.ts checks them against.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Layers, bottom first. A module may import modules of its own layer and of lower layers, never
 * of a higher one; no cycles at all (file level). A top-level file (src/errors.ts) is named by
 * its base name. ARCHITECTURE.md lists the same table.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'params'],
  ['data', 'util'],
  ['model', 'wasm'],
  ['inference', 'xgboost'],
  ['objective', 'metric', 'pool', 'binning', 'tree', 'predict'],
  ['boosting', 'forest', 'linear'],
  ['automl', 'ensemble', 'distributed'],
  ['api', 'report', 'cli', 'index'],
];

/** The serverless runtime's folder, and the only folders its import closure may reach. */
export const RUNTIME_DIR = 'runtime';
export const RUNTIME_MAY_REACH: ReadonlySet<string> = new Set(['runtime', 'errors', 'params', 'util', 'data', 'model', 'wasm', 'inference', 'xgboost', 'objective', 'predict']);

/** Folders no shipped module may import: plain-TypeScript twins of the kernels, for tests. */
export const TEST_ONLY_DIRS: ReadonlySet<string> = new Set(['reference']);

/** What runs outside the import graph: package entries, the CLI, bench and build scripts (paths under src/). */
export const ENTRY_POINTS = ['src/index.ts', 'src/runtime/index.ts', 'src/cli/main.ts'];

/** src/a/b.ts -> 'a'; src/errors.ts -> 'errors'. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.ts$/, '');
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Comments removed (block comments and whole-line // comments), so examples in docs are not imports. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const IMPORT = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const COMPILED = /compiledFile\(\s*import\.meta\.url\s*,\s*'([^']+)'\s*,\s*'([^']+)\.js'\s*\)/g;

/** The modules a file's text imports, as repository-relative .ts paths (only those that exist). */
export function importsOf(file: string, text: string): string[] {
  const out = new Set<string>();
  for (const m of stripComments(text).matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (!spec.startsWith('.')) continue;
    const abs = resolve(ROOT, dirname(file), spec).replace(/\.js$/, '.ts');
    if (existsSync(abs)) out.add(relative(ROOT, abs));
  }
  return [...out];
}

/** The worker files a file's text starts through compiledFile, as src/ .ts paths. */
export function spawnsOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of stripComments(text).matchAll(COMPILED)) {
    const target = `src/${m[1]}/${m[2]}.ts`;
    if (existsSync(join(ROOT, target))) out.add(target);
  }
  return [...out];
}

/** Every src/ module: what it imports, and the worker files it starts. */
export function srcGraph(): { imports: Map<string, string[]>; spawns: Map<string, string[]> } {
  const imports = new Map<string, string[]>(), spawns = new Map<string, string[]>();
  for (const abs of walk(join(ROOT, 'src'))) {
    const file = relative(ROOT, abs);
    const text = readFileSync(abs, 'utf8');
    imports.set(file, importsOf(file, text));
    spawns.set(file, spawnsOf(text));
  }
  return { imports, spawns };
}

/** Cycles (strongly connected components of more than one module, or a module importing itself). */
export function cycles(g: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1 || (g.get(v) ?? []).includes(v)) out.push(c.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** Modules reachable from `roots` (the roots included). */
export function closure(g: Map<string, string[]>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(g.get(f) ?? []));
  }
  return seen;
}

/** src/ modules that bench/, scripts/, bin/ and package.json name through dist/src/...js. */
export function toolEntryPoints(): string[] {
  const out = new Set<string>();
  const texts: string[] = [readFileSync(join(ROOT, 'package.json'), 'utf8')];
  for (const dir of ['bench', 'scripts', 'bin']) {
    if (!existsSync(join(ROOT, dir))) continue;
    for (const name of readdirSync(join(ROOT, dir))) {
      if (/\.(mjs|js|cjs|ts)$/.test(name)) texts.push(readFileSync(join(ROOT, dir, name), 'utf8'));
    }
  }
  for (const t of texts) {
    for (const m of t.matchAll(/dist\/src\/([\w/.-]+?)\.(?:js|d\.ts)/g)) {
      const f = `src/${m[1]}.ts`;
      if (existsSync(join(ROOT, f))) out.add(f);
    }
  }
  return [...out];
}
