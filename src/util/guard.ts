/** The runtime's one promise: whatever the input, a failure is a ThicketError (never a RangeError, TypeError or WebAssembly trap). */
import { ThicketError } from '../errors.js';

/** Runs `f`; any other exception becomes a ThicketError (exit code 1) saying what it was, prefixed by `what`. */
export function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ThicketError) throw e;
    const name = e instanceof Error ? e.name : typeof e;
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
    throw new ThicketError(`${what}: ${name}: ${message}`, 1);
  }
}
