#!/usr/bin/env node
// `npm run build:server`: the daemon and the CLI compiled once to JavaScript in dist/server/, so a start
// does not compile TypeScript (tsx took 0.6–0.9 s and ~100 MB at every start, issue 14).
// The pure-JavaScript packages are bundled in too: Node resolving, reading and compiling their hundreds of
// files one by one (and lexing each CommonJS one for its exports) was a third of the start's CPU (1.5 → 1.0 s
// to the first /api/health, 0.50 → 0.35 s for `kiosk config check`, on the shared 2-core machine).
// Native add-ons and packages that find files beside themselves stay in node_modules (EXTERNAL).
// dist/server/stamp.json lists the sources the bundle was built from, and node_modules/.package-lock.json
// (which every npm install or ci rewrites) for the bundled packages; bin/kiosk.js runs the bundle only while
// none of them is newer than the build. dist/server/packages.json says which packages each chunk holds.
// The chunks are CommonJS (esbuild splits ES modules only: it builds them split, then each chunk is turned into
// CommonJS), so that bin/kiosk.js can run them through vm.Script with a V8 code cache (scripts/code-cache.cjs):
// Node 20 keeps no compile cache for ES modules, and compiling the chunks was a quarter of the start's CPU.
import { createHash } from 'node:crypto';
import { build, transform } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTERNAL, FASTIFY_COMPILERS } from './runtime-packages.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = resolve(ROOT, 'dist/server');

/**
 * Sources find their data next to themselves (`new URL('./migrations/', import.meta.url)`); in the bundle
 * import.meta.url is the chunk's URL. Each module gets the URL its source file has, computed from the
 * chunk's location so a moved checkout (deploy copies it to /opt) still works.
 */
const sourceUrl = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(OUT, args.path).split('\\').join('/');
      const contents = text.replace(STANDALONE, '').replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * A tool command's entry for running its source alone (`npx tsx server/commands/token.ts …`): it compares the
 * source's URL with argv[1], never true in the bundle, and its top-level await cannot be CommonJS. Left out.
 */
const STANDALONE = /\n(?:\/\/[^\n]*\n)?if \([^\n]*import\.meta\.url === pathToFileURL\(process\.argv\[1\][^\n]*\{\n[\s\S]*?\n\}(?=\n|$)/;

/**
 * Fastify builds its default schema compilers with every instance (fastify/lib/schema-controller.js): it loads
 * @fastify/ajv-compiler and @fastify/fast-json-stringify-compiler, hence ajv, ajv-formats and fast-json-stringify,
 * though no route of the kiosk gives Fastify a schema (server/http/route.ts parses with zod): loading them was
 * 10-20 ms of each daemon start and 0.3 MB of the chunk every start reads (issue 14). They stay in node_modules,
 * and each default compiler is built, exactly as Fastify builds it, on the first route with a schema; Fastify
 * still sees no custom compiler (that is read from its options). The build fails if Fastify builds them otherwise.
 */
const lazyCompilersForFastify = {
  name: 'lazy-compilers-for-fastify',
  setup(b) {
    b.onLoad({ filter: /[\\/]fastify[\\/]lib[\\/]schema-controller\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = [
        ['buildValidator', "const ValidatorSelector = require('@fastify/ajv-compiler')\n    compilersFactory.buildValidator = ValidatorSelector()"],
        [
          'buildSerializer',
          "const SerializerSelector = require('@fastify/fast-json-stringify-compiler')\n    compilersFactory.buildSerializer = SerializerSelector()",
        ],
      ];
      if (!eager.every(([, e]) => text.includes(e)) || FASTIFY_COMPILERS.some((c) => text.split(c).length !== 2))
        throw new Error(`${args.path} no longer builds its compilers as scripts/build-server.js expects: update its plugin`);
      let contents = text;
      for (const [i, [name, e]] of eager.entries()) {
        const build = `(built ??= require('${FASTIFY_COMPILERS[i]}')())`;
        const lazy = `let built\n    compilersFactory.${name} = function ${name}OnFirstUse (...a) { return ${build}(...a) }`;
        contents = contents.replace(e, lazy);
      }
      return { contents, loader: 'js' };
    });
  },
};
/**
 * @fastify/static requires glob at load, to list the files it serves when `wildcard` is false; the kiosk serves
 * its UI with `wildcard: true` (server/http/app.ts), which never lists. glob stays in node_modules and is required
 * on the first listing; the build fails if @fastify/static takes glob otherwise.
 * It also requires @fastify/send (with mime's tables and http-errors) at load, though it calls it only to serve a
 * file: 10-20 ms of each daemon start before its first /api/health (issue 14). @fastify/send stays in node_modules
 * too and is required, with the default type @fastify/static gives it, when the first file is served.
 */
const lazyGlobForStatic = {
  name: 'lazy-glob-and-send-for-static',
  setup(b) {
    b.onLoad({ filter: /[\\/]@fastify[\\/]static[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taking = "const { glob } = require('glob')";
      // Taken once and only called (the stand-in is a function, nothing else).
      if (!text.includes(taking) || text.split("'glob'").length !== 2 || text.split(/\bglob\b/).length !== text.split(/\bglob\(/).length + 2)
        throw new Error(`${args.path} no longer takes glob as scripts/build-server.js expects: update its plugin`);
      const takingSend = "const send = require('@fastify/send')";
      const typing = "send.mime.default_type = 'application/octet-stream'";
      // Outside comments, send is taken, typed, then only called or asked its mime table and isUtf8MimeType, when serving.
      const code = text.replace(/\/\/.*$/gm, '');
      const uses = code.match(/(?<![.\w/@-])send\b[.(]?(?:mime\.\w+|isUtf8MimeType)?/g) ?? [];
      const expected = (u) => u === 'send(' || u === 'send.mime.getType' || u === 'send.mime.default_type' || u === 'send.isUtf8MimeType';
      if (!text.includes(takingSend) || code.split(typing).length !== 2 || !uses.slice(1).every(expected) || uses[0] !== 'send')
        throw new Error(`${args.path} no longer takes @fastify/send as scripts/build-server.js expects: update its plugin`);
      // A function that loads @fastify/send at its first call or property read, and gives it its default type then.
      const lazySend =
        'let sendTaken\n' +
        'const sendOnFirstUse = () => {\n' +
        "  if (!sendTaken) { sendTaken = require('@fastify/send'); sendTaken.mime.default_type = 'application/octet-stream' }\n" +
        '  return sendTaken\n' +
        '}\n' +
        'const send = new Proxy(() => {}, { apply: (_f, _this, a) => sendOnFirstUse()(...a), get: (_f, key) => sendOnFirstUse()[key] })';
      const contents = text.replace(taking, "const glob = (...a) => require('glob').glob(...a)").replace(takingSend, lazySend).replace(typing, '');
      return { contents, loader: 'js' };
    });
  },
};
/**
 * @fastify/static's folder listing (lib/dirList.js) sizes its queue from os.cpus() at load: libuv reads every CPU's
 * line of /proc/stat and /proc/cpuinfo, 0.5-1.5 ms of each daemon start, for listings the kiosk never makes (its UI
 * is served with `wildcard: true`). The size is computed, the same way, at the first listing; the build fails if
 * dirList.js uses it otherwise.
 */
const lazyCpuCountForStaticListing = {
  name: 'lazy-cpu-count-for-static-listing',
  setup(b) {
    b.onLoad({ filter: /[\\/]@fastify[\\/]static[\\/]lib[\\/]dirList\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = 'const fastqConcurrency = Math.max(1, os.cpus().length - 1)';
      const use = 'fastq.promise(worker, fastqConcurrency)';
      // Sized once, then only passed to fastq when a listing starts.
      if (text.split(eager).length !== 2 || text.split('fastqConcurrency').length - 2 !== text.split(use).length - 1 || !text.includes(use))
        throw new Error(`${args.path} no longer sizes its queue as scripts/build-server.js expects: update its plugin`);
      const lazy = 'let fastqConcurrencyTaken\nconst fastqConcurrency = () => (fastqConcurrencyTaken ??= Math.max(1, os.cpus().length - 1))';
      const contents = text.replace(eager, lazy).replaceAll(use, 'fastq.promise(worker, fastqConcurrency())');
      return { contents, loader: 'js' };
    });
  },
};
// EXTERNAL, the packages left in node_modules, is in scripts/runtime-packages.js, which also tells the Debian
// package what to carry (scripts/build-deb.js).

/**
 * pino-roll takes five functions of date-fns with `require('date-fns')`, which evaluates all ~250 of its modules
 * (50–130 ms of the start). It gets a module holding just those, each requiring its own module of date-fns on its
 * first call: a daily rotation with no date in the file name (server/log.ts) calls addDays at start and never
 * format or parse, which with their formatters, parsers and English locale were most of the date-fns code the
 * start evaluated (issue 14). The build fails if pino-roll takes others, or uses one otherwise than by calling it.
 */
const dateFnsForPinoRoll = {
  name: 'date-fns-for-pino-roll',
  setup(b) {
    b.onResolve({ filter: /^date-fns$/ }, (args) =>
      /[\\/]pino-roll[\\/]/.test(args.importer) ? { path: args.importer, namespace: 'date-fns-for-pino-roll' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'date-fns-for-pino-roll' }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taken = /const \{([\w\s,]+)\} = require\('date-fns'\)/.exec(text);
      const names = taken?.[1].split(',').map((n) => n.trim()) ?? [];
      // Outside comments, strings and the taking itself, each name appears only as a call (the stand-ins are functions).
      const code = text
        .replace(taken?.[0] ?? '', '')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/`[^`]*`|'[^'\n]*'|"[^"\n]*"/g, '');
      const onlyCalled = (n) => [...code.matchAll(new RegExp(`(?<![.\\w$])${n}(?![\\w$])(.)`, 'g'))].every((m) => m[1] === '(');
      if (!taken || !names.every(onlyCalled)) throw new Error(`${args.path} no longer takes date-fns as scripts/build-server.js expects: update its plugin`);
      const lazy = names.map((n) => `exports.${n} = function ${n} (...a) { return require('date-fns/${n}').${n}(...a) };`);
      return { contents: lazy.join('\n'), resolveDir: ROOT, loader: 'js' };
    });
  },
};
/**
 * @fastify/websocket requires duplexify at load, and with it readable-stream (Node 10's streams again, with
 * string_decoder, inherits, end-of-stream, …), though only `injectWS`, the tests' way to open a WebSocket without a
 * socket, uses it: 20 modules evaluated at each daemon start (issue 14). duplexify stays in node_modules and is required
 * at the first `new Duplexify` (the stand-in is a constructor, nothing else); the build fails if the plugin takes it
 * otherwise.
 */
const lazyDuplexifyForWebsocket = {
  name: 'lazy-duplexify-for-websocket',
  setup(b) {
    b.onLoad({ filter: /[\\/]@fastify[\\/]websocket[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taking = "const Duplexify = require('duplexify')";
      const count = (re) => [...text.matchAll(re)].length;
      if (!text.includes(taking) || count(/duplexify/g) !== 1 || count(/Duplexify/g) !== count(/new Duplexify\(/g) + 1)
        throw new Error(`${args.path} no longer takes duplexify as scripts/build-server.js expects: update its plugin`);
      const lazy = "const Duplexify = function (...a) { return new (require('duplexify'))(...a) }";
      return { contents: text.replace(taking, lazy), loader: 'js' };
    });
  },
};
/**
 * Fastify's lib/plugin-utils.js requires all of semver (its index evaluates its 47 modules: ranges, intersections,
 * subsets) to call three of its functions on each plugin registered; those three need 21 of them (issue 14). It gets
 * those three, each required from its own module of semver, the very functions semver's index exports; the build
 * fails if Fastify uses semver otherwise.
 */
const semverFunctionsForFastify = {
  name: 'semver-functions-for-fastify',
  setup(b) {
    b.onLoad({ filter: /[\\/]fastify[\\/]lib[\\/]plugin-utils\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taking = "const semver = require('semver')";
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const uses = code.match(/(?<![.\w'"/:-])semver\b(?:\.\w+)?/g) ?? [];
      const members = ['gt', 'coerce', 'satisfies'];
      if (text.split(taking).length !== 2 || uses[0] !== 'semver' || uses.length < 2 || !uses.slice(1).every((u) => members.includes(u.slice(7))))
        throw new Error(`${args.path} no longer takes semver as scripts/build-server.js expects: update its plugin`);
      const functions = `const semver = {\n${members.map((m) => `  ${m}: require('semver/functions/${m}')`).join(',\n')}\n}`;
      return { contents: text.replace(taking, functions), loader: 'js' };
    });
  },
};
/**
 * commander requires node:child_process at load, for subcommands run as programs of their own (kiosk has none):
 * loading it was 3-7 ms of each `kiosk config check`. It gets a stand-in that requires it on the first spawn; the
 * build fails if commander takes child_process otherwise.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taking = "const childProcess = require('node:child_process');";
      const uses = [...text.matchAll(/childProcess\.(\w+)/g)].map((m) => m[1]);
      if (!text.includes(taking) || uses.some((u) => u !== 'spawn'))
        throw new Error(`${args.path} no longer takes child_process as scripts/build-server.js expects: update its plugin`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(taking, lazy), loader: 'js' };
    });
  },
};
/**
 * @fastify/rate-limit requires ip-address at load for Address6, used only to normalise an IPv6 caller's address;
 * ip-address parses its special-purpose address tables at load (15-45 ms of each daemon start, issue 14). It gets a
 * stand-in that requires it at the first `new Address6`; the build fails if rate-limit takes ip-address otherwise.
 */
const lazyIpAddressForRateLimit = {
  name: 'lazy-ip-address-for-rate-limit',
  setup(b) {
    b.onLoad({ filter: /[\\/]@fastify[\\/]rate-limit[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taking = "const { Address6 } = require('ip-address')";
      const count = (re) => [...text.matchAll(re)].length;
      // Taken once, and used only with `new` (the stand-in is a constructor, nothing else).
      if (!text.includes(taking) || count(/ip-address/g) !== 1 || count(/Address6/g) !== count(/new Address6\(/g) + 1)
        throw new Error(`${args.path} no longer takes ip-address as scripts/build-server.js expects: update its plugin`);
      const lazy = "const Address6 = function (...a) { return new (require('ip-address').Address6)(...a) }";
      return { contents: text.replace(taking, lazy), loader: 'js' };
    });
  },
};
/**
 * find-my-way compiles a matcher (`new Function`) for the prefix of every static node of its route tree, again at
 * each split while routes are added: 20-60 ms of each daemon start for ~200 routes, most of which no request
 * reaches soon (issue 14). Each node gets a matcher that compiles the same function on its first call and puts
 * it in its own place (`this.matchPrefix`, the router's only call, made on the node), so later lookups call the
 * compiled one directly. Adding a route looks up its path in the tree first (Router#findRoute → getStaticChild, to
 * refuse a duplicate), which called the matcher of every node on the way and so compiled them all again at start;
 * that walk compares the prefix as a string instead (the same test: the first character is matched by the caller),
 * and only requests compile. The build fails if find-my-way compiles or matches prefixes otherwise.
 */
const lazyPrefixMatchForFindMyWay = {
  name: 'lazy-prefix-match-for-find-my-way',
  setup(b) {
    b.onLoad({ filter: /[\\/]find-my-way[\\/]lib[\\/]node\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = ['this.matchPrefix = kind === NODE_TYPES.STATIC ? compilePrefixMatch(prefix) : null', 'this.matchPrefix = compilePrefixMatch(childPrefix)'];
      const calls = [...text.matchAll(/compilePrefixMatch\(|\.matchPrefix\(/g)].map((m) => m[0]);
      const expected = ['compilePrefixMatch(', '.matchPrefix(', 'compilePrefixMatch('];
      // getStaticChild, the walk of Router#findRoute, and the one finder it calls (getNextNode, the lookup's, keeps it).
      const walking =
        'getStaticChild (path, pathIndex = 0) {\n    if (path.length === pathIndex) {\n      return this\n    }\n\n' +
        '    const staticChild = this.findStaticMatchingChild(path, pathIndex)';
      const walkingUncompiled = walking.replace('this.findStaticMatchingChild(', 'this.findStaticChildUncompiled(');
      const finder = '  findStaticMatchingChild (path, pathIndex) {\n';
      const uncompiledFinder =
        '  findStaticChildUncompiled (path, pathIndex) {\n' +
        '    const i = this.staticChildrenCharCodes.indexOf(path.charCodeAt(pathIndex))\n' +
        '    if (i === -1) return null\n' +
        '    const staticChild = this.staticChildrenNodes[i]\n' +
        '    return path.startsWith(staticChild.prefix, pathIndex) ? staticChild : null\n' +
        '  }\n\n';
      // The finder as it is (the uncompiled one answers the same): the first character by code, then its matcher.
      const finderBody = [
        '  findStaticMatchingChild (path, pathIndex) {',
        '    const charCode = path.charCodeAt(pathIndex)',
        '    const charCodes = this.staticChildrenCharCodes',
        '    for (let i = 0; i < charCodes.length; i++) {',
        '      if (charCodes[i] === charCode) {',
        '        const staticChild = this.staticChildrenNodes[i]',
        '        if (staticChild.matchPrefix(path, pathIndex)) {',
        '          return staticChild',
        '        }',
        '        return null',
        '      }',
        '    }',
        '    return null',
        '  }',
      ].join('\n');
      if (
        !eager.every((e) => text.includes(e)) ||
        calls.join() !== expected.join() ||
        !text.includes('staticChild.matchPrefix(path, pathIndex)') ||
        text.split(walking).length !== 2 ||
        text.split(finder).length !== 2 ||
        !text.includes(finderBody) ||
        text.split('findStaticMatchingChild(').length !== 3
      )
        throw new Error(`${args.path} no longer compiles prefix matchers as scripts/build-server.js expects: update its plugin`);
      const lazy =
        '\nfunction compileOnFirstMatch (prefix) {\n' +
        '  return function matchPrefixFirst (path, i) {\n' +
        '    this.matchPrefix = compilePrefixMatch(prefix)\n' +
        '    return this.matchPrefix(path, i)\n' +
        '  }\n}\n';
      const contents = text
        .replace(eager[0], 'this.matchPrefix = kind === NODE_TYPES.STATIC ? compileOnFirstMatch(prefix) : null')
        .replace(eager[1], 'this.matchPrefix = compileOnFirstMatch(childPrefix)')
        .replace('\n// Every node kind', lazy + '\n// Every node kind')
        .replace(walking, walkingUncompiled)
        .replace(finder, uncompiledFinder + finder);
      return { contents, loader: 'js' };
    });
  },
};
/**
 * find-my-way also compiles two functions (`new Function`, lib/handler-storage.js) for every route it adds: the one
 * that puts the matched values in a params object, and its node's matcher of constrained handlers (host, version),
 * compiled again for each handler added to the node: ~460 compilations at each daemon start, which V8's code cache
 * cannot hold, for routes most of which no request reaches soon, and a matcher that only a route with constraints
 * uses (the kiosk has none) (issue 14). Each gets a function that compiles the same one on its first call and puts
 * it in its own place, from the handlers and strategies the node has then (those of the last handler added, as
 * before: constraints are checked when the route is added, lib/constrainer.js). The router calls them only as
 * `handle._createParamsObject(…)` (lib/index.js, and the code lib/compiler.js writes), on the handler object, and
 * `this._getHandlerMatchingConstraints(…)`, on the node's storage. The build fails if find-my-way does otherwise.
 */
const lazyHandlerFunctionsForFindMyWay = {
  name: 'lazy-handler-functions-for-find-my-way',
  setup(b) {
    b.onLoad({ filter: /[\\/]find-my-way[\\/]lib[\\/]handler-storage\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = '_createParamsObject: this._compileCreateParamsObject(params)';
      // Every other mention in the package is a method call on a handler object (comments aside).
      const callers = ['../index.js', './compiler.js'].map((f) => readFileSync(resolve(dirname(args.path), f), 'utf8').replace(/\/\/.*$/gm, ''));
      const uses = callers.flatMap((c) => c.match(/.?_createParamsObject\b.?/g) ?? []);
      const eagerMatcher = '    if (!isMergedTree) {\n      this._compileGetHandlerMatchingConstraints(constrainer, constraints)\n    }';
      const matcherUses = text.match(/.?_getHandlerMatchingConstraints\b.?/g) ?? [];
      // The one call (in getMatchingHandler), the default (answers null) and the compiled one's assignment.
      const matcherExpected = ['._getHandlerMatchingConstraints(', ' _getHandlerMatchingConstraints ', '._getHandlerMatchingConstraints '];
      if (
        text.split('_createParamsObject').length !== 3 ||
        !text.includes(eager) ||
        uses.length === 0 ||
        !uses.every((u) => /^\._createParamsObject\($/.test(u)) ||
        text.split(eagerMatcher).length !== 2 ||
        text.split('_compileGetHandlerMatchingConstraints').length !== 3 ||
        matcherUses.join() !== matcherExpected.join() ||
        callers.some((c) => c.includes('_getHandlerMatchingConstraints') || c.includes('constrainedHandlerStores'))
      )
        throw new Error(`${args.path} no longer makes its handler functions as scripts/build-server.js expects: update its plugin`);
      const lazy =
        '\nfunction compileParamsOnFirstCall (storage, params) {\n' +
        '  return function createParamsObjectFirst (param0, param1, param2, param3, extraParams) {\n' +
        '    this._createParamsObject = storage._compileCreateParamsObject(params)\n' +
        '    return this._createParamsObject(param0, param1, param2, param3, extraParams)\n' +
        '  }\n}\n';
      const lazyMatcher =
        'function compileMatcherOnFirstCall (constrainer) {\n' +
        '  return function getHandlerMatchingConstraintsFirst (derivedConstraints) {\n' +
        '    this._compileGetHandlerMatchingConstraints(constrainer)\n' +
        '    return this._getHandlerMatchingConstraints(derivedConstraints)\n' +
        '  }\n}\n';
      const contents = text
        .replace(eager, '_createParamsObject: compileParamsOnFirstCall(this, params)')
        .replace(eagerMatcher, '    if (!isMergedTree) {\n      this._getHandlerMatchingConstraints = compileMatcherOnFirstCall(constrainer)\n    }')
        .replace('\nclass HandlerStorage {', lazy + lazyMatcher + '\nclass HandlerStorage {');
      return { contents, loader: 'js' };
    });
  },
};
/**
 * Fastify's lib/server.js requires node:http2 at load, though it calls it only to make an HTTP/2 server (the
 * `http2` option, which the kiosk never sets): Node's HTTP/2 modules were 8-9 ms of CPU of each daemon start
 * beyond the HTTP and TLS ones it needs anyway (issue 14). Fastify gets a stand-in holding the two functions it
 * calls, each requiring node:http2 on its first call; the build fails if Fastify uses http2 otherwise.
 */
const lazyHttp2ForFastify = {
  name: 'lazy-http2-for-fastify',
  setup(b) {
    b.onLoad({ filter: /[\\/]fastify[\\/]lib[\\/]server\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taking = "const http2 = require('node:http2')";
      // Outside comments (its JSDoc names http2 types), http2 is taken once and only its two server makers called.
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const uses = code.match(/(?<![.\w'"/:-])http2\b(?:\.\w+\()?/g) ?? [];
      const expected = (u) => u === 'http2.createSecureServer(' || u === 'http2.createServer(';
      if (!text.includes(taking) || uses[0] !== 'http2' || uses.length < 2 || !uses.slice(1).every(expected))
        throw new Error(`${args.path} no longer takes node:http2 as scripts/build-server.js expects: update its plugin`);
      const lazy =
        'const http2 = {\n' +
        "  createSecureServer: (...a) => require('node:http2').createSecureServer(...a),\n" +
        "  createServer: (...a) => require('node:http2').createServer(...a)\n" +
        '}';
      // node:https likewise, for an HTTPS server (a post hub's): it brings TLS's modules, which the kiosk's plain HTTP
      // daemon does not need.
      const contents = lazyBuiltins(args.path, text.replace(taking, lazy), [
        { taking: "const https = require('node:https')", id: 'https', module: 'node:https', members: ['createServer'] },
      ]);
      return { contents, loader: 'js' };
    });
  },
};
/**
 * find-my-way requires safe-regex2 at load (with ret, its regular-expression parser: a dozen modules and their tables)
 * to check three regular expressions of its own, constants, at every start, and afterwards only a route's regex
 * parameter, which no route of the kiosk has (issue 14). The build runs those three checks once, with the same
 * safe-regex2, and fails as find-my-way would at load if one is unsafe; the daemon requires safe-regex2 (left in
 * node_modules) at the first regex parameter. The build fails if find-my-way checks or uses it otherwise.
 */
const regexChecksAtBuildForFindMyWay = {
  name: 'regex-checks-at-build-for-find-my-way',
  setup(b) {
    b.onLoad({ filter: /[\\/]find-my-way[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const taking = "const isRegexSafe = require('safe-regex2')";
      const checks = [...text.matchAll(/\nif \(!isRegexSafe\((\w+)\)\) \{\n {2}throw new Error\('the (\w+) is not safe, update this module'\)\n\}\n/g)];
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      // Taken once; otherwise only called: in the three checks and on a route's regex parameter.
      const uses = code.match(/(?<![.\w$])isRegexSafe\b.?/g) ?? [];
      const literals = checks.map(([, name, named]) => (name === named ? new RegExp(`\\nconst ${name} = (\\/.+\\/[a-z]*)\\n`).exec(text)?.[1] : undefined));
      if (
        text.split(taking).length !== 2 ||
        checks.length !== 3 ||
        literals.some((l) => l === undefined) ||
        uses[0] !== 'isRegexSafe ' ||
        !uses.slice(1).every((u) => u === 'isRegexSafe(')
      )
        throw new Error(`${args.path} no longer checks its regular expressions as scripts/build-server.js expects: update its plugin`);
      const isRegexSafe = createRequire(args.path)('safe-regex2');
      for (const [i, [, name]] of checks.entries()) {
        // The constant as find-my-way writes it: a regular expression literal, evaluated as its source does.
        if (!isRegexSafe(new Function(`return ${literals[i]}`)())) throw new Error(`the ${name} is not safe, update this module`);
      }
      let contents = text.replace(taking, "const isRegexSafe = (...a) => require('safe-regex2')(...a)");
      for (const [check] of checks) contents = contents.replace(check, '\n');
      return { contents, loader: 'js' };
    });
  },
};
/**
 * Requires of Node modules that a file makes at load, each replaced with a stand-in holding the functions the file
 * takes from it, which requires the module on their first call. `taking` is the require as the file writes it;
 * outside comments, `id` must appear as that binding and then only as `id.member` of `members` (called, or read
 * and called later: the stand-in's members are functions). Throws when the file takes or uses it otherwise.
 */
function lazyBuiltins(path, text, takings) {
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  let contents = text;
  for (const { taking, id, module, members } of takings) {
    const uses = code.match(new RegExp(`(?<![.\\w'"/:-])${id}\\b(?:\\.\\w+)?`, 'g')) ?? [];
    if (text.split(taking).length !== 2 || uses[0] !== id || uses.length < 2 || !uses.slice(1).every((u) => members.includes(u.slice(id.length + 1))))
      throw new Error(`${path} no longer takes ${module} as scripts/build-server.js expects: update its plugin`);
    const standIn = `const ${id} = {\n${members.map((m) => `  ${m}: (...a) => require('${module}').${m}(...a)`).join(',\n')}\n}`;
    contents = contents.replace(taking, standIn);
  }
  return contents;
}
/**
 * ws requires node:https and node:tls at load for the connections a WebSocket client opens (wss://); the kiosk only
 * serves WebSockets (@fastify/websocket), whose server side needs neither. With Fastify's and the kiosk's own (taken
 * on first use), they were TLS's seven modules, 2-5 ms of each daemon start (issue 14).
 */
const lazyTlsForWs = {
  name: 'lazy-tls-for-ws',
  setup(b) {
    b.onLoad({ filter: /[\\/]ws[\\/]lib[\\/]websocket\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = lazyBuiltins(args.path, text, [
        { taking: "const https = require('https');", id: 'https', module: 'node:https', members: ['request'] },
        { taking: "const tls = require('tls');", id: 'tls', module: 'node:tls', members: ['connect'] },
      ]);
      return { contents, loader: 'js' };
    });
  },
};
/**
 * zod's namespace carries `locales`, 64 translations of its messages (0.4 MB of the 0.6 MB zod chunk that every
 * daemon start parses), and esbuild cannot shake a namespace re-exported as a value. The kiosk words its own
 * messages and zod uses English (`config(en())` in zod itself), so `locales` holds English only here; the build
 * fails if zod stops importing its locales the way this expects.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](?:classic|core)[\\/]/.test(args.importer)
        ? { path: resolve(args.resolveDir, '../locales/index.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => {
      const all = readFileSync(args.path, 'utf8');
      if (!all.includes('export { default as en } from "./en.js";'))
        throw new Error(`${args.path} no longer exports en as scripts/build-server.js expects: update its plugin`);
      return { contents: 'export { default as en } from "./en.js";\n', resolveDir: dirname(args.path), loader: 'js' };
    });
  },
};
const FILE_URL_BANNER = "var __kioskFileUrl = require('node:url').pathToFileURL(__filename).href;";
/**
 * Two changes to the CommonJS chunks, each for the daemon's start (issue 14):
 * - The chunk's file URL (the banner) is left in only where one of its modules uses import.meta.url: 54 of the 62
 *   chunks a start loads computed it for nothing. The banner's line stays, empty, so the lines of the map still hold.
 * - Every chunk is ASCII, so that a start takes its text as Latin-1 (scripts/code-cache.cjs, readChunk): esbuild
 *   escapes non-ASCII characters in code (its default charset) but keeps licence comments as written, and one of them
 *   ("Jimmy W\u00e4rting", in Fastify's chunk) made V8 hold that 0.5 MB chunk as two bytes a character. Such a
 *   character is written as \u{…} text. The chunk without its comments must stay the same, or the build fails.
 */
async function finishChunks(files) {
  const withoutComments = async (text) => (await transform(text, { loader: 'js', minifyWhitespace: true, legalComments: 'none' })).code;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let out = text;
    if (out.startsWith(FILE_URL_BANNER) && out.split('__kioskFileUrl').length === 2) out = out.slice(FILE_URL_BANNER.length);
    if (/[\u0080-\u{10ffff}]/u.test(out)) {
      const escaped = out.replace(/[\u0080-\u{10ffff}]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
      if ((await withoutComments(out)) !== (await withoutComments(escaped)))
        throw new Error(`${file} has non-ASCII characters outside comments, which esbuild escapes: see finishChunks in scripts/build-server.js`);
      out = escaped;
    }
    if (out !== text) writeFileSync(file, out);
  }
}
const startedAt = Date.now();
rmSync(OUT, { recursive: true, force: true });
// The split ES modules, with their maps, in a scratch folder; then each chunk as CommonJS in dist/server.
const STAGE = mkdtempSync(join(tmpdir(), 'kiosk-build-server-'));
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { cli: 'server/cli.ts' },
  outdir: STAGE,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Every chunk beside cli.js: the rewritten import.meta.url above is relative to dist/server/.
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  // Whitespace and syntax only, names kept: V8 holds every source text in memory (6 MB less idle RSS, 98 MB
  // instead of 104) and parses less. Stack traces give a chunk's column; the .map beside it (node
  // --enable-source-maps) gives the TypeScript line.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [
    sourceUrl,
    dateFnsForPinoRoll,
    lazyChildProcessForCommander,
    lazyIpAddressForRateLimit,
    lazyPrefixMatchForFindMyWay,
    lazyHandlerFunctionsForFindMyWay,
    regexChecksAtBuildForFindMyWay,
    lazyCompilersForFastify,
    lazyGlobForStatic,
    lazyCpuCountForStaticListing,
    lazyHttp2ForFastify,
    lazyTlsForWs,
    lazyDuplexifyForWebsocket,
    semverFunctionsForFastify,
    zodEnglishOnly,
  ],
});
const chunks = Object.keys(result.metafile.outputs).filter((out) => out.endsWith('.js'));
// Each chunk to CommonJS: imports of other chunks become require() (esbuild's exports are getters, so bindings
// stay live), import() becomes a require in a promise, and import.meta.url the chunk's file URL. The ES
// module's map is read through its sourceMappingURL, so the new maps still point at the TypeScript.
await build({
  absWorkingDir: ROOT,
  entryPoints: chunks.map((out) => resolve(ROOT, out)),
  outdir: OUT,
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__kioskFileUrl' },
  banner: { js: FILE_URL_BANNER },
  sourcemap: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
rmSync(STAGE, { recursive: true, force: true });
await finishChunks(chunks.map((out) => resolve(OUT, basename(out))));
// dist/server is CommonJS whatever the package's own type.
writeFileSync(resolve(OUT, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
const packageOf = (input) => /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
const inputs = Object.keys(result.metafile.inputs).filter((f) => packageOf(f) === undefined);
inputs.push(relative(ROOT, fileURLToPath(import.meta.url)), 'scripts/runtime-packages.js', 'node_modules/.package-lock.json');
const packages = {};
for (const [out, { inputs: from }] of Object.entries(result.metafile.outputs)) {
  if (out.endsWith('.js')) packages[basename(out)] = [...new Set(Object.keys(from).map(packageOf).filter(Boolean))].sort();
}
writeFileSync(resolve(OUT, 'packages.json'), JSON.stringify(packages, null, 1) + '\n');
// Each chunk's SHA-256, which keys its code cache (scripts/code-cache.cjs) without hashing it at each start.
const hashes = Object.fromEntries(
  Object.keys(packages).map((c) => [
    c,
    createHash('sha256')
      .update(readFileSync(resolve(OUT, c)))
      .digest('hex'),
  ]),
);
writeFileSync(resolve(OUT, 'chunks.json'), JSON.stringify(hashes, null, 1) + '\n');
// Sources edited during the build count as newer than it: the time is taken before esbuild reads them.
writeFileSync(resolve(OUT, 'stamp.json'), JSON.stringify({ builtAt: startedAt, inputs }) + '\n');
process.stdout.write(`dist/server: ${inputs.length} sources in ${Date.now() - startedAt} ms\n`);
