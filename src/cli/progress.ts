/**
 * Progress of a long command on stderr: on a terminal one live line redrawn in place (a bar of
 * elapsed time against the budget, trials, best score, ETA); otherwise plain lines, one per
 * generation of trials and a heartbeat when nothing was printed for a while. Also --quiet.
 */
import { formatMetric, type CliIO } from './io.js';

export interface ProgressState {
  trials: number;
  best: number | null;
  metric: string;
  /** Seconds since the process started. */
  elapsed: number;
}

const BAR = 20;
/** Terminal: redraw every this many ms. Plain output: a heartbeat after this many ms of silence. */
const REDRAW_MS = 250;
const HEARTBEAT_MS = 5000;

/** stderr without informational lines (--quiet): warnings and errors still pass. */
export function quietIO(io: CliIO): CliIO {
  return { stdout: (t) => io.stdout(t), stderr: (t) => { if (/^(warning|error|internal error):/m.test(t)) io.stderr(t); } };
}

/** Whether stderr is a terminal (THICKET_PROGRESS=bar / plain forces either, for tests and logs). */
export function stderrIsTerminal(): boolean {
  const force = process.env.THICKET_PROGRESS;
  if (force === 'bar') return true;
  if (force === 'plain') return false;
  return process.stderr.isTTY === true;
}

export class SearchProgress {
  private state: ProgressState = { trials: 0, best: null, metric: '', elapsed: 0 };
  private timer: NodeJS.Timeout | undefined;
  private lastLine = 0;
  private drawn = false;
  private readonly started = performance.now();

  /**
   * budget: the --time budget in seconds (counted from the process start), or null; maxTrials:
   * the --trials cap, or null.
   */
  constructor(private readonly io: CliIO, private readonly tty: boolean, private readonly budget: number | null, private readonly maxTrials: number | null) {
    this.timer = setInterval(() => this.tick(), tty ? REDRAW_MS : 1000);
    this.timer.unref();
  }

  /** Seconds since the process started. */
  private now(): number {
    return performance.now() / 1000;
  }

  /** Estimated seconds left: the budget's remainder, or the trials left at the mean pace so far. */
  private eta(elapsed: number): number | null {
    if (this.budget !== null) return Math.max(0, this.budget - elapsed);
    if (this.maxTrials !== null && this.state.trials > 0) {
      const spent = elapsed - this.started / 1000;
      return Math.max(0, (spent / this.state.trials) * (this.maxTrials - this.state.trials));
    }
    return null;
  }

  /** The progress text (without line ending). */
  text(elapsed = this.now()): string {
    const s = this.state;
    const eta = this.eta(elapsed);
    const best = s.best === null ? '-' : formatMetric(s.best);
    const head = this.budget !== null ? `${elapsed.toFixed(1)}s / ${this.budget}s` : `${elapsed.toFixed(1)}s`;
    const trials = this.maxTrials !== null && Number.isFinite(this.maxTrials) ? `${s.trials}/${this.maxTrials}` : String(s.trials);
    const tail = `trials ${trials}  best ${s.metric || 'score'} ${best}${eta !== null ? `  ETA ${eta.toFixed(0)}s` : ''}`;
    if (!this.tty) return `${head}  ${tail}`;
    const done = this.budget !== null ? elapsed / this.budget : this.maxTrials ? s.trials / this.maxTrials : 0;
    const filled = Math.max(0, Math.min(BAR, Math.round(done * BAR)));
    return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${head}  ${tail}`;
  }

  /** After a generation of trials. */
  update(p: ProgressState): void {
    this.state = p;
    if (this.tty) this.draw();
    else this.plain();
  }

  /** A log line, printed above the live line. */
  line(text: string): void {
    this.clear();
    this.io.stderr(text.endsWith('\n') ? text : `${text}\n`);
    this.lastLine = performance.now();
    if (this.tty && this.state.metric) this.draw();
  }

  private plain(): void {
    this.io.stderr(`${this.text()}\n`);
    this.lastLine = performance.now();
  }

  private draw(): void {
    this.io.stderr(`\r\x1b[2K${this.text()}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.drawn) this.io.stderr('\r\x1b[2K');
    this.drawn = false;
  }

  private tick(): void {
    if (this.tty) { if (this.state.metric) this.draw(); } else if (this.state.metric && performance.now() - this.lastLine >= HEARTBEAT_MS) this.plain();
  }

  /** Stops redrawing and leaves the cursor on a fresh line. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }
}
