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
// Twice each: with the simulated terminal answering at once, and taking TERMINAL_MS to answer, as a real one takes
// seconds (card, PIN). The goal is read on the second: a payment's steps are then apart, as in the field, and so
// are the journal anchor's writes that follow each of them (store/anchor.ts); at once they run together, and the
// anchor's writes coalesce as they never would at a counter.
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
/** How long the simulated terminal takes to answer in the field-like runs: enough to keep a payment's steps apart. */
const TERMINAL_MS = 100;

function mark(path: string): void {
  try {
    accessSync(path);
  } catch {
    // ENOENT is the point: the call is the mark.
  }
}

async function child(): Promise<void> {
  const { checkVisits, screenWatcher, startVisitDaemon, visit, visitTokens } = await import('./visit-driver');
  const t = benchTempDir('kiosk-bench-fsync-');
  const daemon = await startVisitDaemon(t.dir);
  try {
    const step = screenWatcher(daemon);
    const total = WARMUP + VISITS;
    const tokens = await visitTokens(total);
    for (let i = 0; i < WARMUP; i++) await visit(step, i % 2 === 0 ? tokens[i / 2]! : null);
    mark(MARK_START);
    for (let i = WARMUP; i < total; i++) await visit(step, i % 2 === 0 ? tokens[i / 2]! : null);
    mark(MARK_END);
    checkVisits(daemon, total, 'fsync bench');
  } finally {
    await daemon.close();
    t.cleanup();
  }
}

/**
 * Which file an fsync flushed, from strace -y's `(fd</path>)`: the journal's WAL (its commits; an fdatasync there is the
 * anchor's sync of it, store/journal-sync.ts, as SQLite calls fsync), the journal's file (checkpoints), the anchor's
 * file and its folder.
 */
function fileOf(line: string): string {
  const path = /\((?:\d+)<([^>]*)>/.exec(line)?.[1] ?? '';
  const call = line.includes('fdatasync(') ? 'fdatasync' : 'fsync';
  if (path.endsWith('-wal')) return `WAL (${call})`;
  if (path.endsWith('.sqlite')) return 'journal file';
  if (/\.anchor\.\d+\.tmp$/.test(path)) return 'anchor file';
  if (path.endsWith('/backups')) return 'anchor folder';
  return 'other';
}
const FILES = ['WAL (fsync)', 'WAL (fdatasync)', 'journal file', 'anchor file', 'anchor folder', 'other'];

/** Runs this bench's child in `root` under strace; the fsyncs between the marks, per visit, in all and by file. */
function countIn(root: string, name: string, terminalMs: number): Record<string, string | number> & { 'fsyncs/visit': number } {
  const t = benchTempDir('kiosk-bench-strace-');
  try {
    const out = join(t.dir, 'strace.txt');
    const args = ['-f', '-qq', '-y', '-e', `trace=${TRACED}`, '-o', out, process.execPath, '--import', 'tsx', join(root, 'bench/fsync.bench.ts'), '--child'];
    const r = spawnSync('strace', args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, KIOSK_BENCH_VISITS: String(VISITS), KIOSK_BENCH_TERMINAL_MS: String(terminalMs) },
    });
    if (r.status !== 0) throw new Error(`${name}: the traced visits failed (${r.signal ?? `exit ${r.status}`})`);
    const lines = readFileSync(out, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.includes(MARK_START));
    const end = lines.findIndex((l) => l.includes(MARK_END));
    if (start < 0 || end < start) throw new Error(`${name}: the visit marks are missing from strace's output (${out})`);
    const calls = lines.slice(start + 1, end).filter((l) => /\b(fsync|fdatasync)\(/.test(l));
    const byFile = Object.fromEntries(FILES.map((f) => [f, calls.filter((l) => fileOf(l) === f).length / VISITS]));
    return {
      run: name,
      terminal: terminalMs ? `${terminalMs} ms a step` : 'at once',
      visits: String(VISITS),
      fsyncs: calls.length,
      'fsyncs/visit': calls.length / VISITS,
      ...byFile,
    };
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
  const baseline = 'baseline: before issue 14 (f4586c5)';
  const rows = [countIn(old.dir, baseline, 0), countIn(ROOT, 'ours', 0), countIn(old.dir, baseline, TERMINAL_MS), countIn(ROOT, 'ours', TERMINAL_MS)];
  old.cleanup();
  table(rows);
  console.log(`\nfsync + fdatasync calls of the whole process (strace -f) over ${VISITS} visits after ${WARMUP} warm-up visits; half QR, half walk-in.`);
  console.log('By file, per visit: the WAL (fsync: SQLite at a commit that waits for the disk; fdatasync: the anchor syncing it), the');
  console.log("journal's file (checkpoints), the anchor's file and its folder.");
  goal(`fsyncs per visit, the terminal taking ${TERMINAL_MS} ms a step`, rows[2]!['fsyncs/visit'], rows[3]!['fsyncs/visit'], { atMost: 8 }, '');
}

if (process.argv.includes('--child')) await child();
else await main();
