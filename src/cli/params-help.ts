/** The `--param` section of `thicket train --help`, generated from the one parameter schema (src/params.ts). */
import { PARAMS, defaultOf, type Learner } from '../params.js';

function range(p: (typeof PARAMS)[number]): string {
  if (p.values) return `one of ${p.values.join(', ')}`;
  if (p.kind === 'bool') return 'true|false';
  if (p.kind === 'size') return [...(p.values ?? []), 'fraction', 'count'].join('|');
  const lo = p.min === undefined ? '' : `${p.minExclusive ? '>' : '>='}${p.min}`;
  const hi = p.max === undefined ? '' : `<=${p.max}`;
  return [p.kind, lo, hi].filter((s) => s !== '').join(' ');
}

/** Help text is kept within this many columns (a common terminal width). */
export const HELP_WIDTH = 100;

/** Words of `text` in lines of at most `width` columns, each starting with `indent`. */
function wrap(text: string, indent: string, width = HELP_WIDTH): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/)) {
    if (line.length > indent.length && line.length + 1 + word.length > width) { lines.push(line); line = indent; }
    line += (line.length > indent.length ? ' ' : '') + word;
  }
  if (line.length > indent.length) lines.push(line);
  return lines;
}

/** Per parameter of `learner`: its name (aliases), default and range, then its doc, within HELP_WIDTH columns. */
export function paramsHelp(learner: Learner): string {
  const rows = PARAMS.filter((p) => p.learners.includes(learner)).map((p) => {
    const name = p.aliases?.length ? `${p.name} (${p.aliases.join(', ')})` : p.name;
    const d = defaultOf(p.name, learner);
    const def = d === undefined ? 'derived' : String(d);
    return [...wrap(`${name}: default ${def}; ${range(p)}`, '  '), ...wrap(p.doc, '      ')].join('\n');
  });
  const names = learner === 'gbdt' ? 'XGBoost names' : 'scikit-learn names';
  return `\nParameters for --param key=value (${learner}; ${names}):\n${rows.join('\n')}\n`;
}
