/** Real Redis servers and `thicket worker` / `thicket fit` processes for the queue tests (no mocks). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../cli/run-cli.js';

export const BIN = join(ROOT, 'bin', 'thicket.js');

export function hasRedis(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

export interface Proc {
  child: ChildProcess;
  /** stderr (and stdout) so far. */
  out(): string;
  err(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves when `re` matches stderr. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
}

export function start(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Proc {
  const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  const watchers: { re: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...watchers]) if (w.re.test(err) || w.re.test(out)) { watchers.splice(watchers.indexOf(w), 1); w.resolve(); }
  };
  child.stdout!.on('data', (d) => { out += d; check(); });
  child.stderr!.on('data', (d) => { err += d; check(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child, out: () => out, err: () => err, exited,
    waitFor(re, timeoutMs = 120_000) {
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${err}\n${out}`)), timeoutMs);
        watchers.push({ re, resolve: () => { clearTimeout(t); resolve(); } });
        check();
        void exited.then((code) => { clearTimeout(t); if (watchers.some((w) => w.re === re)) reject(new Error(`exited (${code}) before ${re}:\n${err}\n${out}`)); });
      });
    },
  };
}

/** redis-server on `port` in the foreground (extra: e.g. --requirepass). */
export async function startRedis(port: number, extra: string[] = []): Promise<Proc> {
  const p = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra]);
  await p.waitFor(/Ready to accept connections/, 30_000);
  return p;
}

export function thicketProc(args: string[], env: Record<string, string> = {}, cwd?: string): Proc {
  return start(process.execPath, [BIN, ...args], { env, cwd });
}

/** Runs thicket to the end. */
export async function thicketRun(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = thicketProc(args, env, cwd);
  const code = await p.exited;
  return { code, stdout: p.out(), stderr: p.err() };
}

export async function stop(p: Proc | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  await p.exited;
}

/** A leaderboard without its timing columns (wall, fit and prediction seconds differ run to run). */
export function withoutSeconds(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !/seconds/.test(k))));
}
