#!/usr/bin/env node
// `npm run bench [-- names…] [--visits N] [--quick] [--dir D] [--posts N --days D]`: runs every *.bench.ts of bench/ (or of D), or those
// whose name contains one of the names, one after another so each has both cores to itself, and prints their tables,
// then every goal line the benches reported (bench/support.ts `goal()`) in one summary. --posts/--days size the central
// bench (as CENTRAL_BENCH_POSTS/CENTRAL_BENCH_DAYS, which still work): `npm run bench -- central --posts 60 --days 365`.
// On a fresh clone it first builds the UI the daemon serves (dist/renderer/), once.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const usage = 'usage: npm run bench -- [names…] [--visits N] [--quick] [--dir folder] [--posts N] [--days D]';

function parse(argv) {
  const opts = { names: [], visits: undefined, quick: false, dir: join(root, 'bench'), posts: undefined, days: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) fail(`${a} needs a value; ${usage}`);
      return v;
    };
    if (a === '--visits' || a.startsWith('--visits=')) opts.visits = value();
    else if (a === '--dir' || a.startsWith('--dir=')) opts.dir = resolve(value());
    else if (a === '--posts' || a.startsWith('--posts=')) opts.posts = value();
    else if (a === '--days' || a.startsWith('--days=')) opts.days = value();
    else if (a === '--quick') opts.quick = true;
    else if (a.startsWith('-')) fail(`unknown option ${a}; ${usage}`);
    else opts.names.push(a);
  }
  if (opts.visits !== undefined && !(Number.isInteger(Number(opts.visits)) && Number(opts.visits) >= 2)) {
    fail(`--visits must be a whole number of at least 2, got "${opts.visits}"`);
  }
  for (const k of ['posts', 'days'])
    if (opts[k] !== undefined && !(Number.isInteger(Number(opts[k])) && Number(opts[k]) >= 1))
      fail(`--${k} must be a whole number of at least 1, got "${opts[k]}"`);
  return opts;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

const opts = parse(process.argv.slice(2));
const files = readdirSync(opts.dir)
  .filter((f) => f.endsWith('.bench.ts') && (opts.names.length === 0 || opts.names.some((w) => f.includes(w))))
  .sort();
if (files.length === 0) fail(`no bench in ${opts.dir} matches ${opts.names.join(', ') || '*.bench.ts'}`);

// One folder for the run, removed whatever happens: the goal lines the benches append, and each bench's TMPDIR, so that
// whatever a bench or the code it drives leaves in the temp folder (a crash before its cleanup, a harness's journal) goes too.
const runDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-run-'));
const goalsFile = join(runDir, 'goals.txt');
process.on('exit', () => rmSync(runDir, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(128 + constants.signals[signal]));

// The daemon refuses to start without its UI; a fresh clone has none. vite takes a few seconds, once.
if (!existsSync(join(root, 'dist/renderer'))) {
  console.log('dist/renderer/ is missing: building the UI once (npm run build:ui)');
  const b = spawnSync('npm', ['run', '-s', 'build:ui'], { cwd: root, stdio: 'inherit', env: { ...process.env, TMPDIR: runDir } });
  if (b.status !== 0) fail(`building the UI failed (exit ${b.status}); run "npm run build:ui" to see why`);
}

const env = { ...process.env, KIOSK_BENCH_GOALS: goalsFile };
if (opts.visits !== undefined) env.KIOSK_BENCH_VISITS = opts.visits;
else if (opts.quick) env.KIOSK_BENCH_VISITS = '300';
if (opts.posts !== undefined) env.CENTRAL_BENCH_POSTS = opts.posts;
if (opts.days !== undefined) env.CENTRAL_BENCH_DAYS = opts.days;

const failed = [];
for (const [i, f] of files.entries()) {
  console.log(`\n=== ${f} ===`);
  const benchTmp = join(runDir, `tmp-${i}`);
  mkdirSync(benchTmp);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(opts.dir, f)], { cwd: root, stdio: 'inherit', env: { ...env, TMPDIR: benchTmp } });
  if (r.status !== 0) failed.push(`${f} (${r.signal ?? `exit ${r.status}`})`);
  // tsx keeps its compile cache in the temp folder (tsx-<uid>): expected, not a leak.
  const left = readdirSync(benchTmp).filter((name) => !name.startsWith('tsx'));
  if (left.length) console.log(`(${f} left ${left.join(', ')} in its temp folder: removed)`);
  rmSync(benchTmp, { recursive: true, force: true });
}

const goals = existsSync(goalsFile) ? readFileSync(goalsFile, 'utf8').split('\n').filter(Boolean) : [];
console.log(`\n=== goals (${goals.length}) ===`);
for (const g of goals) console.log(g);
if (goals.length === 0) console.log('no bench reported a goal');
if (failed.length) {
  console.error(`\n${failed.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
