// Whether dist/server (scripts/build-server.js) is as new as its sources. bin/kiosk.js asks at every start,
// so it stats only the files the build lists in dist/server/stamp.json (~480 files), no tree walk.
import { readFileSync, stat, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The build's stamp under `dir`, or null when there is none to read. */
function readStamp(dir) {
  try {
    return JSON.parse(readFileSync(dir + 'dist/server/stamp.json', 'utf8'));
  } catch {
    return null;
  }
}

/** Why the build under `root` (a file: URL ending in /) cannot be run, or null when it is current. */
export function buildStaleness(root) {
  const dir = fileURLToPath(root);
  const stamp = readStamp(dir);
  if (stamp === null) return 'there is no build in dist/server';
  for (const file of stamp.inputs) {
    const mtime = statSync(dir + file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime === undefined) return `${file} is gone since the build`;
    if (mtime > stamp.builtAt) return `${file} changed since the build`;
  }
  return null;
}

/**
 * buildStaleness, its stats made on libuv's threads: the caller goes on meanwhile (bin/kiosk.js loads the build, and
 * runs it only if this then says it is current). Statting ~480 sources on the main thread was 10-15 ms of each
 * start (issue 14). The same answer, read in the stamp's order as buildStaleness reads it: the first source gone or
 * changed, or a rejection where buildStaleness would throw (a stat failing otherwise than with ENOENT before it).
 */
export function buildStalenessSoon(root) {
  const dir = fileURLToPath(root);
  const stamp = readStamp(dir);
  if (stamp === null) return Promise.resolve('there is no build in dist/server');
  const { inputs, builtAt } = stamp;
  if (inputs.length === 0) return Promise.resolve(null);
  return new Promise((done, fail) => {
    const found = new Array(inputs.length);
    let left = inputs.length;
    const answer = () => {
      for (const [i, file] of inputs.entries()) {
        const { err, mtime } = found[i];
        if (err?.code === 'ENOENT') return done(`${file} is gone since the build`);
        if (err) return fail(err);
        if (mtime > builtAt) return done(`${file} changed since the build`);
      }
      done(null);
    };
    for (const [i, file] of inputs.entries()) {
      stat(dir + file, (err, st) => {
        found[i] = err ? { err } : { mtime: st.mtimeMs };
        if (--left === 0) answer();
      });
    }
  });
}
