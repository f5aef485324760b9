/** The messages between a KernelPool and its workers: one task in, one result out, all structured-clone friendly. */

/**
 * Plain JSON, the only thing a task may carry (configuration, fold, seed, offsets into the
 * shared memory). The dataset itself never travels in a message: it is placed once in the
 * shared memory and named by a SharedRegion, so a task costs bytes, not megabytes.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Main thread -> worker: run the handler registered under `kind` on `payload`. */
export interface TaskMessage {
  type: 'task';
  /** Unique per pool, increasing; used in error messages and by handlers for logging. */
  id: number;
  /** Key of a handler in the handlers module's `handlers` table (or a built-in `$` kind). */
  kind: string;
  /** Plain JSON (checked by `assertPlainPayload` before posting). */
  payload: unknown;
}

/** Why a task failed, reduced to what survives structured cloning (no stack: users see the message). */
export interface TaskErrorInfo {
  message: string;
  /** Set when the handler threw a ThicketError: the exit code the CLI should use. */
  exitCode?: 1 | 2;
  /** The thrown error's name (`TypeError`, ...), to tell bugs from expected failures. */
  name?: string;
}

export interface TaskSuccess<V = unknown> {
  type: 'result';
  id: number;
  ok: true;
  /** Structured-cloneable; top-level typed arrays are transferred, never views of shared memory. */
  value: V;
}

export interface TaskFailure {
  type: 'result';
  id: number;
  ok: false;
  error: TaskErrorInfo;
}

/** Worker -> main thread. A handler's exception becomes a TaskFailure, so the worker itself never throws. */
export type TaskResult<V = unknown> = TaskSuccess<V> | TaskFailure;

/** Kinds the worker answers itself; handler names must not start with `$`. */
export const BUILTIN_INIT = '$init';

/** What `$init` returns: proves the worker can load the handlers and claim a scratch slot. */
export interface InitInfo {
  threadId: number;
  slot: number;
  kinds: string[];
}

/** Reduces anything thrown to a TaskErrorInfo; ThicketErrors are recognised by shape, since a handlers module may load its own copy of errors.js. */
export function errorInfo(e: unknown): TaskErrorInfo {
  if (e instanceof Error) {
    const code = (e as { exitCode?: unknown }).exitCode;
    if (e.name === 'ThicketError' && (code === 1 || code === 2)) return { message: e.message, exitCode: code, name: e.name };
    return { message: e.message, name: e.name };
  }
  return { message: String(e) };
}

/**
 * Checks that `payload` is plain JSON-like data: typed arrays, buffers, Maps and class
 * instances are refused so a dataset is never copied into a message by mistake. Returns a
 * description of the offending path, or null when the payload is plain.
 */
export function findNonPlain(payload: unknown, path = 'payload', depth = 0): string | null {
  if (payload === null || payload === undefined) return null;
  switch (typeof payload) {
    // Non-finite numbers and undefined are not JSON but clone fine, and configs use them.
    case 'boolean': case 'string': case 'number': return null;
    case 'object': break;
    default: return `${path} is a ${typeof payload}`;
  }
  if (depth > 32) return `${path} is nested more than 32 levels deep`;
  if (Array.isArray(payload)) {
    for (let i = 0; i < payload.length; i++) {
      const bad = findNonPlain(payload[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(payload);
  if (proto !== Object.prototype && proto !== null) {
    const name = (payload as object).constructor?.name ?? 'object';
    return `${path} is a ${name}; put data in shared memory and pass its region name or offset`;
  }
  for (const [k, v] of Object.entries(payload as Record<string, unknown>)) {
    const bad = findNonPlain(v, `${path}.${k}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}
