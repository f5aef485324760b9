/**
 * Parallel CSV ingest for training: byte ranges cut at record boundaries are parsed on worker
 * threads into float32 rows on disk (row-major, one file per range) (never the whole float matrix in memory), then merged into
 * the same schema the serial reader infers. Anything the fast path cannot prove identical to the
 * serial reader (a bad row, a cut that may lie inside a quoted field, a column that turns
 * categorical after numbers, an Inf word, text among numbers) makes it return a fallback reason instead.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compiledFile } from '../util/compiled-file.js';
import type { FeatureSpec, Frame, RawColumn, Schema, Task } from './frame.js';
import { applySchema } from './apply-schema.js';
import { fieldText, type ColumnMode } from './csv-column.js';
import { parseRange, parseStream, type RangeResult, type RangeTask } from './csv-range.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { checkFile, readChunks } from './file-source.js';
import { LevelEncoder } from './level-encoder.js';
import { inferSchema, LevelKind, levelKinds, textAmongMostlyNumbers } from './schema.js';

export interface SpillOptions {
  categorical?: string[];
  numeric?: string[];
  task?: Task | 'auto';
  /** Parser threads (default all cores); 1 parses on the calling thread. */
  threads?: number;
  /** Rows per write to a spill file (default 65536). */
  blockRows?: number;
  /** Smallest byte range handed to one task (default 8 MiB; tests shrink it). */
  rangeBytes?: number;
  /** Bytes per read (default 1 MiB). */
  readBytes?: number;
  /**
   * Called as rows arrive with the feature count and the rows parsed so far: an Error it returns
   * stops the read and is thrown (data that cannot fit the kernel memory is refused early).
   */
  rowLimit?: (nFeatures: number, rows: number) => Error | null;
  /** Called with the bytes and rows parsed so far (for progress lines). */
  onProgress?: (bytes: number, rows: number, total: number) => void;
}

/** One parsed range: its spill file and rows. */
export interface SpilledRange {
  spill: string;
  rows: number;
  /** Per feature (schema order): local categorical code -> index into the feature's sorted levels; null for numeric. */
  levelMap: (Int32Array | null)[];
}

/** A training CSV parsed into spilled float32 rows, with its schema and target. */
export interface SpilledCsv {
  source: string;
  schema: Schema;
  nRows: number;
  blockRows: number;
  ranges: SpilledRange[];
  /** Per feature: smallest float32 value over every row (numeric; Infinity when all missing). */
  min: Float64Array;
  /** Per categorical feature: rows per sorted level (null for numeric). */
  levelCounts: (Float64Array | null)[];
  /** Float64Array, nRows: class index or value, as applySchema gives it. */
  target: Float64Array;
  /** The categorical feature columns with their levels in first-seen order (no rows), for warnings that look at levels. */
  levelsFrame: Frame;
  bytes: number;
  /** Removes the spill files. */
  dispose(): void;
}

export { readSpilledRows } from './spill-rows.js';

export type SpillOutcome = { ok: true; data: SpilledCsv } | { ok: false; reason: string };

/** The header's field names and the byte offset of the first data record; null when the file has no complete header. */
async function readHeader(path: string, gzip: boolean): Promise<{ names: string[]; dataStart: number } | null> {
  let names: string[] | null = null;
  const tokenizer: CsvTokenizer = new CsvTokenizer(path, (buf, nFields) => {
    const { starts, ends, flags } = tokenizer;
    if (nFields === 1 && starts[0] === ends[0] && flags[0] === 0) return;
    names = [];
    for (let c = 0; c < nFields; c++) names.push(fieldText(buf, starts[c]!, ends[c]!, flags[c]!));
    return false;
  });
  for await (const chunk of readChunks(path, gzip, 1 << 16)) {
    tokenizer.push(chunk);
    if (tokenizer.stopped) break;
  }
  if (!tokenizer.stopped) return null;
  return { names: names!, dataStart: tokenizer.recordEnd };
}

/** Runs the range tasks on `threads` worker threads (in this thread when 1), in any order. */
async function runRanges(tasks: RangeTask[], size: number, threads: number, onBytes: (n: number, rows: number) => void): Promise<RangeResult[]> {
  const results: RangeResult[] = new Array(tasks.length);
  if (threads <= 1) {
    tasks.forEach((task, k) => { results[k] = parseRange(task, size, onBytes); });
    return results;
  }
  const file = compiledFile(import.meta.url, 'data', 'csv-range-worker.js');
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: Math.min(threads, tasks.length) }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(file);
      workers.push(worker);
      let current = -1;
      const give = () => {
        if (next >= tasks.length) { resolve(); return; }
        current = next++;
        worker.postMessage({ task: tasks[current], size });
      };
      worker.on('message', (m: { progress?: number; rows?: number; result?: RangeResult; error?: string }) => {
        if (m.progress !== undefined) {
          try { onBytes(m.progress, m.rows ?? 0); } catch (err) { reject(err); }
          return;
        }
        if (m.error !== undefined) { reject(new Error(m.error)); return; }
        results[current] = m.result!;
        give();
      });
      worker.on('error', reject);
      give();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * Parses a .csv training file on `threads` threads (a .csv.gz as one gunzipped stream on this thread). On success the caller owns the
 * spill files (dispose() them); on fallback nothing is left on disk.
 */
export async function spillCsv(path: string, targetName: string, opts: SpillOptions = {}): Promise<SpillOutcome> {
  const gzip = path.toLowerCase().endsWith('.gz');
  const size = await checkFile(path);
  const header = await readHeader(path, gzip);
  if (!header) return { ok: false, reason: 'no complete header' };
  const { names, dataStart } = header;
  const seen = new Set<string>();
  for (const name of names) {
    if (name.trim() === '' || seen.has(name)) return { ok: false, reason: 'header has an empty or repeated name' };
    if (name.includes('\uFFFD')) return { ok: false, reason: 'a header name may not be UTF-8' };
    seen.add(name);
  }
  const cat = new Set(opts.categorical ?? []);
  const num = new Set(opts.numeric ?? []);
  for (const name of [...cat, ...num]) if (!seen.has(name) || (cat.has(name) && num.has(name))) return { ok: false, reason: 'bad column override' };
  const target = names.indexOf(targetName);
  if (target < 0) return { ok: false, reason: 'no target column' };
  const modes: ColumnMode[] = names.map((n) => (cat.has(n) ? 'categorical' : num.has(n) ? 'numeric' : 'infer'));

  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const blockRows = opts.blockRows ?? 65536;
  const rangeBytes = opts.rangeBytes ?? 8 << 20;
  const dataBytes = size - dataStart;
  // A gzip stream cannot be cut: it is gunzipped and parsed as one range on this thread.
  const nRanges = gzip ? 1 : Math.max(1, Math.min(Math.ceil(dataBytes / rangeBytes), threads * 4));
  const dir = mkdtempSync(join(tmpdir(), 'thicket-ingest-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const tasks: RangeTask[] = Array.from({ length: nRanges }, (_, k) => ({
    path, dataStart, modes, target, blockRows,
    start: dataStart + Math.floor((k * dataBytes) / nRanges),
    end: k === nRanges - 1 ? size : dataStart + Math.floor(((k + 1) * dataBytes) / nRanges),
    spill: join(dir, `range-${k}.f32`),
    readBytes: opts.readBytes ?? 1 << 20,
  }));
  let done = dataStart;
  let rowsDone = 0;
  try {
    const onBytes = (n: number, rows: number) => {
      done += n;
      rowsDone += rows;
      opts.onProgress?.(done, rowsDone, gzip ? 0 : size);
      const tooMany = opts.rowLimit?.(names.length - 1, rowsDone);
      if (tooMany) throw tooMany;
    };
    const results = gzip
      ? [await parseStream(tasks[0]!, readChunks(path, true, opts.readBytes ?? 1 << 20), dataStart, onBytes)]
      : await runRanges(tasks, size, threads, onBytes);
    const merged = mergeRanges(path, names, target, results, opts.task ?? 'auto', cat);
    if (typeof merged === 'string') { dispose(); return { ok: false, reason: merged }; }
    return { ok: true, data: { ...merged, source: path, blockRows, bytes: size, dispose,
      ranges: merged.ranges.map((r, k) => ({ ...r, spill: tasks[k]!.spill })) } };
  } catch (err) {
    dispose();
    throw err;
  }
}

/**
 * The serial reader's text-among-numbers check (schema.ts) on a column that was text from its
 * first value in every range: rows per level kind from the ranges' counts. The serial reader,
 * run on fallback, names the row.
 */
function textAmongNumbersIn(levels: readonly string[], cols: RangeResult['columns'], toFirstSeen: Int32Array[]): boolean {
  const kinds = levelKinds(levels);
  let numbers = 0, text = 0;
  cols.forEach((x, k) => x.counts.forEach((n, local) => {
    const kind = kinds[toFirstSeen[k]![local]!];
    if (kind === LevelKind.Number) numbers += n;
    else if (kind === LevelKind.Text) text += n;
  }));
  return textAmongMostlyNumbers(numbers, text);
}

/** Checks the ranges agree with what the serial reader would do and merges them; a string is the fallback reason. */
function mergeRanges(path: string, names: string[], target: number, results: RangeResult[], task: Task | 'auto', declared: ReadonlySet<string>) {
  // A cut is outside every quoted field when the quotes before it are even and every quote is a field's own.
  let quotes = 0;
  for (const r of results) {
    if (r.failed !== null) return `a record failed to parse (${r.failed})`;
    if (r.quotes !== r.structuralQuotes) return 'a quote inside an unquoted field';
    if (quotes % 2 !== 0) return 'a cut may lie inside a quoted field';
    quotes += r.quotes;
  }
  const nRows = results.reduce((s, r) => s + r.rows, 0);
  if (nRows === 0) return 'no rows';
  const features: FeatureSpec[] = [];
  const min: number[] = [];
  const levelCounts: (Float64Array | null)[] = [];
  const levelMaps: (Int32Array | null)[][] = results.map(() => []);
  const levelColumns: RawColumn[] = [];
  let targetColumn: RawColumn | undefined;
  for (let c = 0; c < names.length; c++) {
    const cols = results.map((r) => r.columns[c]!);
    if (cols.some((x) => x.bad || x.dirty)) return `column ${names[c]} needs the serial reader's checks`;
    const isCat = cols.some((x) => x.categorical);
    if (isCat && cols.some((x) => !x.categorical && x.numbers > 0)) return `column ${names[c]} turns categorical after numbers`;
    if (!isCat) {
      if (c === target) {
        const values = new Float64Array(nRows);
        let at = 0;
        for (const r of results) { values.set(r.target, at); at += r.rows; }
        targetColumn = { name: names[c]!, kind: 'numeric', values };
        continue;
      }
      features.push({ name: names[c]!, kind: 'numeric' });
      min.push(Math.min(...cols.map((x) => x.min)));
      levelCounts.push(null);
      results.forEach((_, k) => levelMaps[k]!.push(null));
      continue;
    }
    const encoder = new LevelEncoder();
    const toFirstSeen = cols.map((x) => Int32Array.from(x.categorical ? x.levels : [], (l) => encoder.code(l)));
    if (c === target) {
      const codes = new Int32Array(nRows);
      let at = 0;
      results.forEach((r, k) => {
        const map = toFirstSeen[k]!;
        for (let i = 0; i < r.rows; i++) { const v = r.target[i]!; codes[at + i] = v >= 0 ? map[v]! : -1; }
        at += r.rows;
      });
      targetColumn = { name: names[c]!, kind: 'categorical', codes, levels: encoder.levels };
      continue;
    }
    if (!declared.has(names[c]!) && textAmongNumbersIn(encoder.levels, cols, toFirstSeen)) return `column ${names[c]} holds text among numbers`;
    const sorted = [...encoder.levels].sort();
    const rank = new Map(sorted.map((l, k) => [l, k]));
    const firstSeenToSorted = Int32Array.from(encoder.levels, (l) => rank.get(l)!);
    const counts = new Float64Array(sorted.length);
    cols.forEach((x, k) => {
      const map = toFirstSeen[k]!.map((g) => firstSeenToSorted[g]!);
      x.counts.forEach((n, local) => { counts[map[local]!] += n; });
      levelMaps[k]!.push(map);
    });
    features.push({ name: names[c]!, kind: 'categorical', levels: sorted });
    levelColumns.push({ name: names[c]!, kind: 'categorical', codes: new Int32Array(0), levels: encoder.levels });
    min.push(0);
    levelCounts.push(counts);
  }
  // The target goes through the serial reader's own checks and encoding (same messages, same rows).
  const frame: Frame = { source: path, nRows, columns: [targetColumn!] };
  const targetSpec = inferSchema(frame, names[target]!, { task }).target;
  const schema: Schema = { features, target: targetSpec };
  const targetValues = applySchema(frame, { features: [], target: targetSpec }, { requireTarget: true }).target!;
  return {
    schema, nRows, min: Float64Array.from(min), levelCounts, target: targetValues,
    levelsFrame: { source: path, nRows: 0, columns: levelColumns },
    ranges: results.map((r, k) => ({ rows: r.rows, levelMap: levelMaps[k]! })),
  };
}
