// A call shown on 200 lobby boards (issue 14: ≤ 50 ms p99; boards do not re-read the whole list per call).
// The real daemon (test/support/daemon.ts startTestDaemon, the Paris sample) with 1,000 tickets waiting, and 200
// WebSocket clients (the ws package) playing the boards in a child process, as boards are other machines. Each
// round a counter calls the next ticket through the daemon's queue service. Measured: from the call's change (the
// moment the daemon announces it, after its journal commit) until every one of the 200 clients has the view showing
// the call parsed with the board's schema and applied (the view kept, the new call ids picked out for announcing,
// as renderer/board/main.ts does). No DOM: drawing one screen does not grow with the number of boards, and 200
// browsers on this machine would measure the machine, not the daemon. Also shown: from calling (its journal
// commit included). The 200 clients share one process, so their parses count one after another: pessimistic.
//   ours      the board pages' socket asks for topic 'board'; the daemon computes the view once and pushes it.
//   baseline  the board before issue 14, in the same run: on each "changed" push every board re-reads
//             GET /api/queue/board over HTTP (one read at a time per board, once more if asked meanwhile).
// Between rounds the ticket is finished and one is issued (left out of the times), so each call finds 1,000 waiting.
// The baseline costs 200 reads per change, so it runs fewer calls (its p99 is then its worst call).
//
//   npm run bench -- board   (or: npx tsx bench/board.bench.ts [calls=200])
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ServerPush } from '../shared/api';
import { BoardView } from '../shared/queue-api';
import type { RunningDaemon } from '../server/daemon';
import { sampleConfig, startTestDaemon } from '../test/support/daemon';
import { benchTempDir, goal, table } from './support';

const BOARDS = 200;
const WAITING = 1_000;
const CALLS = Number(process.argv[2] ?? 200);
const BASELINE_CALLS = Math.min(CALLS, 40);
const WARMUP = 5;
const COUNTER = '1';
const SERVICE = 'registration';
const actor = { id: 'bench' };
/** Wall-clock milliseconds with sub-millisecond precision, comparable between the two processes. */
const clock = () => performance.timeOrigin + performance.now();

type Mode = 'push' | 'reread';
/** Parent → boards: wait until every board shows ticket `show`, or has had `changes` queue changes and is idle. */
type Ask = { show: string } | { changes: number };
/** Boards → parent: connected (every board has its first view), or the answer to an Ask. */
type Told = { ready: true } | { shownAt: number } | { settled: true };

// ---- the boards (child process) ----------------------------------------------------------------------------

/** One lobby board without a screen: the last view it applied and the call ids it would announce. */
class Board {
  view: BoardView | null = null;
  shownAt = 0;
  seenCallId = 0;
  announced = 0;
  /** Queue changes this board heard of: a pushed view, or a "changed" poke of the queue. */
  received = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  readonly open: Promise<void>;

  constructor(
    private readonly url: string,
    mode: Mode,
    private readonly onApplied: () => void,
  ) {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/ws${mode === 'push' ? '?topics=board' : ''}`);
    this.open = new Promise((r) => ws.once('open', () => r()));
    ws.on('message', (data) => {
      const m = ServerPush.parse(JSON.parse(String(data)));
      if (mode === 'push' && m.type === 'board') {
        this.received++;
        this.apply(m.view);
      } else if (mode === 'reread' && m.type === 'changed' && m.topic === 'queue') {
        this.received++;
        this.refresh();
      }
    });
  }

  /** The old board's coalesced re-read: never two at once, once more if a poke came during one. */
  refresh(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      const res = await fetch(`${this.url}/api/queue/board`);
      this.apply(BoardView.parse(await res.json()));
    })().finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
      this.onApplied();
    });
  }

  private apply(view: BoardView): void {
    const first = this.view === null;
    if (view.current?.ticketId !== this.view?.current?.ticketId) this.shownAt = clock();
    this.view = view;
    // As the page: nothing is announced from the first view, then every newer call id is.
    const max = Math.max(this.seenCallId, ...view.lastCalls.map((c) => c.callId));
    if (!first) this.announced += view.lastCalls.filter((c) => c.callId > this.seenCallId).length;
    this.seenCallId = max;
    this.onApplied();
  }

  get idle(): boolean {
    return this.reading === null;
  }
}

async function boardsProcess(url: string, mode: Mode): Promise<void> {
  let check: (() => void) | null = null;
  const boards = Array.from({ length: BOARDS }, () => new Board(url, mode, () => check?.()));
  const until = (ok: () => boolean) =>
    new Promise<void>((resolve) => {
      check = () => {
        if (ok()) {
          check = null;
          resolve();
        }
      };
      check();
    });
  await Promise.all(boards.map((b) => b.open));
  if (mode === 'reread') for (const b of boards) b.refresh(); // the old board read on connection; ours is pushed
  await until(() => boards.every((b) => b.view !== null && b.idle));
  for (const b of boards) b.received = 0;
  const tell = (m: Told) => process.send!(m);
  tell({ ready: true });
  process.on('message', (ask: Ask) => {
    void (async () => {
      if ('show' in ask) {
        await until(() => boards.every((b) => b.view?.current?.ticketId === ask.show));
        tell({ shownAt: Math.max(...boards.map((b) => b.shownAt)) });
      } else {
        await until(() => boards.every((b) => b.received >= ask.changes && b.idle));
        tell({ settled: true });
      }
    })();
  });
}

// ---- the daemon and the measurement (parent process) -------------------------------------------------------

/** The boards' process, with a way to ask it and wait for its answer. */
async function startBoards(d: RunningDaemon, mode: Mode) {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BOARD_BENCH_CLIENTS: JSON.stringify({ url: d.url, mode }) },
  });
  let waiting: ((m: Told) => void) | null = null;
  const next = () => new Promise<Told>((r) => (waiting = r));
  child.on('message', (m: Told) => waiting?.(m));
  const exited = new Promise<never>((_, rej) => child.once('exit', (code) => rej(new Error(`the boards' process ended (${code})`))));
  exited.catch(() => {});
  const ask = (a: Ask | null) => {
    const answer = next();
    if (a) child.send(a);
    return Promise.race([answer, exited]);
  };
  await ask(null); // ready
  return { ask, close: () => child.kill() };
}

async function run(d: RunningDaemon, mode: Mode, calls: number) {
  const svc = d.ctx.queue;
  const boards = await startBoards(d, mode);
  // The moment of each queue change: the daemon's "changed" broadcast, sent right after the journal commit.
  let changes = 0;
  let changedAt = 0;
  let changedCpu = process.cpuUsage();
  const broadcast = d.ctx.push.broadcast.bind(d.ctx.push);
  d.ctx.push.broadcast = (msg, opts) => {
    if (msg.type === 'changed' && msg.topic === 'queue') {
      changes++;
      changedAt = clock();
      changedCpu = process.cpuUsage();
    }
    broadcast(msg, opts);
  };
  // Board views the daemon computes: pushed ones and those GET /api/queue/board computes.
  let computed = 0;
  const boardView = svc.boardView.bind(svc);
  svc.boardView = () => {
    computed++;
    return boardView();
  };
  const fromChange: number[] = [];
  const fromCall: number[] = [];
  /** The daemon's CPU from the change until every board showed the call (this process: the daemon alone). */
  const cpu: number[] = [];
  let views = 0;
  try {
    for (let i = 0; i < WARMUP + calls; i++) {
      const computedBefore = computed;
      const t0 = clock();
      const called = svc.callNext(COUNTER, actor);
      if (!called.ok) throw new Error(`call next: ${called.detail}`);
      const at = changedAt;
      const cpuFrom = changedCpu;
      const told = await boards.ask({ show: called.ticket.id });
      const used = process.cpuUsage(cpuFrom);
      if (!('shownAt' in told)) throw new Error('the boards answered out of turn');
      // Back to 1,000 waiting and the counter free; every board settles before the next call.
      const viewsForCall = computed - computedBefore;
      if (!svc.finish(COUNTER, actor).ok) throw new Error('finish failed');
      const issued = svc.issueTicket({ service: SERVICE, kind: 'walk-in', persons: 1, lang: 'fr' });
      if (!issued.ok) throw new Error(`issue: ${issued.detail}`);
      await boards.ask({ changes });
      if (i < WARMUP) continue;
      fromChange.push(told.shownAt - at);
      fromCall.push(told.shownAt - t0);
      cpu.push((used.user + used.system) / 1000);
      views += viewsForCall;
    }
  } finally {
    d.ctx.push.broadcast = broadcast;
    svc.boardView = boardView;
    boards.close();
  }
  return { fromChange, fromCall, cpu, computed: views / calls, calls };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

async function main(): Promise<void> {
  const t = benchTempDir('kiosk-bench-board-');
  const base = sampleConfig();
  // Five digits: 1,000 waiting plus the tickets issued between rounds would run past 999.
  const d = await startTestDaemon(t.dir, { queue: { ...base.queue, numbering: { start: 1, end: 99_999, wrap: true, digits: 5 } } });
  try {
    for (let i = 0; i < WAITING; i++) {
      const r = d.ctx.queue.issueTicket({ service: SERVICE, kind: 'walk-in', persons: 1, lang: 'fr' });
      if (!r.ok) throw new Error(`seeding: ${r.detail}`);
    }
    const baseline = await run(d, 'reread', BASELINE_CALLS);
    const ours = await run(d, 'push', CALLS);
    console.log(`a call shown on ${BOARDS} boards (clients in another process), ${WAITING} waiting, after ${WARMUP} warm-up calls; ms:`);
    table(
      [
        ['baseline: "changed", each board re-reads GET /api/queue/board', baseline] as const,
        ['ours: the view computed once, pushed to the board sockets', ours] as const,
      ].map(([way, r]) => ({
        way,
        calls: r.calls,
        p50: pct(r.fromChange, 0.5),
        p99: pct(r.fromChange, 0.99),
        max: Math.max(...r.fromChange),
        'p99 from calling': pct(r.fromCall, 0.99),
        'views computed/call': r.computed,
        'daemon CPU/call p50': pct(r.cpu, 0.5),
      })),
    );
    goal(`a call shown on ${BOARDS} boards, p99`, pct(baseline.fromChange, 0.99), pct(ours.fromChange, 0.99), { atMost: 50 }, 'ms');
  } finally {
    await d.close();
    t.cleanup();
  }
}

const child = process.env.BOARD_BENCH_CLIENTS;
if (child) {
  const { url, mode } = JSON.parse(child) as { url: string; mode: Mode };
  await boardsProcess(url, mode);
} else {
  await main();
}
