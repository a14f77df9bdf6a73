// A kiosk of a post asks its hub to cancel the ticket of a visit refunded in full at this kiosk (issue 17): the
// queue is the hub's. The ask is journaled first (`post.ticket-cancel-asked`, subject the refund), then sent until
// the hub answers (`post.ticket-cancel-answered`): a hub away for an hour gets it when it is back, a kiosk restarted
// meanwhile sends it again (the hub's answer to a repeat is the same). Nothing here fails a refund.
import type { Db } from '../../../store/db';
import { appendEvent } from '../../../store/events';
import { prepared } from '../../../store/statements';
import { CancelTicketAnswer } from '../../../shared/post-numbers-api';
import type { PeerLink } from '../../http/peer-link';
import type { Logger } from '../../log';

export interface HubCancelAsk {
  ticketId: string;
  refundId: string;
  reason: string;
  by: string;
}

/** Journals the ask; the sender (startHubCancels) takes it from the journal. */
export function askHubCancel(db: Db, a: HubCancelAsk): void {
  appendEvent(db, { kind: 'post.ticket-cancel-asked', subject: a.refundId, payload: { ...a } });
}

/** Asks not answered yet, oldest first. */
export function pendingHubCancels(db: Db): HubCancelAsk[] {
  const rows = prepared(
    db,
    `SELECT payload FROM events a WHERE a.kind = 'post.ticket-cancel-asked'
       AND NOT EXISTS (SELECT 1 FROM events b WHERE b.kind = 'post.ticket-cancel-answered' AND b.subject = a.subject AND b.id > a.id)
     ORDER BY a.id`,
  ).all() as Array<{ payload: string }>;
  return rows.map((r) => JSON.parse(r.payload) as HubCancelAsk);
}

export interface HubCancels {
  /** Sends what is pending now (also run every `everyMs`); resolves when this round is done. */
  flush(): Promise<void>;
  /** No round starts after this; resolves once the round in flight is done (call before the journal closes). */
  stop(): Promise<void>;
}

export function startHubCancels(o: { db: Db; link: Pick<PeerLink, 'request'>; log?: Pick<Logger, 'warn' | 'info'>; everyMs?: number }): HubCancels {
  let running: Promise<void> | null = null;
  let stopped = false;
  const round = async () => {
    for (const ask of pendingHubCancels(o.db)) {
      if (stopped) return;
      const a = await o.link.request('POST', '/api/post/tickets/cancel', ask);
      if (!a.ok) {
        // Away, or refused for now (a revoked kiosk is told by every other route too): asked again next round.
        o.log?.warn({ ticketId: ask.ticketId, reason: a.reason }, `the hub did not take the cancel of ticket ${ask.ticketId} yet: ${a.detail}`);
        return;
      }
      const answer = CancelTicketAnswer.safeParse(a.body);
      const payload = answer.success
        ? { ...answer.data, ticketId: ask.ticketId }
        : { outcome: 'unknown', detail: 'the hub answered something else', ticketId: ask.ticketId };
      appendEvent(o.db, { kind: 'post.ticket-cancel-answered', subject: ask.refundId, payload });
      o.log?.info({ ticketId: ask.ticketId, outcome: payload.outcome }, `the hub's answer to the cancel of ticket ${ask.ticketId}: ${payload.outcome}`);
    }
  };
  // A round that fails (a bug, the journal closed under it) is logged, never an unhandled rejection; the next round
  // tries again from the journal.
  const safeRound = () =>
    round().catch((err: unknown) => {
      if (!stopped) o.log?.warn({ err }, 'the cancels for the hub could not be sent this round');
    });
  const flush = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    return (running ??= safeRound().finally(() => (running = null)));
  };
  const timer = setInterval(() => void flush(), o.everyMs ?? 10_000);
  timer.unref();
  void flush();
  return {
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
