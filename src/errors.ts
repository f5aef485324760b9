/** The one error type thicket raises for bad input or usage, and the builders of its messages. */

/** Exit code 1: bad input or a failed run. Exit code 2: bad usage (flags, parameters). */
export type ExitCode = 1 | 2;

/** An expected failure: carries a message meant for the user and the exit code to use. */
export class ThicketError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode = 1) {
    super(message);
    this.name = 'ThicketError';
    this.exitCode = exitCode;
  }
}

/** Bad input data or model file (exit 1). `where` names the file, row, column or field. */
export function inputError(where: string, what: string): ThicketError {
  return new ThicketError(`${where}: ${what}`, 1);
}

/** Bad usage: an unknown or out-of-range parameter or flag (exit 2). */
export function usageError(what: string): ThicketError {
  return new ThicketError(what, 2);
}

/** A corrupted or unsupported model file (exit 1). */
export function modelError(path: string, what: string): ThicketError {
  return new ThicketError(`model ${path}: ${what}`, 1);
}
