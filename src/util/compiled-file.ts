/** Finds the compiled JS a worker loads (Node 20 cannot run .ts in workers), from dist or from a source checkout. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThicketError } from '../errors.js';

/**
 * dist/src/<dir>/<name>: next to the calling module when it runs compiled (callerUrl:
 * import.meta.url), or found from the repository root when it runs from src (tests).
 */
export function compiledFile(callerUrl: string, dir: string, name: string): string {
  const here = dirname(fileURLToPath(callerUrl));
  const sibling = join(here, name);
  if (existsSync(sibling)) return sibling;
  let up = here;
  for (let i = 0; i < 5; i++) {
    const p = join(up, 'dist', 'src', dir, name);
    if (existsSync(p)) return p;
    up = dirname(up);
  }
  throw new ThicketError(`dist/src/${dir}/${name} not found: run \`npm run build\` first`);
}
