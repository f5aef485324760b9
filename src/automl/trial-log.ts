/** The trial log: one JSON line per finished trial, and reading one back to replay its trials. */
import { readFileSync } from 'node:fs';
import { inputError } from '../errors.js';
import type { Planned } from './scheduler.js';
import type { TrialRecord } from './trial-runner.js';
import type { LearnerName } from './learners/learner.js';

const LEARNERS: LearnerName[] = ['gbdt', 'rf', 'extratrees', 'linear'];

export function trialLine(t: TrialRecord): string {
  return JSON.stringify({ ...t, value: Number.isFinite(t.value) ? t.value : null });
}

/** The trials of a log, in trial order; each line must name a learner and a config. */
export function readTrialLog(path: string): Planned[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw inputError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const out: { trial: number; p: Planned }[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let t: { trial?: unknown; learner?: unknown; config?: unknown };
    try {
      t = JSON.parse(line);
    } catch {
      throw inputError(`${path}:${i + 1}`, 'not valid JSON');
    }
    if (!LEARNERS.includes(t.learner as LearnerName)) throw inputError(`${path}:${i + 1}`, `unknown learner ${JSON.stringify(t.learner)}`);
    if (typeof t.config !== 'object' || t.config === null || Array.isArray(t.config)) throw inputError(`${path}:${i + 1}`, 'config must be an object');
    out.push({ trial: Number(t.trial ?? i), p: { learner: t.learner as LearnerName, config: t.config as Planned['config'] } });
  });
  if (out.length === 0) throw inputError(path, 'the trial log has no trials');
  return out.sort((a, b) => a.trial - b.trial).map((x) => x.p);
}
