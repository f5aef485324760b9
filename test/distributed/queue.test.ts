// `thicket fit --queue` and `thicket worker` on a real redis-server (Debian's), real worker
// processes, a worker killed mid-run, a coordinator killed and resumed, TLS and passwords.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { requireBuild, ROOT } from '../cli/run-cli.js';
import { freePort, hasRedis, startRedis, stop, thicketProc, thicketRun, withoutSeconds, type Proc } from './redis-helpers.js';

const PASSWORD = 'pw-for-tests';
const dir = mkdtempSync(join(tmpdir(), 'thicket-queue-'));
const data = (name: string) => join(ROOT, 'data', name);
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
/** A model file without its wall-clock fields (and the checksum over them). */
const comparable = (p: string) => { const m = json(p); m.leaderboard = withoutSeconds(m.leaderboard); delete m.checksum; return m; };
const trialIds = (p: string) => readFileSync(p, 'utf8').trim().split('\n').map((l) => JSON.parse(l).trial);

describe.skipIf(!hasRedis())('trials on BullMQ / Redis', () => {
  let redis: Proc;
  let url: string;
  const procs: Proc[] = [];
  const worker = (extra: string[] = [], u = url) => {
    const p = thicketProc(['worker', '--queue', u, '--concurrency', '1', '--stall-ms', '3000', ...extra]);
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    requireBuild();
    const port = await freePort();
    redis = await startRedis(port, ['--requirepass', PASSWORD]);
    url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const p of procs) await stop(p, 'SIGKILL');
    await stop(redis);
  });

  it('two workers, one killed mid-task: its job runs on the other, every trial counts once, the leaderboard equals the local pool\'s', async () => {
    const args = ['fit', data('mlc_churn.train.csv'), '--target', 'churn', '--trials', '6', '--seed', '1'];
    const local = await thicketRun([...args, '--workers', '2', '--out', join(dir, 'local.json')]);
    expect(local.code, local.stderr).toBe(0);
    const a = worker(), b = worker();
    await Promise.all([a.waitFor(/worker ready/), b.waitFor(/worker ready/)]);
    const fit = thicketProc([...args, '--queue', url, '--out', join(dir, 'queue.json'), '--json']);
    // Kill worker a as it starts its second job (its dataset is loaded by then).
    await a.waitFor(/done in[\s\S]*started\n/, 180_000);
    a.child.kill('SIGKILL');
    expect(await fit.exited, fit.err()).toBe(0);
    const startedA = [...a.err().matchAll(/job (\S+): .* started/g)].map((m) => m[1]);
    const doneA = new Set([...a.err().matchAll(/job (\S+): .* done in/g)].map((m) => m[1]));
    const cut = startedA.filter((id) => !doneA.has(id));
    expect(cut.length).toBeGreaterThan(0);
    for (const id of cut) expect(b.err()).toContain(`job ${id}: `);
    expect(trialIds(join(dir, 'queue.trials.jsonl'))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(comparable(join(dir, 'queue.json'))).toEqual(comparable(join(dir, 'local.json')));
    await stop(b);
    expect(b.err()).toMatch(/worker stopped after \d+ job/);
  }, 400_000);

  it('a coordinator killed mid-search: fit --resume <trial log> continues, folds finished before are not run again', async () => {
    const args = ['fit', data('penguins.train.csv'), '--target', 'species', '--trials', '9', '--seed', '2'];
    // The uninterrupted reference runs one trial at a time, the queue's worker two: results must not depend on it.
    const local = await thicketRun([...args, '--workers', '1', '--out', join(dir, 'rlocal.json')]);
    expect(local.code, local.stderr).toBe(0);
    const w = worker(['--concurrency', '2']);
    await w.waitFor(/worker ready/);
    const first = thicketProc([...args, '--queue', url, '--out', join(dir, 'r.json')]);
    await first.waitFor(/trials so far go to \S+ until/);
    const partial = /trials so far go to (\S+) until/.exec(first.err())![1];
    // Stop the coordinator once the first generation is logged and a later fold has been handed out.
    await first.waitFor(/trials 4\b/, 180_000);
    await w.waitFor(/trial [4-8] fold \d+ \S+ started/, 180_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
    expect(trialIds(partial).length).toBeGreaterThan(0);
    const second = await thicketRun([...args, '--queue', url, '--out', join(dir, 'r.json'), '--resume', partial]);
    expect(second.code, second.stderr).toBe(0);
    expect(trialIds(join(dir, 'r.trials.jsonl'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(comparable(join(dir, 'r.json'))).toEqual(comparable(join(dir, 'rlocal.json')));
    // The same bytes too: folds read back from Redis keep the trainer's key order.
    expect(JSON.stringify(comparable(join(dir, 'r.json')))).toBe(JSON.stringify(comparable(join(dir, 'rlocal.json'))));
    // Trial 0's folds ran once, before the coordinator was killed.
    const started = [...w.err().matchAll(/job (t0f\d+-\S+): .* started/g)].map((m) => m[1]);
    expect(started.length).toBeGreaterThan(0);
    expect(new Set(started).size).toBe(started.length);
    await stop(w);
  }, 400_000);

  it('Redis unreachable or a wrong password: one clear error before any work, no output file touched', async () => {
    const out = join(dir, 'keep.json');
    writeFileSync(out, 'previous model\n');
    const closed = await freePort();
    const port = new URL(url).port;
    const cases: [string, RegExp][] = [
      [`redis://127.0.0.1:${closed}`, /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED/],
      [`redis://:wrong@127.0.0.1:${port}`, /refused the password/],
      [`redis://127.0.0.1:${port}`, /needs a password/],
    ];
    for (const [u, msg] of cases) {
      const r = await thicketRun(['fit', data('iris.train.csv'), '--target', 'species', '--trials', '2', '--queue', u, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain(PASSWORD);
      const w = await thicketRun(['worker', '--queue', u]);
      expect(w.code).toBe(1);
      expect(w.stderr).toMatch(msg);
    }
    expect(readFileSync(out, 'utf8')).toBe('previous model\n');
    expect(existsSync(join(dir, 'keep.trials.jsonl'))).toBe(false);
    // The password may come from the environment instead of the URL.
    const env = await thicketRun(['fit', data('iris.train.csv'), '--target', 'species', '--trials', '2', '--queue', `redis://127.0.0.1:${port}`, '--workers', '1', '--out', join(dir, 'env.json')], { THICKET_REDIS_PASSWORD: PASSWORD });
    expect(env.code, env.stderr).toBe(0);
  }, 200_000);

  it('jobs are checked before anything runs: unknown names, configs that are not scalars, and jobs past their deadline fail without retry', async () => {
    const w = worker();
    await w.waitFor(/worker ready/);
    const connection = { host: '127.0.0.1', port: Number(new URL(url).port), password: PASSWORD, maxRetriesPerRequest: null };
    const queue = new Queue('thicket', { connection });
    const events = new QueueEvents('thicket', { connection });
    await events.waitUntilReady();
    const h = (c: string) => c.repeat(64);
    const good = {
      format: 'thicket-job', version: 1, dataset: { sha256: h('a'), location: '/nonexistent.csv', ref: h('b') },
      task: { trial: 0, learner: 'gbdt', config: { eta: 0.1 }, fold: 0, seed: 1 }, deadlineAt: null,
    };
    const failure = async (name: string, body: unknown) => {
      const job = await queue.add(name, body, { attempts: 1 });
      const e = await job.waitUntilFinished(events).then(() => null, (x: Error) => x.message);
      const fresh = await queue.getJob(job.id!);
      return { message: e, attempts: fresh?.attemptsMade };
    };
    expect((await failure('exec', good)).message).toMatch(/unknown job name "exec"/);
    expect((await failure('fold', { ...good, task: { ...good.task, config: { eta: { $code: 'x' } } } })).message).toMatch(/task\.config\.eta must be/);
    expect((await failure('fold', { ...good, dataset: { ...good.dataset, location: 'relative.csv' } })).message).toMatch(/absolute path or an http/);
    expect((await failure('fold', { ...good, version: 99 })).message).toMatch(/unsupported version 99/);
    const late = await failure('fold', { ...good, deadlineAt: Date.now() - 1 });
    expect(late.message).toMatch(/timed out in the queue/);
    expect(late.attempts).toBe(1);
    expect((await failure('fold', good)).message).toMatch(/dataset reference .* is not in Redis/);
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await stop(w);
  }, 120_000);

  it('the README "Many machines" commands run as written (redis-server, thicket worker, thicket fit --queue)', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Many machines'));
    const block = section.slice(section.indexOf('```sh\n') + 6, section.indexOf('\n```', section.indexOf('```sh\n')));
    const lines = block.split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['redis-server', 'thicket', 'thicket']);
    const port = String(await freePort());
    const words = (l: string) => l.replace(/6379/g, port).split(' ').map((w) => (w === "''" ? '' : w));
    const [r, wk, fit] = lines.map(words);
    const cwd = mkdtempSync(join(dir, 'readme-'));
    const server = await startRedis(Number(port), r.slice(r.indexOf('--requirepass')));
    expect(r.slice(1, r.indexOf('--requirepass'))).toEqual(['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    const w = thicketProc(wk.slice(1), {}, cwd);
    procs.push(w);
    await w.waitFor(/worker ready/);
    const f = await thicketRun(fit.slice(1).map((x) => (x.startsWith('data/') ? join(ROOT, x) : x)), {}, cwd);
    expect(f.code, f.stderr).toBe(0);
    expect(json(join(cwd, 'model.json')).learner).toBe('automl');
    expect(w.err()).toMatch(/binned identically/);
    await stop(w);
    await stop(server);
  }, 200_000);

  it('a dataset at an http(s) location is downloaded once per worker, checked by hash and cached by it', async () => {
    const file = data('penguins.train.csv');
    let gets = 0;
    const server = createServer((req, res) => { gets++; res.end(readFileSync(file)); });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const at = `http://127.0.0.1:${(server.address() as { port: number }).port}/penguins.train.csv`;
    const cache = mkdtempSync(join(dir, 'cache-'));
    const w = worker(['--cache-dir', cache]);
    await w.waitFor(/worker ready/);
    const f = await thicketRun(['fit', file, '--target', 'species', '--trials', '2', '--queue', url, '--data-location', at, '--out', join(dir, 'http.json')]);
    expect(f.code, f.stderr).toBe(0);
    expect(w.err()).toContain(`dataset ${at}`);
    expect(gets).toBe(1);
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(readdirSync(cache)).toEqual([`${sha}-penguins.train.csv`]);
    await stop(w);
    server.close();
  }, 200_000);

  const openssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!openssl)('rediss:// (TLS, Debian\'s redis-server --tls-port) with a password and a private CA', async () => {
    const key = join(dir, 'key.pem'), cert = join(dir, 'cert.pem');
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
    const port = await freePort();
    const server = await startRedis(0, ['--tls-port', String(port), '--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert,
      '--tls-auth-clients', 'no', '--requirepass', PASSWORD]);
    const tls = `rediss://:${PASSWORD}@127.0.0.1:${port}`;
    // Without the CA the certificate is refused, before any work.
    const refused = await thicketRun(['fit', data('iris.train.csv'), '--target', 'species', '--queue', tls, '--out', join(dir, 'tls.json')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/TLS with Redis at rediss:\/\/127\.0\.0\.1:\d+ failed .*--tls-ca/);
    const w = worker(['--tls-ca', cert], tls);
    await w.waitFor(/worker ready/);
    const f = await thicketRun(['fit', data('iris.train.csv'), '--target', 'species', '--trials', '2', '--queue', tls, '--tls-ca', cert, '--out', join(dir, 'tls.json')]);
    expect(f.code, f.stderr).toBe(0);
    expect(w.err()).toMatch(/trial 1 fold \d+ done/);
    await stop(w);
    await stop(server);
  }, 200_000);
});
