// fsyncs per visit: the fsync/fdatasync system calls the daemon makes for one visit, counted by strace over N whole
// visits through the real daemon (bench/visit-driver.ts: half QR scans, half walk-ins, each pays and prints a ticket
// and a receipt; simulators with zero think time). Beside it, in the same run, the same visits on the code before
// issue 14 (commit f4586c5, checked out by bench/baseline.ts): each of every appendEvent and print-job step was
// its own synchronous commit there.
//
// How it counts: the bench re-runs itself as `--child` under `strace -f -e trace=fsync,fdatasync,…`; the child
// marks the start and the end of its measured visits with access() calls on two impossible paths, which strace
// prints in the same stream, and the fsyncs between the marks are the visits' (warm-up and start-up excluded).
// An anchor write the last visit requested may land after the end mark: at most a few fsyncs over all the visits.
//
//   npm run bench -- fsync --visits 200   (or: npx tsx bench/fsync.bench.ts [visits=200])
import { spawnSync } from 'node:child_process';
import { accessSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchTempDir, benchVisits, goal, table } from './support';

const VISITS = benchVisits(200);
const WARMUP = 10;
const MARK_START = '/kiosk-fsync-bench-visits-start';
const MARK_END = '/kiosk-fsync-bench-visits-end';
const TRACED = 'fsync,fdatasync,access,faccessat,faccessat2';

function mark(path: string): void {
  try {
    accessSync(path);
  } catch {
    // ENOENT is the point: the call is the mark.
  }
}

async function child(): Promise<void> {
  const { startTestDaemon, sampleConfig } = await import('../test/support/daemon');
  const { appointmentQr } = await import('../test/checkin/tokens');
  const { screenWatcher, visit } = await import('./visit-driver');
  const t = benchTempDir('kiosk-bench-fsync-');
  const base = sampleConfig();
  const daemon = await startTestDaemon(t.dir, {
    devices: {
      ...base.devices,
      terminal: { ...base.devices.terminal, protocol: 'concert', port: 'sim', scenario: 'approve' },
      printer: { ...base.devices.printer, transport: 'sim' },
      scanner: { ...base.devices.scanner, port: 'sim' },
    },
  });
  try {
    const sim = daemon.ctx.hardware.terminal.simulator as unknown as { timing: { thinkMs: number; pinDelayMs: number; pinStepMs: number } } | undefined;
    if (!sim) throw new Error('the terminal is not the in-process simulator');
    Object.assign(sim.timing, { thinkMs: 0, pinDelayMs: 0, pinStepMs: 0 });
    const step = screenWatcher(daemon);
    const total = WARMUP + VISITS;
    const tokens: string[] = [];
    for (let i = 0; i < total; i += 2) tokens.push(await appointmentQr({ services: ['cnie'], persons: 1 }));
    for (let i = 0; i < WARMUP; i++) await visit(step, i % 2 === 0 ? tokens[i / 2]! : null);
    mark(MARK_START);
    for (let i = WARMUP; i < total; i++) await visit(step, i % 2 === 0 ? tokens[i / 2]! : null);
    mark(MARK_END);
    const db = daemon.ctx.db;
    const approved = (db.prepare("SELECT count(*) AS n FROM payments WHERE state = 'approved'").get() as { n: number }).n;
    const confirmed = (db.prepare("SELECT count(*) AS n FROM print_jobs WHERE state = 'confirmed'").get() as { n: number }).n;
    if (approved !== total || confirmed !== 2 * total)
      throw new Error(`${total} visits but ${approved} approved payments and ${confirmed} confirmed prints (expected ${2 * total})`);
  } finally {
    await daemon.close();
    t.cleanup();
  }
}

/** Runs this bench's child in `root` under strace; the fsyncs between the marks, per visit. */
function countIn(root: string, name: string): { run: string; visits: string; fsyncs: number; 'fsyncs/visit': number } {
  const t = benchTempDir('kiosk-bench-strace-');
  try {
    const out = join(t.dir, 'strace.txt');
    const args = ['-f', '-qq', '-e', `trace=${TRACED}`, '-o', out, process.execPath, '--import', 'tsx', join(root, 'bench/fsync.bench.ts'), '--child'];
    const r = spawnSync('strace', args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, KIOSK_BENCH_VISITS: String(VISITS) } });
    if (r.status !== 0) throw new Error(`${name}: the traced visits failed (${r.signal ?? `exit ${r.status}`})`);
    const lines = readFileSync(out, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.includes(MARK_START));
    const end = lines.findIndex((l) => l.includes(MARK_END));
    if (start < 0 || end < start) throw new Error(`${name}: the visit marks are missing from strace's output (${out})`);
    const fsyncs = lines.slice(start + 1, end).filter((l) => /\b(fsync|fdatasync)\(/.test(l)).length;
    return { run: name, visits: String(VISITS), fsyncs, 'fsyncs/visit': fsyncs / VISITS };
  } finally {
    t.cleanup();
  }
}

async function main(): Promise<void> {
  if (spawnSync('strace', ['-V']).status !== 0) {
    console.log('install strace (apt-get install strace): fsyncs per visit are counted with it; no goal reported');
    return;
  }
  const { baselineTree, ROOT } = await import('./baseline');
  const old = baselineTree();
  // The old tree has neither this bench nor its helpers: the same files drive the same visits there.
  for (const f of ['fsync.bench.ts', 'support.ts', 'visit-driver.ts']) copyFileSync(join(ROOT, 'bench', f), join(old.dir, 'bench', f));
  const rows = [countIn(old.dir, 'baseline: before issue 14 (f4586c5)'), countIn(ROOT, 'ours')];
  old.cleanup();
  table(rows);
  console.log(`\nfsync + fdatasync calls of the whole process (strace -f) over ${VISITS} visits after ${WARMUP} warm-up visits; half QR, half walk-in.`);
  goal('fsyncs per visit', rows[0]!['fsyncs/visit'], rows[1]!['fsyncs/visit'], { atMost: 8 }, '');
}

if (process.argv.includes('--child')) await child();
else await main();
