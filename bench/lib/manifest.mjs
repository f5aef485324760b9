// The public datasets' manifest (../shared/data/manifest.json): names, files, targets, tasks, sizes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The manifest entries of the data folder `dataDir` (the folder holding manifest.json). */
export function readManifest(dataDir) {
  return JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8'));
}

/** The entry named `name`; throws naming the known ones when there is none. */
export function manifestEntry(manifest, name) {
  const d = manifest.find((m) => m.name === name);
  if (!d) throw new Error(`no dataset ${name} in the manifest (known: ${manifest.map((m) => m.name).join(', ')})`);
  return d;
}
