/** Where the compiled trial handlers live (workers load compiled JS: Node 20 cannot run .ts in workers). */
import { compiledFile } from '../util/compiled-file.js';

export function handlersPath(): string {
  return compiledFile(import.meta.url, 'automl', 'trial-handlers.js');
}
