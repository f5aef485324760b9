/** The `--param` section of `thicket train --help`, generated from the one parameter schema (src/params.ts). */
import { PARAMS, type Learner } from '../params.js';

function range(p: (typeof PARAMS)[number]): string {
  if (p.values) return p.values.join('|');
  if (p.kind === 'bool') return 'true|false';
  const lo = p.min === undefined ? '' : `${p.minExclusive ? '>' : '>='}${p.min}`;
  const hi = p.max === undefined ? '' : `<=${p.max}`;
  return [p.kind, lo, hi].filter((s) => s !== '').join(' ');
}

/** One line per parameter of `learner`: name (aliases), default, range, doc. */
export function paramsHelp(learner: Learner): string {
  const rows = PARAMS.filter((p) => p.learners.includes(learner)).map((p) => {
    const name = p.aliases?.length ? `${p.name} (${p.aliases.join(', ')})` : p.name;
    const def = p.default === undefined ? 'derived' : String(p.default);
    return `  ${name.padEnd(36)} default ${def.padEnd(10)} ${range(p).padEnd(28)} ${p.doc}`;
  });
  return `\nParameters for --param key=value (${learner}; XGBoost names):\n${rows.join('\n')}\n`;
}
