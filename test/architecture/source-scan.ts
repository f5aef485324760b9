// Code lines of src/ and assembly/ (comments stripped), for the naming and byte-arithmetic tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './import-graph.js';

export interface CodeLine {
  /** Path from the repository root. */
  file: string;
  line: number;
  /** The line without its // comment and without block-comment text. */
  code: string;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Strips comments from one file's lines (string literals holding comment markers are rare enough to ignore). */
export function codeLines(file: string, text: string): CodeLine[] {
  const out: CodeLine[] = [];
  let inBlock = false;
  text.split('\n').forEach((raw, i) => {
    let s = raw, code = '';
    while (s.length > 0) {
      if (inBlock) {
        const end = s.indexOf('*/');
        if (end < 0) { s = ''; break; }
        s = s.slice(end + 2); inBlock = false;
      } else {
        const block = s.indexOf('/*'), line = s.indexOf('//');
        if (line >= 0 && (block < 0 || line < block)) { code += s.slice(0, line); s = ''; }
        else if (block >= 0) { code += s.slice(0, block); s = s.slice(block + 2); inBlock = true; }
        else { code += s; s = ''; }
      }
    }
    if (code.trim()) out.push({ file, line: i + 1, code });
  });
  return out;
}

/** Code lines of every .ts file under the given folders (paths from the repository root). */
export function scanCode(folders: readonly string[]): CodeLine[] {
  const out: CodeLine[] = [];
  for (const folder of folders) {
    for (const f of tsFiles(join(ROOT, folder))) out.push(...codeLines(relative(ROOT, f), readFileSync(f, 'utf8')));
  }
  return out;
}
