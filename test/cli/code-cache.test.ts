// The V8 code cache of the compiled chunks (scripts/code-cache.cjs, issue 14 start-up): a cache is used only for
// the chunk text and the V8 it was made for, and a damaged, foreign or stale one is ignored, rewritten, and
// never stops the program. Each run is its own node process (a module runs once per process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { ROOT } from '../support/daemon';
import { tempDir } from '../support/tmp';

let tmp: { dir: string; cleanup: () => void };
let dist: string;
let caches: string;
beforeAll(() => {
  tmp = tempDir('kiosk-code-cache-');
  dist = join(tmp.dir, 'dist');
  caches = join(tmp.dir, 'caches');
  mkdirSync(dist);
});
afterAll(() => tmp.cleanup());

const LOADER = pathToFileURL(join(ROOT, 'scripts/code-cache.cjs')).href;

/** Loads dist/chunk.js in a new process through the code cache; what the chunk returned and what the cache did. */
function run(nodeFlags: string[] = []): { value: unknown; stats: Record<string, string> } {
  const script = `
    import { createRequire } from 'node:module';
    import { installCodeCache } from ${JSON.stringify(LOADER)};
    const cache = installCodeCache(${JSON.stringify(dist)}, 'start');
    const value = createRequire(${JSON.stringify(join(dist, 'x.js'))})('./chunk.js').answer();
    cache.flush();
    console.log(JSON.stringify({ value, stats: cache.stats }));`;
  const out = execFileSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { env: { ...process.env, KIOSK_CODE_CACHE_DIR: caches } });
  return JSON.parse(out.toString()) as { value: unknown; stats: Record<string, string> };
}

function chunk(answer: string): void {
  // Enough code for V8 to cache, and a function that runs at load and one that runs later.
  const filler = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  writeFileSync(join(dist, 'chunk.js'), `'use strict';\n${filler}\nconst base = f3(1);\nexports.base = base;\nexports.answer = () => ${answer};\n`);
}

const cacheFiles = () => readdirSync(caches).filter((f) => f.endsWith('.bin'));

describe('V8 code cache of the compiled chunks', () => {
  it('writes a cache on the first run and uses it on the next', () => {
    chunk("'first'");
    expect(run()).toEqual({ value: 'first', stats: { 'chunk.js': 'none' } });
    expect(cacheFiles()).toHaveLength(1);
    expect(run()).toEqual({ value: 'first', stats: { 'chunk.js': 'used' } });
  });

  it('a damaged cache file is ignored (the chunk still runs) and written again', () => {
    const [file] = cacheFiles();
    const path = join(caches, file!);
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(path, bytes);
    expect(run()).toEqual({ value: 'first', stats: { 'chunk.js': 'none' } });
    expect(run()).toEqual({ value: 'first', stats: { 'chunk.js': 'used' } });
  });

  it('a cache V8 refuses (sound header, foreign code) is reported rejected, the chunk still runs, and it is written again', () => {
    const [file] = cacheFiles();
    const junk = Buffer.alloc(4096, 7);
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(crc32(junk));
    writeFileSync(join(caches, file!), Buffer.concat([Buffer.from('KIOSKCC1'), sum, junk]));
    expect(run()).toEqual({ value: 'first', stats: { 'chunk.js': 'rejected' } });
    expect(run()).toEqual({ value: 'first', stats: { 'chunk.js': 'used' } });
  });

  it('a rebuilt chunk of the same length gets its own cache: the old one is never run for it', () => {
    chunk("'again'");
    const before = cacheFiles();
    expect(run()).toEqual({ value: 'again', stats: { 'chunk.js': 'none' } });
    // The old one is removed: a cache folder does not grow with every build.
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()).not.toEqual(before);
    expect(run()).toEqual({ value: 'again', stats: { 'chunk.js': 'used' } });
  });

  it("a chunk edited after the build (chunks.json still giving the build's hash) does not get the build's cache", () => {
    writeFileSync(join(dist, 'chunks.json'), JSON.stringify({ 'chunk.js': 'ab'.repeat(32) }));
    try {
      chunk("'built'");
      expect(run()).toEqual({ value: 'built', stats: { 'chunk.js': 'none' } });
      expect(run()).toEqual({ value: 'built', stats: { 'chunk.js': 'used' } });
      chunk("'EDITED'");
      const later = new Date(Date.now() + 5000);
      utimesSync(join(dist, 'chunk.js'), later, later);
      expect(run()).toEqual({ value: 'EDITED', stats: { 'chunk.js': 'none' } });
    } finally {
      rmSync(join(dist, 'chunks.json'));
    }
  });

  it('another V8 configuration (flags) does not take the cache made under this one', () => {
    chunk("'flags'");
    expect(run()).toEqual({ value: 'flags', stats: { 'chunk.js': 'none' } });
    const flagged = () => run(['--no-opt']);
    expect(flagged()).toEqual({ value: 'flags', stats: { 'chunk.js': 'none' } });
    expect(flagged()).toEqual({ value: 'flags', stats: { 'chunk.js': 'used' } });
    expect(run().stats).toEqual({ 'chunk.js': 'used' });
  });

  it('reads an ASCII chunk and a UTF-8 one (an older build) each as written, with and without its cache', () => {
    // An ASCII chunk is taken as Latin-1, which is the same text; a chunk with UTF-8 in it must not be.
    for (const answer of ["'plain ' + 'text'", "'Jimmy Wärting, ابتسامة 😀'"]) {
      chunk(answer);
      const expected = answer === "'plain ' + 'text'" ? 'plain text' : 'Jimmy Wärting, ابتسامة 😀';
      expect(run()).toEqual({ value: expected, stats: { 'chunk.js': 'none' } });
      expect(run()).toEqual({ value: expected, stats: { 'chunk.js': 'used' } });
    }
  });

  it("keeps Node's wrapper: the chunk's lines and columns in stack traces, its module, exports and __filename", () => {
    // The wrapper is written around the text as it is read (one string per chunk); Node's own loader is the reference.
    chunk("[new Error('here').stack.split('\\n')[1].trim(), typeof module.exports.base, __filename.endsWith('chunk.js'), this === exports]");
    const plain = execFileSync(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(join(dist, 'chunk.js'))}).answer()))`]);
    const byNode = JSON.parse(plain.toString()) as unknown[];
    expect(byNode[0]).toMatch(/chunk\.js:204:\d+\)$/);
    expect(run()).toEqual({ value: byNode, stats: { 'chunk.js': 'none' } });
    expect(run()).toEqual({ value: byNode, stats: { 'chunk.js': 'used' } });
  });
});

describe("a chunk's require of the chunks beside it", () => {
  // Chunks that require each other as esbuild writes them ('./name.js'), one cycle among them, one file the build did
  // not list and one it listed that is gone: those two are for Node to resolve and to report.
  const chunked = () => join(tmp.dir, 'chunked');
  beforeAll(() => {
    mkdirSync(chunked());
    const files: Record<string, string> = {
      'entry.js': "exports.a = require('./a.js'); exports.b = require('./b.js'); exports.other = require('./unlisted.js').name;",
      'a.js': "exports.name = 'a'; exports.b = require('./b.js'); exports.after = 'a done';",
      // In the cycle: b runs while a is still loading, and sees what a exported so far.
      'b.js': "const a = require('./a.js'); exports.sawA = { name: a.name, after: a.after ?? null }; exports.a = a; exports.gone = () => require('./gone.js');",
      'unlisted.js': "exports.name = 'unlisted';",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(chunked(), name), `'use strict';\n${text}\n`);
    const listed = ['entry.js', 'a.js', 'b.js', 'gone.js'];
    writeFileSync(join(chunked(), 'chunks.json'), JSON.stringify(Object.fromEntries(listed.map((n) => [n, 'cd'.repeat(32)]))));
  });

  it('loads them without Node resolving the request, each once, a cycle as Node does; other requests go to Node', () => {
    const script = `
      import Module, { createRequire } from 'node:module';
      import { installCodeCache } from ${JSON.stringify(LOADER)};
      installCodeCache(${JSON.stringify(chunked())}, 'start');
      const resolved = [];
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, parent, ...rest) {
        if (parent?.filename?.startsWith(${JSON.stringify(chunked())})) resolved.push(request);
        return resolve.call(this, request, parent, ...rest);
      };
      const entry = createRequire(${JSON.stringify(join(chunked(), 'x.js'))})('./entry.js');
      let gone;
      try { entry.b.gone(); } catch (err) { gone = String(err.message); }
      console.log(JSON.stringify({
        resolved,
        name: entry.a.name,
        sameA: entry.b.a === entry.a,
        sameB: entry.a.b === entry.b,
        sawA: entry.b.sawA,
        other: entry.other,
        gone,
        cached: Object.keys(Module._cache)
          .filter((f) => f.startsWith(${JSON.stringify(chunked() + '/')}))
          .map((f) => f.slice(${chunked().length + 1}))
          .sort(),
      }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, KIOSK_CODE_CACHE_DIR: caches } });
    expect(JSON.parse(out.toString())).toEqual({
      // The entry is required from outside the chunks (as bin/kiosk.js requires cli.js): Node resolves it.
      resolved: ['./entry.js', './unlisted.js'],
      name: 'a',
      sameA: true,
      sameB: true,
      sawA: { name: 'a', after: null },
      other: 'unlisted',
      gone: expect.stringContaining(join(chunked(), 'gone.js')),
      cached: ['a.js', 'b.js', 'entry.js', 'unlisted.js'],
    });
  });
});

describe('kiosk with damaged code caches', () => {
  // The checkout's build (test/support/global-setup.ts makes it) with caches of our own.
  const kioskEnv = () => ({ ...process.env, KIOSK_FROM_SOURCE: '', KIOSK_CODE_CACHE_DIR: join(tmp.dir, 'kiosk-caches') });
  const damageAll = () => {
    const dir = join(tmp.dir, 'kiosk-caches');
    for (const f of readdirSync(dir)) {
      const path = join(dir, f);
      const bytes = readFileSync(path);
      for (let i = 40; i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0x5a;
      writeFileSync(path, bytes);
    }
  };

  it('kiosk start still serves /api/health with every cache file damaged', async () => {
    const start = async () => {
      const data = tempDir('kiosk-code-cache-data-');
      const child = spawn(process.execPath, [join(ROOT, 'bin/kiosk.js'), 'start', '--data', data.dir, '--port', '0'], {
        cwd: ROOT,
        env: kioskEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      try {
        const url = await new Promise<string>((done, fail) => {
          child.stdout.on('data', () => {
            const m = /Kiosk ready: (http:\/\/\S+)/.exec(out);
            if (m) done(m[1]!);
          });
          void exited.then((code) => fail(new Error(`kiosk start exited with ${code}:\n${err}`)));
        });
        expect((await fetch(`${url}/api/health`)).status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        await exited;
        data.cleanup();
      }
    };
    await start();
    const made = readdirSync(join(tmp.dir, 'kiosk-caches')).filter((f) => /\.start\./.test(f));
    expect(made.length).toBeGreaterThan(0);
    damageAll();
    await start();
  }, 60_000);

  it('a kiosk start that fails saves no cache: the next start, which runs all of the start, makes them', async () => {
    const dir = join(tmp.dir, 'kiosk-caches');
    rmSync(dir, { recursive: true, force: true });
    const missing = join(tmp.dir, 'no-such-data-folder');
    // A data folder named on the command line that does not exist: the start stops after loading the daemon's code.
    const failed = spawnSync(process.execPath, [join(ROOT, 'bin/kiosk.js'), 'start', '--data', missing, '--port', '0'], { cwd: ROOT, env: kioskEnv() });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr.toString()).toMatch(/does not exist/);
    const startCaches = () => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.start\./.test(f)) : []);
    expect(startCaches()).toEqual([]);
    // A command that succeeds still saves its own.
    execFileSync(process.execPath, [join(ROOT, 'bin/kiosk.js'), 'config', 'check', 'fixtures/config/paris.json'], { cwd: ROOT, env: kioskEnv() });
    expect(readdirSync(dir).filter((f) => /\.config\./.test(f)).length).toBeGreaterThan(0);
  });

  it('the build keeps a validated config beside its code caches, and checks an edited one again', () => {
    const dir = join(tmp.dir, 'kiosk-caches');
    rmSync(dir, { recursive: true, force: true });
    const file = join(tmp.dir, 'kiosk.json');
    const sample = JSON.parse(readFileSync(join(ROOT, 'fixtures/config/paris.json'), 'utf8')) as { kioskId: string };
    const check = () => spawnSync(process.execPath, [join(ROOT, 'bin/kiosk.js'), 'config', 'check', file], { cwd: ROOT, env: kioskEnv() });
    writeFileSync(file, JSON.stringify(sample));
    expect(check().stdout.toString()).toMatch(/is valid/);
    const kept = readdirSync(dir).filter((f) => /^config-[0-9a-f]{8}\.json$/.test(f));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toContain(JSON.stringify(sample.kioskId));
    writeFileSync(file, JSON.stringify({ ...sample, kioskId: 7 }));
    const bad = check();
    expect(bad.status).not.toBe(0);
    expect(bad.stdout.toString() + bad.stderr.toString()).toMatch(/kioskId: expected string/);
    writeFileSync(file, JSON.stringify({ ...sample, kioskId: 'kiosk-edited' }));
    expect(check().stdout.toString()).toMatch(/is valid/);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toContain('"kiosk-edited"');
  });

  it('kiosk config check gives the same answer from damaged caches', () => {
    const check = () =>
      execFileSync(process.execPath, [join(ROOT, 'bin/kiosk.js'), 'config', 'check', 'fixtures/config/paris.json'], { cwd: ROOT, env: kioskEnv() }).toString();
    const first = check();
    expect(first).toMatch(/is valid: FR-PAR/);
    damageAll();
    expect(check()).toBe(first);
    expect(check()).toBe(first);
  });
});
