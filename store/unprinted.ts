// Paid tickets whose print failed (issue 19, item 1) or waits for paper (item 2): the kiosk showed the number on its
// screen, and the counters keep an alert for each until an agent acknowledges it or reprints the ticket, or the queued
// job prints by itself. Kept in the events journal (append-only, chained): `checkin.unprinted` when the print failed,
// `checkin.unprinted-cleared` when it was dealt with; what is open is the first without a second after it (a ticket
// cleared by its late print may open again for its receipt). A handful a day at most, so no table of their own.
import type { Db } from './db-type';
import { appendEvent } from './events';
import { prepared } from './statements';

export interface UnprintedTicket {
  ticketId: string;
  /** The number the visitor was shown ("A-012"). */
  number: string;
  /** What did not print: the ticket (the visitor has only the screen) or the receipt (the ticket printed). */
  what: 'ticket' | 'receipt';
  at: string;
  services: string[];
  persons: number;
  language: string;
  estimatedWaitMinutes: number;
  qrPayload: string;
  offline?: boolean;
}

const OPEN = `SELECT e.payload, e.at FROM events e
  WHERE e.kind = 'checkin.unprinted'
    AND NOT EXISTS (SELECT 1 FROM events c WHERE c.subject = e.subject AND c.kind = 'checkin.unprinted-cleared' AND c.id > e.id)
  ORDER BY e.id`;

export function openUnprinted(db: Db): UnprintedTicket[] {
  return (prepared(db, OPEN).all() as Array<{ payload: string; at: string }>).map((r) => ({ ...(JSON.parse(r.payload) as UnprintedTicket), at: r.at }));
}

/** Journals a failed print once per ticket; true if it was not already open. */
export function recordUnprinted(db: Db, t: Omit<UnprintedTicket, 'at'>, at = new Date()): boolean {
  return db
    .transaction(() => {
      if (openUnprinted(db).some((u) => u.ticketId === t.ticketId)) return false;
      appendEvent(db, { kind: 'checkin.unprinted', subject: t.ticketId, payload: t, at });
      return true;
    })
    .immediate();
}

/**
 * Staff dealt with it: acknowledged (the visitor has the number) or reprinted; or the job that waited for paper came
 * out by itself (`printed`, by the printer). False when nothing was open.
 */
export function clearUnprinted(db: Db, ticketId: string, how: { by: string; done: 'acknowledged' | 'reprinted' | 'printed' }, at = new Date()): boolean {
  return db
    .transaction(() => {
      if (!openUnprinted(db).some((u) => u.ticketId === ticketId)) return false;
      appendEvent(db, { kind: 'checkin.unprinted-cleared', subject: ticketId, payload: how, at });
      return true;
    })
    .immediate();
}
