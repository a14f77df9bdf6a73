// A call shown on 200 lobby boards (issue 14: ≤ 50 ms p99; boards do not re-read the whole list per call).
// The real daemon (test/support/daemon.ts startTestDaemon, the Paris sample) with 1,000 tickets waiting, and 200
// WebSocket clients (the ws package) playing the boards in a child process, as boards are other machines. Each
// round a counter calls the next ticket through the daemon's queue service. Measured: from the call's change (the
// moment the daemon announces it, after its journal commit) until every one of the 200 clients has the view showing
// the call parsed with the board's schema and applied (the view kept, the new call ids picked out for announcing,
// as renderer/board/main.ts does). No DOM: drawing one screen does not grow with the number of boards, and 200
// browsers on this machine would measure the machine, not the daemon. Also shown: from calling (its journal
// commit included). The 200 clients share one process, so their parses count one after another: pessimistic.
//   ours      the board pages' socket asks for topic 'board'; the daemon computes the view once and pushes it (whole
//             on connection, then what changed: a patch the boards apply to the view they hold).
//   baseline  the board before issue 14, in the same run: on each "changed" push every board re-reads
//             GET /api/queue/board over HTTP (one read at a time per board, once more if asked meanwhile).
// Between rounds the ticket is finished and one is issued (left out of the times), so each call finds 1,000 waiting.
// The baseline costs 200 reads per change, so it runs fewer calls (its p99 is then its worst call).
//
//   npm run bench -- board   (or: npx tsx bench/board.bench.ts [calls=200])
import type { RunningDaemon } from '../server/daemon';
import { sampleConfig, startTestDaemon } from '../test/support/daemon';
import { benchTempDir, goal, table } from './support';
import { clock, startBoards, type BoardMode } from './board-clients';

const BOARDS = 200;
const WAITING = 1_000;
const CALLS = Number(process.argv[2] ?? 200);
const BASELINE_CALLS = Math.min(CALLS, 40);
const WARMUP = 5;
const COUNTER = '1';
const SERVICE = 'registration';
const actor = { id: 'bench' };

async function run(d: RunningDaemon, mode: BoardMode, calls: number) {
  const svc = d.ctx.queue;
  const boards = await startBoards({ url: d.url, mode, count: BOARDS });
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
  /** Payload bytes each board got for the call (the whole view, or what changed). */
  const bytes: number[] = [];
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
      bytes.push(told.bytesPerBoard);
      views += viewsForCall;
    }
  } finally {
    d.ctx.push.broadcast = broadcast;
    svc.boardView = boardView;
    boards.close();
  }
  return { fromChange, fromCall, cpu, bytes, computed: views / calls, calls };
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
        'bytes pushed per board per call p50': pct(r.bytes, 0.5),
      })),
    );
    goal(`a call shown on ${BOARDS} boards, p99`, pct(baseline.fromChange, 0.99), pct(ours.fromChange, 0.99), { atMost: 50 }, 'ms');
  } finally {
    await d.close();
    t.cleanup();
  }
}

await main();
