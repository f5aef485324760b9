/**
 * Headless Chromium for the runtime's browser tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download), launched by the test with a fresh profile, and a static
 * file server on 127.0.0.1 for the repository (the bundle, the examples, the model files).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT } from './models.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests run: skipped, with a message, only when Chromium is absent outside CI. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: .ci/run must install it (apt-get install -y chromium)`);
  console.warn(`SKIPPED browser tests: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`);
  return false;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.ubj': 'application/octet-stream', '.wasm': 'application/wasm', '.css': 'text/css',
};

export interface Browser {
  /** http://127.0.0.1:port, serving the repository root. */
  origin: string;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Serves ROOT read-only (GET only, no directory listings except index.html) on a free loopback port. */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = normalize(join(ROOT, decodeURIComponent(url.pathname)));
    if (req.method !== 'GET' || (path !== ROOT && !path.startsWith(ROOT + sep))) {
      res.writeHead(404).end();
      return;
    }
    if (url.pathname === '/__blank.html') {
      res.writeHead(200, { 'content-type': TYPES['.html']! }).end('<!doctype html><title>blank</title>');
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function launch(): Promise<Browser> {
  const server = await serve();
  const address = server.address() as { port: number };
  const profile = mkdtempSync(join(tmpdir(), 'thicket-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    origin: `http://127.0.0.1:${address.port}`,
    context,
    async close() {
      await context.close();
      await new Promise((r) => server.close(r));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
