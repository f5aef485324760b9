/** The leaderboard as a terminal table (stderr). */
import type { LeaderboardRow } from '../automl/automl-model.js';
import { formatMetric } from './io.js';

function configText(c: LeaderboardRow['config']): string {
  if (!c) return '';
  return Object.entries(c).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(' ');
}

export function formatLeaderboard(rows: LeaderboardRow[], limit: number): string {
  const head = ['rank', 'trial', 'learner', rows[0]?.metric ?? 'metric', 'seconds', 'rows', 'config'];
  const body = rows.slice(0, limit).map((r) => [
    r.learner === 'ensemble' ? '*' : String(r.rank), r.trial < 0 ? '-' : String(r.trial), r.learner,
    formatMetric(r.value), r.seconds.toFixed(2), r.sample === undefined ? '-' : String(r.sample), configText(r.config),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return ['leaderboard:', line(head), ...body.map(line)].join('\n') + '\n';
}
