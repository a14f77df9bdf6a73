// Lobby boards without a screen, for the benchmarks that time a call until every board shows it (bench/board.bench.ts,
// bench/post.bench.ts). `count` WebSocket clients (the ws package) in a child process of their own, as boards are
// other machines. Each keeps the view it last applied, parsed with the board's schema, and the call ids it would
// announce, as renderer/board/main.ts does. No DOM: drawing one screen does not grow with the number of boards.
//   push    the board page's socket asks for topic 'board'; the daemon pushes the view it computed once (whole on
//           connection, then what changed: a patch the board applies to the view it holds).
//   reread  the board before issue 14: on each "changed" poke it re-reads GET /api/queue/board over HTTP (one read at
//           a time per board, once more if poked meanwhile).
// Over WSS the only trusted authority is `ca` (the post's CA of a hub).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ServerPush } from '../shared/api';
import { BoardView } from '../shared/queue-api';
import { applyBoardPatch } from '../shared/board-patch';

export type BoardMode = 'push' | 'reread';
export interface BoardsOptions {
  url: string;
  mode: BoardMode;
  count: number;
  ca?: string;
}
/** Parent → boards: until every board shows ticket `show`; has heard `changes` queue changes and is idle; or until no board heard anything for `quietMs`. */
export type BoardsAsk = { show: string } | { changes: number } | { quietMs: number };
/** Boards → parent: connected (every board has its first view), or the answer to an ask. */
/**
 * `shownAt`: when the last board showed the call; `firstShownAt`: the first (the spread is the fan-out and the boards' own
 * work); `cpuMs`: the boards' process CPU since the previous answer (its decoding of the pushes: one machine per board in a lobby);
 * `bytesPerBoard`: the WebSocket payload bytes a board received since the previous answer (what each board decrypts and parses).
 */
export type BoardsTold = { ready: true } | { shownAt: number; firstShownAt: number; cpuMs: number; bytesPerBoard: number } | { settled: true };

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes. */
export const clock = (): number => performance.timeOrigin + performance.now();

const ENV = 'KIOSK_BENCH_BOARDS';

/** One lobby board without a screen. */
class Board {
  view: BoardView | null = null;
  shownAt = 0;
  lastHeard = 0;
  seenCallId = 0;
  announced = 0;
  /** Queue changes this board heard of: a pushed view, or a "changed" poke of the queue. */
  received = 0;
  /** Payload bytes of the pushes it got since the parent's last answer. */
  bytes = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  readonly open: Promise<void>;

  constructor(
    private readonly o: BoardsOptions,
    private readonly onApplied: () => void,
  ) {
    const ws = new WebSocket(`${o.url.replace(/^http/, 'ws')}/api/ws${o.mode === 'push' ? '?topics=board' : ''}`, o.ca ? { ca: o.ca } : {});
    this.open = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('message', (data) => {
      this.lastHeard = clock();
      this.bytes += (data as Buffer).length;
      const m = ServerPush.parse(JSON.parse(String(data)));
      if (o.mode === 'push' && m.type === 'board') {
        this.received++;
        this.apply(m.view);
      } else if (o.mode === 'push' && m.type === 'board-patch' && this.view) {
        // As the page: what changed, applied to the view it holds (a patch before the first view is ignored).
        this.received++;
        const next = applyBoardPatch(this.view, m.patch);
        if (!next) throw new Error('a board patch did not apply to the view the board holds');
        this.apply(next);
      } else if (o.mode === 'reread' && m.type === 'changed' && m.topic === 'queue') {
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
      const res = await fetch(`${this.o.url}/api/queue/board`);
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

/** The child process: connects the boards, tells `ready`, then answers the parent's asks one at a time. */
async function boardsProcess(o: BoardsOptions): Promise<void> {
  let check: (() => void) | null = null;
  const boards = Array.from({ length: o.count }, () => new Board(o, () => check?.()));
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
  if (o.mode === 'reread') for (const b of boards) b.refresh(); // the old board read on connection; ours is pushed
  await until(() => boards.every((b) => b.view !== null && b.idle));
  for (const b of boards) b.received = 0;
  let cpu = process.cpuUsage();
  const tell = (m: BoardsTold) => {
    cpu = process.cpuUsage();
    for (const b of boards) b.bytes = 0;
    process.send!(m);
  };
  tell({ ready: true });
  process.on('message', (ask: BoardsAsk) => {
    void (async () => {
      if ('show' in ask) {
        await until(() => boards.every((b) => b.view?.current?.ticketId === ask.show));
        const used = process.cpuUsage(cpu);
        tell({
          shownAt: Math.max(...boards.map((b) => b.shownAt)),
          firstShownAt: Math.min(...boards.map((b) => b.shownAt)),
          cpuMs: (used.user + used.system) / 1000,
          bytesPerBoard: boards.reduce((n, b) => n + b.bytes, 0) / boards.length,
        });
      } else if ('changes' in ask) {
        await until(() => boards.every((b) => b.received >= ask.changes && b.idle));
        tell({ settled: true });
      } else {
        for (;;) {
          const last = Math.max(...boards.map((b) => b.lastHeard));
          const wait = last + ask.quietMs - clock();
          if (wait <= 0) break;
          await new Promise((r) => setTimeout(r, wait));
        }
        tell({ settled: true });
      }
    })();
  });
}

/** Starts the boards' process; resolves once every board has its first view. */
export async function startBoards(o: BoardsOptions) {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, [ENV]: JSON.stringify(o) } });
  let waiting: ((m: BoardsTold) => void) | null = null;
  child.on('message', (m: BoardsTold) => waiting?.(m));
  const exited = new Promise<never>((_, rej) => child.once('exit', (code) => rej(new Error(`the boards' process ended (${code})`))));
  exited.catch(() => {});
  const ask = (a: BoardsAsk | null) => {
    const answer = new Promise<BoardsTold>((r) => (waiting = r));
    if (a) child.send(a);
    return Promise.race([answer, exited]);
  };
  await ask(null);
  return { ask, close: () => child.kill() };
}

const child = process.env[ENV];
if (child) await boardsProcess(JSON.parse(child) as BoardsOptions);
