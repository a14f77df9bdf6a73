// The lobby boards of bench/post.bench.ts, in a child process of their own (boards are other machines): BOARDS
// WebSocket clients (the ws package) subscribed to topic 'board', over WSS with the post's CA as the only trusted
// authority when the daemon is a hub, plain WS when it is the standalone daemon. Each keeps the view it last applied,
// parsed with the board's schema, as bench/board.bench.ts's boards do (push mode), and answers the parent's questions.
import WebSocket from 'ws';
import { ServerPush } from '../shared/api';
import type { BoardView } from '../shared/queue-api';

/** Parent → boards: wait until every board shows ticket `show`; or until no board heard anything for `quietMs`. */
export type BoardsAsk = { show: string } | { quietMs: number };
/** Boards → parent: connected (every board has its first view), or the answer to an ask. */
export type BoardsTold = { ready: true } | { shownAt: number } | { settled: true };

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes. */
export const clock = (): number => performance.timeOrigin + performance.now();

class Board {
  view: BoardView | null = null;
  shownAt = 0;
  lastHeard = 0;
  readonly open: Promise<void>;

  constructor(url: string, ca: string | undefined, onApplied: () => void) {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws?topics=board`, ca ? { ca } : {});
    this.open = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('message', (data) => {
      this.lastHeard = clock();
      const m = ServerPush.parse(JSON.parse(String(data)));
      if (m.type !== 'board') return;
      if (m.view.current?.ticketId !== this.view?.current?.ticketId) this.shownAt = clock();
      this.view = m.view;
      onApplied();
    });
  }
}

export async function boardsProcess(url: string, ca: string | undefined, count: number): Promise<void> {
  let check: (() => void) | null = null;
  const boards = Array.from({ length: count }, () => new Board(url, ca, () => check?.()));
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
  await until(() => boards.every((b) => b.view !== null));
  const tell = (m: BoardsTold) => process.send!(m);
  tell({ ready: true });
  process.on('message', (ask: BoardsAsk) => {
    void (async () => {
      if ('show' in ask) {
        await until(() => boards.every((b) => b.view?.current?.ticketId === ask.show));
        tell({ shownAt: Math.max(...boards.map((b) => b.shownAt)) });
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

const env = process.env.POST_BENCH_BOARDS;
if (env) {
  const { url, ca, count } = JSON.parse(env) as { url: string; ca?: string; count: number };
  await boardsProcess(url, ca, count);
}
