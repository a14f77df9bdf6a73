#!/usr/bin/env node
// `npm run build:server`: the daemon and the CLI compiled once to JavaScript in dist/server/, so a start
// does not compile TypeScript (tsx took 0.6–0.9 s and ~100 MB at every start, issue 14). Every package of
// package.json stays external: node_modules resolves it, native add-ons included.
// dist/server/stamp.json lists the sources the bundle was built from; bin/kiosk.js runs the bundle only
// while none of them is newer than the build.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = resolve(ROOT, 'dist/server');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));

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
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const startedAt = Date.now();
rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { cli: 'server/cli.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
  // Every chunk beside cli.js: the rewritten import.meta.url above is relative to dist/server/.
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceUrl],
});
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
inputs.push(relative(ROOT, fileURLToPath(import.meta.url)));
// Sources edited during the build count as newer than it: the time is taken before esbuild reads them.
writeFileSync(resolve(OUT, 'stamp.json'), JSON.stringify({ builtAt: startedAt, inputs }) + '\n');
process.stdout.write(`dist/server: ${inputs.length} sources in ${Date.now() - startedAt} ms\n`);
