/** The installed thicket package's version and the versions a report records. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version in the nearest package.json named thicket above `from` (src/... or dist/src/...). */
export function packageVersion(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'thicket' && pkg.version) return pkg.version;
    } catch {
      /* keep looking */
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
