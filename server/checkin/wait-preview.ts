// The wait a visitor is told on the summary, before paying (issue 18, item 2): the people waiting for the chosen
// service and the estimate, from the same count and formula the ticket and the board use. A standalone kiosk asks
// its own queue; a kiosk of a post asks the hub's board (the hub holds the post's one queue). No answer is shown
// as no line, never as a guess: the visitor is not told "no one ahead" because the hub is away.
import type { PeerLink } from '../http/peer-link';
import type { QueueService } from '../queue/service';
import { BoardView } from '../../shared/queue-api';

export interface WaitPreview {
  service: string;
  ahead: number;
  estimatedWaitMinutes: number;
}

export type WaitPreviewSource = (service: string) => Promise<WaitPreview | null>;

export function localWaitPreview(queue: Pick<QueueService, 'waitFor'>): WaitPreviewSource {
  return async (service) => {
    const w = queue.waitFor(service);
    return w ? { service, ...w } : null;
  };
}

/** The hub's board, read at most once per `reuseMs` (several visitors on a post's kiosks reach the summary at once). */
export interface HubBoardReader {
  /** The last board read within `reuseMs`, else a new read; null when the hub did not answer with a board. */
  read(): Promise<BoardView | null>;
}

export function hubBoardReader(link: Pick<PeerLink, 'request'>, o: { timeoutMs: number; reuseMs?: number; now?: () => number }): HubBoardReader {
  const now = o.now ?? Date.now;
  let last: { at: number; board: BoardView } | null = null;
  return {
    async read() {
      if (!last || now() - last.at > (o.reuseMs ?? 2000)) {
        const a = await link.request('GET', '/api/queue/board', undefined, { timeoutMs: o.timeoutMs });
        if (!a.ok) return null;
        const parsed = BoardView.safeParse(a.body);
        if (!parsed.success) return null;
        last = { at: now(), board: parsed.data };
      }
      return last.board;
    },
  };
}

export function hubWaitPreview(
  source: Pick<PeerLink, 'request'> | HubBoardReader,
  o: { timeoutMs: number; reuseMs?: number; now?: () => number },
): WaitPreviewSource {
  const board = 'read' in source ? source : hubBoardReader(source, o);
  return async (service) => {
    const b = await board.read();
    const w = b?.waiting.find((x) => x.service === service);
    return w ? { service, ahead: w.count, estimatedWaitMinutes: w.estimatedWaitMinutes } : null;
  };
}
