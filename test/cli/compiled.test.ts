// `kiosk` runs the compiled daemon and CLI (dist/server/, `npm run build:server`) when they are as new as
// their sources, else the sources through tsx with a notice (issue 14, start-up). Each test works in a copy
// of the checkout so touching a source or removing the build never disturbs a test running beside it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PassThrough, type Duplex, type Readable, type Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ROOT } from '../support/daemon';
import { readPdf } from '../reports/read-pdf';
import { tempDir } from '../support/tmp';

const COPIED = ['bin', 'scripts', 'server', 'central', 'store', 'domain', 'state', 'drivers', 'shared', 'fixtures', 'i18n', 'package.json'];
let tmp: { dir: string; cleanup: () => void };
let repo: string;
let hook: string;

/**
 * A module-resolution hook, loaded with --import before bin/kiosk.js, that records every bare package the
 * process imports or requires (a package loaded on first use goes through require): the way to see that tsx
 * (or fastify) was never loaded, whoever would have loaded it.
 */
const HOOK = `
import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import os from 'node:os';
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (/^[@a-z]/.test(request) && !request.startsWith('node:')) appendFileSync(process.env.KIOSK_TEST_IMPORTS, request + '\\n');
  return load.call(this, request, parent, ...rest);
};
// The build's chunks are CommonJS, required by bin/kiosk.js and by each other: each is loaded by Module's load,
// whether Node resolved the request or scripts/code-cache.cjs found the chunk beside its requirer.
const loadFile = Module.prototype.load;
Module.prototype.load = function (filename, ...rest) {
  const chunk = /\\/dist\\/server\\/([^/]+\\.js)$/.exec(filename);
  if (chunk) appendFileSync(process.env.KIOSK_TEST_IMPORTS, 'chunk:' + chunk[1] + '\\n');
  return loadFile.call(this, filename, ...rest);
};
const hooks = 'data:text/javascript,' + encodeURIComponent(\`
  import { appendFileSync } from 'node:fs';
  export async function resolve(specifier, context, next) {
    if (/^[@a-z]/.test(specifier) && !specifier.startsWith('node:')) appendFileSync(process.env.KIOSK_TEST_IMPORTS, specifier + '\\\\n');
    const resolved = await next(specifier, context);
    const chunk = /\\\\/dist\\\\/server\\\\/([^/]+\\\\.js)$/.exec(resolved.url);
    if (chunk) appendFileSync(process.env.KIOSK_TEST_IMPORTS, 'chunk:' + chunk[1] + '\\\\n');
    return resolved;
  }\`);
register(hooks);
// Functions compiled from text (\`new Function\`), which V8's code cache cannot hold: one line each, when asked.
if (process.env.KIOSK_TEST_FUNCTIONS) {
  const F = Function;
  const note = (a) => appendFileSync(process.env.KIOSK_TEST_FUNCTIONS, JSON.stringify(String(a[a.length - 1] ?? "").slice(0, 60)) + '\\n');
  globalThis.Function = new Proxy(F, {
    construct: (t, a, nt) => (note(a), Reflect.construct(t, a, nt === globalThis.Function ? t : nt)),
    apply: (t, self, a) => (note(a), Reflect.apply(t, self, a)),
  });
}
// Calls of os.cpus(), which reads a line of /proc for every CPU: @fastify/static sizes its folder listings' queue with it.
const cpus = os.cpus;
os.cpus = function (...a) {
  appendFileSync(process.env.KIOSK_TEST_IMPORTS, 'call:os.cpus\\n');
  return cpus.apply(this, a);
};
// Node's own modules the process loaded (the hook's own are loaded before it starts counting).
const ownBuiltins = new Set(process.moduleLoadList);
process.on('exit', () => {
  const loaded = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ') && !ownBuiltins.has(m)).map((m) => 'node:' + m.slice(13));
  appendFileSync(process.env.KIOSK_TEST_IMPORTS, loaded.join('\\n') + '\\n');
});
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /**
   * Packages the process loaded: bare specifiers it resolved or required, those bundled in the chunks it ran,
   * and Node's own modules as `node:name`.
   */
  imports: string[];
}

/** Bare specifiers in an import log, with `chunk:` lines replaced by the packages build-server.js bundled there. */
function packagesIn(log: string): string[] {
  const map = join(repo, 'dist/server/packages.json');
  const bundled = (existsSync(map) ? JSON.parse(readFileSync(map, 'utf8')) : {}) as Record<string, string[]>;
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return [...new Set(lines.flatMap((l) => (l.startsWith('chunk:') ? (bundled[l.slice('chunk:'.length)] ?? []) : [l])))];
}

function kiosk(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const log = join(tmp.dir, `imports-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const child = spawn(process.execPath, ['--import', hook, join(repo, 'bin/kiosk.js'), ...args], {
    cwd: repo,
    env: { ...process.env, KIOSK_FROM_SOURCE: '', ...env, KIOSK_TEST_IMPORTS: log },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr, imports: code === null ? [] : packagesIn(log) })));
}

/**
 * `kiosk start` of the build on a data folder of its own, until it says it is ready: its URL, the file its imports are
 * logged to, and `stop` (SIGTERM, then its exit). `env` adds to the test's environment.
 */
async function startedKiosk(name: string, env: Record<string, string> = {}): Promise<{ url: string; log: string; stop: () => Promise<void> }> {
  const data = join(tmp.dir, `${name}-data`);
  mkdirSync(data);
  const log = join(tmp.dir, `imports-${name}.txt`);
  writeFileSync(log, '');
  const child = spawn(process.execPath, ['--import', hook, join(repo, 'bin/kiosk.js'), 'start', '--data', data, '--port', '0'], {
    cwd: repo,
    env: { ...process.env, KIOSK_FROM_SOURCE: '', KIOSK_TEST_IMPORTS: log, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', () => {
        const m = /Kiosk ready: (http:\/\/\S+)/.exec(out);
        if (m) done(m[1]!);
      });
      void exited.then((code) => fail(new Error(`kiosk start exited with ${code}:\n${err}`)));
    });
    return { url, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const usesTsx = (r: Run) => r.imports.some((s) => s === 'tsx' || s.startsWith('tsx/'));

beforeAll(() => {
  tmp = tempDir('kiosk-compiled-');
  repo = join(tmp.dir, 'repo');
  for (const p of COPIED) cpSync(join(ROOT, p), join(repo, p), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
  // The daemon serves the UI `npm test` builds in the checkout (npm run build:ui).
  mkdirSync(join(repo, 'dist'));
  symlinkSync(join(ROOT, 'dist/renderer'), join(repo, 'dist/renderer'));
  hook = join(tmp.dir, 'hook.mjs');
  writeFileSync(hook, HOOK);
  execFileSync('npm', ['run', '-s', 'build:server'], { cwd: repo, stdio: 'pipe' });
}, 120_000);
afterAll(() => tmp.cleanup());

describe('kiosk from the compiled build', () => {
  it('npm run build:server writes dist/server/cli.js, and kiosk --version runs it without loading tsx', async () => {
    const r = await kiosk(['--version']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(r.imports).toContain('commander');
    expect(usesTsx(r)).toBe(false);
  });

  it('kiosk config check loads neither the HTTP server, the database nor the devices', async () => {
    const r = await kiosk(['config', 'check', 'fixtures/config/paris.json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Config .*paris\.json is valid: FR-PAR/);
    for (const heavy of ['tsx/esm/api', 'fastify', 'better-sqlite3', 'serialport', 'node-hid', '@napi-rs/canvas', 'pino'])
      expect(r.imports).not.toContain(heavy);
  });

  it('kiosk config check loads none of the Node modules it does not use: child processes, crypto, threads', async () => {
    // Each is 3-7 ms of CPU to load, a tenth of the check's own work (issue 14, config check <= 0.2 s): commander
    // takes child_process for subcommands run as programs (kiosk has none), the code cache a digest for its file names.
    const r = await kiosk(['config', 'check', 'fixtures/config/paris.json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.imports).toContain('node:vm'); // the code cache ran: the list is not empty for another reason
    for (const builtin of ['node:child_process', 'node:crypto', 'node:worker_threads', 'node:http', 'node:https']) expect(r.imports).not.toContain(builtin);
  });

  it('kiosk config check of a JSON config loads no YAML parser and nothing of the appointments (cbor2, base45)', async () => {
    const r = await kiosk(['config', 'check', 'fixtures/config/paris.json']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    for (const pkg of ['yaml', 'cbor2', 'base45', '@napi-rs/canvas']) expect(r.imports).not.toContain(pkg);
  });

  it('kiosk config check of a YAML config still reads it', async () => {
    const json = JSON.parse(readFileSync(join(repo, 'fixtures/config/paris.json'), 'utf8')) as unknown;
    const file = join(tmp.dir, 'paris.yaml');
    writeFileSync(file, `# the Paris sample as YAML\n${JSON.stringify(json, null, 2)}\n`);
    const r = await kiosk(['config', 'check', file]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/is valid: FR-PAR/);
    expect(r.imports).toContain('yaml');
  });

  // Each is loaded where it is first used: the canvas for the first raster line, serialport (and its native binding)
  // when a real serial device is opened, node-forge by the post's certificate commands, ip-address by the rate
  // limit's first IPv6 caller (it parses its address tables at load), the receipt encoder and qrcode by the first
  // ticket, receipt or page composed (or the simulator's first decoded byte or QR code). A kiosk with simulated
  // devices starts without any of them (issue 14, start-up).
  it('kiosk start answers /api/health without loading canvas, serialport, node-hid, node-forge, ip-address, the encoder, qrcode or @fastify/send', async () => {
    const { url, log, stop } = await startedKiosk('start');
    try {
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      const imports = packagesIn(log);
      expect(imports).toContain('fastify');
      // @fastify/static's folder listing sizes its queue on the first listing (scripts/build-server.js), not at load.
      expect(imports).not.toContain('call:os.cpus');
      // Fastify's schema compilers: no route of ours gives Fastify a schema (they parse with zod); glob: the UI is
      // served with @fastify/static's wildcard route, which lists no folder.
      const heavy = [
        '@napi-rs/canvas',
        'serialport',
        '@serialport/bindings-cpp',
        'node-hid',
        'node-forge',
        'ip-address',
        '@fastify/ajv-compiler',
        'ajv',
        'glob',
        // The ICU message parser, loaded with the board's first spoken call (server/queue/board-speech.ts) or the first
        // slip printed (server/i18n/ticket-words.ts).
        'intl-messageformat',
        // @fastify/websocket's injectWS (tests) only, with the streams it brings (scripts/build-server.js).
        'duplexify',
        'readable-stream',
        // find-my-way's check of a route's regex parameter, with ret, its parser (scripts/build-server.js): no route has one.
        'safe-regex2',
        'ret',
        // better-sqlite3's search for its add-on (store/db.ts gives it the path): a failed require per earlier candidate.
        'bindings',
        'file-uri-to-path',
      ];
      for (const pkg of [...heavy, '@point-of-sale/receipt-printer-encoder', '@point-of-sale/codepage-encoder', 'qrcode', 'pngjs'])
        expect(imports).not.toContain(pkg);
      // @fastify/send (mime's tables, http-errors) by the first file served, not at start (scripts/build-server.js):
      // the UI is then served as before, its default type set.
      expect(imports).not.toContain('@fastify/send');
      const page = await fetch(`${url}/counter`);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect(await page.text()).toContain('<html');
      const asset = readdirSync(join(repo, 'dist/renderer/assets')).find((f) => f.endsWith('.js'))!;
      const js = await fetch(`${url}/assets/${asset}`);
      expect([js.status, js.headers.get('content-type')]).toEqual([200, 'application/javascript; charset=utf-8']);
      expect((await fetch(`${url}/assets/nothing-here.js`)).status).toBe(404);
      expect(packagesIn(log)).toContain('@fastify/send');
    } finally {
      await stop();
    }
    // Node's own modules, listed as the process exits: Fastify's HTTP/2 server maker is required on its first
    // call only (scripts/build-server.js), and the kiosk never sets Fastify's http2 option. HTTPS and TLS likewise:
    // Fastify's HTTPS server (a hub's), ws's wss:// client, and the kiosk's links to a peer take them on first use.
    const builtins = packagesIn(log).filter((m) => m.startsWith('node:'));
    expect(builtins).toContain('node:http');
    expect(builtins).not.toContain('node:http2');
    expect(builtins).not.toContain('node:https');
    expect(builtins).not.toContain('node:tls');
  }, 60_000);

  // pdfkit requires its standard-font data through createRequire and reads the Noto faces by path: it stays in
  // node_modules (scripts/build-server.js), and the build's daemon makes the day-close PDF with it, Arabic included.
  it('kiosk start from the build makes the day-close PDF, loading pdfkit, fontkit and bidi-js with the first PDF only', async () => {
    const PDF_PACKAGES = ['pdfkit', 'fontkit', 'bidi-js'];
    const { url, log, stop } = await startedKiosk('pdf');
    try {
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      for (const pkg of PDF_PACKAGES) expect(packagesIn(log)).not.toContain(pkg);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-app': 'reports' },
        body: JSON.stringify({ pin: '3333' }),
      });
      expect(login.status).toBe(200);
      const headers = { 'x-kiosk-app': 'reports', cookie: String(login.headers.get('set-cookie')).split(';')[0]!, 'content-type': 'application/json' };
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
      const closed = await fetch(`${url}/api/reports/day/close`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ day, terminalId: 'terminal', source: 'entered', totalMinor: 0, count: 0, print: false }),
      });
      expect(closed.status, await closed.clone().text()).toBe(200);
      const { close } = (await closed.json()) as { close: { id: number } };
      const res = await fetch(`${url}/api/reports/day/close/${close.id}/report.pdf`, { headers });
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/pdf']);
      const pdf = readPdf(Buffer.from(await res.arrayBuffer()));
      expect(pdf.text).toContain('Consulat général du Royaume du Maroc à Paris');
      expect(pdf.fonts.map((f) => [f.name.replace(/^[A-Z]{6}\+/, ''), f.embedded])).toContainEqual(['NotoSansArabic-Regular', true]);
      for (const pkg of PDF_PACKAGES) expect(packagesIn(log)).toContain(pkg);
      expect(packagesIn(log)).not.toContain('tsx'); // the build ran, not the sources
    } finally {
      await stop();
    }
  }, 60_000);

  it("the build's Fastify still validates and serializes a route's JSON schemas as Fastify does (its compilers built on first use)", async () => {
    const packages = JSON.parse(readFileSync(join(repo, 'dist/server/packages.json'), 'utf8')) as Record<string, string[]>;
    const chunk = Object.keys(packages).find((c) => packages[c]!.includes('fastify'))!;
    const req = createRequire(join(repo, 'dist/server/cli.js'));
    type Fastify = (opts?: object) => FastifyInstance;
    const bundled = (req(join(repo, 'dist/server', chunk)) as { require_fastify: () => Fastify }).require_fastify();
    const answers = async (fastify: Fastify) => {
      const app = fastify();
      app.post(
        '/t',
        {
          schema: {
            body: { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 1 } }, additionalProperties: false },
            response: { 200: { type: 'object', properties: { n: { type: 'integer' } } } },
          },
        },
        async (r) => ({ ...(r.body as object), secret: 'dropped by the serializer' }),
      );
      const out = [];
      for (const payload of [{ n: 2 }, { n: 0 }, {}, { n: 'x' }]) {
        const r = await app.inject({ method: 'POST', url: '/t', payload });
        out.push([r.statusCode, r.body]);
      }
      await app.close();
      return out;
    };
    const fromBuild = await answers(bundled);
    expect(fromBuild[0]).toEqual([200, '{"n":2}']);
    expect(fromBuild).toEqual(await answers(req('fastify') as Fastify));
  });

  // find-my-way compiled a prefix matcher per tree node, a params maker per route and a constraints matcher per
  // route added (~500 `new Function` for ~230 routes) before the first request: they are compiled on first use now
  // (scripts/build-server.js), and only the route a request reaches compiles its own.
  it("kiosk start compiles none of its routes' matchers before the first request reaches them", async () => {
    const functions = join(tmp.dir, 'functions.txt');
    writeFileSync(functions, '');
    const { url, stop } = await startedKiosk('functions', { KIOSK_TEST_FUNCTIONS: functions });
    try {
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      const compiled = readFileSync(functions, 'utf8').split('\n').filter(Boolean);
      // Before: 495 (228 params makers, 228 constraints matchers, 35 prefix matchers).
      expect(compiled.length).toBeLessThan(20);
      expect(compiled.filter((f) => f.includes('_createParamsObject') || f.includes('candidates'))).toHaveLength(1);
    } finally {
      await stop();
    }
  }, 60_000);

  it("the build's router finds routes, their params and their constraints as find-my-way does (its functions compiled on first use)", async () => {
    const packages = JSON.parse(readFileSync(join(repo, 'dist/server/packages.json'), 'utf8')) as Record<string, string[]>;
    const chunk = Object.keys(packages).find((c) => packages[c]!.includes('fastify'))!;
    const req = createRequire(join(repo, 'dist/server/cli.js'));
    type Fastify = (opts?: object) => FastifyInstance;
    const bundled = (req(join(repo, 'dist/server', chunk)) as { require_fastify: () => Fastify }).require_fastify();
    const answers = async (fastify: Fastify) => {
      const app = fastify();
      const echo = async (r: { params: unknown; routeOptions: { url?: string } }) => ({ route: r.routeOptions.url, params: r.params });
      // Prefixes that split one another, params after static parts, more params than the four passed by position.
      for (const url of ['/api/queue', '/api/queue/board', '/api/queue/tickets/:id', '/api/quiet', '/api/queue/tickets/:id/events/:n', '/a/:b/:c/:d/:e/:f/:g'])
        app.get(url, echo);
      // Constrained handlers on one node: matched by Host, the unconstrained one otherwise.
      app.get('/hosted', { constraints: { host: 'hub.example' } }, async () => 'hub');
      app.get('/hosted', { constraints: { host: 'other.example' } }, async () => 'other');
      app.get('/hosted', async () => 'any');
      const out = [];
      for (const [url, host] of [
        ['/api/queue', ''],
        ['/api/queue/board', ''],
        ['/api/queue/tickets/A-012', ''],
        ['/api/queue/tickets/A-012/events/3', ''],
        ['/api/quiet', ''],
        ['/api/qu', ''],
        ['/api/queue/boardX', ''],
        ['/a/1/2/3/4/5/6', ''],
        ['/hosted', 'hub.example'],
        ['/hosted', 'other.example'],
        ['/hosted', 'elsewhere.example'],
        ['/api/queue/tickets/B-001', ''],
      ]) {
        const r = await app.inject({ method: 'GET', url: url!, ...(host ? { headers: { host } } : {}) });
        out.push([url, host, r.statusCode, r.body]);
      }
      await app.close();
      return out;
    };
    const fromBuild = await answers(bundled);
    expect(fromBuild[7]).toEqual(['/a/1/2/3/4/5/6', '', 200, '{"route":"/a/:b/:c/:d/:e/:f/:g","params":{"b":"1","c":"2","d":"3","e":"4","f":"5","g":"6"}}']);
    expect(fromBuild[8]![3]).toBe('hub');
    expect(fromBuild).toEqual(await answers(req('fastify') as Fastify));
  });

  it("the build's router refuses an unsafe regex parameter and takes a safe one as find-my-way does (safe-regex2 on first use)", async () => {
    const packages = JSON.parse(readFileSync(join(repo, 'dist/server/packages.json'), 'utf8')) as Record<string, string[]>;
    expect(Object.values(packages).flat()).not.toContain('safe-regex2');
    const chunk = Object.keys(packages).find((c) => packages[c]!.includes('find-my-way'))!;
    // find-my-way's own three constants were checked by the build, not at each start.
    expect(readFileSync(join(repo, 'dist/server', chunk), 'utf8')).not.toContain('is not safe, update this module');
    const req = createRequire(join(repo, 'dist/server/cli.js'));
    type Fastify = (opts?: object) => FastifyInstance;
    const bundled = (req(join(repo, 'dist/server', chunk)) as { require_fastify: () => Fastify }).require_fastify();
    const answers = async (fastify: Fastify) => {
      const out = [];
      for (const url of ['/n/:id(^\\d+$)', '/u/:id(^(a+)+$)', '/m/:a(^\\w+$)-:b(^(\\d|\\d)+$)']) {
        const app = fastify();
        try {
          app.get(url, async (r) => r.params);
          await app.ready();
          const r = await app.inject({ method: 'GET', url: url.startsWith('/n/') ? '/n/42' : '/m/x-1' });
          out.push([url, r.statusCode, r.body]);
        } catch (e) {
          out.push([url, (e as Error).message]);
        }
        await app.close();
      }
      return out;
    };
    const fromBuild = await answers(bundled);
    expect(fromBuild[0]).toEqual(['/n/:id(^\\d+$)', 200, '{"id":"42"}']);
    expect(fromBuild[1]).toEqual(['/u/:id(^(a+)+$)', "The regex '(^(a+)+$)' is not safe!"]);
    expect(fromBuild).toEqual(await answers(req('fastify') as Fastify));
  });

  it("the build's @fastify/static still finds glob, which it requires on its first folder listing (wildcard: false)", async () => {
    const daemon = readFileSync(
      join(
        repo,
        'dist/server',
        Object.keys(JSON.parse(readFileSync(join(repo, 'dist/server/packages.json'), 'utf8'))).find((c) => c.startsWith('daemon-'))!,
      ),
      'utf8',
    );
    expect(daemon).toContain('glob=(...a)=>');
    const { glob } = createRequire(join(repo, 'dist/server/cli.js'))('glob') as { glob: (pattern: string, o: object) => Promise<string[]> };
    expect(await glob('bin/*.js', { cwd: repo })).toEqual(['bin/kiosk.js']);
  });

  it("the build's @fastify/websocket requires duplexify from node_modules, at its first injectWS", () => {
    const packages = JSON.parse(readFileSync(join(repo, 'dist/server/packages.json'), 'utf8')) as Record<string, string[]>;
    const daemon = Object.keys(packages).find((c) => c.startsWith('daemon-'))!;
    expect(packages[daemon]).toContain('@fastify/websocket');
    expect(Object.values(packages).flat()).not.toContain('duplexify');
    expect(readFileSync(join(repo, 'dist/server', daemon), 'utf8')).toMatch(
      /Duplexify=function\(\.\.\.a\)\{return new\(\(0,\w+\.__require\)\("duplexify"\)\)\(\.\.\.a\)\}/,
    );
    // Found from the chunks where Node looks, and still a duplex of the two streams it is given.
    const Duplexify = createRequire(join(repo, 'dist/server/cli.js'))('duplexify') as new (w: Writable, r: Readable) => Duplex;
    const [w, r] = [new PassThrough(), new PassThrough()];
    const d = new Duplexify(w, r);
    d.write('to the writable');
    r.write('from the readable');
    expect([String(w.read()), String(d.read())]).toEqual(['to the writable', 'from the readable']);
  });

  it("the build's pino-roll takes each function of date-fns on its first call: a daily log calls addDays, never format or parse", async () => {
    const packages = JSON.parse(readFileSync(join(repo, 'dist/server/packages.json'), 'utf8')) as Record<string, string[]>;
    const daemon = readFileSync(
      join(
        repo,
        'dist/server',
        Object.keys(packages).find((c) => c.startsWith('daemon-'))!,
      ),
      'utf8',
    );
    for (const f of ['format', 'addDays', 'addHours', 'parse', 'isValid'])
      expect(daemon).toContain(`exports2.${f}=function(...a){return require_${f}().${f}(...a)}`);
    // The build's daemon rotates its log through them: the first file of the day, numbered as pino-roll numbers it.
    const { stop } = await startedKiosk('log');
    await stop();
    expect(readdirSync(join(tmp.dir, 'log-data/logs'))).toContain('kiosk.1.log');
    expect(readFileSync(join(tmp.dir, 'log-data/logs/kiosk.1.log'), 'utf8')).toMatch(/"msg":"kiosk daemon listening on http/);
  }, 60_000);

  it("the build's Fastify checks a plugin's Fastify version as Fastify does (semver's three functions, not its index)", async () => {
    const packages = JSON.parse(readFileSync(join(repo, 'dist/server/packages.json'), 'utf8')) as Record<string, string[]>;
    const chunk = Object.keys(packages).find((c) => packages[c]!.includes('fastify'))!;
    const text = readFileSync(join(repo, 'dist/server', chunk), 'utf8');
    expect(text).toContain('semver/functions/satisfies.js');
    // semver's index requires every module of semver; these are ones Fastify never calls.
    for (const unused of ['semver/index.js', 'semver/ranges/subset.js', 'semver/ranges/intersects.js']) expect(text).not.toContain(unused);
    const req = createRequire(join(repo, 'dist/server/cli.js'));
    type Fastify = (opts?: object) => FastifyInstance;
    const bundled = (req(join(repo, 'dist/server', chunk)) as { require_fastify: () => Fastify }).require_fastify();
    const answers = async (fastify: Fastify) => {
      const out = [];
      for (const range of ['5.x', '>=5.0.0-rc.1', '^4.0.0', '>=99', undefined]) {
        const app = fastify();
        const plugin = Object.assign(async () => {}, { [Symbol.for('plugin-meta')]: { name: 'p', ...(range ? { fastify: range } : {}) } });
        out.push(
          await app
            .register(plugin)
            .ready()
            .then(
              () => 'registered',
              (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
            ),
        );
        await app.close();
      }
      return out;
    };
    const fromBuild = await answers(bundled);
    expect(fromBuild[0]).toBe('registered');
    expect(fromBuild[2]).toMatch(/^FST_ERR_PLUGIN_VERSION_MISMATCH: /);
    expect(fromBuild).toEqual(await answers(req('fastify') as Fastify));
  });

  it("the build carries zod's English messages only, not its 64 locales (0.3 MB less for every daemon start to load)", () => {
    const dist = join(repo, 'dist/server');
    const zodChunks = Object.entries(JSON.parse(readFileSync(join(dist, 'packages.json'), 'utf8')) as Record<string, string[]>).filter(([, p]) =>
      p.includes('zod'),
    );
    expect(zodChunks).toHaveLength(1);
    const text = readFileSync(join(dist, zodChunks[0]![0]), 'utf8');
    // zod's English message for a wrong type, and its German one (zod/v4/locales/de.js).
    expect(text).toContain('Invalid input: expected');
    expect(text).not.toContain('Eingabe: erwartet');
  });

  it('every chunk is ASCII (a start reads it as Latin-1), and only the chunks that use their file URL compute it', () => {
    const dist = join(repo, 'dist/server');
    const chunks = Object.keys(JSON.parse(readFileSync(join(dist, 'chunks.json'), 'utf8')) as Record<string, string>);
    expect(chunks.length).toBeGreaterThan(50);
    let withUrl = 0;
    for (const c of chunks) {
      const text = readFileSync(join(dist, c), 'utf8');
      expect(/[\u0080-\u{10ffff}]/u.exec(text)?.[0], c).toBeUndefined();
      const uses = text.split('__kioskFileUrl').length - 1;
      // Declared once in the banner, then used; never declared without a use.
      expect(uses === 0 || uses >= 2, c).toBe(true);
      if (uses) withUrl++;
    }
    // Fastify's licence comment kept its meaning, escaped.
    expect(chunks.some((c) => readFileSync(join(dist, c), 'utf8').includes('Jimmy W\\u{e4}rting'))).toBe(true);
    expect(withUrl).toBeLessThan(chunks.length / 4);
  });

  it('a tool command loads its own module and still works (token keygen)', async () => {
    const out = join(tmp.dir, 'keys');
    const r = await kiosk(['token', 'keygen', '--out', out]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(usesTsx(r)).toBe(false);
    expect(r.imports).not.toContain('fastify');
  });

  it('kiosk --help still lists every command', async () => {
    const r = await kiosk(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'start',
      'config',
      'db',
      'token',
      'print',
      'sim',
      'staff',
      'pay',
      'payments',
      'diag',
      'support-bundle',
      'journal',
      'backup',
      'restore',
      'report',
    ])
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(usesTsx(r)).toBe(false);
  });

  it('KIOSK_FROM_SOURCE=1 runs the TypeScript sources through tsx (the old way, for the benchmark baseline)', async () => {
    const r = await kiosk(['--version'], { KIOSK_FROM_SOURCE: '1' });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(usesTsx(r)).toBe(true);
  });
});

describe('kiosk with a stale or missing build', () => {
  it('a source newer than the build: runs the sources through tsx and says, on one line, to rebuild', async () => {
    // Edited just after the build (not in the future: the rebuild below must count as newer).
    const { builtAt } = JSON.parse(readFileSync(join(repo, 'dist/server/stamp.json'), 'utf8')) as { builtAt: number };
    const edited = new Date(builtAt + 1);
    utimesSync(join(repo, 'server/config/load.ts'), edited, edited);
    const r = await kiosk(['config', 'check', 'fixtures/config/paris.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid: FR-PAR/);
    expect(r.stderr).toMatch(/^kiosk: [^\n]*run npm run build:server[^\n]*\n$/);
    expect(usesTsx(r)).toBe(true);
    // Rebuilt: the compiled output again, no notice.
    execFileSync('npm', ['run', '-s', 'build:server'], { cwd: repo, stdio: 'pipe' });
    const again = await kiosk(['--version']);
    expect({ stderr: again.stderr, tsx: usesTsx(again) }).toEqual({ stderr: '', tsx: false });
  }, 60_000);

  it('no build at all: the same fallback and notice', async () => {
    rmSync(join(repo, 'dist/server'), { recursive: true, force: true });
    const r = await kiosk(['--version']);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: `${VERSION}\n` });
    expect(r.stderr).toMatch(/^kiosk: [^\n]*run npm run build:server[^\n]*\n$/);
    expect(usesTsx(r)).toBe(true);
  });
});
