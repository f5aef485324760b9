#!/usr/bin/env node
// Launcher for the compiled CLI (dist/ is produced by `npm run build`).
try {
  await import('../dist/src/cli/main.js');
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && message.includes('dist/src/cli/main.js')) {
    process.stderr.write('error: thicket is not built yet: run `npm run build` first\n');
  } else if (process.env.THICKET_DEBUG === '1') {
    process.stderr.write(`internal error: ${e instanceof Error ? e.stack : message}\n`);
  } else {
    process.stderr.write(`internal error: ${message.split('\n')[0]} (set THICKET_DEBUG=1 for a stack trace)\n`);
  }
  process.exit(1);
}
