/** The trial log: one JSON line per finished trial, and reading one back to replay its trials. */
import { readFileSync } from 'node:fs';
import { inputError, ThicketError } from '../errors.js';
import type { Planned } from './scheduler.js';
import type { TrialRecord } from './trial-runner.js';
import type { LearnerName } from './learners/learner.js';

const LEARNERS: LearnerName[] = ['gbdt', 'rf', 'extratrees', 'linear'];

/** One log line: the trial with the run's task and metric (a replay scores by the logged metric). */
export function trialLine(t: TrialRecord, run: { task: string; metric: string }): string {
  return JSON.stringify({ ...t, task: run.task, metric: run.metric, value: Number.isFinite(t.value) ? t.value : null });
}

export interface TrialLog {
  /** The logged trials in trial order, each with the rung of the sample it ran on (when logged). */
  trials: (Planned & { rung?: number; trial?: number })[];
  /** The run's metric and task, when the log records them. */
  metric?: string;
  task?: string;
}

/** The trials of a log, in trial order; each line must name a learner and a config. */
export function readTrialLog(path: string): TrialLog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw inputError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const out: { trial: number; p: Planned & { rung?: number; trial?: number } }[] = [];
  let metric: string | undefined, task: string | undefined;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    // A run killed mid-write can leave its last line cut (the .partial log of fit): skip it.
    if (i === lines.length - 1 && !text.endsWith('\n')) {
      try { JSON.parse(line); } catch { return; }
    }
    let t: { trial?: unknown; learner?: unknown; config?: unknown; rung?: unknown; metric?: unknown; task?: unknown };
    try {
      t = JSON.parse(line);
    } catch {
      throw inputError(`${path}:${i + 1}`, 'not valid JSON');
    }
    if (!LEARNERS.includes(t.learner as LearnerName)) throw inputError(`${path}:${i + 1}`, `unknown learner ${JSON.stringify(t.learner)}`);
    if (typeof t.config !== 'object' || t.config === null || Array.isArray(t.config)) throw inputError(`${path}:${i + 1}`, 'config must be an object');
    const rung = Number.isInteger(t.rung) && (t.rung as number) >= 0 ? (t.rung as number) : undefined;
    const trial = Number.isInteger(t.trial) ? (t.trial as number) : i;
    out.push({ trial, p: { learner: t.learner as LearnerName, config: t.config as Planned['config'], rung, trial } });
    if (typeof t.metric === 'string') metric ??= t.metric;
    if (typeof t.task === 'string') task ??= t.task;
  });
  if (out.length === 0) throw inputError(path, 'the trial log has no trials');
  return { trials: out.sort((a, b) => a.trial - b.trial).map((x) => x.p), metric, task };
}

/** The raw lines of a trial log (for --resume): each must parse and name a trial, a learner and a config. */
export function readTrialLines(path: string): { trial: number; learner: string; config: unknown; line: string }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw inputError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const out: { trial: number; learner: string; config: unknown; line: string }[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let t: { trial?: unknown; learner?: unknown; config?: unknown };
    try {
      t = JSON.parse(line);
    } catch {
      // A coordinator killed mid-write leaves a torn last line: the trial is simply run again.
      if (i === text.split('\n').length - 1 || text.split('\n').slice(i + 1).every((l) => l.trim() === '')) break;
      throw inputError(`${path}:${i + 1}`, 'not valid JSON');
    }
    if (t.trial !== out.length) throw inputError(`${path}:${i + 1}`, `expected trial ${out.length}, found ${JSON.stringify(t.trial)}`);
    out.push({ trial: out.length, learner: String(t.learner), config: t.config, line });
  }
  return out;
}

/**
 * Feeds the trial log as trials finish. Resuming checks that the rerun plans the logged trials
 * in the same order (same data, seed and flags) and writes them again as they were logged.
 */
export class TrialJournal {
  private n = 0;
  constructor(private readonly resumed: { learner: string; config: unknown; line: string }[], private readonly resumeFrom: string | undefined,
    private readonly write: (line: string) => void) {}

  add(t: TrialRecord, run: { task: string; metric: string }): void {
    const i = this.n++;
    if (i < this.resumed.length) {
      const r = this.resumed[i];
      if (r.learner !== t.learner || JSON.stringify(r.config) !== JSON.stringify(t.config)) {
        throw new ThicketError(`--resume ${this.resumeFrom}: trial ${i} was ${r.learner} ${JSON.stringify(r.config)} there, this run planned ${t.learner} ${JSON.stringify(t.config)}; resume with the same data, --seed, --learners and --searcher`, 1);
      }
      this.write(r.line);
      return;
    }
    this.write(trialLine(t, run));
  }
}
