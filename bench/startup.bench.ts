// Start-up of `kiosk` (issue 14): the daemon as systemd starts it (`node bin/kiosk.js start`, the Paris sample
// with simulated devices) until its first 200 on /api/health, its RSS once idle, and `kiosk config check`.
// Ours runs the compiled build (dist/server/, built here when stale); the baseline, in the same run, the
// TypeScript sources through tsx as before (KIOSK_FROM_SOURCE=1). Runs alternate; medians of each.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStaleness } from '../scripts/build-stamp.js';
import { benchTempDir, goal, table } from './support';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/kiosk.js');
const CONFIG = join(ROOT, 'fixtures/config/paris.json');
const RUNS = 7;
// The idle RSS is read after this long without requests: start-up garbage collected, timers settled.
const IDLE_MS = 2000;

type Way = 'tsx' | 'compiled';
const envOf = (way: Way) => ({ ...process.env, KIOSK_FROM_SOURCE: way === 'tsx' ? '1' : '' });

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? done(a.port) : fail(new Error('no port'))));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return r.status === 200;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

/** One daemon start: ms from spawn to the first 200 of /api/health, and its RSS after IDLE_MS idle. */
async function startOnce(way: Way): Promise<{ healthMs: number; rssMb: number }> {
  const data = benchTempDir('kiosk-bench-start-');
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'start', '--config', CONFIG, '--data', data.dir, '--port', String(port)], {
    cwd: ROOT,
    env: envOf(way),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  let died = false;
  void exited.then(() => (died = true));
  try {
    while (!(await healthy(`http://127.0.0.1:${port}/api/health`))) {
      if (died) throw new Error(`kiosk start (${way}) exited before it was healthy:\n${stderr}`);
      if (performance.now() - t0 > 60_000) throw new Error(`kiosk start (${way}) not healthy after 60 s:\n${stderr}`);
      await sleep(5);
    }
    const healthMs = performance.now() - t0;
    await sleep(IDLE_MS);
    return { healthMs, rssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await exited;
    data.cleanup();
  }
}

/** Wall time of `kiosk config check` on the sample, spawn to exit. */
function checkOnce(way: Way): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [BIN, 'config', 'check', CONFIG], { cwd: ROOT, env: envOf(way), stdio: 'ignore' });
  return performance.now() - t0;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const stale = buildStaleness(new URL('../', import.meta.url));
if (stale !== null) {
  console.log(`building dist/server (${stale})`);
  execFileSync('npm', ['run', '-s', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
}

// One start and one check of each way first, not counted: tsx's compile cache and the OS file cache are warm,
// as on a kiosk PC that has started before.
await startOnce('tsx');
await startOnce('compiled');
checkOnce('tsx');
checkOnce('compiled');

const runs: Record<Way, { health: number[]; rss: number[]; check: number[] }> = {
  tsx: { health: [], rss: [], check: [] },
  compiled: { health: [], rss: [], check: [] },
};
for (let i = 0; i < RUNS; i++) {
  for (const way of ['tsx', 'compiled'] as const) {
    const s = await startOnce(way);
    runs[way].health.push(s.healthMs);
    runs[way].rss.push(s.rssMb);
    runs[way].check.push(checkOnce(way));
  }
}

const m = (way: Way) => ({ health: median(runs[way].health), rss: median(runs[way].rss), check: median(runs[way].check) });
const base = m('tsx');
const ours = m('compiled');
console.log(`kiosk start (Paris sample, simulated devices) and kiosk config check, ${RUNS} runs each, medians`);
table(
  (['tsx', 'compiled'] as const).map((way) => ({
    way: way === 'tsx' ? 'sources through tsx (before)' : 'dist/server (npm run build:server)',
    'first /api/health ms': m(way).health,
    'idle RSS MB': m(way).rss,
    'config check ms': m(way).check,
  })),
);
goal('cold start to first health', base.health, ours.health, { atMost: 300 }, 'ms');
goal('idle RSS', base.rss, ours.rss, { atMost: 100 }, 'MB');
goal('kiosk config check', base.check, ours.check, { atMost: 200 }, 'ms');
