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

/** Edit distance between two short names (insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name a typo most likely meant (edit distance at most 2, and less than half its length), if any. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (name.length > 64) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(name.toLowerCase(), k.toLowerCase());
    if (dist < bestD && dist <= 2 && dist * 2 < Math.max(k.length, 2)) { best = k; bestD = dist; }
  }
  return best;
}
