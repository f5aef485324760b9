/** Progress lines for long reads on stderr (rows, MB, MB/s), at most one every 2 seconds, in the style of fit's trial lines. */

/** A progress callback for a reader: silent for reads shorter than `everyMs`. */
export function readProgress(path: string, log: (line: string) => void, everyMs = 2000): (bytes: number, rows: number, total: number) => void {
  const start = performance.now();
  let last = start;
  return (bytes, rows, total) => {
    const now = performance.now();
    if (now - last < everyMs) return;
    last = now;
    const s = (now - start) / 1000;
    const mb = bytes / 1e6;
    const of = total > 0 ? ` / ${(total / 1e6).toFixed(0)}` : '';
    log(`read ${path}  rows ${rows}  ${mb.toFixed(0)}${of} MB  ${(mb / s).toFixed(0)} MB/s  ${s.toFixed(1)}s`);
  };
}
