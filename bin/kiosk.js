#!/usr/bin/env node
// The `kiosk` command. It runs the compiled daemon and tools (dist/server/, `npm run build:server`; `npm start`
// builds them) when they are as new as every source they were built from: compiling TypeScript at each
// start cost 0.6–0.9 s and ~100 MB (issue 14). Otherwise, or with KIOSK_FROM_SOURCE=1, it runs the sources
// through tsx as the tests do, and says once on stderr that a build would be faster.
// The build's chunks run through a V8 code cache (scripts/code-cache.js), saved once the command is done or
// the daemon ready: compiling them was 0.1–0.25 s of each start. KIOSK_CODE_CACHE=0 turns it off; so does
// --enable-source-maps (Node maps stack traces only of the modules it compiles itself).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildStaleness } from '../scripts/build-stamp.js';
import { installCodeCache } from '../scripts/code-cache.js';

const fromSource = process.env.KIOSK_FROM_SOURCE === '1';
const stale = fromSource ? 'KIOSK_FROM_SOURCE=1' : buildStaleness(new URL('../', import.meta.url));
let cli;
let codeCache = null;
if (stale === null) {
  if (process.env.KIOSK_CODE_CACHE !== '0' && !process.sourceMapsEnabled) {
    const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
    codeCache = installCodeCache(fileURLToPath(new URL('../dist/server/', import.meta.url)), command);
  }
  cli = createRequire(import.meta.url)('../dist/server/cli.js');
} else if (!existsSync(new URL('../server/cli.ts', import.meta.url))) {
  // No sources beside the build: the Debian package (scripts/build-deb.js), which carries neither them nor tsx.
  // Its stamp lists no sources, so only a damaged install gets here: say so rather than fail to find tsx.
  process.stderr.write(`kiosk: cannot run (${stale}), and this installation holds no sources to run instead: reinstall the package\n`);
  process.exit(70);
} else {
  if (!fromSource) process.stderr.write(`kiosk: running the TypeScript sources (${stale}); for a faster start, run npm run build:server\n`);
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../server/cli.ts');
}
// Keeps the process alive while a command awaits work that holds no handle of its own (closing the log,
// unwinding a failed start); the command's own result decides the exit code.
const keepAlive = setInterval(() => {}, 1 << 30);
const saveCodeCache = () => codeCache?.flush();
cli.main(process.argv, { ready: () => setImmediate(saveCodeCache) }).then(
  (code) => {
    clearInterval(keepAlive);
    saveCodeCache();
    process.exit(code);
  },
  (err) => {
    console.error(err);
    process.exit(70);
  },
);
