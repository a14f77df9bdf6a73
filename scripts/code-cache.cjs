// A V8 code cache for the compiled daemon and CLI (dist/server/, CommonJS chunks: scripts/build-server.js).
// Node 20 compiles every chunk from its source text at each start (it has no module.enableCompileCache); with
// the code V8 made on an earlier run it skips parsing and compiling the functions that run at start-up.
// The technique of v8-compile-cache (https://github.com/zertosh/v8-compile-cache): Module.prototype._compile
// runs the chunk through vm.Script with `cachedData`, and the script's code is saved once it has run a while.
//
// A cache file is used only for the exact chunk and the exact V8 it was made by: its name holds the
// chunk's SHA-256 (the build lists them in dist/server/chunks.json; hashing 2.6 MB of text at each start cost
// more than it saved), its size and mtime (a chunk edited after the build), Node's version and v8.cachedDataVersionTag()
// (V8's version, its flags, the CPU's features); its header the CRC-32 of the code after it (V8 checks code
// caches against flags and the source's length only, and release builds verify no checksum: node
// --v8-options, --verify-snapshot-checksum; a damaged file must not reach it). Anything else, and a file V8
// rejects, is ignored and written again. A cache that cannot be read or written only costs the compile.
// CommonJS, as bin/kiosk.js which requires it: no ES module loader at start (bin/kiosk.js says why).
'use strict';
const { isAscii } = require('node:buffer');
const {
  chmodSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { basename, dirname, join, sep } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

const MAGIC = Buffer.from('KIOSKCC1');
const HEADER = MAGIC.length + 4;

/**
 * Where caches live: beside the chunks, else (the daemon's user cannot write /opt, deploy/install.sh) the unit's
 * cache folder, else the user's; or only $KIOSK_CODE_CACHE_DIR when set. Read from the first that has the file,
 * written to the first that takes it.
 * Under deploy/kiosk-daemon.service, /opt is read-only (ProtectSystem=strict) and the home hidden (ProtectHome=yes):
 * no cache could be written, and every start compiled every chunk. systemd gives the unit a writable
 * /var/cache/consulate-kiosk (CacheDirectory=) and says where in $CACHE_DIRECTORY (man systemd.exec, "Table 2.
 * Automatic directory creation and environment variables"; several are separated by ':').
 */
function cacheDirs(distDir) {
  // One folder of one's own (tests, a read-only install with no home).
  if (process.env.KIOSK_CODE_CACHE_DIR) return [process.env.KIOSK_CODE_CACHE_DIR];
  const unit = process.env.CACHE_DIRECTORY ? [join(process.env.CACHE_DIRECTORY.split(':')[0], 'code-cache')] : [];
  const home = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return [join(distDir, 'code-cache'), ...unit, join(home, 'consulate-kiosk', 'code-cache')];
}

/**
 * The cache file's name for a chunk (`hash`: its SHA-256 from the build, or null to hash its text) under the
 * running V8, for one command: a cache holds the functions that had run when it was made, and `kiosk
 * --version` runs few of those `kiosk start` does in the same chunk. The key is spelt out, not digested: loading
 * node:crypto was 3-7 ms of `kiosk config check` (issue 14); only an older build without hashes loads it.
 */
function cacheName(filename, content, command = '', hash = null, stat = statSync(filename)) {
  const { size, mtimeMs } = stat;
  const chunk = hash ?? require('node:crypto').createHash('sha256').update(content).digest('hex');
  // No dot in the key: a new cache finds the older ones of its chunk by the name before it (writeCacheFile).
  const key = [chunk.slice(0, 32), size, Math.round(mtimeMs * 1000).toString(36), process.version.replace(/\./g, '_')].join('-');
  // V8's tag in the name too: a new cache replaces those of the same chunk under the same V8 only (writeCacheFile).
  return `${basename(filename)}.${command.replace(/[^a-z-]/g, '') || 'kiosk'}.${v8.cachedDataVersionTag()}.${key}.bin`;
}

/** The code in a cache file, or null when it is missing, short, or not what its header says. */
function readCacheFile(file) {
  let buf;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  if (buf.length <= HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const data = buf.subarray(HEADER);
  return crc32(data) === buf.readUInt32LE(MAGIC.length) ? data : null;
}

/**
 * Writes `body` as `name` in the first of `dirs` that takes it, whole or not at all: two processes starting together
 * each write their own temporary file, and rename. `mode`, when given, is applied whatever the umask (else the umask
 * decides, as for any new file). Returns the folder written to, or null. Shared with the kept config
 * (server/config/parse-cache.ts), which bin/kiosk.js hands it.
 */
function writeWholeFile(dirs, name, body, mode) {
  for (const dir of dirs) {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      if (mode === undefined) writeFileSync(tmp, body);
      else {
        writeFileSync(tmp, body, { mode });
        chmodSync(tmp, mode);
      }
      renameSync(tmp, join(dir, name));
      return dir;
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing was written
      }
    }
  }
  return null;
}

function writeCacheFile(dirs, name, data) {
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32(data));
  const dir = writeWholeFile(dirs, name, Buffer.concat([MAGIC, sum, data]));
  if (dir === null) return false;
  // The same chunk's caches of an earlier build are of no more use (the folder in the home outlives builds).
  const kin = name.slice(0, name.lastIndexOf('.', name.length - 5) + 1);
  try {
    for (const f of readdirSync(dir)) if (f !== name && f.startsWith(kin) && f.endsWith('.bin')) unlinkSync(join(dir, f));
  } catch {
    // left for the next build's caches to remove
  }
  return true;
}

/**
 * A chunk beside the one requiring it ('./chunk-….js', listed in chunks.json), loaded as Module._load would load it,
 * without Node's resolution of the request: a stat and a realpath for each chunk, ~75 of them before the daemon's
 * first /api/health (issue 14; in --cpu-prof profiles of the start, resolution fell from 23-72 ms to 6-11 ms, a gain
 * too small to see in the start's wall or CPU time on the shared machine). The chunk's path is its requirer's folder
 * and its name: the requirer's own path is real (Node resolved it, or this did from a real one), and the build writes
 * chunks as files.
 */
function requireChunk(filename, parent) {
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    // As Node does: a module still loading (a cycle) gives the exports it has so far.
    if (!parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;
  }
  const child = new Module(filename, parent);
  Module._cache[filename] = child;
  let threw = true;
  try {
    child.load(filename);
    threw = false;
  } finally {
    if (threw) {
      delete Module._cache[filename];
      const at = parent.children.indexOf(child);
      if (at !== -1) parent.children.splice(at, 1);
    }
  }
  return child.exports;
}

/** Each chunk's size and mtime, read with its text (readWrappedChunk) for its cache's name: no second stat. */
const chunkStats = new Map();

/**
 * A chunk's text inside Node's module wrapper (Module.wrap), for Node's loader of .js files. The build's chunks are
 * ASCII (scripts/build-server.js escapes what esbuild leaves in comments), and taken as Latin-1 they skip UTF-8
 * decoding, about half the time of reading the 2.2 MB a daemon start reads (issue 14). The wrapper is written around
 * the text in the same buffer, so each chunk makes one string: wrapping the file's string after made a second copy
 * of every chunk (V8 flattens the concatenation to compile it), 2.3 MB of garbage in the old generation by the
 * first /api/health, enough to start a full collection just as the first requests came (issue 14, start-up). A
 * chunk that is not ASCII (an older build) is decoded as UTF-8, as Node would, and wrapped after. Its size and mtime,
 * read with it, name its cache (cacheName): no second stat.
 */
function readWrappedChunk(filename) {
  const fd = openSync(filename, 'r');
  try {
    const stat = fstatSync(fd);
    const [head, tail] = Module.wrapper;
    const buf = Buffer.allocUnsafe(head.length + stat.size + tail.length);
    const start = buf.latin1Write(head, 0);
    const end = start + stat.size;
    for (let at = start; at < end;) {
      const n = readSync(fd, buf, at, end - at, null);
      if (n === 0) throw new Error(`${filename} was cut short while read (${at - start} of ${stat.size} bytes)`);
      at += n;
    }
    buf.latin1Write(tail, end);
    chunkStats.set(filename, stat);
    return isAscii(buf) ? buf.latin1Slice(0, buf.length) : Module.wrap(buf.utf8Slice(start, end));
  } finally {
    closeSync(fd);
  }
}

/** The `require` Node gives a module it compiles itself; `chunks`, the build's chunks in `dir` (the module's folder), or null. */
function requireFor(mod, dir, chunks) {
  const require = chunks
    ? (id) => (typeof id === 'string' && id.startsWith('./') && Object.hasOwn(chunks, id.slice(2)) ? requireChunk(dir + id.slice(2), mod) : mod.require(id))
    : (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Runs every CommonJS file under `distDir` through the code cache from now on, with the caches of `command`
 * (the command line's first word: see cacheName). Returns `flush()`, which saves
 * the code of each chunk that had no usable cache (call it once the start-up work has run: the functions
 * compiled by then are in the cache), `stats` (what each chunk found: used, rejected, none), and `dirs` and `build`
 * (the cache folders, and the text of chunks.json or null) for the build's other caches.
 */
function installCodeCache(distDir, command) {
  const prefix = distDir.endsWith(sep) ? distDir : distDir + sep;
  const dirs = cacheDirs(prefix);
  let hashes = {};
  let build = null;
  try {
    const listed = readFileSync(join(prefix, 'chunks.json'), 'utf8');
    hashes = JSON.parse(listed);
    build = listed;
  } catch {
    // an older build: each chunk's text is hashed instead
  }
  const pending = [];
  const stats = {};
  // Node's own loader of .js files reads as UTF-8, then looks for a package.json saying "type": "module" above the
  // file; the build writes dist/server/package.json saying "commonjs".
  const loadJs = Module._extensions['.js'];
  Module._extensions['.js'] = function (module, filename) {
    if (!filename.startsWith(prefix) || !filename.endsWith('.js')) return loadJs.call(this, module, filename);
    compileWrapped(module, readWrappedChunk(filename), filename);
  };
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(prefix) || !filename.endsWith('.js')) return compile.call(this, content, filename);
    return compileWrapped(this, Module.wrap(content), filename);
  };
  /** Runs `wrapped` (a module's text in Node's own wrapper: line and column numbers stay the chunk's, and its source map's). */
  function compileWrapped(module, wrapped, filename) {
    const stat = chunkStats.get(filename);
    chunkStats.delete(filename);
    const name = cacheName(filename, wrapped, command, hashes[basename(filename)] ?? null, stat);
    let cachedData = null;
    for (const dir of dirs) if ((cachedData = readCacheFile(join(dir, name)))) break;
    const script = new vm.Script(wrapped, { filename, cachedData: cachedData ?? undefined });
    const found = cachedData === null ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
    stats[basename(filename)] = found;
    if (found !== 'used') pending.push({ name, script });
    const run = script.runInThisContext({ displayErrors: true });
    const inDist = filename.lastIndexOf(sep) === prefix.length - 1;
    return run.call(module.exports, module.exports, requireFor(module, prefix, inDist ? hashes : null), module, filename, dirname(filename));
  }
  return {
    stats,
    // Where the build's other caches may live (server/config/parse-cache.ts), and what identifies the build: its
    // chunks' hashes (null for an older build without them: nothing else is cached then).
    dirs,
    build,
    flush() {
      for (const { name, script } of pending.splice(0)) writeCacheFile(dirs, name, script.createCachedData());
    },
  };
}

module.exports = { cacheDirs, cacheName, readCacheFile, installCodeCache, writeWholeFile };
