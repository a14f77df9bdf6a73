#!/usr/bin/env node
// The `kiosk` command. It runs the compiled daemon and tools (dist/server/, `npm run build:server`; `npm start`
// builds them) when they are as new as every source they were built from: compiling TypeScript at each
// start cost 0.6–0.9 s and ~100 MB (issue 14). Otherwise, or with KIOSK_FROM_SOURCE=1, it runs the sources
// through tsx as the tests do, and says once on stderr that a build would be faster.
// The build's chunks run through a V8 code cache (scripts/code-cache.cjs), saved once the command is done or
// the daemon ready: compiling them was 0.1–0.25 s of each start. KIOSK_CODE_CACHE=0 turns it off; so does
// --enable-source-maps (Node maps stack traces only of the modules it compiles itself).
// This file, and the two scripts it takes, are CommonJS (bin/package.json): an ES module as the main script makes
// Node set up its ES module loader (some 40 more of its own modules) before anything runs, though the compiled
// daemon and tools are CommonJS throughout; 5-10 ms of CPU at each start and each command (issue 14). Only the
// fallback to the sources imports ES modules.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { buildStaleness } = require('../scripts/build-stamp.cjs');
const { installCodeCache, writeWholeFile } = require('../scripts/code-cache.cjs');

/** The command's module (its `main`) and the code cache to save once it is ready, if any. */
async function load() {
  const fromSource = process.env.KIOSK_FROM_SOURCE === '1';
  const stale = fromSource ? 'KIOSK_FROM_SOURCE=1' : buildStaleness(pathToFileURL(join(__dirname, '../')));
  if (stale === null) {
    let codeCache = null;
    if (process.env.KIOSK_CODE_CACHE !== '0' && !process.sourceMapsEnabled) {
      const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
      codeCache = installCodeCache(join(__dirname, '../dist/server/'), command);
    }
    return { cli: require('../dist/server/cli.js'), codeCache };
  }
  if (!existsSync(join(__dirname, '../server/cli.ts'))) {
    // No sources beside the build: the Debian package (scripts/build-deb.js), which carries neither them nor tsx.
    // Its stamp lists no sources, so only a damaged install gets here: say so rather than fail to find tsx.
    process.stderr.write(`kiosk: cannot run (${stale}), and this installation holds no sources to run instead: reinstall the package\n`);
    process.exit(70);
  }
  if (!fromSource) process.stderr.write(`kiosk: running the TypeScript sources (${stale}); for a faster start, run npm run build:server\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return { cli: await import('../server/cli.ts'), codeCache: null };
}

load()
  .then(({ cli, codeCache }) => {
    // Keeps the process alive while a command awaits work that holds no handle of its own (closing the log,
    // unwinding a failed start); the command's own result decides the exit code.
    const keepAlive = setInterval(() => {}, 1 << 30);
    const saveCodeCache = () => codeCache?.flush();
    // A validated config is kept with the code cache, for this build only (server/config/parse-cache.ts).
    const configCache = codeCache?.build
      ? {
          dirs: codeCache.dirs,
          build: codeCache.build,
          write: (name, body, mode) => void writeWholeFile(codeCache.dirs, name, body, mode),
        }
      : undefined;
    return cli.main(process.argv, { ready: () => setImmediate(saveCodeCache), configCache }).then((code) => {
      clearInterval(keepAlive);
      // Only a command that did its work saves its cache: a start that failed (a data folder missing, a port taken) ran a
      // fraction of what a start runs, and its cache, once saved, is used by every later start and never replaced (a
      // cache is written only for a chunk that had none): each of them compiled the rest again (≈ 40 ms of CPU here).
      if (code === 0) saveCodeCache();
      process.exit(code);
    });
  })
  .catch((err) => {
    console.error(err);
    process.exit(70);
  });
