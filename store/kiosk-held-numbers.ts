// What a kiosk of a post holds for a business day (issue 15, item 8): the online tickets the hub gave it (kept
// here as the hub answered them), the blocks it leased and the tickets it printed offline. A hub restored from
// an older backup does not know them; the kiosk reports them (server/post/numbers/recover-report.ts).
import type { Db } from './db-type';
import { prepared } from './statements';
import type { Ticket } from '../shared/queue-api';
import type { HeldNumbersBody } from '../shared/post-recover-api';
import type { OfflineTicket } from '../shared/post-numbers-api';

/**
 * Call in the commit that records the visit's ticket: the hub's answer, kept for a report, with the route the visit
 * asked for (several services; kept in the body beside the ticket's fields). The same key keeps its first ticket.
 */
export function recordOnlineTicket(db: Db, consulate: string, requestKey: string, t: Ticket, route?: readonly string[]): void {
  const body = route && route.length > 1 ? { ...t, route: [...route] } : t;
  prepared(
    db,
    `INSERT INTO kiosk_online_tickets (request_key, ticket_id, consulate, business_day, body, issued_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (request_key) DO NOTHING`,
  ).run(requestKey, t.id, consulate, t.businessDay, JSON.stringify(body), t.arrivedAt);
}

export function heldNumbers(db: Db, consulate: string, businessDay: string): HeldNumbersBody {
  return db.transaction((): HeldNumbersBody => {
    const blocks = prepared(
      db,
      'SELECT prefix, business_day AS businessDay, first, last FROM kiosk_number_blocks WHERE consulate = ? AND business_day = ?',
    ).all(consulate, businessDay) as HeldNumbersBody['blocks'];
    const online = (
      prepared(db, 'SELECT request_key, body FROM kiosk_online_tickets WHERE consulate = ? AND business_day = ? ORDER BY issued_at').all(
        consulate,
        businessDay,
      ) as Array<{
        request_key: string;
        body: string;
      }>
    ).map((r) => {
      const { route, ...ticket } = JSON.parse(r.body) as Ticket & { route?: string[] };
      return { requestKey: r.request_key, ticket, ...(route ? { route } : {}) };
    });
    const offline = (
      prepared(db, 'SELECT body FROM kiosk_offline_tickets WHERE consulate = ? AND business_day = ? ORDER BY issued_at').all(consulate, businessDay) as Array<{
        body: string;
      }>
    ).map((r) => JSON.parse(r.body) as OfflineTicket);
    return { businessDay, blocks, online, offline };
  })();
}
