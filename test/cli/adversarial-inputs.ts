/**
 * Bad inputs for the adversarial CLI sweep (test/cli/adversarial.test.ts): data files, model files,
 * flags and output destinations, each with what every command must do with it.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Field, List, Float64, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';

/** A command of the sweep. */
export type Cmd = 'train' | 'fit' | 'predict' | 'evaluate' | 'info' | 'report' | 'export';

/** What a command must do with a case: fail (exit != 0, one error line), succeed, or either, cleanly. */
export type Outcome = 'fail' | 'ok' | 'clean';

/** A bad data file: its bytes and what each data command must do with it. */
export interface DataCase {
  name: string;
  file: string;
  bytes: string | Buffer;
  /** Per command; commands not named: 'clean'. */
  expect: Partial<Record<Cmd, Outcome>>;
  /** The error line must match this (what and where), for the commands that fail. */
  where?: RegExp;
  /** Extra flags (e.g. --delimiter) for every command of the case. */
  flags?: string[];
  /** Extra flags for the training commands only (train, fit): --weight. */
  trainFlags?: string[];
  /** Only these commands run the case (a slow case keeps the sweep short); all when omitted. */
  only?: Cmd[];
}

/** A deterministic stream of numbers in [0, 1). */
export function lcg(seed = 1): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** The good training file: x1, x2 numeric, c categorical (red/green/blue), y yes/no. */
export function goodRows(n = 300, seed = 1): string[][] {
  const r = lcg(seed);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const a = r(), b = r();
    const c = ['red', 'green', 'blue'][i % 3];
    const y = a + b + (c === 'red' ? 0.5 : 0) + 0.3 * r() > 1.3 ? 'yes' : 'no';
    rows.push([a.toFixed(4), b.toFixed(4), c, y]);
  }
  return rows;
}

export const HEADER = ['x1', 'x2', 'c', 'y'];

export function csv(header: string[], rows: string[][], eol = '\n', sep = ','): string {
  return [header, ...rows].map((r) => r.join(sep)).join(eol) + eol;
}

/** The good file with `f` applied to each row (index i). */
function mapRows(f: (row: string[], i: number) => string[], n = 300): string {
  return csv(HEADER, goodRows(n).map((row, i) => f([...row], i)));
}

const FAIL_ALL: Partial<Record<Cmd, Outcome>> = { train: 'fail', fit: 'fail', predict: 'fail', evaluate: 'fail', info: 'fail', report: 'fail' };
const FAIL_TRAINING: Partial<Record<Cmd, Outcome>> = { train: 'fail', fit: 'fail', evaluate: 'fail' };
const OK_ALL: Partial<Record<Cmd, Outcome>> = { train: 'ok', fit: 'ok', predict: 'ok', evaluate: 'ok', info: 'ok', report: 'ok' };

export function dataCases(): DataCase[] {
  const good = csv(HEADER, goodRows());
  const bad8 = Buffer.concat([Buffer.from('x1,x2,c,y\n'), ...goodRows().map((r, i) =>
    Buffer.concat([Buffer.from(`${r[0]},${r[1]},`), i === 7 ? Buffer.from([0x72, 0xff, 0xfe, 0x64]) : Buffer.from(r[2]), Buffer.from(`,${r[3]}\n`)]))]);
  const manyLevels = csv(['x1', 'id', 'y'], Array.from({ length: 100_000 }, (_, i) => [String((i * 7919) % 1000 / 1000), `id${i}`, i % 2 ? 'yes' : 'no']));
  const thousandClasses = csv(['x1', 'x2', 'y'], Array.from({ length: 3000 }, (_, i) => [String(i % 1000), String((i * 31) % 97), `k${i % 1000}`]));
  const onePerClass = csv(['x1', 'y'], Array.from({ length: 6 }, (_, i) => [String(i), `k${i}`]));
  return [
    { name: 'empty file', file: 'empty.csv', bytes: '', expect: FAIL_ALL, where: /empty\.csv/ },
    { name: 'header only', file: 'header.csv', bytes: 'x1,x2,c,y\n', expect: FAIL_ALL, where: /header\.csv/ },
    { name: 'blank lines only', file: 'blank.csv', bytes: '\n\n\n', expect: FAIL_ALL, where: /blank\.csv/ },
    { name: 'one row', file: 'onerow.csv', bytes: csv(HEADER, goodRows(1)), expect: { train: 'fail', fit: 'fail', predict: 'ok' }, where: /onerow\.csv/ },
    { name: 'one column (the target)', file: 'onecol.csv', bytes: csv(['y'], goodRows().map((r) => [r[3]])), expect: { train: 'fail', fit: 'fail', predict: 'fail', evaluate: 'fail' }, where: /onecol\.csv|feature/ },
    { name: 'target named wrong', file: 'wrongtarget.csv', bytes: csv(['x1', 'x2', 'c', 'Y'], goodRows()), expect: { train: 'fail', fit: 'fail', evaluate: 'fail' }, where: /column y|'y'|"y"/ },
    { name: 'target all missing', file: 'nantarget.csv', bytes: mapRows((r) => [r[0], r[1], r[2], '']), expect: FAIL_TRAINING, where: /column y|target/ },
    { name: 'target constant (one class)', file: 'oneclass.csv', bytes: mapRows((r) => [r[0], r[1], r[2], 'yes']), expect: { train: 'fail', fit: 'fail' }, where: /column y|class/ },
    { name: 'target with missing rows', file: 'holes.csv', bytes: mapRows((r, i) => (i % 10 === 3 ? [r[0], r[1], r[2], ''] : r)), expect: {} },
    { name: 'duplicate column names', file: 'dupcols.csv', bytes: csv(['x1', 'x1', 'c', 'y'], goodRows()), expect: FAIL_ALL, where: /x1/ },
    { name: 'ragged row (too few)', file: 'ragged.csv', bytes: good.replace(/\n([^\n]*)\n/, '\n$1\n0.5,0.5\n'), expect: FAIL_ALL, where: /row|line/ },
    { name: 'ragged row (too many)', file: 'ragged2.csv', bytes: good.replace(/\n([^\n]*)\n/, '\n$1\n0.5,0.5,red,yes,extra\n'), expect: FAIL_ALL, where: /row|line/ },
    { name: 'unterminated quote', file: 'quote.csv', bytes: good.replace('red', '"red'), expect: FAIL_ALL, where: /quote/ },
    { name: 'byte order mark', file: 'bom.csv', bytes: '\ufeff' + good, expect: OK_ALL },
    { name: 'CRLF line endings', file: 'crlf.csv', bytes: csv(HEADER, goodRows(), '\r\n'), expect: OK_ALL },
    { name: 'semicolons without --delimiter', file: 'semi.csv', bytes: csv(HEADER, goodRows(), '\n', ';'), expect: FAIL_ALL, where: /semi\.csv, line 1: .*give --delimiter ';'/ },
    { name: 'semicolons with --delimiter', file: 'semi2.csv', bytes: csv(HEADER, goodRows(), '\n', ';'), flags: ['--delimiter', ';'], expect: OK_ALL },
    { name: 'tabs in a .csv without --delimiter', file: 'tabs.csv', bytes: csv(HEADER, goodRows(), '\n', '\t'), expect: FAIL_ALL, where: /tabs\.csv, line 1: .*give --delimiter \$'\\t'/ },
    { name: 'non-UTF-8 bytes in a category', file: 'latin.csv', bytes: bad8, expect: FAIL_ALL, where: /latin\.csv, line 9, column 'c': value 'r\uFFFD\uFFFDd' holds bytes that are not valid UTF-8/ },
    { name: 'huge field (8 MB)', file: 'hugefield.csv', bytes: good.replace('red', 'r'.repeat(8 << 20)), expect: {} },
    { name: 'numbers beyond float (1e400) in a feature', file: 'e400.csv', bytes: mapRows((r, i) => (i === 5 ? ['1e400', r[1], r[2], r[3]] : r)), expect: {} },
    { name: 'inf and -nan text in a numeric feature', file: 'infnan.csv', bytes: mapRows((r, i) => (i === 5 ? ['inf', r[1], r[2], r[3]] : i === 6 ? ['-nan', r[1], r[2], r[3]] : r)), expect: {} },
    { name: 'mixed types in a column (one word among numbers)', file: 'mixed.csv', bytes: mapRows((r, i) => (i === 9 ? ['oops', r[1], r[2], r[3]] : r)), expect: { train: 'fail', fit: 'fail' }, where: /data row 10, column 'x1': value 'oops' is text, but 299 of/ },
    { name: 'NA, ?, null markers among numbers (missing)', file: 'na.csv', bytes: mapRows((r, i) => (i % 50 === 7 ? [['NA', '?', 'null', 'N/A', 'NaN', '#N/A'][i % 6]!, r[1], r[2], r[3]] : r)), expect: OK_ALL },
    { name: 'a word first, then numbers', file: 'wordfirst.csv', bytes: mapRows((r, i) => (i === 0 ? ['oops', r[1], r[2], r[3]] : r)), expect: { train: 'fail', fit: 'fail' }, where: /data row 1, column 'x1': value 'oops' is text, but 299 of/ },
    { name: 'mixed column declared categorical', file: 'mixedcat.csv', bytes: mapRows((r, i) => (i === 9 ? ['oops', r[1], r[2], r[3]] : r)), trainFlags: ['--categorical', 'x1'], expect: { train: 'ok', fit: 'ok' } },
    { name: 'all-missing feature', file: 'allmissing.csv', bytes: mapRows((r) => ['', r[1], r[2], r[3]]), expect: { train: 'ok', fit: 'ok' } },
    { name: 'constant feature', file: 'constfeat.csv', bytes: mapRows((r) => ['1', r[1], r[2], r[3]]), expect: { train: 'ok', fit: 'ok' } },
    { name: 'categorical with 100k levels', file: 'levels.csv', bytes: manyLevels, expect: {} },
    { name: 'multiclass with 1000 classes', file: 'k1000.csv', bytes: thousandClasses, expect: {} },
    { name: 'one row per class', file: 'oneperclass.csv', bytes: onePerClass, expect: { train: 'fail', fit: 'fail' }, where: /a different label on every one of its 6 rows/ },
    { name: 'string target with whitespace variants', file: 'spaces.csv', bytes: mapRows((r, i) => [r[0], r[1], r[2], i % 7 === 0 ? ` ${r[3]}` : i % 11 === 0 ? `${r[3]} ` : r[3]]), expect: { train: 'fail', fit: 'fail' }, where: /column 'y' has classes ' no' and 'no', which differ only in spaces/ },
    { name: 'regression target with Inf', file: 'reginf.csv', bytes: csv(['x1', 'x2', 'y'], goodRows().map((r, i) => [r[0], r[1], i === 4 ? '1e400' : String(Number(r[0]) * 3)])), expect: { train: 'fail', fit: 'fail', evaluate: 'fail' }, where: /line \d+, column 'y'/ },
    { name: 'regression target with inf text', file: 'reginf2.csv', bytes: csv(['x1', 'x2', 'y'], goodRows().map((r, i) => [r[0], r[1], i === 4 ? 'inf' : String(Number(r[0]) * 3)])), expect: { train: 'fail', fit: 'fail' }, where: /line \d+, column 'y'/ },
    { name: 'negative weights', file: 'negw.csv', bytes: csv([...HEADER, 'w'], goodRows().map((r, i) => [...r, i === 3 ? '-1' : '1'])), trainFlags: ['--weight', 'w'], expect: { train: 'fail', fit: 'fail' }, where: /column 'w'/ },
    { name: 'NaN weights', file: 'nanw.csv', bytes: csv([...HEADER, 'w'], goodRows().map((r, i) => [...r, i === 3 ? 'nan' : '1'])), trainFlags: ['--weight', 'w'], expect: { train: 'fail', fit: 'fail' }, where: /column 'w'/ },
    { name: 'predict: an extra column', file: 'extra.csv', bytes: csv(['x1', 'x2', 'extra', 'c', 'y'], goodRows().map((r) => [r[0], r[1], 'zz', r[2], r[3]])), expect: { predict: 'ok', evaluate: 'ok' } },
    { name: 'predict: columns reordered', file: 'reordered.csv', bytes: csv(['y', 'c', 'x2', 'x1'], goodRows().map((r) => [r[3], r[2], r[1], r[0]])), expect: OK_ALL },
    { name: 'predict: a feature column missing', file: 'nox2.csv', bytes: csv(['x1', 'c', 'y'], goodRows().map((r) => [r[0], r[2], r[3]])), expect: { predict: 'fail', evaluate: 'fail', info: 'fail', report: 'fail' }, where: /nox2\.csv: has no column 'x2'/ },
    { name: 'predict: unseen categories', file: 'unseen.csv', bytes: mapRows((r, i) => (i % 5 === 0 ? [r[0], r[1], 'purple', r[3]] : r)), expect: OK_ALL },
    { name: 'predict: text in a numeric column', file: 'textnum.csv', bytes: mapRows((r, i) => (i === 20 ? [r[0], 'abc', r[2], r[3]] : r)), expect: FAIL_ALL, where: /column 'x2': value 'abc'/ },
    { name: 'predict: numbers in the categorical column', file: 'numcat.csv', bytes: mapRows((r, i) => [r[0], r[1], String(i % 4), r[3]]), expect: { predict: 'ok', evaluate: 'ok' } },
    { name: '.gz that is not gzip', file: 'notgz.csv.gz', bytes: good, expect: FAIL_ALL, where: /notgz\.csv\.gz/ },
    { name: '.gz truncated', file: 'trunc.csv.gz', bytes: gzipSync(Buffer.from(good)).subarray(0, 700), expect: FAIL_ALL, where: /trunc\.csv\.gz/ },
    { name: 'Arrow file that is text', file: 'bad.arrow', bytes: good, expect: FAIL_ALL, where: /bad\.arrow/ },
    { name: 'Arrow magic then garbage', file: 'bad2.arrow', bytes: Buffer.concat([Buffer.from('ARROW1\0\0'), Buffer.alloc(300, 0xab), Buffer.from('ARROW1')]), expect: FAIL_ALL, where: /bad2\.arrow/ },
    { name: 'Parquet file that is text', file: 'bad.parquet', bytes: good, expect: FAIL_ALL, where: /bad\.parquet/ },
    ...hostileFiles(good),
    { name: 'Parquet magic then garbage', file: 'bad2.parquet', bytes: Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(300, 0x17), Buffer.from([0xff, 0xff, 0, 0]), Buffer.from('PAR1')]), expect: FAIL_ALL, where: /bad2\.parquet/ },
  ];
}

/** A bad model file: its bytes (or a directory), run through predict, evaluate, info, report, export. */
export interface ModelCase {
  name: string;
  file: string;
  bytes?: Buffer | string;
  dir?: boolean;
}

/** Hostile variants of a good model file's text. */
export function modelCases(good: string): ModelCase[] {
  const doc = JSON.parse(good) as Record<string, unknown>;
  const flips: ModelCase[] = [];
  const r = lcg(7);
  for (let k = 0; k < 6; k++) {
    const b = Buffer.from(good);
    const at = Math.floor(r() * b.length);
    b[at] ^= 1 << Math.floor(r() * 8);
    flips.push({ name: `bit flip ${k}`, file: `flip${k}.json`, bytes: b });
  }
  return [
    { name: 'empty model file', file: 'empty.json', bytes: '' },
    { name: 'model truncated in half', file: 'half.json', bytes: good.slice(0, good.length >> 1) },
    { name: 'model truncated by one byte', file: 'cut1.json', bytes: good.slice(0, good.length - 2) },
    { name: 'wrong format version', file: 'version.json', bytes: JSON.stringify({ ...doc, version: 99 }) },
    { name: 'other JSON (package.json)', file: 'other.json', bytes: '{"name":"x","version":"1.0.0"}' },
    { name: 'JSON array', file: 'array.json', bytes: '[1,2,3]' },
    { name: 'JSON null', file: 'null.json', bytes: 'null' },
    { name: 'a directory', file: 'adir.json', dir: true },
    { name: 'binary garbage', file: 'garbage.json', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff)) },
    { name: 'a CSV given as the model', file: 'model.csv', bytes: 'x1,y\n1,2\n' },
    ...flips,
    ...hostileModels(doc),
  ];
}

/** Columnar and compressed files broken in ways a reader meets in the wild, and outsized CSV shapes. */
function hostileFiles(good: string): DataCase[] {
  const rows = goodRows();
  const table = tableFromArrays({
    x1: Float64Array.from(rows, (r) => Number(r[0])), x2: Float64Array.from(rows, (r) => Number(r[1])), c: rows.map((r) => r[2]!), y: rows.map((r) => r[3]!),
  });
  const arrow = Buffer.from(tableToIPC(table, 'file'));
  const listType = new List(new Field('item', new Float64()));
  const listTarget = tableFromArrays({ x1: Float64Array.from(rows, (r) => Number(r[0])) }).assign(
    tableFromArrays({ y: vectorFromArray(rows.map((_, i) => [i, i + 1]), listType) as never }));
  const parquet = readFileSync(new URL('../data/fixtures/pandas-simple.parquet', import.meta.url));
  // The footer: ... metadata, 4-byte little-endian metadata length, 'PAR1'.
  const hugeFooter = Buffer.from(parquet);
  hugeFooter.writeUInt32LE(0x7fffffff, hugeFooter.length - 8);
  const scrambledFooter = Buffer.from(parquet);
  const metaLen = parquet.readUInt32LE(parquet.length - 8);
  for (let i = parquet.length - 8 - metaLen; i < parquet.length - 8; i += 3) scrambledFooter[i] ^= 0x5a;
  const wideHeader = 'x1,x2,c,y,' + Array.from({ length: 1_000_000 }, (_, i) => `e${i}`).join(',') + '\n';
  const wideRow = (r: string[]) => `${r.join(',')}${',0'.repeat(1_000_000)}\n`;
  const gz = gzipSync(Buffer.from(good));
  return [
    { name: 'gzip header, then garbage', file: 'garbage.csv.gz', bytes: Buffer.concat([gz.subarray(0, 10), Buffer.alloc(4000, 0x9d)]), expect: FAIL_ALL, where: /garbage\.csv\.gz/ },
    { name: 'gzip with garbage after its end', file: 'trailing.csv.gz', bytes: Buffer.concat([gz, Buffer.from('trailing junk, not gzip')]), expect: {} },
    { name: 'gzip of a gzip', file: 'double.csv.gz', bytes: gzipSync(gz), expect: FAIL_ALL },
    { name: 'Arrow file cut in half', file: 'half.arrow', bytes: arrow.subarray(0, arrow.length >> 1), expect: FAIL_ALL, where: /half\.arrow/ },
    { name: 'Arrow file with its footer cut off', file: 'nofooter.arrow', bytes: arrow.subarray(0, arrow.length - 10), expect: FAIL_ALL, where: /nofooter\.arrow/ },
    { name: 'Arrow target of lists', file: 'lists.arrow', bytes: Buffer.from(tableToIPC(listTarget, 'file')), expect: FAIL_ALL, where: /lists\.arrow/ },
    { name: 'Parquet footer length 2 GiB', file: 'hugefooter.parquet', bytes: hugeFooter, expect: FAIL_ALL, where: /hugefooter\.parquet/ },
    { name: 'Parquet footer scrambled', file: 'scrambled.parquet', bytes: scrambledFooter, expect: FAIL_ALL, where: /scrambled\.parquet/ },
    { name: 'a 16 MB header name', file: 'bigname.csv', bytes: good.replace('x1', 'n'.repeat(16 << 20)), expect: { train: 'ok', predict: 'fail', evaluate: 'fail' }, where: /has no column 'x1'/ },
    // Storage per column was allocated before any row (8 GB here); train must fail cleanly, predict read only the model's columns.
    { name: 'a million columns', file: 'wide.csv', bytes: wideHeader + rows.slice(0, 3).map(wideRow).join(''), only: ['train', 'predict'], expect: { train: 'fail', predict: 'ok' }, where: /out of WebAssembly memory|wide\.csv/ },
  ];
}

/** A typed array field of the model's tree store ('<type>:' + base64), decoded, changed by `f`, encoded again. */
function editTyped(text: string, f: (bytes: Buffer) => void): string {
  const at = text.indexOf(':');
  const bytes = Buffer.from(text.slice(at + 1), 'base64');
  f(bytes);
  return text.slice(0, at + 1) + bytes.toString('base64');
}

/** Model documents that parse but lie: NaN thresholds, child links that loop, huge arrays, deep nesting; XGBoost UBJSON with bad lengths. */
function hostileModels(doc: Record<string, unknown>): ModelCase[] {
  // Files without a checksum load as before (checksum.ts): these reach the structural checks.
  const edit = (f: (trees: Record<string, unknown>) => void): string => {
    const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
    delete copy.checksum;
    if (copy.trees) f(copy.trees as Record<string, unknown>);
    return JSON.stringify(copy);
  };
  const ubjHead = Buffer.from('{U\x07learner{U\x0dfeature_names[$S#l');
  return [
    { name: 'NaN split thresholds', file: 'nanthr.json', bytes: edit((t) => { t.threshold = editTyped(String(t.threshold), (b) => { for (let i = 0; i + 4 <= b.length; i += 4) b.writeFloatLE(NaN, i); }); }) },
    { name: 'child links that loop to the root', file: 'cycle.json', bytes: edit((t) => { t.left = editTyped(String(t.left), (b) => b.fill(0)); }) },
    { name: 'child links past the end', file: 'pastend.json', bytes: edit((t) => { t.left = editTyped(String(t.left), (b) => b.fill(0xff)); }) },
    { name: 'tree roots array of 4M entries', file: 'roots.json', bytes: edit((t) => { t.treeRoot = new Array(4_000_000).fill(0); }) },
    { name: 'schema nested 100k deep', file: 'deep.json', bytes: JSON.stringify({ ...doc, checksum: undefined }).replace('"schema":', '"schema":' + '['.repeat(100_000) + ']'.repeat(100_000) + ',"x":') },
    { name: 'XGBoost UBJSON array of 2^31-1 strings', file: 'len.ubj', bytes: Buffer.concat([ubjHead, Buffer.from([0x7f, 0xff, 0xff, 0xff]), Buffer.from('Ux')]) },
    { name: 'XGBoost UBJSON negative length', file: 'neg.ubj', bytes: Buffer.concat([ubjHead, Buffer.from([0xff, 0xff, 0xff, 0xf0]), Buffer.from('}}')]) },
    { name: 'XGBoost UBJSON string longer than the file', file: 'str.ubj', bytes: Buffer.concat([Buffer.from('{U\x07learnerSl'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('short')]) },
  ];
}
