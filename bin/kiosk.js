#!/usr/bin/env node
// The `kiosk` command. It runs the compiled daemon and tools (dist/server/, `npm run build:server`; `npm start`
// builds them) when they are as new as every source they were built from: compiling TypeScript at each
// start cost 0.6–0.9 s and ~100 MB (issue 14). Otherwise, or with KIOSK_FROM_SOURCE=1, it runs the sources
// through tsx as the tests do, and says once on stderr that a build would be faster.
import { buildStaleness } from '../scripts/build-stamp.js';

const fromSource = process.env.KIOSK_FROM_SOURCE === '1';
const stale = fromSource ? 'KIOSK_FROM_SOURCE=1' : buildStaleness(new URL('../', import.meta.url));
let cli;
if (stale === null) {
  cli = await import('../dist/server/cli.js');
} else {
  if (!fromSource) process.stderr.write(`kiosk: running the TypeScript sources (${stale}); for a faster start, run npm run build:server\n`);
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../server/cli.ts');
}
// Keeps the process alive while a command awaits work that holds no handle of its own (closing the log,
// unwinding a failed start); the command's own result decides the exit code.
const keepAlive = setInterval(() => {}, 1 << 30);
cli.main(process.argv).then(
  (code) => {
    clearInterval(keepAlive);
    process.exit(code);
  },
  (err) => {
    console.error(err);
    process.exit(70);
  },
);
