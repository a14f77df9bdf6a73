// Whether dist/server (scripts/build-server.js) is as new as its sources. bin/kiosk.js asks at every start,
// so it stats only the files the build lists in dist/server/stamp.json (~250 files, about 1 ms), no tree walk.
// CommonJS, as bin/kiosk.js which requires it: no ES module loader at start (bin/kiosk.js says why).
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { fileURLToPath } = require('node:url');

/** Why the build under `root` (a file: URL ending in /) cannot be run, or null when it is current. */
function buildStaleness(root) {
  const dir = fileURLToPath(root);
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(dir + 'dist/server/stamp.json', 'utf8'));
  } catch {
    return 'there is no build in dist/server';
  }
  for (const file of stamp.inputs) {
    const mtime = statSync(dir + file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined) return `${file} is gone since the build`;
    if (mtime > stamp.builtAt) return `${file} changed since the build`;
  }
  return null;
}
module.exports = { buildStaleness };
