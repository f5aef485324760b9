// What every benchmark records with its figures: the commit, the machine's load, the machine.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** A command's trimmed stdout, or null when it fails or is missing. */
export function sh(cmd, args, cwd = process.cwd()) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** The short commit of the checkout at `root` (THICKET_COMMIT overrides it: runs from a snapshot copy), or 'unknown'. */
export function commitOf(root) {
  return process.env.THICKET_COMMIT ?? sh('git', ['rev-parse', '--short', 'HEAD'], root) ?? 'unknown';
}

/** Whether tracked files of the checkout at `root` have uncommitted changes. */
export function isDirty(root) {
  return Boolean(sh('git', ['status', '--porcelain', '--untracked-files=no'], root));
}

/** The 1-, 5- and 15-minute load averages joined by `sep`, two decimals each. */
export function loadavgText(sep = ' ') {
  return os.loadavg().map((x) => x.toFixed(2)).join(sep);
}

/** The load averages as `uptime` prints them (falls back to os.loadavg). */
export function uptimeLoad() {
  const up = sh('uptime', []);
  const m = up && /load average:\s*(.*)$/.exec(up);
  return m ? m[1] : loadavgText(', ');
}

/** Cores, CPU model, memory and Node version, for a run's header. */
export function machineText() {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}`;
}
