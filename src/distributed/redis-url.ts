/** The --queue URL: redis:// or rediss:// (TLS), with an optional password, turned into connection options and checked before any work. */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { ThicketError, usageError } from '../errors.js';

export interface QueueTarget {
  /** ioredis options (BullMQ passes them on). */
  connection: RedisOptions;
  /** The URL without its password, for messages. */
  shown: string;
}

/** Environment variable read for the password when the URL carries none (keeps it out of `ps`). */
export const PASSWORD_ENV = 'THICKET_REDIS_PASSWORD';

/**
 * Parses `redis://[user][:password@]host[:port][/db]` or `rediss://...` (TLS; `tlsCa` adds a CA
 * certificate file for servers with a private CA).
 */
export function parseQueueUrl(url: string, opts: { tlsCa?: string } = {}): QueueTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw usageError(`--queue ${url}: not a URL (expected redis://host:port or rediss://host:port)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw usageError(`--queue ${url}: the scheme must be redis:// or rediss:// (TLS)`);
  if (!u.hostname) throw usageError(`--queue ${url}: no host`);
  const port = u.port ? Number(u.port) : 6379;
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw usageError(`--queue ${url}: the path must be a database number`);
  const password = u.password ? decodeURIComponent(u.password) : process.env[PASSWORD_ENV] || undefined;
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const tls = u.protocol === 'rediss:';
  let ca: Buffer | undefined;
  if (opts.tlsCa !== undefined) {
    if (!tls) throw usageError(`--tls-ca needs a rediss:// URL, got ${u.protocol}//`);
    try {
      ca = readFileSync(opts.tlsCa);
    } catch (e) {
      throw new ThicketError(`--tls-ca ${opts.tlsCa}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
    }
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const connection: RedisOptions = {
    host, port, db, username, password,
    // BullMQ's workers block on Redis; they must retry forever rather than fail a command.
    maxRetriesPerRequest: null,
    // SNI takes host names only (RFC 6066); certificates for an IP are checked by their IP SAN.
    tls: tls ? { ...(ca ? { ca } : {}), ...(isIP(host) ? {} : { servername: host }) } : undefined,
  };
  const shown = `${u.protocol}//${username ? `${username}@` : ''}${u.host}${db ? `/${db}` : ''}`;
  return { connection, shown };
}

/** A reply or socket error reduced to one line. */
function why(e: unknown): string {
  const x = e as { code?: string; message?: string };
  return x?.code && !String(x.message).includes(x.code) ? `${x.code}: ${x.message}` : String(x?.message ?? e);
}

/**
 * Connects once, authenticates and PINGs, failing fast with a message that says what to do
 * (no retries: this runs before any work, so an unreachable queue leaves nothing behind).
 */
export async function checkRedis(target: QueueTarget, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...target.connection, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false,
    connectTimeout: timeoutMs, retryStrategy: () => null, reconnectOnError: () => false,
  });
  let last: unknown = null;
  client.on('error', (e) => { last = e; });
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
  } catch (e) {
    const text = why(last ?? e);
    if (/NOAUTH/i.test(text)) throw new ThicketError(`Redis at ${target.shown} needs a password: give it in the URL (redis://:PASSWORD@host:port) or in ${PASSWORD_ENV}`, 1);
    if (/WRONGPASS|invalid password|invalid username/i.test(text)) throw new ThicketError(`Redis at ${target.shown} refused the password (${text})`, 1);
    if (/CERT|SSL|TLS|self[- ]signed|handshake/i.test(text)) throw new ThicketError(`TLS with Redis at ${target.shown} failed (${text}); for a private CA pass --tls-ca <ca.pem>`, 1);
    throw new ThicketError(`cannot reach Redis at ${target.shown} (${text}); start redis-server there or fix --queue`, 1);
  } finally {
    client.disconnect();
  }
}
