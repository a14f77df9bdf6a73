// Whole visits through the real daemon, without a browser: the check-in machine on the real services
// (appointment verification and its used-token journal, queue, eTimbre issuer, journal-first payment
// service, printer service), the in-process Concert terminal simulator with zero think time and the
// in-process virtual printer (its PNG is drawn only when someone looks at it).
// Half the visitors scan an appointment QR, half come as walk-ins; every visit pays and prints a ticket and
// a receipt. Reported: visits per second, the process CPU per visit (the daemon with its simulators, all in
// this process), journal bytes per visit (journal.sqlite + -wal + -shm growth) and memory over the day (sampled, no collection forced: MemorySamples).
// Two days are run: nobody calls (the waiting list grows to the day's visits), and counter 2 calls and
// finishes each ticket right after its visit (the list stays short).
// Baselines in the same run: the daemon before issue 14 (git commit f4586c5, checked out by bench/baseline.ts
// and run with this file in a child process) on the same two days; the same daemon with the journal's fsync
// off (synchronous = OFF: what durability costs); the bare machine with zero-latency scripted actors (what the
// flow logic alone costs).
//
//   npm run bench -- visits --visits 10000   (or: npx tsx bench/visits.bench.ts [visits=10000])
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createActor, waitFor } from 'xstate';
// A namespace, not named imports, and the default machine imported where it is used: this file also runs in the tree
// before issue 14 (bench/baseline.ts), which has no TERMINAL_READY and no state/checkin/default-machine.ts (only the
// bare-machine baseline, never run there, uses them).
import * as testActors from '../state/checkin/test-actors';
import { sampleConfig } from '../test/support/daemon';
import { benchTempDir, benchVisits, goal, table } from './support';
import { baselineTree } from './baseline';
import { checkVisits, screenWatcher, startVisitDaemon, visit as driveVisit, visitTokens } from './visit-driver';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const VISITS = benchVisits(10_000);
const WARMUP = Math.min(200, Math.ceil(VISITS / 10));

/** Memory after two full collections: the bare machine's start and end (not a goal, no samples there). */
function memoryAfterGc(): { rssMb: number; heapMb: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 };
}

/**
 * Memory over a day as the operating system sees it, sampled about 400 times, so that growth is a trend and not the
 * difference of two readings: the RSS of the same daemon swings by 15–30 % between readings 250 visits apart with a flat
 * JS heap (the native allocator's pages come and go, and the JS heap's garbage with them). Growth compares the median of
 * the day's first quarter of samples with the median of its last quarter (a hundred readings each).
 * No collection is forced: forced full collections (two per sample, 40 samples a day, as this bench did before) cost
 * the daemon more than their own time (11.4–11.9 against 16.0–17.9 ms of CPU a visit of ours in paired runs of the
 * counter-calls day, 2,000 visits, this file against its version at cb6daed, 2026-12-03; why is not proven: compiled
 * code and the young generation's size regained after each, most likely), and a day in the field has none. The heap
 * figure is therefore the heap in use,
 * garbage not yet collected included. The samples' own time and CPU are left out of the day's figures.
 */
class MemorySamples {
  private readonly all: Array<{ rssMb: number; heapMb: number }> = [];
  ns = 0;
  private cpu = { user: 0, system: 0 };
  every(visits: number): number {
    return Math.max(1, Math.floor(visits / 400));
  }
  take(): void {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const m = process.memoryUsage();
    this.all.push({ rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 });
    const c = process.cpuUsage(c0);
    this.cpu.user += c.user;
    this.cpu.system += c.system;
    this.ns += Number(process.hrtime.bigint() - t0);
  }
  exclude(cpu: NodeJS.CpuUsage): NodeJS.CpuUsage {
    return { user: cpu.user - this.cpu.user, system: cpu.system - this.cpu.system };
  }
  trend() {
    const q = Math.max(1, Math.floor(this.all.length / 4));
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const part = (xs: typeof this.all) => ({ rssMb: med(xs.map((x) => x.rssMb)), heapMb: med(xs.map((x) => x.heapMb)) });
    const rss = this.all.map((x) => x.rssMb);
    return { mem0: part(this.all.slice(0, q)), mem1: part(this.all.slice(-q)), low: Math.min(...rss), high: Math.max(...rss) };
  }
}

function journalBytes(dir: string): number {
  let n = 0;
  for (const f of ['journal.sqlite', 'journal.sqlite-wal', 'journal.sqlite-shm']) {
    try {
      n += statSync(join(dir, f)).size;
    } catch {
      // -wal and -shm exist only while the journal is open in WAL mode.
    }
  }
  return n;
}

async function daemonRun(name: string, fsync: boolean, VISITS: number, calling = false) {
  const t = benchTempDir('kiosk-bench-visits-');
  // Five digits so that a day of 10,000 waiting tickets does not run out of numbers.
  const base = sampleConfig();
  const daemon = await startVisitDaemon(t.dir, { queue: { ...base.queue, numbering: { start: 1, end: 99_999, wrap: true, digits: 5 } } });
  try {
    if (!fsync) daemon.ctx.db.pragma('synchronous = OFF');
    const step = screenWatcher(daemon);

    const total = WARMUP + VISITS;
    const tokens = await visitTokens(total);

    const visit = async (i: number) => {
      await driveVisit(step, i % 2 === 0 ? tokens[i / 2]! : null);
      if (calling) {
        // Counter 2 serves both services of the visits: it calls the ticket just issued and finishes it.
        const called = daemon.ctx.queue.callNext('2', { id: 'amina' });
        const done = called.ok ? daemon.ctx.queue.finish('2', { id: 'amina' }) : called;
        if (!done.ok) throw new Error(`${name}: counter 2 could not call and finish a ticket: ${JSON.stringify(done)}`);
      }
    };

    for (let i = 0; i < WARMUP; i++) await visit(i);
    const samples = new MemorySamples();
    samples.take();
    const bytes0 = journalBytes(t.dir);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let lap = process.hrtime.bigint();
    for (let i = WARMUP; i < total; i++) {
      await visit(i);
      const n = i - WARMUP + 1;
      if (n % samples.every(VISITS) === 0 && n < VISITS) samples.take();
      if (n % 1000 === 0 && n < VISITS) {
        const now = process.hrtime.bigint();
        process.stderr.write(`  ${name}: ${n}/${VISITS} visits, ${((1000 * 1e9) / Number(now - lap)).toFixed(1)} visits/s over the last 1000\n`);
        lap = now;
      }
    }
    const ns = Number(process.hrtime.bigint() - t0) - samples.ns;
    const cpu = samples.exclude(process.cpuUsage(cpu0));
    const bytes1 = journalBytes(t.dir);
    samples.take();
    const { mem0, mem1, low, high } = samples.trend();

    checkVisits(daemon, total, name);
    return {
      run: name,
      visits: VISITS,
      'visits/s': (VISITS * 1e9) / ns,
      'ms/visit': ns / VISITS / 1e6,
      'CPU ms/visit': (cpu.user + cpu.system) / 1000 / VISITS,
      'journal B/visit': (bytes1 - bytes0) / VISITS,
      'RSS MB start→end': `${mem0.rssMb.toFixed(0)}→${mem1.rssMb.toFixed(0)}`,
      'RSS MB low–high': `${low.toFixed(0)}–${high.toFixed(0)}`,
      'heap MB start→end': `${mem0.heapMb.toFixed(1)}→${mem1.heapMb.toFixed(1)}`,
      'RSS growth %': (100 * (mem1.rssMb - mem0.rssMb)) / mem0.rssMb,
    };
  } finally {
    await daemon.close();
    t.cleanup();
  }
}

async function bareMachineRun(name: string) {
  const { checkinMachine } = await import('../state/checkin/default-machine');
  const { actors, calls } = testActors.scriptedActors();
  const actor = createActor(checkinMachine.provide({ actors }), { input: { settings: testActors.TEST_SETTINGS, terminal: testActors.TERMINAL_READY } }).start();
  const visit = async () => {
    actor.send({ type: 'TOUCH' });
    actor.send({ type: 'SELECT_LANGUAGE', language: 'fr' });
    // The kiosk asks whether it may number (issue 15) before it listens for a scan: a scan sent meanwhile is not heard.
    await waitFor(actor, (s) => s.matches('identify'));
    actor.send({ type: 'SCANNED', payload: 'RDV1:TOKEN' });
    await waitFor(actor, (s) => s.matches('summary'));
    actor.send({ type: 'CONFIRM' });
    await waitFor(actor, (s) => s.matches('done'));
    actor.send({ type: 'ACKNOWLEDGE' });
    for (const list of [calls.verify, calls.etimbre, calls.pay, calls.signals, calls.issueTicket, calls.printTicket, calls.printReceipt]) list.length = 0;
  };
  for (let i = 0; i < WARMUP; i++) await visit();
  const mem0 = memoryAfterGc();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < VISITS; i++) await visit();
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const mem1 = memoryAfterGc();
  if (!actor.getSnapshot().matches('attract')) throw new Error(`a visit did not end on attract: ${JSON.stringify(actor.getSnapshot().value)}`);
  actor.stop();
  return {
    run: name,
    visits: VISITS,
    'visits/s': (VISITS * 1e9) / ns,
    'ms/visit': ns / VISITS / 1e6,
    'CPU ms/visit': (cpu.user + cpu.system) / 1000 / VISITS,
    'journal B/visit': '—',
    'RSS MB start→end': `${mem0.rssMb.toFixed(0)}→${mem1.rssMb.toFixed(0)}`,
    'RSS MB low–high': '—',
    'heap MB start→end': `${mem0.heapMb.toFixed(1)}→${mem1.heapMb.toFixed(1)}`,
    'RSS growth %': (100 * (mem1.rssMb - mem0.rssMb)) / mem0.rssMb,
  };
}

type Row = Awaited<ReturnType<typeof daemonRun>>;
const DAYS = [
  { day: 'nobody calls', calling: false },
  { day: 'counter 2 calls each ticket', calling: true },
] as const;

// A child run: one day on the daemon of the tree it runs in (ours, or the old one checked out by bench/baseline.ts), in a
// process of its own so that one day's memory does not start where the previous day's left the heap.
const childResult = process.env.KIOSK_BENCH_VISITS_RESULT;
if (childResult) {
  const d = DAYS[Number(process.env.KIOSK_BENCH_VISITS_DAY)]!;
  const row = await daemonRun(`${process.env.KIOSK_BENCH_VISITS_WHO}, ${d.day}`, true, VISITS, d.calling);
  writeFileSync(childResult, JSON.stringify(row));
  process.exit(0);
}

/** One day in a child process of `dir`'s tree; null (with the reason printed) when it did not finish. */
function dayIn(dir: string, who: string, day: number): Row | null {
  const result = benchTempDir('kiosk-bench-visits-result-');
  const out = join(result.dir, 'row.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'bench/visits.bench.ts')], {
    cwd: dir,
    stdio: 'inherit',
    env: {
      ...process.env,
      KIOSK_BENCH_VISITS: String(VISITS),
      KIOSK_BENCH_VISITS_RESULT: out,
      KIOSK_BENCH_VISITS_DAY: String(day),
      KIOSK_BENCH_VISITS_WHO: who,
      KIOSK_BENCH_GOALS: '',
    },
  });
  if (r.status !== 0) {
    console.log(`(${who}, ${DAYS[day]!.day}: the run did not finish, ${r.signal ?? `exit ${r.status}`})`);
    return null;
  }
  const row = JSON.parse(readFileSync(out, 'utf8')) as Row;
  result.cleanup();
  return row;
}

/** The two days on the daemon before issue 14, or null (with the reason printed) when its tree cannot be had. */
function beforeIssue14(): Array<Row | null> | null {
  let tree: { dir: string; cleanup: () => void };
  try {
    tree = baselineTree();
  } catch (err) {
    console.log(`(no baseline: ${(err as Error).message})`);
    return null;
  }
  try {
    for (const f of ['visits.bench.ts', 'support.ts', 'baseline.ts', 'visit-driver.ts']) copyFileSync(join(import.meta.dirname, f), join(tree.dir, 'bench', f));
    return DAYS.map((_, i) => dayIn(tree.dir, 'daemon before issue 14', i));
  } finally {
    tree.cleanup();
  }
}

// The fsync-off baseline compares a rate, so a tenth of the visits is enough (at least 300).
const BASELINE_VISITS = Math.min(VISITS, Math.max(300, Math.ceil(VISITS / 10)));
const ours = DAYS.map((_, i) => dayIn(join(import.meta.dirname, '..'), 'daemon (ours)', i));
const before = beforeIssue14();
const rows: Array<Record<string, string | number>> = [...ours, ...(before ?? [])].filter((r): r is Row => r !== null);
rows.push(await daemonRun('baseline: ours, journal synchronous=OFF, nobody calls', false, BASELINE_VISITS));
rows.push(await bareMachineRun('baseline: bare machine, zero-latency actors'));
table(rows);
console.log(
  `\nVisits per run in the table, after ${WARMUP} warm-up visits; each visit: language, QR scan (even) or walk-in (odd), summary, ` +
    'printer check, eTimbre, card payment (Concert simulator, zero think time), ticket, receipt (virtual printer), back to attract.',
);

// Issue 14's goals, each beside the daemon before issue 14 on the same day in this run.
const was = (i: number, key: keyof Row) => (before?.[i]?.[key] as number | undefined) ?? null;
const now = (i: number, key: keyof Row) => (ours[i]?.[key] as number | undefined) ?? NaN;
goal('daemon CPU per visit, nobody calls', was(0, 'CPU ms/visit'), now(0, 'CPU ms/visit'), { ratioAtMost: 0.25 }, 'ms');
goal('daemon visits per second, nobody calls', was(0, 'visits/s'), now(0, 'visits/s'), { ratioAtLeast: 4 }, '/s');
goal('daemon CPU per visit, counter calls', was(1, 'CPU ms/visit'), now(1, 'CPU ms/visit'), { ratioAtMost: 0.25 }, 'ms');
// Memory is judged over a day: a short run measures the warm-up (JIT code, caches filling), not growth.
const RSS_DAY = 2000;
if (VISITS >= RSS_DAY) {
  for (const [i, d] of DAYS.entries()) goal(`RSS growth over ${VISITS} visits, ${d.day}`, was(i, 'RSS growth %'), now(i, 'RSS growth %'), { atMost: 10 }, '%');
} else {
  console.log(`(RSS growth is judged over a day of at least ${RSS_DAY} visits; this run has ${VISITS}: no goal line for it)`);
}
