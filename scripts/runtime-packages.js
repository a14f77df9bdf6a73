// The npm packages the compiled daemon (dist/server, scripts/build-server.js) loads from node_modules at run time,
// and so the only ones its Debian package carries (scripts/build-deb.js, issue 20): everything else is bundled into
// the chunks. Found from the build itself, not kept by hand: the packages the build leaves external (EXTERNAL) and
// every bare specifier the chunks still require (`require("x")`, esbuild's `__require("x")`, and a source's own
// `createRequire(import.meta.url)("x")`, which esbuild cannot follow), then their dependency closure in
// package-lock.json, resolved as Node resolves (nested node_modules first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/**
 * Packages that stay in node_modules (esbuild's `external`): native add-ons (each finds its .node file beside
 * itself), font files read by path, pdfkit (it requires its standard-font data through createRequire, which a
 * bundle cannot follow) with fontkit, its font engine, and bidi-js, all three required with the first PDF
 * (server/reports/pdf-page.ts), ip-address, which @fastify/rate-limit requires on its first IPv6 caller only
 * (lazyIpAddressForRateLimit), glob and @fastify/send (lazyGlobForStatic), duplexify, which @fastify/websocket
 * requires for its injectWS only (lazyDuplexifyForWebsocket), safe-regex2, which find-my-way requires for a route's
 * regex parameter (regexChecksAtBuildForFindMyWay), and Fastify's schema compilers (lazyCompilersForFastify).
 * tsx is not one: no source imports it; only bin/kiosk.js does, to run the sources when there is no current build
 * (never in the package, which holds no sources).
 */
export const FASTIFY_COMPILERS = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'];
export const EXTERNAL = [
  'better-sqlite3',
  '@serialport/bindings-cpp',
  'node-hid',
  '@napi-rs/canvas',
  '@fontsource/*',
  'pdfkit',
  'fontkit',
  'bidi-js',
  'ip-address',
  'glob',
  '@fastify/send',
  'duplexify',
  'safe-regex2',
  ...FASTIFY_COMPILERS,
];

/** A require of a bare specifier as the CommonJS chunks spell it (see the comment at the top). */
const REQUIRE = /(?:\b(?:require\d*|__require\))|createRequire\)\(new URL\("[^"]*",__kioskFileUrl\)\.href\))\(\s*"([^"./][^"]*)"\s*\)/g;

const packageName = (specifier) => /^(?:@[^/]+\/)?[^/]+/.exec(specifier)[0];

/** The bare packages the chunks of dist/server require (Node's own modules left out), sorted. */
export function requiredByBuild(root) {
  const dir = join(root, 'dist/server');
  const builtins = new Set(builtinModules);
  const found = new Set();
  for (const chunk of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(join(dir, chunk), 'utf8').matchAll(REQUIRE)) {
      const name = packageName(m[1]);
      if (!name.startsWith('node:') && !builtins.has(name)) found.add(name);
    }
  }
  return [...found].sort();
}

/**
 * The run-time packages under `root` (a checkout with dist/server built and node_modules installed):
 * `roots`, the package names the build loads (EXTERNAL, its globs expanded, and requiredByBuild);
 * `paths`, the lockfile paths (node_modules/…) of their closure over dependencies and optional dependencies that
 * are installed here (other platforms' optional add-ons are not); `absent`, the required specifiers that are
 * installed nowhere, each an optional peer of a package that takes it in a try/catch (ws's bufferutil, pg's
 * pg-native). Throws when a required package is neither installed nor an optional peer, or is a dev dependency.
 */
export function runtimePackages(root) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
  const installed = (path) => lock[path] !== undefined && !lock[path].link && existsSync(join(root, path));
  const topLevel = Object.keys(lock)
    .filter((p) => /^node_modules\/(?:@[^/]+\/)?[^/]+$/.test(p) && installed(p))
    .map((p) => p.slice('node_modules/'.length));
  const expand = (name) => (name.endsWith('/*') ? topLevel.filter((t) => t.startsWith(name.slice(0, -1))) : [name]);
  const roots = [...new Set([...EXTERNAL.flatMap(expand), ...requiredByBuild(root)])].sort();
  const optionalPeers = new Set(
    Object.values(lock).flatMap((e) =>
      Object.entries(e.peerDependenciesMeta ?? {})
        .filter(([, m]) => m.optional)
        .map(([n]) => n),
    ),
  );

  const paths = new Set();
  const absent = [];
  /** Node's lookup of `name` from the package at `from`: its own node_modules, then each enclosing one. */
  const resolve = (from, name) => {
    for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(?:@[^/]+\/)?[^/]+$/, '')) {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (installed(candidate)) return candidate;
      if (!dir) return undefined;
    }
  };
  const visit = (path) => {
    if (paths.has(path)) return;
    if (lock[path].dev) throw new Error(`${path} is needed at run time but package-lock.json marks it dev`);
    paths.add(path);
    const entry = lock[path];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolve(path, dep);
      if (found) visit(found);
      else if (entry.dependencies?.[dep] !== undefined) throw new Error(`${path} depends on ${dep}, which is not installed`);
    }
    // A peer the package needs is loaded from where it sits: it must be there too (optional ones when installed).
    for (const peer of Object.keys(entry.peerDependencies ?? {})) {
      const found = resolve(path, peer);
      if (found && !lock[found].dev) visit(found);
    }
  };
  for (const name of roots) {
    const path = `node_modules/${name}`;
    if (installed(path)) visit(path);
    else if (optionalPeers.has(name)) absent.push(name);
    else throw new Error(`dist/server requires ${name}, which is not installed (npm ci?)`);
  }
  return { roots: roots.filter((r) => !absent.includes(r)), paths: [...paths].sort(), absent };
}
