/** Where the compiled trial handlers live (workers load compiled JS: Node 20 cannot run .ts in workers). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThicketError } from '../errors.js';

export function handlersPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'trial-handlers.js');
  if (existsSync(sibling)) return sibling;
  let dir = here;
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'dist', 'src', 'automl', 'trial-handlers.js');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new ThicketError('dist/src/automl/trial-handlers.js not found: run `npm run build` first');
}
