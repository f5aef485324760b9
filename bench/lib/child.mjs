// Code the bench scripts share: running a measured child process (wall time, peak RSS and CPU
// seconds through /usr/bin/time, or VmHWM polling without it), and reading its output.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Raw results and scratch files of the bench scripts (git-ignored). */
export const OUT = join(ROOT, 'bench', 'out');
export const TIME_BIN = '/usr/bin/time';

/** Whether /usr/bin/time is installed (else peak RSS comes from polling /proc). */
export const haveTime = existsSync(TIME_BIN);

/**
 * Runs a command; resolves {code, signal, stdout, stderr, wallSeconds, peakRssMb, cpuSeconds, timedOut}.
 * Never rejects: a spawn failure comes back as code -1 with the message in stderr.
 */
export function runChild(cmd, args, { timeout, measure = true, cwd = ROOT, env = process.env }) {
  mkdirSync(OUT, { recursive: true });
  return new Promise((resolveRun) => {
    const rssFile = join(OUT, `.rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const useTime = measure && haveTime;
    // %M peak RSS (KB), %U %S user and system CPU seconds (CPU > wall means more than one thread).
    const [file, argv] = useTime ? [TIME_BIN, ['-f', '%M %U %S', '-o', rssFile, cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    let child;
    try {
      child = spawn(file, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      resolveRun({ code: -1, signal: null, stdout: '', stderr: String(err.message), wallSeconds: 0, peakRssMb: null, cpuSeconds: null, timedOut: false });
      return;
    }
    const out = [];
    const errs = [];
    let procPeakKb = 0;
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => errs.push(b));
    // Without /usr/bin/time: sample VmHWM (a high-water mark) of the child while it runs.
    const poll = measure && !useTime ? setInterval(() => { procPeakKb = Math.max(procPeakKb, vmHwmKb(child.pid)); }, 100) : null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeout * 1000);
    const finish = (code, signal, extraErr = '') => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let peakRssMb = procPeakKb > 0 ? procPeakKb / 1024 : null;
      let cpuSeconds = null;
      let stderr = Buffer.concat(errs).toString('utf8') + extraErr;
      if (useTime && existsSync(rssFile)) {
        // /usr/bin/time -o writes "Command exited with non-zero status N" before %M on failure.
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        const [kb, user, sys] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
        if (Number.isFinite(kb) && kb > 0) peakRssMb = kb / 1024;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = user + sys;
        if (lines.length > 1) stderr += `\n${lines.slice(0, -1).join('\n')}`;
        rmSync(rssFile, { force: true });
      }
      const exit = code;
      // /usr/bin/time reports a child killed by a signal as exit 128+n or via its own message.
      if (timedOut) stderr += `\ntimed out after ${timeout} s`;
      resolveRun({ code: exit ?? -1, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, wallSeconds, peakRssMb, cpuSeconds, timedOut });
    };
    child.on('error', (err) => finish(-1, null, `\n${err.message}`));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

export function vmHwmKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The last JSON object printed on stdout (single-line or pretty-printed), or null. */
export function lastJson(stdout) {
  const text = stdout.trim();
  if (!text) return null;
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object') return v;
  } catch { /* fall through */ }
  const starts = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '{' && (i === 0 || text[i - 1] === '\n')) starts.push(i);
  for (let k = starts.length - 1; k >= 0; k--) {
    try {
      const v = JSON.parse(text.slice(starts[k]));
      if (v && typeof v === 'object') return v;
    } catch { /* try an earlier start */ }
  }
  return null;
}

/** The last n non-empty lines of s on one line (at most 600 characters). */
export function tail(s, n = 6) {
  const lines = String(s).trim().split('\n').filter(Boolean);
  return lines.slice(-n).join(' | ').slice(0, 600);
}
