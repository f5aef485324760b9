/** The `--param` section of `thicket train --help`, generated from the one parameter schema (src/params.ts). */
import { PARAMS, defaultOf, type Learner } from '../params.js';

function range(p: (typeof PARAMS)[number]): string {
  if (p.values) return p.values.join('|');
  if (p.kind === 'bool') return 'true|false';
  if (p.kind === 'size') return [...(p.values ?? []), 'fraction', 'count'].join('|');
  const lo = p.min === undefined ? '' : `${p.minExclusive ? '>' : '>='}${p.min}`;
  const hi = p.max === undefined ? '' : `<=${p.max}`;
  return [p.kind, lo, hi].filter((s) => s !== '').join(' ');
}

/** One line per parameter of `learner`: name (aliases), default, range, doc. */
export function paramsHelp(learner: Learner): string {
  const rows = PARAMS.filter((p) => p.learners.includes(learner)).map((p) => {
    const name = p.aliases?.length ? `${p.name} (${p.aliases.join(', ')})` : p.name;
    const d = defaultOf(p.name, learner);
    const def = d === undefined ? 'derived' : String(d);
    return `  ${name.padEnd(36)} default ${def.padEnd(10)} ${range(p).padEnd(28)} ${p.doc}`;
  });
  const names = learner === 'gbdt' ? 'XGBoost names' : 'scikit-learn names';
  return `\nParameters for --param key=value (${learner}; ${names}):\n${rows.join('\n')}\n`;
}
